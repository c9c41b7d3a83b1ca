"""The region coordinator's screens: overview with map, adding schools and companies."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sen.core.http import SenRequest
from sen.core.policy import requires
from sen.network import selectors, services
from sen.network.forms import CompanyForm, JoinRegionForm, RegionFilterForm, SchoolForm
from sen.network.models import School
from sen.network.regionmap import describe
from sen.network.views._common import add_service_errors, paginate

REGION_PAGE_SIZE = 25


@require_GET
@requires("network.view_region")
def region(request: SenRequest) -> HttpResponse:
    actor = request.actor
    the_region = selectors.region_of(actor)
    form = RegionFilterForm(
        request.GET,
        towns=selectors.region_towns(the_region),
        sectors=selectors.region_sectors(the_region),
    )
    filters = form.filters()
    if filters.show == "companies":
        rows = selectors.region_companies(the_region, filters)
    else:
        rows = selectors.region_schools(the_region, filters)  # type: ignore[assignment]
    region_map = selectors.region_map(the_region, filters)
    context = {
        "region": the_region,
        "form": form,
        "filters": filters,
        "tiles": selectors.region_tiles(the_region),
        "page": paginate(request, rows, REGION_PAGE_SIZE),
        "map": region_map,
        "map_description": describe(region_map, the_region.name),
    }
    template = "network/region.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@requires("network.add_school")
def school_add(request: SenRequest) -> HttpResponse:
    actor = request.actor
    regions = selectors.region_regions(actor)
    the_region = selectors.region_of(actor)
    form = SchoolForm(request.POST or None, regions=regions, default_region=the_region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            school = services.create_school(
                by=actor,
                name=data["name"],
                brin=data["brin"],
                city=data["city"],
                website=data["website"],
                regions=data["regions"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is added to the network.") % {"name": school})
            return redirect("network:school", pk=school.pk)
    return render(
        request,
        "network/organisation_form.html",
        {"form": form, "title": _("Add a school"), "back_url": reverse("network:region")},
    )


@require_http_methods(["GET", "POST"])
@requires("network.add_company")
def company_add(request: SenRequest) -> HttpResponse:
    actor = request.actor
    regions = selectors.region_regions(actor)
    the_region = selectors.region_of(actor)
    form = CompanyForm(request.POST or None, regions=regions, default_region=the_region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            company = services.create_company(
                by=actor,
                regions=data["regions"],
                **{name: data[name] for name in CompanyForm.Meta.fields},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is added to the network.") % {"name": company})
            return redirect("network:company", pk=company.pk)
    return render(
        request,
        "network/organisation_form.html",
        {"form": form, "title": _("Add a company"), "back_url": reverse("network:region")},
    )


@require_http_methods(["GET", "POST"])
@requires("network.join_region")
def region_join(request: SenRequest) -> HttpResponse:
    """Add a school or company that is already in SEN (another region's) to this region."""
    actor = request.actor
    the_region = selectors.region_of(actor)
    form = JoinRegionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["code"]
        if services.join_region(organisation, by=actor):
            messages.success(
                request,
                _("%(name)s now belongs to %(region)s.")
                % {"name": organisation, "region": the_region},
            )
        else:
            messages.info(
                request,
                _("%(name)s already belongs to %(region)s.")
                % {"name": organisation, "region": the_region},
            )
        if isinstance(organisation, School):
            return redirect("network:school", pk=organisation.pk)
        return redirect("network:company", pk=organisation.pk)
    return render(request, "network/region_join.html", {"form": form, "region": the_region})
