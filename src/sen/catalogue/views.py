"""Catalogue pages: browse the national catalogue; a school's electives and periods."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sen.catalogue import selectors, services
from sen.catalogue.forms import (
    CatalogueFilterForm,
    OwnElectiveForm,
    PeriodForm,
    RenameForm,
    SchoolElectiveFilterForm,
)
from sen.core.http import SenRequest
from sen.core.policy import can, requires


def _render(request: SenRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The whole page, or only its #results partial for an htmx request (live search)."""
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        template = f"{template}#results"
    return render(request, template, context)


def _error_to_form(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
@requires("catalogue.view_catalogue")
def index(request: SenRequest) -> HttpResponse:
    profiles = list(selectors.profiles_with_counts(request.actor))
    form = CatalogueFilterForm(request.GET or None, profiles=profiles)
    filters = form.cleaned_data if form.is_valid() else {}
    electives = selectors.catalogue_electives(
        request.actor, q=filters.get("q", ""), profile=filters.get("profiel", "")
    )
    context = {
        "form": form,
        "profiles": profiles,
        "electives": list(electives),
        "chosen_profile": filters.get("profiel", ""),
    }
    return _render(request, "catalogue/index.html", context)


@require_GET
@requires("catalogue.view_school_electives")
def school_electives(request: SenRequest) -> HttpResponse:
    profiles = list(selectors.profiles_with_counts(request.actor))
    form = SchoolElectiveFilterForm(request.GET or None, profiles=profiles)
    filters = form.cleaned_data if form.is_valid() else {}
    everything = selectors.school_electives(request.actor)
    rows = (
        selectors.school_electives(
            request.actor,
            q=filters.get("q", ""),
            profile=filters.get("profiel", ""),
            status=filters.get("status", ""),
        )
        if filters
        else everything
    )
    context = {
        "form": form,
        "rows": rows,
        "counts": selectors.status_counts(everything),
        "can_manage": can(request.actor, "catalogue.manage_school_electives"),
    }
    return _render(request, "catalogue/school_electives.html", context)


@require_http_methods(["GET", "POST"])
@requires("catalogue.manage_school_electives")
def own_elective_create(request: SenRequest) -> HttpResponse:
    form = OwnElectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            elective = services.create_own_elective(actor=request.actor, **form.cleaned_data)
        except ValidationError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": elective.name})
            return redirect("catalogue:school_electives")
    return render(request, "catalogue/own_elective_form.html", {"form": form, "row": None})


@require_http_methods(["GET", "POST"])
@requires("catalogue.manage_school_electives")
def school_elective_edit(request: SenRequest, pk: int) -> HttpResponse:
    row = selectors.get_school_elective(request.actor, pk)
    elective = row.elective
    form: Form
    if row.own:
        initial = {
            "name": elective.name,
            "code": elective.code,
            "profile": elective.profile,
            "duo_code": elective.duo_code,
        }
        form = OwnElectiveForm(request.POST or None, initial=initial)
    else:
        form = RenameForm(request.POST or None, initial={"local_name": row.local_name})
    if request.method == "POST" and form.is_valid():
        try:
            if row.own:
                services.update_own_elective(
                    actor=request.actor, elective=elective, **form.cleaned_data
                )
            else:
                services.rename_elective(
                    actor=request.actor,
                    elective=elective,
                    local_name=form.cleaned_data["local_name"],
                )
        except ValidationError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("The elective has been saved."))
            return redirect("catalogue:school_electives")
    template = "catalogue/own_elective_form.html" if row.own else "catalogue/rename_form.html"
    return render(request, template, {"form": form, "row": row})


@require_POST
@requires("catalogue.manage_school_electives")
def school_elective_retire(request: SenRequest, pk: int) -> HttpResponse:
    row = selectors.get_school_elective(request.actor, pk)
    try:
        services.retire_elective(actor=request.actor, elective=row.elective)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s is no longer offered at your school.") % {"name": row.name}
        )
    return redirect("catalogue:school_electives")


@require_POST
@requires("catalogue.manage_school_electives")
def school_elective_reinstate(request: SenRequest, pk: int) -> HttpResponse:
    row = selectors.get_school_elective(request.actor, pk)
    try:
        services.reinstate_elective(actor=request.actor, elective=row.elective)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is offered again.") % {"name": row.name})
    return redirect("catalogue:school_electives")


# --- Periods ------------------------------------------------------------------------------


@require_GET
@requires("catalogue.view_periods")
def periods(request: SenRequest) -> HttpResponse:
    context = selectors.periods_overview(request.actor, year=request.GET.get("year", ""))
    context["can_manage"] = can(request.actor, "catalogue.manage_periods")
    return render(request, "catalogue/periods.html", context)


@require_http_methods(["GET", "POST"])
@requires("catalogue.manage_periods")
def period_create(request: SenRequest) -> HttpResponse:
    year = request.GET.get("year") or selectors.current_school_year()
    form = PeriodForm(request.POST or None, initial={"school_year": year})
    if request.method == "POST" and form.is_valid():
        try:
            period = services.create_period(actor=request.actor, **form.cleaned_data)
        except ValidationError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": period})
            return _to_year(period.school_year)
    return render(request, "catalogue/period_form.html", {"form": form, "period": None})


@require_http_methods(["GET", "POST"])
@requires("catalogue.manage_periods")
def period_edit(request: SenRequest, pk: int) -> HttpResponse:
    period = selectors.get_period(request.actor, pk)
    initial = {name: getattr(period, name) for name in services.PERIOD_FIELDS}
    form = PeriodForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_period(actor=request.actor, period=period, **form.cleaned_data)
        except ValidationError as error:
            _error_to_form(form, error)
        else:
            messages.success(request, _("%(name)s has been saved.") % {"name": period})
            return _to_year(period.school_year)
    return render(request, "catalogue/period_form.html", {"form": form, "period": period})


@require_http_methods(["GET", "POST"])
@requires("catalogue.manage_periods")
def period_delete(request: SenRequest, pk: int) -> HttpResponse:
    period = selectors.get_period(request.actor, pk)
    if request.method == "POST":
        try:
            services.delete_period(actor=request.actor, period=period)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s has been deleted.") % {"name": period})
        return _to_year(period.school_year)
    return render(request, "catalogue/period_delete.html", {"period": period})


def _to_year(year: str) -> HttpResponse:
    response = redirect("catalogue:periods")
    response["Location"] += f"?year={year}"
    return response
