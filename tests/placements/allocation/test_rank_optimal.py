"""Rank-optimal assignment: lexicographic optimality against brute force, quotas, ties."""

from __future__ import annotations

import random
from collections.abc import Mapping

from hypothesis import given, settings

from sen.placements.allocation import (
    AllocationInput,
    AllocationResult,
    run_deferred_acceptance,
    run_rank_optimal,
)
from tests.placements.allocation.builders import (
    all_assignments,
    allocation_input,
    eligible_choices,
    instances,
    offer,
    rank_vector,
    student,
    true_rank,
)


def ranks_of(inp: AllocationInput, assignment: Mapping[int, int | None]) -> tuple[int, ...]:
    longest = max((len(p) for p in inp.preferences.values()), default=0)
    counts = [0] * longest
    for s, o in assignment.items():
        if o is not None:
            counts[true_rank(inp, s, o) - 1] += 1
    return tuple(counts)


def tie_cost(
    inp: AllocationInput, lottery: Mapping[int, int], assignment: Mapping[int, int | None]
) -> int:
    """Sum of (rank - 1) x weight, weight N for the best lottery number down to 1."""
    longest = max((len(p) for p in inp.preferences.values()), default=0)
    order = sorted(lottery, key=lambda s: lottery[s])
    weight = {s: len(order) - i for i, s in enumerate(order)}
    return sum(
        weight[s] * (true_rank(inp, s, o) - 1 if o is not None else longest)
        for s, o in assignment.items()
    )


def respects_hard_reserves(inp: AllocationInput, assignment: Mapping[int, int | None]) -> bool:
    """Reserved seats (up to the number of the school's eligible applicants) only for the school."""
    school = {s.id: s.school_id for s in inp.students}
    for o in inp.offers:
        at = [s for s, a in assignment.items() if a == o.id]
        held = {
            q: min(
                seats,
                sum(
                    1
                    for s in inp.preferences
                    if school[s] == q and o.id in eligible_choices(inp, s)
                ),
            )
            for q, seats in o.quotas.items()
        }
        overflow = sum(max(0, sum(1 for s in at if school[s] == q) - r) for q, r in held.items())
        others = sum(1 for s in at if school[s] not in held)
        if overflow + others > o.capacity - sum(held.values()):
            return False
    return True


def brute_force(
    inp: AllocationInput, lottery: Mapping[int, int], *, placed_first: bool = False
) -> tuple[tuple[int, ...], int]:
    """The best rank vector (lexicographic) over all feasible assignments, and its best tie cost."""

    def key(a: Mapping[int, int | None]) -> tuple[int, ...]:
        placed = sum(1 for o in a.values() if o is not None)
        return ((placed,) if placed_first else ()) + ranks_of(inp, a)

    feasible = [a for a in all_assignments(inp) if respects_hard_reserves(inp, a)]
    best = max(key(a) for a in feasible)
    return best, min(tie_cost(inp, lottery, a) for a in feasible if key(a) == best)


def outcome(
    inp: AllocationInput, result: AllocationResult, *, placed_first: bool = False
) -> tuple[tuple[int, ...], int]:
    placed = sum(1 for o in result.assignment.values() if o is not None)
    vector = ((placed,) if placed_first else ()) + ranks_of(inp, result.assignment)
    return vector, tie_cost(inp, result.lottery, result.assignment)


@settings(max_examples=200, deadline=None)
@given(instances(max_students=5, max_offers=3, quotas=False))
def test_rank_optimal_equals_brute_force_without_quotas(inp: AllocationInput) -> None:
    result = run_rank_optimal(inp)

    assert outcome(inp, result) == brute_force(inp, result.lottery)


@settings(max_examples=200, deadline=None)
@given(instances(max_students=5, max_offers=3))
def test_rank_optimal_equals_brute_force_with_hard_reserves(inp: AllocationInput) -> None:
    result = run_rank_optimal(inp, release_unused_reserves=False)

    assert respects_hard_reserves(inp, result.assignment)
    assert outcome(inp, result) == brute_force(inp, result.lottery)


