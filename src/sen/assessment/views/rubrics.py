"""Rubric and assignment management for teachers and coordinators of a school, and the
coordinator's assessment settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sen.assessment.forms import (
    AssignmentForm,
    CriterionForm,
    LevelForm,
    NewAssignmentForm,
    RubricCreateForm,
    RubricForm,
    SettingsForm,
)
from sen.assessment.models import Rubric
from sen.assessment.selectors import rubrics as selectors
from sen.assessment.services import rubrics as services
from sen.catalogue.models import Elective
from sen.core.http import SenRequest
from sen.core.policy import authorize, can, requires
from sen.core.scoping import get_visible_or_404


def _to_form(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _elective_choices(actor: Any) -> list[tuple[int, str]]:
    return [(e.pk, str(e)) for e in selectors.electives_for_school(actor.school_id or 0)]


def _create_form(request: SenRequest, data: Any = None) -> RubricCreateForm:
    rubrics = [(r.pk, r.title) for r in selectors.school_rubrics(request.actor)]
    return RubricCreateForm(data, electives=_elective_choices(request.actor), rubrics=rubrics)


def _index_context(request: SenRequest, **extra: Any) -> dict[str, Any]:
    school_settings = services.settings_for(request.actor.school_id or 0)
    return {
        "rows": selectors.rubric_overview(request.actor),
        "create_form": extra.pop("create_form", None) or _create_form(request),
        "assignment_form": extra.pop("assignment_form", None)
        or NewAssignmentForm(electives=_elective_choices(request.actor)),
        "settings_form": SettingsForm(
            initial={"parents_see_feedback": school_settings.parents_see_feedback}
        ),
        "may_change_settings": can(request.actor, "assessment.change_settings"),
        **extra,
    }


@require_GET
@requires("assessment.manage_rubrics")
def rubrics(request: SenRequest) -> HttpResponse:
    return render(request, "assessment/rubrics.html", _index_context(request))


@require_POST
@requires("assessment.manage_rubrics")
def rubric_create(request: SenRequest) -> HttpResponse:
    form = _create_form(request, request.POST)
    if form.is_valid():
        elective = get_visible_or_404(
            selectors.electives_for_school(request.actor.school_id or 0),
            request.actor,
            pk=form.cleaned_data["elective"],
        )
        kind, _sep, key = form.cleaned_data["source"].partition(":")
        try:
            if kind == "copy":
                source = selectors.get_rubric(request.actor, int(key))
                rubric = services.copy_rubric(actor=request.actor, source=source, elective=elective)
            else:
                rubric = services.create_rubric(
                    actor=request.actor,
                    elective=elective,
                    template=key,
                    title=form.cleaned_data["title"],
                )
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("The rubric was made. Check its criteria and levels."))
            return redirect("assessment:rubric", pk=rubric.pk)
    return render(request, "assessment/rubrics.html", _index_context(request, create_form=form))


def _rubric_context(request: SenRequest, rubric: Rubric, **extra: Any) -> dict[str, Any]:
    return {
        "rubric": rubric,
        "form": extra.pop("form", None)
        or RubricForm(initial={"title": rubric.title, "pta_code": rubric.pta_code}),
        "new_criterion": extra.pop("new_criterion", None) or CriterionForm(prefix="new"),
        "criteria": [
            {
                "criterion": c,
                "form": CriterionForm(
                    prefix=f"c{c.pk}",
                    initial={
                        "title": c.title,
                        "description": c.description,
                        "weight": c.weight,
                        "order": c.order,
                    },
                ),
                "levels": [
                    {
                        "level": lv,
                        "form": LevelForm(
                            prefix=f"l{lv.pk}",
                            initial={
                                "label": lv.label,
                                "points": lv.points,
                                "description": lv.description,
                            },
                        ),
                    }
                    for lv in c.levels.all()
                ],
            }
            for c in rubric.criteria.all()
        ],
        **extra,
    }


@require_http_methods(["GET", "POST"])
@requires("assessment.manage_rubrics")
def rubric(request: SenRequest, pk: int) -> HttpResponse:
    found = selectors.get_rubric(request.actor, pk)
    authorize(request.actor, "assessment.manage_rubric", found)
    if request.method == "POST":
        form = RubricForm(request.POST)
        if form.is_valid():
            try:
                services.update_rubric(
                    actor=request.actor,
                    rubric=found,
                    title=form.cleaned_data["title"],
                    pta_code=form.cleaned_data["pta_code"],
                )
            except ValidationError as exc:
                _to_form(form, exc)
            else:
                messages.success(request, _("The rubric was saved."))
                return redirect("assessment:rubric", pk=found.pk)
        return render(request, "assessment/rubric.html", _rubric_context(request, found, form=form))
    return render(request, "assessment/rubric.html", _rubric_context(request, found))


@require_POST
@requires("assessment.manage_rubrics")
def criterion_add(request: SenRequest, pk: int) -> HttpResponse:
    found = selectors.get_rubric(request.actor, pk)
    authorize(request.actor, "assessment.manage_rubric", found)
    form = CriterionForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            services.add_criterion(
                actor=request.actor,
                rubric=found,
                data=services.CriterionData(
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    weight=form.cleaned_data["weight"],
                ),
            )
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("The criterion was added."))
            return redirect("assessment:rubric", pk=found.pk)
    return render(
        request, "assessment/rubric.html", _rubric_context(request, found, new_criterion=form)
    )


@require_POST
@requires("assessment.manage_rubrics")
def criterion_edit(request: SenRequest, pk: int) -> HttpResponse:
    criterion = selectors.get_criterion(request.actor, pk)
    authorize(request.actor, "assessment.manage_rubric", criterion)
    form = CriterionForm(request.POST, prefix=f"c{criterion.pk}")
    if form.is_valid():
        try:
            services.update_criterion(
                actor=request.actor,
                criterion=criterion,
                data=services.CriterionData(
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    weight=form.cleaned_data["weight"],
                ),
                order=form.cleaned_data["order"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The criterion was saved."))
    else:
        messages.error(request, _("Check the criterion: a title and a weight from 1 to 10."))
    return redirect("assessment:rubric", pk=criterion.rubric_id)


@require_POST
@requires("assessment.manage_rubrics")
def criterion_remove(request: SenRequest, pk: int) -> HttpResponse:
    criterion = selectors.get_criterion(request.actor, pk)
    authorize(request.actor, "assessment.manage_rubric", criterion)
    rubric_id = criterion.rubric_id
    try:
        services.remove_criterion(actor=request.actor, criterion=criterion)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The criterion was removed."))
    return redirect("assessment:rubric", pk=rubric_id)


@require_POST
@requires("assessment.manage_rubrics")
def level_edit(request: SenRequest, pk: int) -> HttpResponse:
    level = selectors.get_level(request.actor, pk)
    authorize(request.actor, "assessment.manage_rubric", level.criterion)
    form = LevelForm(request.POST, prefix=f"l{level.pk}")
    if form.is_valid():
        try:
            services.update_level(
                actor=request.actor,
                level=level,
                label=form.cleaned_data["label"],
                points=form.cleaned_data["points"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The level was saved."))
    else:
        messages.error(request, _("Check the level: a name and points from 0 to 100."))
    return redirect("assessment:rubric", pk=level.criterion.rubric_id)


# --- Assignments ---------------------------------------------------------------------------


def _assignment_data(form: AssignmentForm) -> services.AssignmentData:
    return services.AssignmentData(
        title=form.cleaned_data["title"],
        instructions=form.cleaned_data["instructions"],
        pta_code=form.cleaned_data["pta_code"],
        phase=form.cleaned_data["phase"],
        due_week=form.cleaned_data["due_week"],
    )


@require_POST
@requires("assessment.manage_rubrics")
def assignment_add(request: SenRequest) -> HttpResponse:
    form = NewAssignmentForm(request.POST, electives=_elective_choices(request.actor))
    if form.is_valid():
        elective: Elective = get_visible_or_404(
            selectors.electives_for_school(request.actor.school_id or 0),
            request.actor,
            pk=form.cleaned_data["elective"],
        )
        try:
            services.add_assignment(
                actor=request.actor, elective=elective, data=_assignment_data(form)
            )
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("The assignment was added."))
            return redirect("assessment:rubrics")
    return render(request, "assessment/rubrics.html", _index_context(request, assignment_form=form))


@require_http_methods(["GET", "POST"])
@requires("assessment.manage_rubrics")
def assignment_edit(request: SenRequest, pk: int) -> HttpResponse:
    assignment = selectors.get_assignment(request.actor, pk)
    authorize(request.actor, "assessment.manage_rubric", assignment)
    if request.method == "POST":
        form = AssignmentForm(request.POST)
        if form.is_valid():
            try:
                services.update_assignment(
                    actor=request.actor, assignment=assignment, data=_assignment_data(form)
                )
            except ValidationError as exc:
                _to_form(form, exc)
            else:
                messages.success(request, _("The assignment was saved."))
                return redirect("assessment:rubrics")
    else:
        form = AssignmentForm(
            initial={
                "title": assignment.title,
                "instructions": assignment.instructions,
                "phase": assignment.phase,
                "pta_code": assignment.pta_code,
                "due_week": assignment.due_week,
            }
        )
    return render(request, "assessment/assignment.html", {"assignment": assignment, "form": form})


@require_POST
@requires("assessment.manage_rubrics")
def assignment_remove(request: SenRequest, pk: int) -> HttpResponse:
    assignment = selectors.get_assignment(request.actor, pk)
    authorize(request.actor, "assessment.manage_rubric", assignment)
    services.remove_assignment(actor=request.actor, assignment=assignment)
    messages.success(request, _("The assignment was removed."))
    return redirect("assessment:rubrics")


@require_POST
@requires("assessment.change_settings")
def settings(request: SenRequest) -> HttpResponse:
    form = SettingsForm(request.POST)
    form.is_valid()
    services.set_parents_see_feedback(
        actor=request.actor, value=bool(form.cleaned_data.get("parents_see_feedback"))
    )
    messages.success(request, _("The setting was saved; it applies to new reviews."))
    return redirect("assessment:rubrics")
