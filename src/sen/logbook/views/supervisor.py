"""The supervisor's pages: "Vandaag" (attendance with one tap) and "Te beoordelen"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from sen.core.http import SenRequest
from sen.core.policy import authorize, requires
from sen.logbook.forms import ATTENDANCE_BUTTONS, AttendanceForm, BulkApproveForm, ReturnForm
from sen.logbook.selectors import attendance as attendance_selectors
from sen.logbook.selectors import entries as selectors
from sen.logbook.services import attendance as attendance_services
from sen.logbook.services import entries as services
from sen.network.privacy import student_fields

TODAY_PAGE_SIZE = 50


def buttons() -> list[tuple[str, str, str]]:
    """(status, label, icon) of the status buttons, translated once per request."""
    return [(status.value, str(status.label), icon) for status, _css, icon in ATTENDANCE_BUTTONS]


REVIEW_PAGE_SIZE = 30


@require_GET
@requires("logbook.register_attendance")
def today(request: SenRequest) -> HttpResponse:
    day = timezone.localdate()
    rows = attendance_selectors.today_rows(request.actor, day=day)
    page = Paginator(rows, TODAY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "logbook/today.html",
        {
            "page": page,
            "day": day,
            "buttons": buttons(),
            "open_count": sum(1 for row in rows if row.status in ("", "checked_in")),
            "waiting": selectors.review_queue(request.actor).count(),
        },
    )


@require_POST
@requires("logbook.register_attendance")
def attendance_set(request: SenRequest, pk: int) -> HttpResponse:
    """One tap: a status for one student today. htmx gets the row back."""
    day = timezone.localdate()
    row = attendance_selectors.today_row(request.actor, pk, day=day)
    authorize(request.actor, "logbook.supervise", row.placement)
    form = AttendanceForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Choose one of the statuses.")
    else:
        try:
            attendance_services.register_attendance(
                actor=request.actor,
                placement=row.placement,
                day=day,
                status=form.cleaned_data["status"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if getattr(request, "htmx", False):
        row = attendance_selectors.today_row(request.actor, pk, day=day)
        return render(
            request,
            "logbook/today.html#row",
            {"row": row, "buttons": buttons(), "error": error},
        )
    if error:
        messages.error(request, error)
    return redirect("logbook:today")


@require_POST
@requires("logbook.register_attendance")
def all_present(request: SenRequest) -> HttpResponse:
    day = timezone.localdate()
    rows = attendance_selectors.today_rows(request.actor, day=day)
    try:
        done = attendance_services.mark_all_present(
            actor=request.actor, placements=[row.placement for row in rows], day=day
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s student registered as present.",
                "%(count)s students registered as present.",
                len(done),
            )
            % {"count": len(done)},
        )
    return redirect("logbook:today")


@require_GET
@requires("logbook.review_entries")
def review(request: SenRequest) -> HttpResponse:
    page = Paginator(selectors.review_queue(request.actor), REVIEW_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "entry": entry,
            "student": student_fields(request.actor, entry.placement.student, scoped=True),
        }
        for entry in page.object_list
    ]
    return render(
        request,
        "logbook/review.html",
        {"page": page, "rows": rows, "return_form": ReturnForm()},
    )


@require_POST
@requires("logbook.review_entries")
def review_approve(request: SenRequest) -> HttpResponse:
    """Approve the ticked entries; any that another tab approved meanwhile are skipped."""
    raw = [int(pk) for pk in request.POST.getlist("entries") if pk.isdigit()]
    entries = selectors.reviewable(request.actor, raw)
    form = BulkApproveForm(request.POST, pks=[e.pk for e in entries])
    if not form.is_valid():
        messages.error(request, _("Tick the entries you want to approve."))
        return redirect("logbook:review")
    chosen = [e for e in entries if e.pk in set(form.cleaned_data["entries"])]
    result = services.approve_entries(actor=request.actor, entries=chosen)
    messages.success(
        request,
        ngettext("%(count)s entry approved.", "%(count)s entries approved.", len(result.approved))
        % {"count": len(result.approved)},
    )
    return redirect("logbook:review")


@require_POST
@requires("logbook.review_entries")
def entry_approve(request: SenRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for(request.actor, pk)
    authorize(request.actor, "logbook.supervise", entry)
    try:
        services.approve_entry(actor=request.actor, entry=entry)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Approved: %(student)s.") % {"student": entry.placement.student.full_name}
        )
    if request.POST.get("next") == "entry":
        return redirect("logbook:entry", pk=entry.pk)
    return redirect("logbook:review")


@require_POST
@requires("logbook.review_entries")
def entry_return(request: SenRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for(request.actor, pk)
    authorize(request.actor, "logbook.supervise", entry)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tell the student what to change before sending the entry back."))
        return redirect("logbook:entry", pk=entry.pk)
    try:
        services.return_entry(
            actor=request.actor, entry=entry, comment=form.cleaned_data["comment"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Returned to the student with your comment."))
    return redirect("logbook:review")
