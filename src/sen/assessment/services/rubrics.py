"""Rubrics, criteria, levels and assignments of a school's electives, and the school's
assessment settings. Teachers and coordinators of the school manage them.

A rubric starts from a built-in template (`sen.assessment.rubric_templates`) or as a
copy of another rubric of the school; its criteria can then be edited, added and
removed, except that a criterion somebody already scored stays (the score refers to it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sen.assessment.errors import field_error
from sen.assessment.models import (
    AssessmentSettings,
    Assignment,
    Criterion,
    Level,
    Phase,
    Rubric,
)
from sen.assessment.rubric_templates import FOUR_LEVELS, TEMPLATES, LevelSpec
from sen.audit.services import record
from sen.catalogue.models import Elective
from sen.core.actor import Actor, Role
from sen.network.models import School

MAX_CRITERIA = 12


def _school_staff(actor: Actor, school_id: int | None = None) -> int:
    """The actor's school id, when they are a teacher or coordinator there."""
    if actor.role not in (Role.TEACHER, Role.COORDINATOR) or actor.school_id is None:
        raise ValidationError(
            _("Only teachers and coordinators of the school manage rubrics."), code="role"
        )
    if school_id is not None and school_id != actor.school_id:
        raise ValidationError(_("This rubric belongs to another school."), code="school")
    return actor.school_id


def _check_elective(elective: Elective, school_id: int) -> None:
    if elective.school_id is not None and elective.school_id != school_id:
        raise ValidationError(_("This elective belongs to another school."), code="elective")


def _clean_title(title: str, *, field: str = "title") -> str:
    title = " ".join(title.split())
    if not title:
        raise field_error(field, _("Give a title."), "required")
    if len(title) > 200:
        raise field_error(field, _("A title has at most 200 characters."), "length")
    return title


def _check_weight(weight: int) -> None:
    if not 1 <= weight <= 10:
        raise field_error("weight", _("A weight is from 1 to 10."), "weight")


def _has_rubric(school_id: int, elective: Elective) -> bool:
    return Rubric.objects.filter(school_id=school_id, elective=elective).exists()


def _create_levels(criterion: Criterion, levels: list[LevelSpec]) -> None:
    Level.objects.bulk_create(
        Level(
            criterion=criterion,
            label=spec.label,
            points=spec.points,
            description=spec.description,
            order=n,
        )
        for n, spec in enumerate(levels)
    )


def create_rubric(*, actor: Actor, elective: Elective, template: str, title: str = "") -> Rubric:
    """A new rubric for an elective at the actor's school, from a built-in template,
    with the template's assignments (if the elective has none yet)."""
    school_id = _school_staff(actor)
    _check_elective(elective, school_id)
    spec = TEMPLATES.get(template)
    if spec is None:
        raise field_error("template", _("Choose one of the templates."), "template")
    with transaction.atomic():
        if _has_rubric(school_id, elective):
            raise ValidationError(
                _("This elective already has a rubric at your school."), code="exists"
            )
        rubric = Rubric.objects.create(
            school_id=school_id,
            elective=elective,
            title=_clean_title(title) if title.strip() else f"{spec.title} · {elective.name}",
            template=spec.key,
        )
        for n, criterion_spec in enumerate(spec.criteria):
            criterion = Criterion.objects.create(
                rubric=rubric,
                title=criterion_spec.title,
                description=criterion_spec.description,
                weight=criterion_spec.weight,
                order=n,
            )
            _create_levels(criterion, list(spec.levels))
        added = 0
        if not Assignment.objects.filter(school_id=school_id, elective=elective).exists():
            Assignment.objects.bulk_create(
                Assignment(
                    school_id=school_id,
                    elective=elective,
                    title=a.title,
                    instructions=a.instructions,
                    phase=a.phase,
                    order=n,
                )
                for n, a in enumerate(spec.assignments)
            )
            added = len(spec.assignments)
        record(
            "assessment.rubric.created",
            actor=actor,
            obj=rubric,
            changes={
                "elective": elective.pk,
                "template": spec.key,
                "criteria": len(spec.criteria),
                "assignments": added,
            },
        )
    return rubric


