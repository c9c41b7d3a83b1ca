"""Explanations: why each student got their place, as data for the Dutch sentences."""

from __future__ import annotations

import datetime as dt

from sen.placements.allocation import (
    ChoiceNote,
    Explanation,
    Ineligibility,
    MissReason,
    Point,
    run_deferred_acceptance,
    run_first_come_first_served,
    run_rank_optimal,
)
from tests.placements.allocation.builders import allocation_input, offer, student

HOME = Point(52.0, 6.5)


def north(km: float) -> Point:
    return Point(HOME.lat + km / 111.195, HOME.lon)


def test_explanation_first_choice_had_4_places_and_4_better_lottery_numbers() -> None:
    # "Je eerste keuze had 4 plaatsen; 4 leerlingen met een beter lotnummer kozen die ook."
    students = [student(i, lottery=i) for i in range(1, 6)]
    inp = allocation_input(students, [offer(1, 4), offer(2, 10)], {i: [1, 2] for i in range(1, 6)})

    result = run_deferred_acceptance(inp)

    assert result.explanations[5] == Explanation(
        student_id=5,
        offer_id=2,
        rank=2,
        lottery=5,
        missed=(
            ChoiceNote(
                offer_id=1,
                rank=1,
                reason=MissReason.FULL,
                capacity=4,
                seats_for_you=4,
                taken_by_others=4,
                ahead_by_priority=0,
            ),
        ),
    )
    assert result.explanations[1] == Explanation(1, 1, 1, 1, missed=())


def test_explanation_counts_priority_and_leaves_out_seats_reserved_for_others() -> None:
    # Offer 1: 3 seats, 1 reserved for school 2 (taken by student 3). Student 4 competed for
    # the 2 other seats: student 2 got one by priority, student 1 by a better lottery number.
    students = [
        student(1, school=1, lottery=1),
        student(2, school=1, lottery=5),
        student(3, school=2, lottery=6),
        student(4, school=1, lottery=2),
    ]
    inp = allocation_input(
        students,
        [offer(1, 3, quotas={2: 1}), offer(2, 10)],
        {i: [1, 2] for i in range(1, 5)},
        priorities={1: {2: 1}},
    )

    result = run_deferred_acceptance(inp)

    assert result.assignment == {1: 1, 2: 1, 3: 1, 4: 2}
    assert result.explanations[4].missed == (
        ChoiceNote(
            1,
            1,
            MissReason.FULL,
            capacity=3,
            seats_for_you=2,
            taken_by_others=2,
            ahead_by_priority=1,
        ),
    )


def test_explanation_names_the_rule_for_an_ineligible_choice() -> None:
    inp = allocation_input([student(1, age=14)], [offer(1, min_age=16), offer(2)], {1: [1, 2]})

    result = run_deferred_acceptance(inp)

    assert result.explanations[1].missed == (
        ChoiceNote(1, 1, MissReason.INELIGIBLE, ineligible=(Ineligibility.TOO_YOUNG,)),
    )


def test_explanation_lists_eligible_offers_with_room_nearest_first_for_the_unplaced() -> None:
    students = [student(1, lottery=1, home=HOME), student(2, lottery=2, home=HOME)]
    offers = [
        offer(1, 1, location=north(1)),  # full
        offer(2, 1, location=north(5)),
        offer(3, 1, location=north(2)),
        offer(4, 1, location=north(1), min_age=18),  # too young
        offer(5, 1, location=None),  # unknown location: eligible, listed last
        offer(6, 1, location=north(40)),  # too far
    ]
    inp = allocation_input(students, offers, {1: [1], 2: [1]}, max_distance_km=30)

    result = run_deferred_acceptance(inp)

    assert result.explanations[2].offer_id is None
    assert result.explanations[2].rank is None
    assert result.explanations[2].alternatives == (3, 2, 5)
    assert result.explanations[2].missed == (
        ChoiceNote(1, 1, MissReason.FULL, capacity=1, seats_for_you=1, taken_by_others=1),
    )


def test_explanation_rank_optimal_gave_the_seat_away_for_better_overall_ranks() -> None:
    inp = allocation_input(
        [student(1, lottery=1), student(2, lottery=2)],
        [offer(1, 1), offer(2, 1)],
        {1: [1, 2], 2: [1]},
    )

    result = run_rank_optimal(inp)

    assert result.explanations[1].missed == (
        ChoiceNote(1, 1, MissReason.OPTIMISED, capacity=1, seats_for_you=1, taken_by_others=1),
    )


def test_explanation_rank_optimal_reserved_seat_kept_for_another_school() -> None:
    # Offer 1's only seat is reserved for school 2, whose one applicant got their 1st choice.
    students = [student(1, school=1, lottery=1), student(2, school=2, lottery=2)]
    offers = [offer(1, 1, quotas={2: 1}), offer(2, 1), offer(3, 1)]
    inp = allocation_input(students, offers, {1: [1, 3], 2: [2, 1]})

    kept = run_rank_optimal(inp, release_unused_reserves=False)
    released = run_rank_optimal(inp)

    assert kept.assignment == {1: 3, 2: 2}
    assert kept.explanations[1].missed == (
        ChoiceNote(1, 1, MissReason.RESERVED, capacity=1, seats_for_you=0, taken_by_others=0),
    )
    assert released.assignment == {1: 1, 2: 2}


def test_explanation_fcfs_seats_were_taken_by_earlier_students() -> None:
    early = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)
    students = [
        student(1, submitted_at=early),
        student(2, submitted_at=early + dt.timedelta(minutes=1)),
    ]
    inp = allocation_input(students, [offer(1, 1), offer(2, 1)], {1: [1], 2: [1, 2]})

    result = run_first_come_first_served(inp)

    assert result.explanations[2].missed == (
        ChoiceNote(1, 1, MissReason.FULL, capacity=1, seats_for_you=1, taken_by_others=1),
    )
