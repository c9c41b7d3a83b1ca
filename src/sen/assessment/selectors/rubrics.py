"""Reads of rubrics and assignments: the school's management page and a placement's rubric."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from sen.assessment.models import Assignment, Criterion, Level, Rubric
from sen.catalogue.models import Elective
from sen.core.actor import Actor
from sen.core.scoping import get_visible_or_404


def _criteria() -> Prefetch[Any]:
    return Prefetch(
        "criteria",
        queryset=Criterion.objects.order_by("order", "pk").prefetch_related(
            Prefetch("levels", queryset=Level.objects.order_by("order", "points", "pk"))
        ),
    )


def rubric_for(school_id: int, elective_id: int) -> Rubric | None:
    """The school's rubric for an elective, with criteria and levels (3 queries).

    Called for a placement the caller fetched within the actor's scope: a
    supervisor or parent reads the rubric through that placement.
    """
    return (
        Rubric.objects.filter(school_id=school_id, elective_id=elective_id)
        .prefetch_related(_criteria())
        .first()
    )


def rubric_for_placement(placement: Any) -> Rubric | None:
    return rubric_for(placement.student.school_id, placement.offer.elective_id)


def assignments_for(school_id: int, elective_id: int) -> list[Assignment]:
    """The elective's assignments at the school (for a placement fetched within scope)."""
    return list(
        Assignment.objects.filter(school_id=school_id, elective_id=elective_id).order_by(
            "order", "pk"
        )
    )


def school_rubrics(actor: Actor) -> QuerySet[Rubric]:
    return (
        Rubric.objects.visible_to(actor)
        .filter(school_id=actor.school_id or 0)
        .select_related("elective")
        .order_by("elective__name", "pk")
    )


def get_rubric(actor: Actor, pk: int) -> Rubric:
    """A rubric of the actor's school, with criteria and levels; 404 otherwise."""
    queryset = (
        Rubric.objects.filter(school_id=actor.school_id or 0)
        .select_related("elective", "copied_from")
        .prefetch_related(_criteria())
    )
    return get_visible_or_404(queryset, actor, pk=pk)


def get_criterion(actor: Actor, pk: int) -> Criterion:
    queryset = Criterion.objects.filter(rubric__school_id=actor.school_id or 0).select_related(
        "rubric"
    )
    return get_visible_or_404(queryset, actor, pk=pk)


def get_level(actor: Actor, pk: int) -> Level:
    queryset = Level.objects.filter(
        criterion__rubric__school_id=actor.school_id or 0
    ).select_related("criterion__rubric")
    return get_visible_or_404(queryset, actor, pk=pk)


def get_assignment(actor: Actor, pk: int) -> Assignment:
    queryset = Assignment.objects.filter(school_id=actor.school_id or 0).select_related("elective")
    return get_visible_or_404(queryset, actor, pk=pk)


def electives_for_school(school_id: int) -> QuerySet[Elective]:
    """Electives a school can make a rubric for: the national catalogue and its own."""
    return (
        Elective.objects.filter(Q(school__isnull=True) | Q(school_id=school_id))
        .filter(retired_on__isnull=True)
        .select_related("profile")
        .order_by("profile__code", "name")
    )


@dataclass
class ElectiveRow:
    elective: Elective
    rubric: Rubric | None
    placements: int
    assignments: list[Assignment] = field(default_factory=list)


def rubric_overview(actor: Actor) -> list[ElectiveRow]:
    """Each elective with placements or a rubric at the actor's school: its rubric,
    how many running or finished placements it has, and its assignments (4 queries)."""
    from django.db.models import Count

    from sen.placements.models import Placement

    school_id = actor.school_id or 0
    counts = dict(
        Placement.objects.visible_to(actor)
        .filter(
            student__school_id=school_id, status__in=("agreement_pending", "active", "completed")
        )
        .values_list("offer__elective_id")
        .annotate(n=Count("pk"))
        .values_list("offer__elective_id", "n")
    )
    rubrics = {r.elective_id: r for r in school_rubrics(actor)}
    assignments: dict[int, list[Assignment]] = {}
    for assignment in (
        Assignment.objects.visible_to(actor).filter(school_id=school_id).order_by("order", "pk")
    ):
        assignments.setdefault(assignment.elective_id, []).append(assignment)
    ids = set(counts) | set(rubrics) | set(assignments)
    electives = Elective.objects.filter(pk__in=ids).order_by("name")
    return [
        ElectiveRow(
            elective=e,
            rubric=rubrics.get(e.pk),
            placements=counts.get(e.pk, 0),
            assignments=assignments.get(e.pk, []),
        )
        for e in electives
    ]
