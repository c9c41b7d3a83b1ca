"""'Why this place?': plain sentences from the stored explanation data."""

from __future__ import annotations

from sen.placements.selectors.allocation import published_outcomes, sentences
from tests.placements.test_allocation_support import closed_round, computed_run, students
from tests.placements.test_choices_support import make_list

NAMES = {1: "Koken — Hotel Laurens", 2: "Metaal — Jansen", 3: "Zorg — De Bron"}


def test_sentences_full_first_choice():  # type: ignore[no-untyped-def]
    explanation = {
        "offer_id": 2,
        "rank": 2,
        "lottery": 7,
        "missed": [
            {
                "offer_id": 1,
                "rank": 1,
                "reason": "full",
                "ineligible": [],
                "capacity": 4,
                "seats_for_you": 4,
                "taken_by_others": 4,
                "ahead_by_priority": 0,
            }
        ],
        "alternatives": [],
    }

    assert sentences(explanation, NAMES, offer_id=2, total=30) == [
        "You got your choice number 2: Metaal — Jansen.",
        "Choice 1 (Koken — Hotel Laurens) had 4 places; "
        "4 students with a better lottery number chose it too.",
        "Your lottery number was 7 of 30; a lower number goes first.",
    ]


def test_sentences_ineligible_reserved_and_optimised():  # type: ignore[no-untyped-def]
    notes = [
        {"offer_id": 1, "rank": 1, "reason": "ineligible", "ineligible": ["too_young", "track"]},
        {"offer_id": 2, "rank": 2, "reason": "reserved", "capacity": 3},
        {"offer_id": 3, "rank": 3, "reason": "optimised", "capacity": 1},
    ]

    result = sentences({"rank": None, "missed": notes, "lottery": 0}, NAMES, offer_id=None)

    assert result == [
        "You did not get a place in this allocation.",
        "You could not take choice 1 (Koken — Hotel Laurens): you are younger than the "
        "minimum age, it is not open to your track.",
        "Choice 2 (Metaal — Jansen) still had room, but those places are reserved for "
        "students of other schools.",
        "Choice 3 (Zorg — De Bron) had 1 place; it went to another student so that more "
        "students got a high choice overall.",
    ]


def test_sentences_manual_and_priority():  # type: ignore[no-untyped-def]
    note = {
        "offer_id": 1,
        "rank": 1,
        "reason": "full",
        "capacity": 2,
        "taken_by_others": 2,
        "ahead_by_priority": 1,
    }

    result = sentences(
        {"rank": 3, "manual": True, "missed": [note], "lottery": 4}, NAMES, offer_id=3
    )

    assert result == [
        "Your coordinator placed you at Zorg — De Bron by hand.",
        "Choice 1 (Koken — Hotel Laurens) had 2 places; 1 student with a better lottery "
        "number chose it too and 1 student with priority chose it too.",
        "Your lottery number was 4; a lower number goes first.",
    ]


def test_published_outcomes_only_published_runs_of_own_student(world):  # type: ignore[no-untyped-def]
    from sen.placements.services import allocation as services

    choice_round, offers = closed_round(world, places=(1, 1))
    rival = students(world, 1)[0]
    make_list(choice_round, world.student_a, offers)
    make_list(choice_round, rival, offers)
    run = computed_run(world.actor("coordinator_a"), choice_round)
    assert published_outcomes(world.actor("student_a")) == []

    services.publish(actor=world.actor("coordinator_a"), run=run)

    mine = published_outcomes(world.actor("student_a"))
    theirs = published_outcomes(world.actor("parent_a"))
    assert [o["assignment"].student_id for o in mine] == [world.student_a.pk]
    assert [o["assignment"].student_id for o in theirs] == [world.student_a.pk]
    assert published_outcomes(world.actor("student_b")) == []
    assert mine[0]["placement"] is not None
    assert mine[0]["sentences"][0].startswith("You got your choice number")