@settings(max_examples=100, deadline=None)
@given(instances(max_students=5, max_offers=3))
def test_rank_optimal_equals_brute_force_when_every_level_is_its_own_stage(
    inp: AllocationInput,
) -> None:
    # A tiny cost budget forces one OR-Tools solve per level, joined by reduced-cost fixing.
    result = run_rank_optimal(inp, release_unused_reserves=False, max_arc_cost=20)

    assert outcome(inp, result) == brute_force(inp, result.lottery)


@settings(max_examples=100, deadline=None)
@given(instances(max_students=5, max_offers=3, quotas=False))
def test_rank_optimal_can_place_the_most_students_first(inp: AllocationInput) -> None:
    result = run_rank_optimal(inp, maximise_placed=True)

    assert outcome(inp, result, placed_first=True) == brute_force(
        inp, result.lottery, placed_first=True
    )


@settings(max_examples=200, deadline=None)
@given(instances(max_students=5, max_offers=3))
def test_rank_optimal_releases_reserved_seats_without_hurting_the_school(
    inp: AllocationInput,
) -> None:
    hard = run_rank_optimal(inp, release_unused_reserves=False)

    result = run_rank_optimal(inp)

    assert rank_vector(result) >= rank_vector(hard)
    school = {s.id: s.school_id for s in inp.students}
    for o in inp.offers:
        at = [s for s, a in result.assignment.items() if a == o.id]
        assert len(at) <= o.capacity
        for q, seats in o.quotas.items():
            others = sum(1 for s in at if school[s] != q)
            if others > o.capacity - seats:  # someone from elsewhere has one of q's seats
                for s in inp.preferences:
                    if school[s] == q and o.id in eligible_choices(inp, s):
                        assert true_rank(inp, s, result.assignment[s]) <= true_rank(inp, s, o.id)


def test_rank_optimal_gives_more_first_choices_than_da() -> None:
    # Student 1 (best lottery) ranks A then B; student 2 only wants A. DA gives A to
    # student 1 and leaves student 2 unplaced; rank-optimal gives both a place.
    students = [student(1, lottery=1), student(2, lottery=2)]
    inp = allocation_input(students, [offer(1, 1), offer(2, 1)], {1: [1, 2], 2: [1]})

    da = run_deferred_acceptance(inp)
    best = run_rank_optimal(inp)

    assert da.assignment == {1: 1, 2: None}
    assert best.assignment == {1: 2, 2: 1}


def test_rank_optimal_breaks_ties_by_the_lottery() -> None:
    students = [student(1, lottery=2), student(2, lottery=1), student(3, lottery=3)]
    inp = allocation_input(students, [offer(1, 1)], {1: [1], 2: [1], 3: [1]})

    result = run_rank_optimal(inp)

    assert result.assignment == {1: None, 2: 1, 3: None}


def test_rank_optimal_staging_agrees_on_a_large_run() -> None:
    # 3,000 students x 5 choices: the default packs several rank levels per OR-Tools solve,
    # the forced variant solves one level per stage; both must find the same optimum.
    rng = random.Random(7)
    offers = [offer(o, rng.randint(1, 4)) for o in range(1, 601)]
    popular = [o for o in range(1, 601) for _ in range(1 + (o % 7 == 0) * 6)]
    preferences = {}
    for s in range(1, 3001):
        ranking: list[int] = []
        while len(ranking) < 5:
            choice = rng.choice(popular)
            if choice not in ranking:
                ranking.append(choice)
        preferences[s] = ranking
    inp = allocation_input([student(s) for s in range(1, 3001)], offers, preferences, seed=3)

    packed = run_rank_optimal(inp)
    staged = run_rank_optimal(inp, max_arc_cost=10**5)

    assert rank_vector(packed) == rank_vector(staged)
    assert tie_cost(inp, packed.lottery, packed.assignment) == tie_cost(
        inp, staged.lottery, staged.assignment
    )
    assert rank_vector(packed)[0] >= rank_vector(run_deferred_acceptance(inp))[0]
