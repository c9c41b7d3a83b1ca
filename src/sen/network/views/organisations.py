"""Schools and companies: their pages, details and locations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sen.core.http import SenRequest
from sen.core.policy import authorize, can, requires
from sen.network import selectors, services
from sen.network.forms import (
    CompanyForm,
    CompanyLocationForm,
    CompanyProfileForm,
    SchoolDetailsForm,
    SchoolForm,
    SchoolLocationForm,
)
from sen.network.models import Company, CompanyLocation, School, SchoolLocation
from sen.network.views._common import add_service_errors

# --- Schools ------------------------------------------------------------------------------


@require_GET
@requires("network.view_own_school")
def my_school(request: SenRequest) -> HttpResponse:
    return redirect("network:school", pk=request.actor.school_id)


@require_GET
@requires("network.open_schools")
def school(request: SenRequest, pk: int) -> HttpResponse:
    actor = request.actor
    the_school = selectors.school_for(actor, pk)
    authorize(actor, "network.view_school", the_school)
    return render(
        request,
        "network/school.html",
        {
            "school": the_school,
            "locations": selectors.school_locations(the_school),
            "can_change": can(actor, "network.change_school", the_school),
            "can_list_students": can(actor, "network.view_student_list")
            and actor.school_id == the_school.pk,
        },
    )


@require_http_methods(["GET", "POST"])
@requires("network.edit_schools")
def school_edit(request: SenRequest, pk: int) -> HttpResponse:
    the_school = _school_to_change(request, pk)
    return _organisation_form(
        request,
        the_school,
        region_form=SchoolForm,
        own_form=SchoolDetailsForm,
        regions_rule="network.change_school_regions",
        update=services.update_school,
        saved=_("The school's details are saved."),
    )


@require_http_methods(["GET", "POST"])
@requires("network.edit_schools")
def school_location_add(request: SenRequest, pk: int) -> HttpResponse:
    the_school = _school_to_change(request, pk)
    return _location_form(request, owner=the_school, location=None)


@require_http_methods(["GET", "POST"])
@requires("network.edit_schools")
def school_location_edit(request: SenRequest, pk: int, location_pk: int) -> HttpResponse:
    the_school = _school_to_change(request, pk)
    location = selectors.school_location_for(the_school, location_pk)
    return _location_form(request, owner=the_school, location=location)


@require_http_methods(["GET", "POST"])
@requires("network.edit_schools")
def school_location_remove(request: SenRequest, pk: int, location_pk: int) -> HttpResponse:
    the_school = _school_to_change(request, pk)
    location = selectors.school_location_for(the_school, location_pk)
    return _location_remove(request, owner=the_school, location=location)


def _school_to_change(request: SenRequest, pk: int) -> School:
    the_school = selectors.school_for(request.actor, pk)
    authorize(request.actor, "network.change_school", the_school)
    return the_school


# --- Companies ----------------------------------------------------------------------------


@require_GET
@requires("network.view_own_company")
def my_company(request: SenRequest) -> HttpResponse:
    return redirect("network:company", pk=request.actor.company_id)


@require_GET
@requires("network.view_company")
def company(request: SenRequest, pk: int) -> HttpResponse:
    actor = request.actor
    the_company = selectors.company_for(actor, pk)
    shows_people = can(actor, "network.view_company_people", the_company)
    in_region = actor.region_id is not None and any(
        r.pk == actor.region_id for r in the_company.regions.all()
    )
    return render(
        request,
        "network/company.html",
        {
            "company": the_company,
            "locations": selectors.company_locations(the_company),
            "supervisors": selectors.company_supervisor_names(the_company)
            if shows_people
            else None,
            "can_change": can(actor, "network.change_company", the_company),
            "can_join": can(actor, "network.join_region") and not in_region,
        },
    )


@require_http_methods(["GET", "POST"])
@requires("network.edit_companies")
def company_edit(request: SenRequest, pk: int) -> HttpResponse:
    the_company = _company_to_change(request, pk)
    return _organisation_form(
        request,
        the_company,
        region_form=CompanyForm,
        own_form=CompanyProfileForm,
        regions_rule="network.change_company_regions",
        update=services.update_company,
        saved=_("The company's details are saved."),
    )


@require_http_methods(["GET", "POST"])
@requires("network.edit_companies")
def company_location_add(request: SenRequest, pk: int) -> HttpResponse:
    the_company = _company_to_change(request, pk)
    return _location_form(request, owner=the_company, location=None)


@require_http_methods(["GET", "POST"])
@requires("network.edit_companies")
def company_location_edit(request: SenRequest, pk: int, location_pk: int) -> HttpResponse:
    the_company = _company_to_change(request, pk)
    location = selectors.company_location_for(the_company, location_pk)
    return _location_form(request, owner=the_company, location=location)


@require_http_methods(["GET", "POST"])
@requires("network.edit_companies")
def company_location_remove(request: SenRequest, pk: int, location_pk: int) -> HttpResponse:
    the_company = _company_to_change(request, pk)
    location = selectors.company_location_for(the_company, location_pk)
    return _location_remove(request, owner=the_company, location=location)


def _company_to_change(request: SenRequest, pk: int) -> Company:
    the_company = selectors.company_for(request.actor, pk)
    authorize(request.actor, "network.change_company", the_company)
    return the_company


# --- Either: details and locations --------------------------------------------------------


def _organisation_form(
    request: SenRequest,
    organisation: Any,
    *,
    region_form: type[SchoolForm] | type[CompanyForm],
    own_form: type[SchoolDetailsForm] | type[CompanyProfileForm],
    regions_rule: str,
    update: Callable[..., Any],
    saved: str,
) -> HttpResponse:
    """Edit a school or company: the region coordinator's form also sets the regions."""
    actor = request.actor
    sets_regions = can(actor, regions_rule, organisation)
    form: forms.ModelForm[Any]
    if sets_regions:
        form = region_form(
            request.POST or None, instance=organisation, regions=selectors.region_regions(actor)
        )
    else:
        form = own_form(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update(
                organisation,
                by=actor,
                changes={name: data[name] for name in form.Meta.fields},
                regions=data["regions"] if sets_regions else None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, saved)
            return _after_edit(actor, organisation)
    return render(
        request,
        "network/organisation_form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": organisation.name},
            "back_url": _owner_url(organisation),
        },
    )


