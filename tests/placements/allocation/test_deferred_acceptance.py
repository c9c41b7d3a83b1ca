"""Deferred acceptance: stability, student-optimality, strategy-proofness, quotas, priorities."""

from __future__ import annotations

import itertools

from hypothesis import given, settings

from sen.placements.allocation import (
    AllocationInput,
    blocking_pairs,
    run_deferred_acceptance,
)
from tests.placements.allocation.builders import (
    all_assignments,
    allocation_input,
    instances,
    offer,
    reference_blocking_pairs,
    student,
    true_rank,
)


@settings(max_examples=300, deadline=None)
@given(instances(max_students=6, max_offers=4))
def test_da_has_no_blocking_pairs(inp: AllocationInput) -> None:
    result = run_deferred_acceptance(inp)

    assert reference_blocking_pairs(inp, result.lottery, result.assignment) == set()
    assert blocking_pairs(inp, result) == []


@settings(max_examples=300, deadline=None)
@given(instances(max_students=4, max_offers=3))
def test_da_is_the_student_optimal_stable_assignment(inp: AllocationInput) -> None:
    result = run_deferred_acceptance(inp)

    stable = [
        a for a in all_assignments(inp) if not reference_blocking_pairs(inp, result.lottery, a)
    ]

    assert dict(result.assignment) in stable
    for other in stable:
        for s in inp.preferences:
            assert true_rank(inp, s, result.assignment[s]) <= true_rank(inp, s, other[s])


@settings(max_examples=400, deadline=None)
@given(instances(max_students=4, max_offers=3))
def test_da_is_strategy_proof_by_exhaustive_check(inp: AllocationInput) -> None:
    truthful = run_deferred_acceptance(inp)
    offer_ids = [o.id for o in inp.offers]
    every_ranking = [
        ranking
        for length in range(len(offer_ids) + 1)
        for ranking in itertools.permutations(offer_ids, length)
    ]

    for s in inp.preferences:
        honest = true_rank(inp, s, truthful.assignment[s])
        for lie in every_ranking:
            lied = AllocationInput(
                students=inp.students,
                offers=inp.offers,
                preferences={**inp.preferences, s: lie},
                reference_date=inp.reference_date,
                seed=inp.seed,
                priorities=inp.priorities,
            )
            outcome = run_deferred_acceptance(lied).assignment[s]
            assert true_rank(inp, s, outcome) >= honest, (s, lie)


def test_da_gives_a_reserved_seat_to_the_school_before_better_lotteries() -> None:
    students = [student(i, school=2, lottery=i) for i in range(1, 5)]
    students.append(student(5, school=1, lottery=5))
    inp = allocation_input(students, [offer(1, 3, quotas={1: 2})], {i: [1] for i in range(1, 6)})

    result = run_deferred_acceptance(inp)

    assert {s for s, o in result.assignment.items() if o == 1} == {1, 2, 5}


def test_da_opens_reserved_seats_nobody_from_the_school_wants() -> None:
    students = [student(i, school=2, lottery=i) for i in range(1, 5)]
    inp = allocation_input(students, [offer(1, 3, quotas={1: 2})], {i: [1] for i in range(1, 5)})

    result = run_deferred_acceptance(inp)

    assert {s for s, o in result.assignment.items() if o == 1} == {1, 2, 3}


def test_da_lets_a_school_compete_for_open_seats_after_its_reserve() -> None:
    # Capacity 3, 2 reserved for school 1. School 1's best two take the reserve; the open
    # seat goes to the best lottery number of everyone left: student 3 of school 1 (lot 2)
    # beats student 4 of school 2 (lot 4).
    students = [
        student(1, school=1, lottery=1),
        student(2, school=1, lottery=3),
        student(3, school=1, lottery=2),
        student(4, school=2, lottery=4),
    ]
    inp = allocation_input(students, [offer(1, 3, quotas={1: 2})], {i: [1] for i in range(1, 5)})

    result = run_deferred_acceptance(inp)

    assert {s for s, o in result.assignment.items() if o == 1} == {1, 2, 3}


def test_da_reserved_seats_go_only_to_the_school_when_it_applies() -> None:
    # Two seats, both reserved for school 1; school 2's better lottery numbers do not help.
    students = [student(1, school=2, lottery=1), student(2, school=2, lottery=2)]
    students += [student(3, school=1, lottery=3), student(4, school=1, lottery=4)]
    inp = allocation_input(students, [offer(1, 2, quotas={1: 2})], {i: [1] for i in range(1, 5)})

    result = run_deferred_acceptance(inp)

    assert {s for s, o in result.assignment.items() if o == 1} == {3, 4}


def test_da_priority_level_goes_before_the_lottery() -> None:
    students = [student(1, lottery=1), student(2, lottery=2)]
    inp = allocation_input(
        students, [offer(1, 1), offer(2, 1)], {1: [1, 2], 2: [1, 2]}, priorities={1: {2: 1}}
    )

    result = run_deferred_acceptance(inp)

    assert result.assignment == {1: 2, 2: 1}


def test_da_student_proposing_gives_the_students_their_best_stable_outcome() -> None:
    # Classic example: priorities disagree with preferences; students 1 and 2 both get
    # their first choice although each has the lower priority there.
    students = [student(1, lottery=1), student(2, lottery=2)]
    inp = allocation_input(
        students,
        [offer(1, 1), offer(2, 1)],
        {1: [2, 1], 2: [1, 2]},
        priorities={1: {1: 1}, 2: {2: 1}},
    )

    result = run_deferred_acceptance(inp)

    assert result.assignment == {1: 2, 2: 1}
    assert result.ranks == {1: 1, 2: 1}
