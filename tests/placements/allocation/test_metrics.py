"""Figures per result, blocking pairs, and the comparison of the three mechanisms."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sen.placements.allocation import (
    AllocationInput,
    Mechanism,
    allocate,
    blocking_pairs,
    compare,
    run_first_come_first_served,
    summarise,
)
from tests.placements.allocation.builders import allocation_input, offer, student


def _run() -> AllocationInput:
    # 5 students, offers 1 (2 seats), 2 (1 seat), 3 (1 seat).
    students = [student(i, lottery=i) for i in range(1, 6)]
    offers = [offer(1, 2), offer(2, 1), offer(3, 1)]
    preferences = {1: [1, 2], 2: [1, 3], 3: [1, 2], 4: [2, 3], 5: [1]}
    return allocation_input(students, offers, preferences)


def test_summarise_counts_ranks_unplaced_and_seats_left() -> None:
    inp = _run()
    # DA: 1 and 2 take offer 1; 3 (lot 3) goes to 2 and pushes 4 (lot 4) to 3; 5 unplaced.
    result = allocate(inp, Mechanism.DEFERRED_ACCEPTANCE)

    summary = summarise(inp, result)

    assert result.assignment == {1: 1, 2: 1, 3: 2, 4: 3, 5: None}
    assert summary.rank_counts == (2, 2)
    assert (summary.placed, summary.unplaced, summary.first_choice, summary.top3) == (4, 1, 2, 4)
    assert summary.mean_rank == 1.5
    assert summary.share_first == 0.4
    assert summary.share_unplaced == 0.2
    assert summary.seats == 4
    assert summary.seats_left == {1: 0, 2: 0, 3: 0}
    assert summary.blocking_pairs == 0


def test_blocking_pairs_finds_a_student_passed_over_by_first_come_first_served() -> None:
    # Student 2 submits first and takes offer 1; student 1 has the better lottery number.
    early = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)
    students = [
        student(1, lottery=1, submitted_at=early + dt.timedelta(minutes=1)),
        student(2, lottery=2, submitted_at=early),
    ]
    inp = allocation_input(students, [offer(1, 1), offer(2, 1)], {1: [1, 2], 2: [1, 2]})

    result = run_first_come_first_served(inp)

    assert result.assignment == {1: 2, 2: 1}
    assert blocking_pairs(inp, result) == [(1, 1)]


def test_blocking_pairs_counts_a_free_seat_someone_wanted() -> None:
    inp = allocation_input([student(1)], [offer(1, 1), offer(2, 1)], {1: [1, 2]})
    result = allocate(inp, Mechanism.DEFERRED_ACCEPTANCE)
    moved = dataclasses.replace(result, assignment={1: 2})

    assert blocking_pairs(inp, moved) == [(1, 1)]


def test_compare_gives_chart_rows_per_rank_and_unplaced() -> None:
    inp = _run()
    results = [allocate(inp, m) for m in Mechanism]

    comparison = compare(inp, results)

    assert [s.mechanism for s in comparison.summaries] == list(Mechanism)
    rows = comparison.chart_rows()
    assert [rank for rank, _ in rows] == [1, 2, None]
    assert rows[0][1][0] == 2  # DA: two first choices
    assert rows[0][1][1] == 3  # rank-optimal: three (1 and 2 or 3 at offer 1, 4 at offer 2)
    assert all(sum(counts) == 5 for counts in zip(*(c for _, c in rows), strict=True))
    assert comparison.summaries[0].blocking_pairs == 0
