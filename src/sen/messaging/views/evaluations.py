"""Evaluaties: the student and the company evaluate a placement at its end; the
coordinators' quality view over them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sen.core.actor import Role
from sen.core.http import SenRequest
from sen.core.policy import authorize, requires
from sen.core.scoping import get_visible_or_404
from sen.messaging.evaluations import selectors, services
from sen.messaging.evaluations.questions import QUESTIONS
from sen.messaging.forms import EvaluationForm, QualityFilterForm
from sen.messaging.rules import evaluation_party
from sen.network.privacy import student_fields
from sen.placements.models import Placement

PAGE_SIZE = 25


@require_GET
@requires("messaging.evaluate")
def evaluations(request: SenRequest) -> HttpResponse:
    actor = request.actor
    page = Paginator(selectors.to_evaluate(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"placement": p, "student": student_fields(actor, p.student, scoped=True)}
        for p in page.object_list
    ]
    return render(request, "messaging/evaluations/list.html", {"page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
@requires("messaging.evaluate")
def evaluate(request: SenRequest, pk: int) -> HttpResponse:
    actor = request.actor
    placement = get_visible_or_404(
        Placement.objects.select_related("student", "offer__company", "offer__elective"),
        actor,
        pk=pk,
    )
    authorize(actor, "messaging.evaluate_placement", placement)
    party = evaluation_party(actor, placement)
    if party is None:  # pragma: no cover - the rule above already refused
        raise Http404
    done = selectors.evaluation_of(placement, party)
    form = EvaluationForm(request.POST or None, party=party)
    if request.method == "POST" and done is None and form.is_valid():
        try:
            services.submit_evaluation(
                actor=actor,
                placement=placement,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you! Your evaluation is saved."))
            return redirect("messaging:evaluations")
    return render(
        request,
        "messaging/evaluations/evaluate.html",
        {
            "placement": placement,
            "student": student_fields(actor, placement.student, scoped=True),
            "party": party,
            "done": done,
            "answers": list(zip(QUESTIONS[party], done.scores, strict=True)) if done else [],
            "is_open": services.is_open(placement),
            "opens_on": services.window_opens_on(placement),
            "form": form,
        },
    )


@require_GET
@requires("messaging.view_quality")
def quality(request: SenRequest) -> HttpResponse:
    actor = request.actor
    filters = QualityFilterForm(request.GET or None)
    group, sort = filters.values()
    rows = selectors.quality(actor, group=group, sort=sort)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    one_by_one = None
    if actor.role == Role.COORDINATOR:
        one_by_one = Paginator(selectors.school_evaluations(actor), PAGE_SIZE).get_page(
            request.GET.get("epage")
        )
    return render(
        request,
        "messaging/evaluations/quality.html",
        {
            "filters": filters,
            "group": group,
            "sort": sort,
            "page": page,
            "summary": selectors.summary(rows),
            "one_by_one": one_by_one,
        },
    )