def _after_edit(actor: Any, organisation: School | Company) -> HttpResponse:
    # Taking a school out of one's own region ends one's access to it.
    if isinstance(organisation, School) and not can(actor, "network.view_school", organisation):
        return redirect("network:region")
    return redirect(_owner_url(organisation))


def _owner_url(owner: School | Company) -> str:
    name = "network:school" if isinstance(owner, School) else "network:company"
    return reverse(name, kwargs={"pk": owner.pk})


def _location_form(
    request: SenRequest,
    *,
    owner: School | Company,
    location: SchoolLocation | CompanyLocation | None,
) -> HttpResponse:
    form_class: type[forms.ModelForm[Any]] = (
        SchoolLocationForm if isinstance(owner, School) else CompanyLocationForm
    )
    form = form_class(request.POST or None, instance=location)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.LOCATION_FIELDS}
        try:
            if location is None:
                services.add_location(owner, by=request.actor, data=data)
                messages.success(request, _("The location is added."))
            else:
                services.update_location(location, by=request.actor, changes=data)
                messages.success(request, _("The location is saved."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(_owner_url(owner))
    title = (
        _("Add a location")
        if location is None
        else _("Edit location %(name)s") % {"name": location.name}
    )
    return render(
        request,
        "network/location_form.html",
        {"form": form, "owner": owner, "title": title, "back_url": _owner_url(owner)},
    )


def _location_remove(
    request: SenRequest, *, owner: School | Company, location: SchoolLocation | CompanyLocation
) -> HttpResponse:
    if request.method == "POST":
        services.remove_location(location, by=request.actor)
        messages.success(request, _("The location %(name)s is removed.") % {"name": location.name})
        return redirect(_owner_url(owner))
    return render(
        request,
        "network/location_remove.html",
        {"owner": owner, "location": location, "back_url": _owner_url(owner)},
    )
