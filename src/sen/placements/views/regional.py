"""Regional allocation pages.

The region coordinator selects closed rounds of their region's schools, starts one dry
run over all of them, reads the figures (per school, never a student's name), and
publishes or discards it. A school coordinator reads a regional run's results for their
own students only. Anything outside the actor's region or school answers 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sen.core.http import SenRequest
from sen.core.policy import authorize, requires
from sen.placements.forms_allocation import MECHANISM_HELP, AssignmentFilterForm, StartRunForm
from sen.placements.models import AllocationRun, RunStatus
from sen.placements.selectors import allocation as allocation_selectors
from sen.placements.selectors import regional as selectors
from sen.placements.services import regional as services

PAGE_SIZE = 50


class RegionalRunForm(StartRunForm):
    rounds = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Choice rounds"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose the choice rounds to allocate.")},
    )

    def __init__(self, *args: object, rounds: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["rounds"].choices = rounds  # type: ignore[attr-defined]


@require_http_methods(["GET", "POST"])
@requires("placements.allocate_region")
def region_rounds(request: SenRequest) -> HttpResponse:
    region = selectors.actor_region(request.actor)
    if region is None:
        raise Http404
    closed = list(selectors.region_rounds(request.actor))
    form = RegionalRunForm(request.POST or None, rounds=[(r.pk, str(r)) for r in closed])
    if request.method == "POST" and form.is_valid():
        picked = set(form.cleaned_data["rounds"])
        try:
            run = services.start_regional_run(
                actor=request.actor,
                region=region,
                rounds=[r for r in closed if r.pk in picked],
                mechanism=form.cleaned_data["mechanism"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            return redirect("placements:regional_run", pk=run.pk)
    return render(
        request,
        "placements/regional/rounds.html",
        {
            "region": region,
            "closed": closed,
            "picked": {str(v) for v in form["rounds"].value() or []},
            "form": form,
            "runs": selectors.regional_runs(request.actor),
            "mechanism_help": [
                (value, label, MECHANISM_HELP[value])
                for value, label in form.fields["mechanism"].choices  # type: ignore[attr-defined]
            ],
        },
    )


def _run(request: SenRequest, pk: int) -> AllocationRun:
    run = selectors.regional_run_for_actor(request.actor, pk)
    authorize(request.actor, "placements.manage_regional_run", run)
    return run


@require_GET
@requires("placements.allocate_region")
def regional_run(request: SenRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    context: dict[str, object] = {"run": run, "rounds": selectors.run_rounds_of(run)}
    if run.status in (RunStatus.PROPOSAL, RunStatus.PUBLISHED):
        current = allocation_selectors.current_figures(run)
        context |= {
            "current": current,
            "chart": allocation_selectors.chart(run.figures),
            "schools": selectors.per_school(run),
            "with_room": allocation_selectors.offers_with_room(run, current),
        }
    return render(request, "placements/regional/run.html", context)


@require_GET
@requires("placements.allocate_region")
def regional_run_progress(request: SenRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if run.job is None:
        return redirect("placements:regional_run", pk=run.pk)
    response = render(
        request, "core/_job_progress.html", {"job": run.job, "poll_url": request.get_full_path()}
    )
    if run.job.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@requires("placements.allocate_region")
def regional_publish(request: SenRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        created = services.publish_regional(actor=request.actor, run=run)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Published: %(count)s students have a proposed place.") % {"count": created},
        )
    return redirect("placements:regional_run", pk=run.pk)


@require_POST
@requires("placements.allocate_region")
def regional_discard(request: SenRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        services.discard_regional(actor=request.actor, run=run)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The proposal was discarded."))
    return redirect("placements:regional_rounds")


# --- School coordinators: their own students in regional runs ------------------------------


@require_GET
@requires("placements.view_regional_runs")
def school_runs(request: SenRequest) -> HttpResponse:
    return render(
        request,
        "placements/regional/school_runs.html",
        {"runs": selectors.school_regional_runs(request.actor)},
    )


@require_GET
@requires("placements.view_regional_runs")
def school_run(request: SenRequest, pk: int) -> HttpResponse:
    run = selectors.school_regional_run(request.actor, pk)
    context: dict[str, object] = {"run": run, "round": selectors.own_round(request.actor, run)}
    if run.status in (RunStatus.PROPOSAL, RunStatus.PUBLISHED):
        filters = AssignmentFilterForm(request.GET or None)
        filters.is_valid()
        data = getattr(filters, "cleaned_data", {})
        page = Paginator(
            selectors.own_assignments(
                request.actor, run, outcome=data.get("outcome", ""), query=data.get("q", "")
            ),
            PAGE_SIZE,
        ).get_page(request.GET.get("page"))
        unplaced = list(selectors.own_assignments(request.actor, run, outcome="unplaced"))
        names = allocation_selectors.offer_names(
            {o for a in unplaced[:PAGE_SIZE] for o in a.explanation.get("alternatives", [])[:3]}
        )
        context |= {
            "current": selectors.own_figures(request.actor, run),
            "chart": allocation_selectors.chart(run.figures),
            "page": page,
            "filters": filters,
            "unplaced": [
                {
                    "assignment": a,
                    "reasons": allocation_selectors.sentences(a.explanation, names, offer_id=None)[
                        1:
                    ],
                }
                for a in unplaced[:PAGE_SIZE]
            ],
        }
    return render(request, "placements/regional/school_run.html", context)
