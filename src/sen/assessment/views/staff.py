"""The school's pages: the overview "Beoordelen" and one placement's assessment, with the
teacher's actions (three-party review, reopen, what parents see, the grade)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sen.assessment.forms import (
    TODO_LABELS,
    GradeForm,
    MeetingForm,
    OverviewFilterForm,
    ReopenForm,
    VisibilityForm,
)
from sen.assessment.grading import EXAM_RULE_SOURCE, format_grade
from sen.assessment.models import Phase
from sen.assessment.selectors import placements as selectors
from sen.assessment.selectors.sheets import assessment_sheet
from sen.assessment.services import grades as grade_services
from sen.assessment.services import reviews as review_services
from sen.assessment.services.rubrics import settings_for
from sen.core.http import SenRequest
from sen.core.policy import authorize, can, requires
from sen.placements.models import Placement

PAGE_SIZE = 50


def _errors(request: SenRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def phase_or_404(phase: str) -> str:
    if phase not in Phase.values:
        raise Http404
    return phase


@require_GET
@requires("assessment.view_overview")
def overview(request: SenRequest) -> HttpResponse:
    electives = selectors.overview_electives(request.actor)
    filters = OverviewFilterForm(request.GET or None, electives=electives)
    filters.is_valid()
    data = getattr(filters, "cleaned_data", {})
    page = Paginator(
        selectors.overview(
            request.actor,
            status=data.get("status", ""),
            elective_id=data.get("elective"),
            todo=data.get("todo", ""),
            query=data.get("q", ""),
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": selectors.rows(list(page.object_list), with_grades=True),
        "filters": filters,
        "todo_labels": TODO_LABELS,
        "query_string": _without_page(request),
    }
    if getattr(request, "htmx", False):
        return render(request, "assessment/overview.html#results", context)
    return render(request, "assessment/overview.html", context)


def _without_page(request: SenRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def placement_context(request: SenRequest, placement: Placement, **extra: Any) -> dict[str, Any]:
    sheet = assessment_sheet(request.actor, placement)
    grade = sheet.grade
    return {
        "placement": placement,
        "sheet": sheet,
        "may_assess": can(request.actor, "assessment.assess_placement", placement),
        "grade_form": extra.pop("grade_form", None)
        or GradeForm(initial={"value": format_grade(grade.value) if grade else ""}),
        "reopen_form": ReopenForm(),
        "meeting_form": MeetingForm(),
        "exam_rule_source": EXAM_RULE_SOURCE,
        "school_parents_default": settings_for(placement.student.school_id).parents_see_feedback,
        **extra,
    }


@require_GET
@requires("assessment.view_overview")
def placement(request: SenRequest, pk: int) -> HttpResponse:
    found = selectors.get_assessable_placement(request.actor, pk)
    authorize(request.actor, "assessment.view_placement", found)
    return render(request, "assessment/placement.html", placement_context(request, found))


def _teacher_placement(request: SenRequest, pk: int) -> Placement:
    found = selectors.get_assessable_placement(request.actor, pk)
    authorize(request.actor, "assessment.assess_placement", found)
    return found


@require_POST
@requires("assessment.assess")
def review_reopen(request: SenRequest, pk: int, phase: str) -> HttpResponse:
    found = _teacher_placement(request, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the part and say why you reopen it."))
        return redirect("assessment:placement", pk=found.pk)
    try:
        part = review_services.reopen_part(
            actor=request.actor,
            placement=found,
            phase=phase_or_404(phase),
            role=form.cleaned_data["role"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("%(part)s is open again and can be changed.") % {"part": part.get_role_display()},
        )
    return redirect("assessment:placement", pk=found.pk)


@require_POST
@requires("assessment.assess")
def review_meeting(request: SenRequest, pk: int, phase: str) -> HttpResponse:
    found = _teacher_placement(request, pk)
    form = MeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date of the three-party review."))
        return redirect("assessment:placement", pk=found.pk)
    try:
        review_services.record_meeting(
            actor=request.actor,
            placement=found,
            phase=phase_or_404(phase),
            held_on=form.cleaned_data["held_on"],
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The three-party review is marked as held."))
    return redirect("assessment:placement", pk=found.pk)


@require_POST
@requires("assessment.assess")
def review_visibility(request: SenRequest, pk: int, phase: str) -> HttpResponse:
    found = _teacher_placement(request, pk)
    form = VisibilityForm(request.POST)
    form.is_valid()
    visible = bool(form.cleaned_data.get("visible"))
    try:
        review_services.set_visible_to_parents(
            actor=request.actor, placement=found, phase=phase_or_404(phase), visible=visible
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("Parents now see the feedback of this review.")
            if visible
            else _("Parents no longer see the feedback of this review."),
        )
    return redirect("assessment:placement", pk=found.pk)


@require_POST
@requires("assessment.assess")
def grade(request: SenRequest, pk: int) -> HttpResponse:
    found = _teacher_placement(request, pk)
    form = GradeForm(request.POST)
    if form.is_valid():
        try:
            result = grade_services.set_grade(
                actor=request.actor,
                placement=found,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error("value", exc.messages)
        else:
            if not result.changed:
                messages.info(
                    request,
                    _("The grade was already %(grade)s.")
                    % {"grade": format_grade(result.grade.value)},
                )
            else:
                messages.success(
                    request,
                    _("Grade %(grade)s saved.") % {"grade": format_grade(result.grade.value)},
                )
            if result.below_exam_minimum:
                messages.warning(
                    request,
                    _(
                        "This grade is below 4. In BB and KB no elective may end below 4 "
                        "(%(source)s): as long as it stands, it blocks the diploma."
                    )
                    % {"source": EXAM_RULE_SOURCE},
                )
            return redirect("assessment:placement", pk=found.pk)
    context = placement_context(request, found, grade_form=form)
    return render(request, "assessment/placement.html", context)
