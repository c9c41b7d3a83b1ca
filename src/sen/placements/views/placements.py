"""Placement pages: the coordinator's overview, the company's incoming students (and
declining one), and the student's or parent's "Why this place?"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sen.core.http import SenRequest
from sen.core.policy import authorize, requires
from sen.placements.forms_allocation import DeclineForm, PlacementFilterForm, TransitionForm
from sen.placements.models import PLACEMENT_TRANSITIONS, CancelReason, PlacementStatus
from sen.placements.selectors import allocation as allocation_selectors
from sen.placements.selectors import placements as selectors
from sen.placements.services import placements as services

PAGE_SIZE = 50


@require_GET
@requires("placements.view_school_placements")
def school_placements(request: SenRequest) -> HttpResponse:
    filters = PlacementFilterForm(request.GET or None)
    filters.is_valid()
    data = getattr(filters, "cleaned_data", {})
    page = Paginator(
        selectors.placements_for_school(
            request.actor,
            status=data.get("status", ""),
            round_id=data.get("round"),
            query=data.get("q", ""),
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "placements/placements/school.html",
        {
            "page": page,
            "filters": filters,
            "transitions": {k: sorted(v) for k, v in PLACEMENT_TRANSITIONS.items()},
            "statuses": PlacementStatus,
            "reasons": CancelReason.choices,
        },
    )


@require_POST
@requires("placements.view_school_placements")
def change_status(request: SenRequest, pk: int) -> HttpResponse:
    placement = selectors.placement_for_school(request.actor, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.transition(
                actor=request.actor,
                placement=placement,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(student)s: %(status)s")
                % {"student": placement.student, "status": placement.get_status_display()},
            )
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("placements:school_placements")


@require_GET
@requires("placements.view_company_placements")
def company_placements(request: SenRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in PlacementStatus.values:
        status = ""
    page = Paginator(
        selectors.placements_for_company(request.actor, status=status), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "placements/placements/company.html",
        {
            "page": page,
            "rows": selectors.company_rows(request.actor, list(page.object_list)),
            "status": status,
            "statuses": PlacementStatus.choices,
            "form": DeclineForm(),
        },
    )


@require_POST
@requires("placements.view_company_placements")
def decline(request: SenRequest, pk: int) -> HttpResponse:
    placement = selectors.placement_for_company(request.actor, pk)
    authorize(request.actor, "placements.decline_placement", placement)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tell the school why you decline this student."))
        return redirect("placements:company_placements")
    try:
        services.decline_by_company(
            actor=request.actor, placement=placement, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("You declined the student; the school has been told."))
    return redirect("placements:company_placements")


@require_GET
@requires("placements.view_own_outcome")
def my_outcome(request: SenRequest) -> HttpResponse:
    return render(
        request,
        "placements/placements/outcome.html",
        {"outcomes": allocation_selectors.published_outcomes(request.actor)},
    )
