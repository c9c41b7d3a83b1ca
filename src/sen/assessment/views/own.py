"""The pages of the people around one placement: the student's "Beoordeling", the
supervisor's scoring page, the parents' view, and saving a part of a review (any writer)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sen.assessment.forms import parse_part
from sen.assessment.models import PartRole
from sen.assessment.parts import writer_role
from sen.assessment.selectors import placements as selectors
from sen.assessment.selectors.rubrics import rubric_for_placement
from sen.assessment.selectors.sheets import assessment_sheet
from sen.assessment.services import reviews as review_services
from sen.assessment.views.staff import phase_or_404
from sen.core.http import SenRequest
from sen.core.policy import authorize, requires
from sen.placements.models import Placement

PAGE_FOR_WRITER = {
    PartRole.STUDENT: "assessment:student_placement",
    PartRole.SUPERVISOR: "assessment:supervisor_placement",
    PartRole.TEACHER: "assessment:placement",
}
# A submit that fails for these reasons still keeps what was typed, as a draft.
KEEP_AS_DRAFT = {"incomplete", "required"}


@require_POST
@requires("assessment.write_reviews")
def review_save(request: SenRequest, pk: int, phase: str) -> HttpResponse:
    found = selectors.get_assessable_placement(request.actor, pk)
    authorize(request.actor, "assessment.write_review", found)
    phase = phase_or_404(phase)
    role = writer_role(request.actor, found)
    page = PAGE_FOR_WRITER[PartRole(role)] if role else "core:home"
    rubric = rubric_for_placement(found)
    data = parse_part(request.POST, [c.pk for c in rubric.criteria.all()] if rubric else [])
    try:
        review_services.save_part(
            actor=request.actor,
            placement=found,
            phase=phase,
            levels=data.levels,
            comments=data.comments,
            text=data.text,
            submit=data.submit,
        )
    except ValidationError as exc:
        codes = (
            {e.code for e in exc.error_list}
            if not hasattr(exc, "error_dict")
            else {e.code for errors in exc.error_dict.values() for e in errors}
        )
        if data.submit and codes <= KEEP_AS_DRAFT:
            review_services.save_part(
                actor=request.actor,
                placement=found,
                phase=phase,
                levels=data.levels,
                comments=data.comments,
                text=data.text,
                submit=False,
            )
            messages.warning(request, _("Saved as a draft, not submitted yet."))
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Submitted. Your part is now locked; a teacher can reopen it if needed.")
            if data.submit
            else _("Saved as a draft. You can change it until you submit."),
        )
    return redirect(f"{_page_url(page, found)}#review-{phase}")


def _page_url(name: str, placement: Placement) -> str:
    return reverse(name, args=[placement.pk]) if name != "core:home" else reverse(name)


# --- Student -------------------------------------------------------------------------------


@require_GET
@requires("assessment.view_own")
def mine(request: SenRequest) -> HttpResponse:
    return render(request, "assessment/mine.html", {"rows": selectors.own_rows(request.actor)})


@require_GET
@requires("assessment.view_own")
def student_placement(request: SenRequest, pk: int) -> HttpResponse:
    found = selectors.get_assessable_placement(request.actor, pk)
    authorize(request.actor, "assessment.self_assess", found)
    return render(
        request,
        "assessment/student_placement.html",
        {"placement": found, "sheet": assessment_sheet(request.actor, found)},
    )


# --- Supervisor ----------------------------------------------------------------------------


@require_GET
@requires("assessment.score")
def supervised(request: SenRequest) -> HttpResponse:
    return render(
        request, "assessment/supervised.html", {"rows": selectors.own_rows(request.actor)}
    )


@require_GET
@requires("assessment.score")
def supervisor_placement(request: SenRequest, pk: int) -> HttpResponse:
    found = selectors.get_assessable_placement(request.actor, pk)
    authorize(request.actor, "assessment.score_placement", found)
    return render(
        request,
        "assessment/supervisor_placement.html",
        {"placement": found, "sheet": assessment_sheet(request.actor, found)},
    )


# --- Parents -------------------------------------------------------------------------------


@require_GET
@requires("assessment.view_children")
def children(request: SenRequest) -> HttpResponse:
    return render(request, "assessment/children.html", {"rows": selectors.own_rows(request.actor)})


@require_GET
@requires("assessment.view_children")
def child_placement(request: SenRequest, pk: int) -> HttpResponse:
    found = selectors.get_assessable_placement(request.actor, pk)
    return render(
        request,
        "assessment/child_placement.html",
        {"placement": found, "sheet": assessment_sheet(request.actor, found)},
    )