def copy_rubric(*, actor: Actor, source: Rubric, elective: Elective) -> Rubric:
    """A copy of another rubric of the school (criteria and levels) for `elective`."""
    school_id = _school_staff(actor, source.school_id)
    _check_elective(elective, school_id)
    with transaction.atomic():
        if _has_rubric(school_id, elective):
            raise ValidationError(
                _("This elective already has a rubric at your school."), code="exists"
            )
        rubric = Rubric.objects.create(
            school_id=school_id,
            elective=elective,
            title=f"{source.title} · {elective.name}"[:200],
            template=source.template,
            copied_from=source,
        )
        criteria = list(source.criteria.prefetch_related("levels"))
        for criterion in criteria:
            copy = Criterion.objects.create(
                rubric=rubric,
                title=criterion.title,
                description=criterion.description,
                weight=criterion.weight,
                order=criterion.order,
            )
            _create_levels(
                copy,
                [LevelSpec(lv.label, lv.points, lv.description) for lv in criterion.levels.all()],
            )
        record(
            "assessment.rubric.copied",
            actor=actor,
            obj=rubric,
            changes={"elective": elective.pk, "copied_from": source.pk, "criteria": len(criteria)},
        )
    return rubric


def update_rubric(*, actor: Actor, rubric: Rubric, title: str, pta_code: str) -> Rubric:
    _school_staff(actor, rubric.school_id)
    before = {"title": rubric.title, "pta_code": rubric.pta_code}
    rubric.title = _clean_title(title)
    rubric.pta_code = pta_code.strip()[:40]
    after = {"title": rubric.title, "pta_code": rubric.pta_code}
    if after == before:
        return rubric
    with transaction.atomic():
        rubric.save(update_fields=["title", "pta_code", "updated_at"])
        record(
            "assessment.rubric.updated",
            actor=actor,
            obj=rubric,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        )
    return rubric


@dataclass(frozen=True)
class CriterionData:
    title: str
    description: str = ""
    weight: int = 1


def add_criterion(*, actor: Actor, rubric: Rubric, data: CriterionData) -> Criterion:
    """A new last criterion, with the same levels as the rubric's first criterion."""
    _school_staff(actor, rubric.school_id)
    title = _clean_title(data.title)
    _check_weight(data.weight)
    with transaction.atomic():
        locked = Rubric.objects.select_for_update().get(pk=rubric.pk)
        count = locked.criteria.count()
        if count >= MAX_CRITERIA:
            raise ValidationError(
                _("A rubric has at most %(max)s criteria.") % {"max": MAX_CRITERIA},
                code="too_many",
            )
        first = locked.criteria.prefetch_related("levels").first()
        levels = (
            [LevelSpec(lv.label, lv.points, lv.description) for lv in first.levels.all()]
            if first is not None
            else list(FOUR_LEVELS)
        )
        last = locked.criteria.aggregate(last=Max("order"))["last"]
        criterion = Criterion.objects.create(
            rubric=locked,
            title=title,
            description=data.description.strip(),
            weight=data.weight,
            order=0 if last is None else last + 1,
        )
        _create_levels(criterion, levels or list(FOUR_LEVELS))
        record(
            "assessment.criterion.added",
            actor=actor,
            obj=criterion,
            changes={"rubric": locked.pk, "title": title, "weight": data.weight},
        )
    return criterion


def update_criterion(
    *, actor: Actor, criterion: Criterion, data: CriterionData, order: int | None = None
) -> Criterion:
    _school_staff(actor, criterion.rubric.school_id)
    _check_weight(data.weight)
    before = {
        "title": criterion.title,
        "description": criterion.description,
        "weight": criterion.weight,
        "order": criterion.order,
    }
    criterion.title = _clean_title(data.title)
    criterion.description = data.description.strip()
    criterion.weight = data.weight
    if order is not None:
        criterion.order = max(0, order)
    after = {
        "title": criterion.title,
        "description": criterion.description,
        "weight": criterion.weight,
        "order": criterion.order,
    }
    if after == before:
        return criterion
    with transaction.atomic():
        criterion.save(update_fields=["title", "description", "weight", "order", "updated_at"])
        record(
            "assessment.criterion.updated",
            actor=actor,
            obj=criterion,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        )
    return criterion


def remove_criterion(*, actor: Actor, criterion: Criterion) -> None:
    """Remove a criterion nobody scored yet (scores keep referring to their criterion)."""
    _school_staff(actor, criterion.rubric.school_id)
    with transaction.atomic():
        if criterion.scores.exists():
            raise ValidationError(
                _(
                    "“%(criterion)s” has been scored in a review, so it stays. "
                    "Change its text instead."
                )
                % {"criterion": criterion.title},
                code="scored",
            )
        record(
            "assessment.criterion.removed",
            actor=actor,
            obj=criterion,
            changes={"rubric": criterion.rubric_id, "title": criterion.title},
        )
        criterion.delete()


