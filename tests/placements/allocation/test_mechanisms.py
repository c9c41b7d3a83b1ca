"""Properties every mechanism keeps: capacities, quotas, eligibility, reproducibility."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from sen.placements.allocation import (
    AllocationInput,
    InvalidInput,
    Mechanism,
    allocate,
    draw_lottery,
    new_seed,
)
from tests.placements.allocation.builders import (
    allocation_input,
    eligible_choices,
    instances,
    offer,
    student,
)


@settings(max_examples=100, deadline=None)
@given(instances(max_students=8, max_offers=4, max_capacity=3))
def test_every_mechanism_keeps_capacities_and_eligibility(inp: AllocationInput) -> None:
    capacity = {o.id: o.capacity for o in inp.offers}
    for mechanism in Mechanism:
        result = allocate(inp, mechanism)

        for s, o in result.assignment.items():
            if o is not None:
                assert o in eligible_choices(inp, s)
                assert result.ranks[s] == list(inp.preferences[s]).index(o) + 1
            else:
                assert result.ranks[s] is None
        assert result.seats_used == {
            o: sum(1 for a in result.assignment.values() if a == o) for o in capacity
        }
        assert all(result.seats_used[o] <= capacity[o] for o in capacity)


@settings(max_examples=100, deadline=None)
@given(instances(max_students=8, max_offers=4, max_capacity=3))
def test_reserved_seats_go_to_others_only_when_the_school_leaves_them(
    inp: AllocationInput,
) -> None:
    school = {s.id: s.school_id for s in inp.students}
    for mechanism in Mechanism:
        result = allocate(inp, mechanism)

        for o in inp.offers:
            at = [s for s, a in result.assignment.items() if a == o.id]
            for q, seats in o.quotas.items():
                if sum(1 for s in at if school[s] != q) > o.capacity - seats:
                    # A seat reserved for q went elsewhere: no applicant from q is left
                    # unplaced or below this offer while wanting it.
                    for s in inp.preferences:
                        if school[s] == q and o.id in eligible_choices(inp, s):
                            ranking = list(inp.preferences[s])
                            got = result.assignment[s]
                            assert got is not None, (mechanism, s)
                            assert ranking.index(got) <= ranking.index(o.id), (mechanism, s)


@pytest.mark.parametrize("mechanism", list(Mechanism))
def test_same_seed_gives_the_identical_result(mechanism: Mechanism) -> None:
    inp = _crowded_run(seed=11)

    assert allocate(inp, mechanism) == allocate(_crowded_run(seed=11), mechanism)


def test_another_seed_draws_another_lottery_and_result() -> None:
    first = allocate(_crowded_run(seed=11), Mechanism.DEFERRED_ACCEPTANCE)
    second = allocate(_crowded_run(seed=12), Mechanism.DEFERRED_ACCEPTANCE)

    assert first.seed == 11
    assert second.seed == 12
    assert first.lottery != second.lottery
    assert sorted(first.lottery.values()) == list(range(1, 41))
    assert first.assignment != second.assignment


def test_draw_lottery_is_a_seeded_permutation_independent_of_order() -> None:
    assert draw_lottery([3, 1, 2], 5) == draw_lottery([2, 3, 1], 5)
    assert sorted(draw_lottery(range(100), 5).values()) == list(range(1, 101))
    assert draw_lottery(range(100), 5) != draw_lottery(range(100), 6)
    assert 0 <= new_seed() < 2**63


def test_stored_lottery_numbers_are_used_instead_of_the_seed() -> None:
    students = [student(1, lottery=2), student(2, lottery=1)]
    inp = allocation_input(students, [offer(1, 1)], {1: [1], 2: [1]}, seed=123)

    result = allocate(inp, Mechanism.DEFERRED_ACCEPTANCE)

    assert result.lottery == {1: 2, 2: 1}
    assert result.assignment == {1: None, 2: 1}


def test_lottery_numbers_must_be_all_or_none_and_distinct() -> None:
    partly = allocation_input([student(1, lottery=1), student(2)], [offer(1)], {})
    twice = allocation_input([student(1, lottery=1), student(2, lottery=1)], [offer(1)], {})

    for inp in (partly, twice):
        with pytest.raises(InvalidInput):
            allocate(inp, Mechanism.DEFERRED_ACCEPTANCE)


def test_result_does_not_depend_on_the_order_of_the_input() -> None:
    inp = _crowded_run(seed=4)
    shuffled = AllocationInput(
        students=list(reversed(inp.students)),
        offers=list(reversed(inp.offers)),
        preferences=dict(reversed(list(inp.preferences.items()))),
        reference_date=inp.reference_date,
        seed=inp.seed,
    )

    for mechanism in Mechanism:
        assert allocate(inp, mechanism) == allocate(shuffled, mechanism)


def test_duplicate_ids_are_refused() -> None:
    inp = allocation_input([student(1), student(1)], [offer(1)], {})

    with pytest.raises(InvalidInput):
        allocate(inp, Mechanism.RANK_OPTIMAL)


def _crowded_run(seed: int) -> AllocationInput:
    """40 students of two schools over 6 small offers, 3 choices each."""
    students = [student(i, school=1 + i % 2) for i in range(1, 41)]
    offers = [offer(o, 3, quotas={1: 1} if o == 1 else None) for o in range(1, 7)]
    preferences = {i: [1 + i % 3, 4 + i % 2, 6] for i in range(1, 41)}
    return allocation_input(students, offers, preferences, seed=seed)
