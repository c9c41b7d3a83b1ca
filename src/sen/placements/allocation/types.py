"""The allocation engine's data: what goes in, what comes out.

Everything here is a frozen dataclass of plain values (ids are the database
primary keys), so the Django side can build an `AllocationInput` from a choice
round in a few queries and store an `AllocationResult` as placements plus JSON.

Conventions used throughout the package:

- a *rank* is the 1-based position in the ranking the student submitted
  (ineligible choices keep their place, so "rank 2" always means "your 2nd choice");
- a *lottery number* runs 1..N and a **lower number is better** (number 1 is drawn first);
- a *priority level* is per offer and per student; a **higher level goes first**,
  students without a level have 0 (e.g. own-school students 1, everyone else 0).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

type TimeBlock = int | str
"""A schedule slot: e.g. a timeblock id, or a key like "2026-W07-mon-am"."""


class InvalidInput(ValueError):
    """The input breaks an invariant the caller must guarantee (duplicate ids, ...)."""


class Mechanism(StrEnum):
    DEFERRED_ACCEPTANCE = "deferred_acceptance"
    RANK_OPTIMAL = "rank_optimal"
    FIRST_COME_FIRST_SERVED = "first_come_first_served"


class Ineligibility(StrEnum):
    """Why a student may not take an offer (one code per rule; a choice can fail several)."""

    OFFER_UNAVAILABLE = "offer_unavailable"  # not part of this run (withdrawn, other period)
    TOO_YOUNG = "too_young"  # younger than the offer's minimum age on the reference date
    TRACK = "track"  # leerweg not among the offer's allowed tracks
    PROFILE = "profile"  # profiel not among the offer's allowed profiles
    TOO_FAR = "too_far"  # home farther than the maximum travel distance
    SCHEDULE_OVERLAP = "schedule_overlap"  # overlaps a timeblock the student already has


class MissReason(StrEnum):
    """Why a student did not get a choice they ranked above the place they got."""

    INELIGIBLE = "ineligible"  # see ChoiceNote.ineligible for the rule(s)
    FULL = "full"  # DA/FCFS: every seat open to you went to someone ahead of you
    RESERVED = "reserved"  # a free seat remained, but it is reserved for other schools
    OPTIMISED = "optimised"  # rank-optimal: the seat went to someone else for better overall ranks


@dataclass(frozen=True, slots=True)
class Point:
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Student:
    id: int
    school_id: int
    birth_date: dt.date
    track: str  # leerweg: BB, KB, GL, TL
    profile: str  # profiel code, e.g. "BWI"
    home: Point | None = None  # None: the distance rule cannot be checked and is skipped
    lottery: int | None = None  # a stored lottery number; None on all students = draw from seed
    commitments: frozenset[TimeBlock] = frozenset()  # timeblocks already taken elsewhere
    max_distance_km: float | None = None  # overrides AllocationInput.max_distance_km
    submitted_at: dt.datetime | None = None  # FCFS order when every student has one


@dataclass(frozen=True, slots=True)
class Offer:
    id: int
    company_id: int
    elective_id: int
    capacity: int
    quotas: Mapping[int, int] = field(default_factory=dict)  # school id → reserved seats
    min_age: int | None = None
    tracks: frozenset[str] = frozenset()  # empty: every track
    profiles: frozenset[str] = frozenset()  # empty: every profile
    location: Point | None = None
    timeblocks: frozenset[TimeBlock] = frozenset()

    def __post_init__(self) -> None:
        if self.capacity < 0:
            raise InvalidInput(f"offer {self.id}: negative capacity")
        quotas = {school: seats for school, seats in self.quotas.items() if seats}
        if any(seats < 0 for seats in quotas.values()):
            raise InvalidInput(f"offer {self.id}: negative quota")
        if sum(quotas.values()) > self.capacity:
            raise InvalidInput(f"offer {self.id}: quotas exceed the capacity")
        object.__setattr__(self, "quotas", MappingProxyType(quotas))

    @property
    def open_seats(self) -> int:
        """Seats not reserved for any school."""
        return self.capacity - sum(self.quotas.values())


@dataclass(frozen=True, slots=True)
class AllocationInput:
    """One run: the students, the offers and the round's rules.

    `preferences` maps a student id to offer ids, best first. `priorities` maps an
    offer id to {student id: level} (higher first; missing = 0). Ages are taken
    on `reference_date` (the first day of the period). A regional run over several
    schools' rounds passes `max_choices` = the largest of them and sets
    `Student.max_distance_km` where a round's limit differs.
    """

    students: Sequence[Student]
    offers: Sequence[Offer]
    preferences: Mapping[int, Sequence[int]]
    reference_date: dt.date
    seed: int
    max_choices: int | None = None
    max_distance_km: float | None = None
    priorities: Mapping[int, Mapping[int, int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DroppedChoice:
    offer_id: int
    rank: int
    reasons: tuple[Ineligibility, ...]


@dataclass(frozen=True, slots=True)
class ChoiceNote:
    """A choice ranked above the student's outcome, and why it was not theirs.

    `capacity` seats in all; `seats_for_you` of them could go to this student (open
    seats plus their own school's reserved seats); `taken_by_others` students hold
    those seats. DA (FULL): every one of them is ahead of the student,
    `ahead_by_priority` by a higher priority level and the rest by a better
    lottery number. FCFS (FULL): they came earlier. Rank-optimal (OPTIMISED):
    they got the seats because that gives better overall ranks.
    """

    offer_id: int
    rank: int
    reason: MissReason
    ineligible: tuple[Ineligibility, ...] = ()
    capacity: int = 0
    seats_for_you: int = 0
    taken_by_others: int = 0
    ahead_by_priority: int = 0


@dataclass(frozen=True, slots=True)
class Explanation:
    student_id: int
    offer_id: int | None
    rank: int | None  # None: unplaced
    lottery: int
    missed: tuple[ChoiceNote, ...]  # every choice ranked above the outcome, best first
    alternatives: tuple[int, ...] = ()  # unplaced only: eligible offers with room, nearest first


@dataclass(frozen=True, slots=True)
class AllocationResult:
    mechanism: Mechanism
    seed: int
    assignment: Mapping[int, int | None]  # student id → offer id (None: unplaced)
    ranks: Mapping[int, int | None]  # student id → rank obtained (1-based)
    seats_used: Mapping[int, int]  # offer id → seats taken
    lottery: Mapping[int, int]  # student id → lottery number used (store it with the run)
    dropped: Mapping[int, tuple[DroppedChoice, ...]]  # ineligible choices per student
    explanations: Mapping[int, Explanation]
    max_rank: int  # the longest ranking in the run (for rank histograms)

    def seats_left(self, offers: Sequence[Offer]) -> dict[int, int]:
        return {offer.id: offer.capacity - self.seats_used.get(offer.id, 0) for offer in offers}