def update_level(*, actor: Actor, level: Level, label: str, points: int, description: str) -> Level:
    _school_staff(actor, level.criterion.rubric.school_id)
    label = " ".join(label.split())
    if not label:
        raise field_error("label", _("Give the level a name."), "required")
    if not 0 <= points <= 100:
        raise field_error("points", _("Points are from 0 to 100."), "points")
    before = {"label": level.label, "points": level.points, "description": level.description}
    level.label, level.points, level.description = label[:60], points, description.strip()
    after = {"label": level.label, "points": level.points, "description": level.description}
    if after == before:
        return level
    with transaction.atomic():
        level.save(update_fields=["label", "points", "description", "updated_at"])
        record(
            "assessment.level.updated",
            actor=actor,
            obj=level,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        )
    return level


# --- Assignments ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentData:
    title: str
    instructions: str
    pta_code: str
    phase: str
    due_week: int | None = None


def _clean_assignment(data: AssignmentData) -> dict[str, object]:
    if data.phase not in Phase.values:
        raise field_error("phase", _("Choose mid-term or final."), "phase")
    if data.due_week is not None and not 1 <= data.due_week <= 53:
        raise field_error("due_week", _("A week number is from 1 to 53."), "week")
    return {
        "title": _clean_title(data.title),
        "instructions": data.instructions.strip(),
        "pta_code": data.pta_code.strip()[:40],
        "phase": data.phase,
        "due_week": data.due_week,
    }


def add_assignment(*, actor: Actor, elective: Elective, data: AssignmentData) -> Assignment:
    school_id = _school_staff(actor)
    _check_elective(elective, school_id)
    values = _clean_assignment(data)
    with transaction.atomic():
        last = Assignment.objects.filter(school_id=school_id, elective=elective).aggregate(
            last=Max("order")
        )["last"]
        assignment = Assignment.objects.create(
            school_id=school_id,
            elective=elective,
            order=0 if last is None else last + 1,
            **values,
        )
        record(
            "assessment.assignment.created",
            actor=actor,
            obj=assignment,
            changes={"elective": elective.pk, **values},
        )
    return assignment


def update_assignment(*, actor: Actor, assignment: Assignment, data: AssignmentData) -> Assignment:
    _school_staff(actor, assignment.school_id)
    values = _clean_assignment(data)
    before = {name: getattr(assignment, name) for name in values}
    if before == values:
        return assignment
    with transaction.atomic():
        for name, value in values.items():
            setattr(assignment, name, value)
        assignment.save(update_fields=[*values, "updated_at"])
        record(
            "assessment.assignment.updated",
            actor=actor,
            obj=assignment,
            changes={k: [before[k], values[k]] for k in values if before[k] != values[k]},
        )
    return assignment


def remove_assignment(*, actor: Actor, assignment: Assignment) -> None:
    _school_staff(actor, assignment.school_id)
    with transaction.atomic():
        record(
            "assessment.assignment.removed",
            actor=actor,
            obj=assignment,
            changes={"title": assignment.title, "elective": assignment.elective_id},
        )
        assignment.delete()


# --- Settings ------------------------------------------------------------------------------


def settings_for(school: School | int) -> AssessmentSettings:
    """The school's settings (unsaved defaults when the school never changed them)."""
    school_id = school if isinstance(school, int) else school.pk
    found = AssessmentSettings.objects.filter(school_id=school_id).first()
    return found or AssessmentSettings(school_id=school_id)


def set_parents_see_feedback(*, actor: Actor, value: bool) -> AssessmentSettings:
    """Whether new reviews start visible to parents (a coordinator's school setting)."""
    if actor.role != Role.COORDINATOR or actor.school_id is None:
        raise ValidationError(
            _("Only a coordinator changes the school's assessment settings."), code="role"
        )
    with transaction.atomic():
        current, _created = AssessmentSettings.objects.select_for_update().get_or_create(
            school_id=actor.school_id
        )
        if current.parents_see_feedback == value:
            return current
        before = current.parents_see_feedback
        current.parents_see_feedback = value
        current.save(update_fields=["parents_see_feedback", "updated_at"])
        record(
            "assessment.settings.updated",
            actor=actor,
            obj=current,
            changes={"parents_see_feedback": [before, value]},
        )
    return current
