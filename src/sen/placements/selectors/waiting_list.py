"""The waiting list per offer, derived from published allocations (no table of its own).

After a run of a round is published, an offer of the round that has a seat open to the
school (a company declined a student, a placement was cancelled, or it had room) can take
the round's students who are still without a place there: unplaced students and students
whose placement was declined or cancelled. They wait in the order of their rank for the
offer, then their lottery number in the (latest) published run of the round; students the
engine's `ineligibility()` rules out are listed apart with the reason. A student the
offer's company declined does not come back on that offer's list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from sen.catalogue.models import Offer
from sen.core.actor import Actor
from sen.core.scoping import get_visible_or_404
from sen.network.models import Student
from sen.placements import allocation as engine
from sen.placements.models import (
    SEAT_HOLDING,
    AllocationRun,
    Assignment,
    CancelReason,
    ChoiceItem,
    ChoiceRound,
    Placement,
    PlacementStatus,
    RunStatus,
)
from sen.placements.selectors.allocation import (
    INELIGIBLE_TEXT,
    INPUT_STATUSES,
    offer_points,
    school_home,
)
from sen.placements.selectors.choices import round_offers
from sen.placements.services.placements import held_by_school, seats_open_to

OVERVIEW_ROUNDS = 12  # the most recent allocated rounds shown on the overview


@dataclass(frozen=True)
class Waiting:
    """One student on an offer's waiting list."""

    position: int
    student: Student
    rank: int
    lottery_number: int
    assignment: Assignment


@dataclass(frozen=True)
class Ruled:
    """A student who ranked the offer but may not take it (with the reasons, in words)."""

    student: Student
    rank: int
    reasons: list[str]


@dataclass
class Room:
    """An offer of a round with its open seats and its waiting list."""

    offer: Offer
    free: int
    waiting: list[Waiting] = field(default_factory=list)
    ineligible: list[Ruled] = field(default_factory=list)

    @property
    def label(self) -> str:
        return offer_label(self.offer)


def offer_label(offer: Offer) -> str:
    """The label used for offers across allocation pages: "elective — company, town"."""
    return f"{offer.elective.name} — {offer.company.name}, {offer.location.city}"


def published_run_rounds(actor: Actor) -> QuerySet[ChoiceRound]:
    """The actor's school's rounds with at least one published run."""
    published = AllocationRun.objects.filter(status=RunStatus.PUBLISHED).values("round_id")
    return (
        ChoiceRound.objects.visible_to(actor)
        .filter(school_id=actor.school_id or 0, pk__in=published)
        .select_related("period", "school")
        .order_by("-deadline", "pk")
    )


def round_for_actor(actor: Actor, pk: int) -> ChoiceRound:
    return get_visible_or_404(published_run_rounds(actor), actor, pk=pk)


def latest_assignments(choice_round: ChoiceRound) -> dict[int, Assignment]:
    """Each student's assignment in the most recently published run of the round."""
    rows = (
        Assignment.objects.filter(run__round=choice_round, run__status=RunStatus.PUBLISHED)
        .select_related("student__profile", "run")
        .order_by("student_id", "-run__published_at", "-run_id")
    )
    latest: dict[int, Assignment] = {}
    for assignment in rows:
        latest.setdefault(assignment.student_id, assignment)
    return latest


def placed_students(
    choice_round: ChoiceRound, student_ids: set[int], *, offer_ids: list[int] | None = None
) -> set[int]:
    """Students holding a seat at one of the round's offers (`offer_ids`, when known)."""
    placements = Placement.objects.filter(student_id__in=student_ids, status__in=SEAT_HOLDING)
    if offer_ids is None:
        placements = placements.filter(offer__in=round_offers(choice_round))
    else:
        placements = placements.filter(offer_id__in=offer_ids)
    return set(placements.values_list("student_id", flat=True))


