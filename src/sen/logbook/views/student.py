"""The student's logbook ("Mijn logboek") on a phone, and reading a placement's logbook.

The same page shows a placement's logbook to its student (who writes in it), its
supervisor and the school's staff (who read it); parents see attendance and hours on
their own page (views/parents.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sen.core.http import SenRequest
from sen.core.policy import authorize, can, requires
from sen.core.scoping import get_visible_or_404
from sen.logbook.formatting import minutes_as_hours
from sen.logbook.forms import EntryForm, PhotoForm
from sen.logbook.models import Attendance, EntryStatus, LogEntry
from sen.logbook.schedule import Terms
from sen.logbook.selectors import entries as selectors
from sen.logbook.selectors.calendar import terms_for_many
from sen.logbook.selectors.figures import hours_for, hours_per_elective
from sen.logbook.services import attendance as attendance_services
from sen.logbook.services import entries as services
from sen.logbook.services import photos as photo_services
from sen.logbook.services.photos import MAX_PHOTOS
from sen.placements.models import Placement, PlacementStatus

PAGE_SIZE = 20


def form_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the form's fields."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def suggested_day(terms: Terms, today: dt.date, taken: set[dt.date]) -> dt.date | None:
    """The day a new entry most likely is for: the latest planned day up to today that has
    no entry yet (today itself first)."""
    for day, _minutes in reversed(terms.planned_days(until=today)):
        if day not in taken:
            return day
    return None


def logbook_context(request: SenRequest, placement: Placement) -> dict[str, Any]:
    actor = request.actor
    today = timezone.localdate()
    related = selectors.logbook_placements_of(actor, placement.student_id)
    if placement.pk not in {p.pk for p in related}:
        related.append(placement)  # not active yet: its planned hours still show
    all_terms = terms_for_many(related)
    all_hours = hours_for(related, all_terms)
    terms, hours = all_terms[placement.pk], all_hours[placement.pk]
    with_logbook = [p for p in related if p.status in selectors.WITH_LOGBOOK]
    page = Paginator(selectors.entries_of(placement), PAGE_SIZE).get_page(request.GET.get("page"))
    active = placement.status == PlacementStatus.ACTIVE
    own = can(actor, "logbook.write_entry", placement)
    planned_today = active and terms.is_planned(today)
    today_attendance = (
        Attendance.objects.filter(placement=placement, date=today).first()
        if own and planned_today
        else None
    )
    return {
        "placement": placement,
        "hours": hours,
        "page": page,
        "own": own,
        "active": active,
        "can_write": own and active,
        "planned_today": planned_today,
        "today_attendance": today_attendance,
        "today": today,
        "planned_days": terms.planned_day_count(),
        "weekdays": sorted(terms.minutes),
        "statuses": EntryStatus,
        "electives": hours_per_elective(with_logbook, all_hours) if len(with_logbook) > 1 else [],
    }


@require_GET
@requires("logbook.keep_logbook")
def mine(request: SenRequest) -> HttpResponse:
    """My logbook: the active placement (or the latest), with links to the others."""
    placements = list(selectors.student_placements(request.actor)[:20])
    context: dict[str, Any] = {"placements": placements, "placement": None}
    if placements:
        context.update(logbook_context(request, placements[0]))
    return render(request, "logbook/logbook.html", context)


@require_GET
@requires("logbook.view_logbook")
def placement_logbook(request: SenRequest, pk: int) -> HttpResponse:
    if request.actor.role == "student":
        placement = selectors.student_placement(request.actor, pk)
        others = list(selectors.student_placements(request.actor)[:20])
    else:
        queryset = Placement.objects.filter(status__in=selectors.WITH_LOGBOOK).select_related(
            "student__school", "offer__elective", "offer__company", "supervisor"
        )
        placement = get_visible_or_404(queryset, request.actor, pk=pk)
        others = []
    context = logbook_context(request, placement)
    context["placements"] = others
    return render(request, "logbook/logbook.html", context)


@require_POST
@requires("logbook.keep_logbook")
def check_in(request: SenRequest, pk: int) -> HttpResponse:
    placement = selectors.student_placement(request.actor, pk)
    authorize(request.actor, "logbook.write_entry", placement)
    try:
        attendance_services.check_in(actor=request.actor, placement=placement)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("You checked in. Your supervisor confirms that you are here."))
    return redirect("logbook:placement", pk=placement.pk)


def _add_photo(request: SenRequest, entry: LogEntry, upload: Any) -> str:
    """Add an uploaded photo; the reason it was refused, or ""."""
    try:
        photo_services.add_photo(
            actor=request.actor, entry=entry, upload=upload, filename=upload.name or ""
        )
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


@require_http_methods(["GET", "POST"])
@requires("logbook.keep_logbook")
def entry_create(request: SenRequest, pk: int) -> HttpResponse:
    placement = selectors.student_placement(request.actor, pk)
    authorize(request.actor, "logbook.write_entry", placement)
    if placement.status != PlacementStatus.ACTIVE:
        messages.error(
            request,
            _("Your logbook opens when the placement is active: once everyone has signed."),
        )
        return redirect("logbook:placement", pk=placement.pk)
    terms = terms_for_many([placement])[placement.pk]
    if request.method == "POST":
        form = EntryForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                entry = services.create_entry(
                    actor=request.actor, placement=placement, data=form.data_object()
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                problem = ""
                if form.cleaned_data.get("photo"):
                    problem = _add_photo(request, entry, form.cleaned_data["photo"])
                if problem:
                    messages.warning(
                        request,
                        _("Your day was saved, but the photo was not: %(reason)s")
                        % {"reason": problem},
                    )
                    return redirect("logbook:entry_edit", pk=entry.pk)
                if "submit" in request.POST:
                    return _submit(request, entry)
                messages.success(request, _("Your day was saved as a draft."))
                return redirect("logbook:placement", pk=placement.pk)
    else:
        today = timezone.localdate()
        taken = set(
            LogEntry.objects.filter(placement=placement, date__lte=today).values_list(
                "date", flat=True
            )
        )
        day = suggested_day(terms, today, taken)
        initial: dict[str, Any] = {}
        if day is not None:
            initial = {"date": day, "hours": minutes_as_hours(terms.minutes_on(day)).normalize()}
        form = EntryForm(initial=initial)
    return render(
        request,
        "logbook/entry_form.html",
        {"form": form, "placement": placement, "entry": None, "max_photos": MAX_PHOTOS},
    )


def _own_entry(request: SenRequest, pk: int) -> LogEntry:
    entry = selectors.entry_for(request.actor, pk)
    authorize(request.actor, "logbook.write_entry", entry)
    return entry


@require_http_methods(["GET", "POST"])
@requires("logbook.keep_logbook")
def entry_edit(request: SenRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    if not entry.is_editable:
        messages.error(request, _("This entry can no longer be changed."))
        return redirect("logbook:entry", pk=entry.pk)
    if request.method == "POST":
        form = EntryForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                entry = services.update_entry(
                    actor=request.actor, entry=entry, data=form.data_object()
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                entry = selectors.entry_for(request.actor, entry.pk)
                problem = ""
                if form.cleaned_data.get("photo"):
                    problem = _add_photo(request, entry, form.cleaned_data["photo"])
                if problem:
                    form.add_error("photo", problem)
                elif "submit" in request.POST:
                    return _submit(request, entry)
                else:
                    messages.success(request, _("Your changes were saved."))
                    return redirect("logbook:placement", pk=entry.placement_id)
    else:
        form = EntryForm(
            initial={
                "date": entry.date,
                "hours": entry.hours.normalize(),
                "activities": entry.activities,
                "reflection": entry.reflection,
                "hours_note": entry.hours_note,
            }
        )
    return render(
        request,
        "logbook/entry_form.html",
        {
            "form": form,
            "placement": entry.placement,
            "entry": entry,
            "photos": list(entry.photos.all()),
            "max_photos": MAX_PHOTOS,
        },
    )


def _submit(request: SenRequest, entry: LogEntry) -> HttpResponse:
    try:
        services.submit_entry(actor=request.actor, entry=entry)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("logbook:entry_edit", pk=entry.pk)
    messages.success(request, _("Sent to your supervisor for approval."))
    return redirect("logbook:placement", pk=entry.placement_id)


@require_POST
@requires("logbook.keep_logbook")
def entry_submit(request: SenRequest, pk: int) -> HttpResponse:
    return _submit(request, _own_entry(request, pk))


@require_POST
@requires("logbook.keep_logbook")
def photo_add(request: SenRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a photo to add."))
    else:
        problem = _add_photo(request, entry, form.cleaned_data["photo"])
        if problem:
            messages.error(request, problem)
        else:
            messages.success(request, _("The photo has been added."))
    return redirect("logbook:entry_edit", pk=entry.pk)


@require_POST
@requires("logbook.keep_logbook")
def photo_remove(request: SenRequest, pk: int) -> HttpResponse:
    photo = selectors.photo_for(request.actor, pk)
    authorize(request.actor, "logbook.write_entry", photo)
    try:
        photo_services.remove_photo(actor=request.actor, photo=photo)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The photo has been removed."))
    return redirect("logbook:entry_edit", pk=photo.entry_id)
