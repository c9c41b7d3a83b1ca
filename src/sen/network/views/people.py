"""Students and families: the staff's student list and detail, "Mijn gegevens",
"Mijn kinderen". Students are rendered only through `sen.network.privacy`."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sen.audit.selectors import history_for
from sen.audit.services import record_view
from sen.core.actor import Actor
from sen.core.http import SenRequest
from sen.core.policy import authorize, can, requires
from sen.network import selectors, services
from sen.network.forms import SharingForm, StudentFilterForm
from sen.network.models import Student
from sen.network.privacy import student_fields
from sen.network.views._common import paginate, url_or_none

STUDENT_PAGE_SIZE = 50
IMPORT_RULE = "network.import_students"


@require_GET
@requires("network.view_student_list")
def students(request: SenRequest) -> HttpResponse:
    actor = request.actor
    options = selectors.student_filter_options(actor)
    form = StudentFilterForm(request.GET, **options)
    filters = form.filters()
    page = paginate(request, selectors.students_for_staff(actor, filters), STUDENT_PAGE_SIZE)
    rows = [
        {
            "student": student_fields(actor, student, scoped=True),
            "guardians": student.guardian_count,
            "guardians_signed_up": student.guardians_signed_up,
            "has_account": student.user_id is not None,
        }
        for student in page
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "filtered": any(form.cleaned_data.values()),
        "import_url": _import_url(actor),
    }
    template = "network/students.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


def _import_url(actor: Actor) -> str | None:
    """The student import (sen.network.importing), for those who may use it."""
    if rules.rule_exists(IMPORT_RULE) and can(actor, IMPORT_RULE):
        return url_or_none("imports:start")
    return None


@require_GET
@requires("network.open_students")
def student(request: SenRequest, pk: int) -> HttpResponse:
    actor = request.actor
    the_student = selectors.student_for(actor, pk)
    authorize(actor, "network.view_student", the_student)
    # DOMAIN.md: a log of who accessed personal data (staff only; not the family itself).
    record_view(actor=actor, obj=the_student)
    return render(request, "network/student.html", _student_context(request, the_student))


def _student_context(request: SenRequest, the_student: Student) -> dict[str, object]:
    actor = request.actor
    card = student_fields(actor, the_student, scoped=True)
    invite_url = None
    if can(actor, "network.invite_guardian", the_student):
        invite_url = url_or_none("accounts:invite")
    return {
        "card": card,
        "school": the_student.school,
        "guardians": selectors.guardians_of(the_student) if "guardians" in card.shown else [],
        "invite_url": invite_url,
        "history": history_for(the_student, actor),
        "back": _back_link(actor),
    }


def _back_link(actor: Actor) -> tuple[str, str] | None:
    """Where the detail page leads back to, for each audience."""
    for rule, url_name, label in (
        ("network.view_student_list", "network:students", _("All students")),
        ("network.view_children", "network:children", _("My children")),
        ("network.view_own_details", "network:me", _("My details")),
    ):
        if can(actor, rule):
            return reverse(url_name), label
    return None


@require_GET
@requires("network.view_own_details")
def me(request: SenRequest) -> HttpResponse:
    """Mijn gegevens: the student's own record, school and, from 18, the sharing switch."""
    actor = request.actor
    the_student = selectors.own_student(actor)
    if the_student is None:
        raise Http404
    card = student_fields(actor, the_student, scoped=True)
    return render(
        request,
        "network/me.html",
        {
            "card": card,
            "school": the_student.school,
            "school_locations": selectors.school_locations(the_student.school),
            "guardians": selectors.guardians_of(the_student),
            "can_change_sharing": can(actor, "network.change_sharing", the_student),
            "sharing_form": SharingForm(initial={"shares": the_student.shares_with_guardians}),
        },
    )


@require_POST
@requires("network.view_own_details")
def me_sharing(request: SenRequest) -> HttpResponse:
    actor = request.actor
    the_student = selectors.own_student(actor)
    if the_student is None:
        raise Http404
    authorize(actor, "network.change_sharing", the_student)
    form = SharingForm(request.POST)
    form.is_valid()  # a single optional checkbox: always valid
    try:
        changed = services.set_sharing_with_guardians(
            the_student, by=actor, shares=form.cleaned_data.get("shares", False)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if changed and form.cleaned_data.get("shares"):
            messages.success(
                request, _("Your parents or guardians can follow your progress again.")
            )
        elif changed:
            messages.success(request, _("Your parents or guardians no longer see your records."))
    return redirect("network:me")


@require_GET
@requires("network.view_children")
def children(request: SenRequest) -> HttpResponse:
    """Mijn kinderen: the students this guardian may follow."""
    actor = request.actor
    cards = [student_fields(actor, child, scoped=True) for child in selectors.children_of(actor)]
    return render(request, "network/children.html", {"children": cards})
