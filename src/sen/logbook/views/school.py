"""The school's pages: the class overview, the school calendar, required hours, and
correcting approved hours."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sen.core.http import SenRequest
from sen.core.policy import authorize, requires
from sen.core.scoping import get_visible_or_404
from sen.logbook.forms import CorrectionForm, HolidayForm, OverviewFilterForm, RequiredHoursForm
from sen.logbook.models import RequiredHours, SchoolHoliday
from sen.logbook.selectors import calendar as calendar_selectors
from sen.logbook.selectors import entries as entry_selectors
from sen.logbook.selectors import overview as selectors
from sen.logbook.services import calendar as calendar_services
from sen.logbook.services import entries as entry_services
from sen.logbook.views.student import form_errors

OVERVIEW_PAGE_SIZE = 50
CALENDAR_PAGE_SIZE = 30


@require_GET
@requires("logbook.view_class_overview")
def overview(request: SenRequest) -> HttpResponse:
    """Klasoverzicht: attendance, hours and waiting entries of the school's placed students."""
    today = timezone.localdate()
    options = selectors.overview_options(request.actor)
    filters = OverviewFilterForm(request.GET or None, **options)
    data = filters.cleaned_data if filters.is_valid() else {}
    page = Paginator(
        selectors.overview_placements(
            request.actor,
            today=today,
            class_name=data.get("class_name") or "",
            company_id=data.get("company"),
            mine=bool(data.get("mine")),
            flagged=bool(data.get("flagged")),
        ),
        OVERVIEW_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "logbook/overview.html",
        {
            "page": page,
            "rows": selectors.rows_for(list(page.object_list), today=today),
            "filters": filters,
            "chosen": data,
            **options,
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
@requires("logbook.manage_calendar")
def holidays(request: SenRequest) -> HttpResponse:
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            calendar_services.add_holiday(actor=request.actor, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The holiday has been added."))
            return redirect("logbook:holidays")
    page = Paginator(
        calendar_selectors.holidays_for_school(request.actor), CALENDAR_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "logbook/holidays.html", {"form": form, "page": page})


@require_POST
@requires("logbook.manage_calendar")
def holiday_remove(request: SenRequest, pk: int) -> HttpResponse:
    holiday = get_visible_or_404(
        SchoolHoliday.objects.filter(school_id=request.actor.school_id or 0), request.actor, pk=pk
    )
    calendar_services.remove_holiday(actor=request.actor, holiday=holiday)
    messages.success(request, _("The holiday has been removed."))
    return redirect("logbook:holidays")


@require_http_methods(["GET", "POST"])
@requires("logbook.manage_calendar")
def required_hours(request: SenRequest) -> HttpResponse:
    form = RequiredHoursForm(request.POST or None, school_id=request.actor.school_id)
    if request.method == "POST" and form.is_valid():
        try:
            calendar_services.set_required_hours(actor=request.actor, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The required hours have been saved."))
            return redirect("logbook:required_hours")
    page = Paginator(
        calendar_selectors.required_hours_for_school(request.actor), CALENDAR_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "logbook/required_hours.html", {"form": form, "page": page})


@require_POST
@requires("logbook.manage_calendar")
def required_hours_remove(request: SenRequest, pk: int) -> HttpResponse:
    required = get_visible_or_404(
        RequiredHours.objects.filter(school_id=request.actor.school_id or 0), request.actor, pk=pk
    )
    calendar_services.remove_required_hours(actor=request.actor, required=required)
    messages.success(request, _("The required hours have been removed."))
    return redirect("logbook:required_hours")


@require_http_methods(["GET", "POST"])
@requires("logbook.view_logbook")
def entry_correct(request: SenRequest, pk: int) -> HttpResponse:
    """Correct the hours of an approved entry (the supervisor, or the school's coordinator)."""
    entry = entry_selectors.entry_for(request.actor, pk)
    authorize(request.actor, "logbook.correct_hours", entry)
    form = CorrectionForm(request.POST or None, initial={"hours": entry.hours.normalize()})
    if request.method == "POST" and form.is_valid():
        try:
            entry_services.correct_entry(
                actor=request.actor,
                entry=entry,
                hours=form.cleaned_data["hours"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The hours have been corrected; the change is recorded."))
            return redirect("logbook:entry", pk=entry.pk)
    return render(request, "logbook/correct.html", {"form": form, "entry": entry})
