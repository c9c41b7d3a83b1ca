"""Allocation pages for the school coordinator: start a run, read the proposal and the
comparison chart, adjust by hand, publish or discard. Another school's run answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sen.core.http import SenRequest
from sen.core.policy import authorize, requires
from sen.core.scoping import get_visible_or_404
from sen.placements.forms_allocation import (
    MECHANISM_HELP,
    AdjustForm,
    AssignmentFilterForm,
    StartRunForm,
)
from sen.placements.models import AllocationRun, RunStatus
from sen.placements.selectors import allocation as selectors
from sen.placements.services import allocation as services

PAGE_SIZE = 50


@require_GET
@requires("placements.allocate")
def rounds(request: SenRequest) -> HttpResponse:
    return render(
        request,
        "placements/allocation/rounds.html",
        {"rounds": selectors.allocation_rounds(request.actor)},
    )


@require_http_methods(["GET", "POST"])
@requires("placements.allocate")
def round_runs(request: SenRequest, pk: int) -> HttpResponse:
    choice_round = get_visible_or_404(
        selectors.allocation_rounds(request.actor), request.actor, pk=pk
    )
    authorize(request.actor, "placements.manage_round", choice_round)
    form = StartRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.start_run(
                actor=request.actor,
                choice_round=choice_round,
                mechanism=form.cleaned_data["mechanism"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            return redirect("placements:allocation_run", pk=run.pk)
    return render(
        request,
        "placements/allocation/round.html",
        {
            "round": choice_round,
            "runs": selectors.runs_for_round(choice_round),
            "form": form,
            "mechanism_help": [
                (value, label, MECHANISM_HELP[value])
                for value, label in form.fields["mechanism"].choices  # type: ignore[attr-defined]
            ],
        },
    )


def _run(request: SenRequest, pk: int) -> AllocationRun:
    run = selectors.run_for_actor(request.actor, pk)
    authorize(request.actor, "placements.manage_run", run)
    return run


@require_GET
@requires("placements.allocate")
def run_detail(request: SenRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    context: dict[str, object] = {"run": run, "round": run.round}
    if run.status == RunStatus.PROPOSAL or run.status == RunStatus.PUBLISHED:
        current = selectors.current_figures(run)
        filters = AssignmentFilterForm(request.GET or None)
        filters.is_valid()
        data = getattr(filters, "cleaned_data", {})
        page = Paginator(
            selectors.run_assignments(
                run, outcome=data.get("outcome", ""), query=data.get("q", "")
            ),
            PAGE_SIZE,
        ).get_page(request.GET.get("page"))
        unplaced = list(selectors.run_assignments(run, outcome="unplaced")[:PAGE_SIZE])
        names = selectors.offer_names(
            {o for a in unplaced for o in a.explanation.get("alternatives", [])[:3]}
        )
        context |= {
            "current": current,
            "chart": selectors.chart(run.figures),
            "page": page,
            "filters": filters,
            "unplaced": [
                {
                    "assignment": a,
                    "reasons": selectors.sentences(a.explanation, names, offer_id=None)[1:],
                }
                for a in unplaced
            ],
            "with_room": selectors.offers_with_room(run, current),
            "adjust_offers": selectors.round_offer_choices(run)
            if run.status == RunStatus.PROPOSAL
            else [],
        }
    return render(request, "placements/allocation/run.html", context)


@require_GET
@requires("placements.allocate")
def run_progress(request: SenRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if run.job is None:
        return redirect("placements:allocation_run", pk=run.pk)
    response = render(
        request, "core/_job_progress.html", {"job": run.job, "poll_url": request.get_full_path()}
    )
    if run.job.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@requires("placements.allocate")
def adjust(request: SenRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    form = AdjustForm(request.POST, offers=selectors.round_offer_choices(run))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("offer", [])) or "?")
        return redirect("placements:allocation_run", pk=run.pk)
    assignment = get_visible_or_404(
        run.assignments.select_related("student__profile", "run__round__period"),
        request.actor,
        pk=form.cleaned_data["assignment"],
    )
    try:
        services.adjust(
            actor=request.actor, assignment=assignment, offer_id=form.cleaned_data["offer"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(student)s was moved.") % {"student": assignment.student})
    return redirect(reverse("placements:allocation_run", args=[run.pk]) + "#assignments")


@require_POST
@requires("placements.allocate")
def publish(request: SenRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        created = services.publish(actor=request.actor, run=run)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Published: %(count)s students have a proposed place.") % {"count": created},
        )
    return redirect("placements:allocation_run", pk=run.pk)


@require_POST
@requires("placements.allocate")
def discard(request: SenRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        services.discard(actor=request.actor, run=run)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The proposal was discarded."))
    return redirect("placements:allocation_round", pk=run.round_id)