def _engine_student(student: Student, home: engine.Point | None) -> engine.Student:
    """The engine's view of a student, measured from the school (`home`, looked up once)."""
    return engine.Student(
        id=student.pk,
        school_id=student.school_id,
        birth_date=student.date_of_birth,
        track=student.track,
        profile=student.profile.code if student.profile_id and student.profile else "",
        home=home,
        submitted_at=None,
    )


def waiting_lists(choice_round: ChoiceRound, *, offer_id: int | None = None) -> list[Room]:
    """Every offer of the round (or just `offer_id`) with its free seats and waiting list,
    in a bounded number of queries whatever the number of students or offers."""
    offers = list(round_offers(choice_round).prefetch_related("quotas", "profiles"))
    round_offer_ids = [o.pk for o in offers]
    if offer_id is not None:
        offers = [o for o in offers if o.pk == offer_id]
    if not offers:
        return []
    school_id = choice_round.school_id
    held = held_by_school(o.pk for o in offers)
    rooms = {
        o.pk: Room(
            offer=o,
            free=seats_open_to(
                places=o.places,
                quotas={q.school_id: q.places for q in o.quotas.all()},
                held=held.get(o.pk, {}),
                school_id=school_id,
            ),
        )
        for o in offers
    }
    assignments = {
        sid: a for sid, a in latest_assignments(choice_round).items() if a.student.left_on is None
    }
    candidates = set(assignments) - placed_students(
        choice_round, set(assignments), offer_ids=round_offer_ids
    )
    declined = set(
        Placement.objects.filter(
            student_id__in=candidates,
            offer_id__in=rooms,
            status=PlacementStatus.CANCELLED,
            cancel_reason=CancelReason.DECLINED_BY_COMPANY,
        ).values_list("student_id", "offer_id")
    )
    ranked = ChoiceItem.objects.filter(
        choice_list__round=choice_round,
        choice_list__status__in=INPUT_STATUSES,
        choice_list__student_id__in=candidates,
        offer_id__in=rooms,
    ).values_list("choice_list__student_id", "offer_id", "rank")
    home = school_home(school_id)
    points = {p.id: p for p in offer_points(offers)}
    students = {sid: _engine_student(assignments[sid].student, home) for sid in candidates}
    entries: dict[int, list[tuple[int, int, int]]] = {}
    for student_id, offer_pk, rank in ranked:
        if (student_id, offer_pk) in declined:
            continue
        reasons = engine.ineligibility(
            students[student_id],
            points[offer_pk],
            reference_date=choice_round.period.starts_on,
            max_distance_km=choice_round.max_distance_km,
        )
        if reasons:
            rooms[offer_pk].ineligible.append(
                Ruled(
                    student=assignments[student_id].student,
                    rank=rank,
                    reasons=[str(INELIGIBLE_TEXT[r]) for r in reasons],
                )
            )
            continue
        entries.setdefault(offer_pk, []).append(
            (rank, assignments[student_id].lottery_number, student_id)
        )
    for offer_pk, rows in entries.items():
        rooms[offer_pk].waiting = [
            Waiting(
                position=position,
                student=assignments[student_id].student,
                rank=rank,
                lottery_number=lottery,
                assignment=assignments[student_id],
            )
            for position, (rank, lottery, student_id) in enumerate(sorted(rows), start=1)
        ]
    for room in rooms.values():
        room.ineligible.sort(key=lambda r: (r.rank, r.student.last_name, r.student.pk))
    return [rooms[o.pk] for o in offers]


def room_for_offer(choice_round: ChoiceRound, offer_id: int) -> Room | None:
    found = waiting_lists(choice_round, offer_id=offer_id)
    return found[0] if found else None


def overview(actor: Actor) -> list[dict[str, object]]:
    """Per recent allocated round: the offers with a free seat and how many students wait.
    For the waiting-list index and the school's placements overview."""
    out: list[dict[str, object]] = []
    for choice_round in published_run_rounds(actor)[:OVERVIEW_ROUNDS]:
        rooms = [r for r in waiting_lists(choice_round) if r.free > 0]
        out.append({"round": choice_round, "rooms": rooms})
    return out
