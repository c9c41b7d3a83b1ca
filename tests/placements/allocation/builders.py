"""Small allocation inputs for the engine's tests, and hypothesis strategies for them.

Also independent reference versions (written from the specification, not from
the package) of the quota choice function, stability and eligibility, so the
tests do not check the engine against itself.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence

from hypothesis import strategies as st

from sen.placements.allocation import (
    AllocationInput,
    AllocationResult,
    Offer,
    Point,
    Student,
    TimeBlock,
    ineligibility,
)

REFERENCE_DATE = dt.date(2026, 9, 1)


def student(
    id: int,
    *,
    school: int = 1,
    age: int = 15,
    track: str = "KB",
    profile: str = "BWI",
    home: Point | None = None,
    lottery: int | None = None,
    commitments: Iterable[TimeBlock] = (),
    max_distance_km: float | None = None,
    submitted_at: dt.datetime | None = None,
) -> Student:
    """A student who is `age` on the reference date (born on 1 January)."""
    return Student(
        id=id,
        school_id=school,
        birth_date=dt.date(REFERENCE_DATE.year - age, 1, 1),
        track=track,
        profile=profile,
        home=home,
        lottery=lottery,
        commitments=frozenset(commitments),
        max_distance_km=max_distance_km,
        submitted_at=submitted_at,
    )


def offer(
    id: int,
    capacity: int = 1,
    *,
    quotas: Mapping[int, int] | None = None,
    min_age: int | None = None,
    tracks: Iterable[str] = (),
    profiles: Iterable[str] = (),
    location: Point | None = None,
    timeblocks: Iterable[TimeBlock] = (),
) -> Offer:
    return Offer(
        id=id,
        company_id=100 + id,
        elective_id=200 + id,
        capacity=capacity,
        quotas=dict(quotas or {}),
        min_age=min_age,
        tracks=frozenset(tracks),
        profiles=frozenset(profiles),
        location=location,
        timeblocks=frozenset(timeblocks),
    )


def allocation_input(
    students: Sequence[Student],
    offers: Sequence[Offer],
    preferences: Mapping[int, Sequence[int]],
    *,
    seed: int = 1,
    priorities: Mapping[int, Mapping[int, int]] | None = None,
    max_choices: int | None = None,
    max_distance_km: float | None = None,
) -> AllocationInput:
    return AllocationInput(
        students=students,
        offers=offers,
        preferences={s: tuple(p) for s, p in preferences.items()},
        reference_date=REFERENCE_DATE,
        seed=seed,
        max_choices=max_choices,
        max_distance_km=max_distance_km,
        priorities=priorities or {},
    )


@st.composite
def instances(
    draw: st.DrawFn,
    *,
    max_students: int = 4,
    max_offers: int = 3,
    max_capacity: int = 2,
    quotas: bool = True,
    priorities: bool = True,
    ages: bool = True,
) -> AllocationInput:
    """A small random run: 2 schools, capacities 0..max, quotas, priorities, a minimum age."""
    n = draw(st.integers(1, max_students))
    m = draw(st.integers(1, max_offers))
    students = [
        student(
            i,
            school=draw(st.sampled_from((1, 2))),
            age=draw(st.sampled_from((15, 16))) if ages else 15,
        )
        for i in range(1, n + 1)
    ]
    offers = []
    for o in range(1, m + 1):
        capacity = draw(st.integers(0, max_capacity))
        reserved: dict[int, int] = {}
        for school in (1, 2) if quotas else ():
            left = capacity - sum(reserved.values())
            if left and draw(st.integers(0, 2)) == 0:
                reserved[school] = draw(st.integers(1, left))
        min_age = 16 if ages and draw(st.integers(0, 4)) == 0 else None
        offers.append(offer(o, capacity, quotas=reserved, min_age=min_age))
    preferences = {
        s.id: tuple(draw(st.permutations(range(1, m + 1))))[: draw(st.integers(0, m))]
        for s in students
    }
    levels: dict[int, dict[int, int]] = {}
    if priorities and draw(st.booleans()):
        for the_offer in offers:
            levels[the_offer.id] = {s.id: 1 for s in students if draw(st.integers(0, 3)) == 0}
    return allocation_input(
        students, offers, preferences, seed=draw(st.integers(0, 2**32)), priorities=levels
    )


# --- reference versions, from the specification -----------------------------------------


def eligible_choices(inp: AllocationInput, student_id: int) -> list[int]:
    """The student's ranking without offers they may not take (or that are not in the run)."""
    by_id = {o.id: o for o in inp.offers}
    who = next(s for s in inp.students if s.id == student_id)
    return [
        o
        for o in inp.preferences.get(student_id, ())
        if o in by_id
        and not ineligibility(
            who, by_id[o], reference_date=inp.reference_date, max_distance_km=inp.max_distance_km
        )
    ]


def reference_chooses(
    inp: AllocationInput, lottery: Mapping[int, int], offer_id: int, applicants: Iterable[int]
) -> set[int]:
    """Reserves first: each quota school's best up to its quota, then the best of the rest."""
    the_offer = next(o for o in inp.offers if o.id == offer_id)
    school = {s.id: s.school_id for s in inp.students}
    levels = inp.priorities.get(offer_id, {})

    def order(s: int) -> tuple[int, int]:
        return (-levels.get(s, 0), lottery[s])

    ranked = sorted(applicants, key=order)
    chosen: set[int] = set()
    for quota_school, seats in the_offer.quotas.items():
        chosen |= set([s for s in ranked if school[s] == quota_school][:seats])
    rest = [s for s in ranked if s not in chosen]
    chosen |= set(rest[: max(0, the_offer.capacity - len(chosen))])
    return chosen


def holders(assignment: Mapping[int, int | None]) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    for s, o in assignment.items():
        if o is not None:
            result.setdefault(o, []).append(s)
    return result


def reference_blocking_pairs(
    inp: AllocationInput, lottery: Mapping[int, int], assignment: Mapping[int, int | None]
) -> set[tuple[int, int]]:
    at = holders(assignment)
    pairs = set()
    for s in inp.preferences:
        for o in eligible_choices(inp, s):
            if o == assignment.get(s):
                break
            if s in reference_chooses(inp, lottery, o, [*at.get(o, []), s]):
                pairs.add((s, o))
    return pairs


def all_assignments(inp: AllocationInput) -> Iterable[dict[int, int | None]]:
    """Every way to give each student one eligible choice or nothing, within capacities."""
    ids = sorted(s.id for s in inp.students)
    options = [[None, *eligible_choices(inp, s)] for s in ids]
    capacity = {o.id: o.capacity for o in inp.offers}
    for combo in itertools.product(*options):
        counts: dict[int, int] = {}
        for o in combo:
            if o is not None:
                counts[o] = counts.get(o, 0) + 1
        if all(c <= capacity[o] for o, c in counts.items()):
            yield dict(zip(ids, combo, strict=True))


def true_rank(inp: AllocationInput, student_id: int, offer_id: int | None) -> int:
    """Position in the student's (true) ranking, 1-based; unlisted or unplaced: worse than all."""
    ranking = list(inp.preferences.get(student_id, ()))
    return ranking.index(offer_id) + 1 if offer_id in ranking else len(ranking) + 1


def rank_vector(result: AllocationResult) -> tuple[int, ...]:
    counts = [0] * result.max_rank
    for rank in result.ranks.values():
        if rank is not None:
            counts[rank - 1] += 1
    return tuple(counts)
