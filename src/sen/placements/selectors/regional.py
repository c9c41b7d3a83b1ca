"""Reads for regional allocation runs: the engine input over several rounds, the region
coordinator's pages (figures per school, never a student's name) and a school
coordinator's view of a regional run (their own students only)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from sen.core.actor import Actor
from sen.core.scoping import get_visible_or_404
from sen.network.models import Region, School, Student
from sen.placements import allocation as engine
from sen.placements.models import (
    SEAT_HOLDING,
    AllocationRun,
    Assignment,
    ChoiceItem,
    ChoiceList,
    ChoiceRound,
    Placement,
    RoundStatus,
)
from sen.placements.selectors.allocation import (
    INPUT_STATUSES,
    offer_points,
    school_home,
    student_point,
)
from sen.placements.selectors.choices import round_offers


def build_regional_input(rounds: Sequence[ChoiceRound], *, seed: int) -> engine.AllocationInput:
    """Several schools' rounds as one engine input: the students of every round with
    submitted (or approved) choices who hold no place at one of the offers yet, and the
    union of the rounds' offers. A round's maximum distance applies to its own students;
    ages are taken on the first day of the earliest period."""
    offers: dict[int, Any] = {}
    for choice_round in rounds:
        for offer in round_offers(choice_round).prefetch_related("quotas", "profiles"):
            offers.setdefault(offer.pk, offer)
    placed = Placement.objects.filter(offer_id__in=set(offers), status__in=SEAT_HOLDING).values(
        "student_id"
    )
    by_round = {r.pk: r for r in rounds}
    lists = (
        ChoiceList.objects.filter(
            round_id__in=set(by_round), status__in=INPUT_STATUSES, student__left_on__isnull=True
        )
        .exclude(student_id__in=placed)
        .select_related("student__profile")
        .prefetch_related(Prefetch("items", queryset=ChoiceItem.objects.order_by("rank")))
        .order_by("student_id")
    )
    homes = {r.school_id: school_home(r.school_id) for r in rounds}
    students: list[engine.Student] = []
    preferences: dict[int, list[int]] = {}
    for choice_list in lists:
        choice_round = by_round[choice_list.round_id]
        point = student_point(
            choice_list.student,
            home=homes[choice_round.school_id],
            submitted_at=choice_list.submitted_at,
        )
        limit = choice_round.max_distance_km
        students.append(_replace(point, max_distance_km=None if limit is None else float(limit)))
        preferences[choice_list.student_id] = [item.offer_id for item in choice_list.items.all()]
    if any(s.submitted_at is None for s in students):
        students = [_replace(s, submitted_at=None) for s in students]
    return engine.AllocationInput(
        students=students,
        offers=offer_points(list(offers.values())),
        preferences=preferences,
        reference_date=min(r.period.starts_on for r in rounds),
        seed=seed,
        max_choices=max(r.max_choices for r in rounds),
        max_distance_km=None,
    )


def _replace(student: engine.Student, **changes: Any) -> engine.Student:
    fields = {name: getattr(student, name) for name in student.__slots__}
    return engine.Student(**{**fields, **changes})


# --- The region coordinator ----------------------------------------------------------------


def actor_region(actor: Actor) -> Region | None:
    return Region.objects.filter(pk=actor.region_id or 0).first()


def region_schools(actor: Actor) -> QuerySet[School]:
    return School.objects.visible_to(actor).filter(regions=actor.region_id or 0)


def region_rounds(actor: Actor) -> QuerySet[ChoiceRound]:
    """Closed rounds of the schools of the actor's region, by period start."""
    return (
        ChoiceRound.objects.filter(
            school__in=region_schools(actor).values("pk"), status=RoundStatus.CLOSED
        )
        .select_related("period", "school")
        .order_by("period__starts_on", "school__name", "pk")
    )


def regional_runs(actor: Actor) -> QuerySet[AllocationRun]:
    return (
        AllocationRun.objects.visible_to(actor)
        .filter(region_id=actor.region_id or 0)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("rounds", queryset=ChoiceRound.objects.select_related("school", "period"))
        )
        .order_by("-created_at")
    )


def regional_run_for_actor(actor: Actor, pk: int) -> AllocationRun:
    queryset = (
        AllocationRun.objects.visible_to(actor)
        .filter(region_id=actor.region_id or 0)
        .select_related("job", "region")
    )
    return get_visible_or_404(queryset, actor, pk=pk)


def per_school(run: AllocationRun) -> list[dict[str, Any]]:
    """Counts per school (students, placed, first choice, unplaced): no personal data."""
    rows = run.assignments.values_list("student__school_id", "rank")
    counts: dict[int, Counter[int | None]] = {}
    for school_id, rank in rows:
        counts.setdefault(school_id, Counter())[rank] += 1
    out = []
    for choice_round in run.rounds.select_related("school", "period").order_by("school__name"):
        c = counts.get(choice_round.school_id, Counter())
        total = sum(c.values())
        out.append(
            {
                "round": choice_round,
                "school": choice_round.school,
                "students": total,
                "placed": total - c.get(None, 0),
                "first": c.get(1, 0),
                "unplaced": c.get(None, 0),
            }
        )
    return out


# --- A school coordinator's view of a regional run -----------------------------------------


def _own_rounds(actor: Actor) -> QuerySet[ChoiceRound]:
    return ChoiceRound.objects.visible_to(actor).filter(school_id=actor.school_id or 0)


def school_regional_runs(actor: Actor) -> QuerySet[AllocationRun]:
    """Regional runs that cover a round of the actor's school."""
    ids = AllocationRun.objects.filter(
        region__isnull=False, rounds__in=_own_rounds(actor).values("pk")
    ).values("pk")
    return (
        AllocationRun.objects.filter(pk__in=ids)
        .select_related("region", "created_by")
        .order_by("-created_at")
    )


def school_regional_run(actor: Actor, pk: int) -> AllocationRun:
    run = school_regional_runs(actor).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def own_round(actor: Actor, run: AllocationRun) -> ChoiceRound | None:
    return (
        run.rounds.filter(pk__in=_own_rounds(actor).values("pk")).select_related("period").first()
    )


def own_assignments(
    actor: Actor, run: AllocationRun, *, outcome: str = "", query: str = ""
) -> QuerySet[Assignment]:
    """The run's assignments of the actor's own students (never another school's)."""
    from sen.placements.selectors.allocation import run_assignments

    own = Student.objects.visible_to(actor).filter(school_id=actor.school_id or 0)
    return run_assignments(run, outcome=outcome, query=query).filter(student__in=own.values("pk"))


def own_figures(actor: Actor, run: AllocationRun) -> dict[str, Any]:
    counts = Counter(own_assignments(actor, run).values_list("rank", flat=True))
    max_rank = max([run.figures.get("max_rank", 0), *[r for r in counts if r]], default=0)
    return {
        "students": sum(counts.values()),
        "ranks": [{"rank": r, "count": counts.get(r, 0)} for r in range(1, max_rank + 1)],
        "unplaced": counts.get(None, 0),
    }


def run_rounds_of(run: AllocationRun) -> list[ChoiceRound]:
    return list(run.rounds.select_related("school", "period").order_by("school__name", "pk"))
