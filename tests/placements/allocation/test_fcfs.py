"""First come, first served: turn order, reserved seats, the second turn after release."""

from __future__ import annotations

import datetime as dt

from sen.placements.allocation import run_first_come_first_served
from sen.placements.allocation.fcfs import turn_order
from sen.placements.allocation.problem import prepare
from tests.placements.allocation.builders import allocation_input, offer, student

MORNING = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    return MORNING + dt.timedelta(minutes=minutes)


def test_fcfs_serves_the_earliest_submission_first() -> None:
    students = [student(1, submitted_at=at(5)), student(2, submitted_at=at(1))]
    inp = allocation_input(students, [offer(1, 1), offer(2, 1)], {1: [1, 2], 2: [1, 2]})

    result = run_first_come_first_served(inp)

    assert result.assignment == {1: 2, 2: 1}


def test_fcfs_breaks_equal_submission_times_by_lottery() -> None:
    students = [
        student(1, submitted_at=at(1), lottery=2),
        student(2, submitted_at=at(1), lottery=1),
    ]
    inp = allocation_input(students, [offer(1, 1)], {1: [1], 2: [1]})

    assert run_first_come_first_served(inp).assignment == {1: None, 2: 1}


def test_fcfs_without_times_uses_a_seeded_order_apart_from_the_lottery() -> None:
    students = [student(i) for i in range(1, 31)]
    problem = prepare(allocation_input(students, [offer(1)], {}, seed=9))

    order = turn_order(problem)

    assert order == turn_order(prepare(allocation_input(students, [offer(1)], {}, seed=9)))
    assert order != turn_order(prepare(allocation_input(students, [offer(1)], {}, seed=10)))
    assert order != sorted(range(30), key=lambda p: problem.lottery[p])


def test_fcfs_keeps_reserved_seats_for_the_school_during_the_first_turns() -> None:
    # Offer 1 has 2 seats, 1 reserved for school 1. Two early students of school 2 both
    # want it: the second gets their 2nd choice, the late school-1 student the reserved seat.
    students = [
        student(1, school=2, submitted_at=at(1)),
        student(2, school=2, submitted_at=at(2)),
        student(3, school=1, submitted_at=at(3)),
    ]
    inp = allocation_input(
        students, [offer(1, 2, quotas={1: 1}), offer(2, 5)], {1: [1, 2], 2: [1, 2], 3: [1]}
    )

    result = run_first_come_first_served(inp)

    assert result.assignment == {1: 1, 2: 2, 3: 1}


def test_fcfs_releases_unused_reserved_seats_in_a_second_turn() -> None:
    students = [student(1, school=2, submitted_at=at(1)), student(2, school=2, submitted_at=at(2))]
    inp = allocation_input(students, [offer(1, 2, quotas={1: 1})], {1: [1], 2: [1]})

    result = run_first_come_first_served(inp)

    assert result.assignment == {1: 1, 2: 1}
