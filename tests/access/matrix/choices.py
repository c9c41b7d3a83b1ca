"""Choice rounds: coordinators manage their school's rounds, students choose, mentors
approve, parents look on. One open round of school A with Anna's submitted list."""

from __future__ import annotations

from typing import Any

from tests.access.spec import Url
from tests.placements.test_choices_support import make_list, round_with_offers

COORDINATORS = frozenset({"coordinator_a", "coordinator_b", "coordinator_c"})
STUDENTS = frozenset({"student_a", "student_b"})
TEACHERS = frozenset({"teacher_a", "teacher_b"})
PARENTS = frozenset({"parent_a", "parent_b"})
ROUND_NAME = "Keuzeronde walk"


def _setup(world: Any) -> None:
    from sen.placements.selectors.choices import round_offers

    choice_round = round_with_offers(world, name=ROUND_NAME)
    make_list(choice_round, world.student_a, list(round_offers(choice_round))[:2])


def _round(world: Any) -> dict[str, int]:
    from sen.placements.models import ChoiceRound

    return {"pk": ChoiceRound.objects.get(name=ROUND_NAME).pk}


def _list(world: Any) -> dict[str, int]:
    from sen.placements.models import ChoiceList

    return {"pk": ChoiceList.objects.get(round__name=ROUND_NAME, student=world.student_a).pk}


def _unchosen_offer(world: Any) -> dict[str, Any]:
    from sen.placements.models import ChoiceRound
    from sen.placements.selectors.choices import round_offers

    choice_round = ChoiceRound.objects.get(name=ROUND_NAME)
    return {"action": "add", "offer": list(round_offers(choice_round))[2].pk}


SETUP = {"setup": _setup}
FOUND = (302,)

URLS = [
    # Coordinator
    Url("placements:rounds", COORDINATORS, extra=SETUP),
    Url("placements:round_create", COORDINATORS),
    Url(
        "placements:round_create",
        COORDINATORS,
        method="post",
        data=lambda w: {"name": ""},
        note="an empty form comes back with its errors",
    ),
    Url(
        "placements:round",
        {"coordinator_a"},
        kwargs=_round,
        extra=SETUP,
        shows=lambda w: [ROUND_NAME, "Anna"],
    ),
    Url("placements:round_edit", {"coordinator_a"}, kwargs=_round, extra=SETUP),
    Url(
        "placements:round_open",
        {"coordinator_a"},
        kwargs=_round,
        method="post",
        ok_status=FOUND,
        extra=SETUP,
    ),
    Url(
        "placements:round_close",
        {"coordinator_a"},
        kwargs=_round,
        method="post",
        ok_status=FOUND,
        extra=SETUP,
    ),
    # Student
    Url("placements:my_choices", STUDENTS, extra=SETUP),
    Url(
        "placements:choose",
        {"student_a"},
        kwargs=_round,
        extra=SETUP,
        shows=lambda w: [ROUND_NAME],
    ),
    Url(
        "placements:choose_change",
        {"student_a"},
        kwargs=_round,
        method="post",
        data=_unchosen_offer,
        ok_status=FOUND,
        extra=SETUP,
    ),
    Url(
        "placements:choose_submit",
        {"student_a"},
        kwargs=_round,
        method="post",
        ok_status=FOUND,
        extra=SETUP,
    ),
    # Mentor
    Url("placements:review_rounds", TEACHERS, extra=SETUP),
    Url(
        "placements:review_round",
        {"teacher_a"},
        kwargs=_round,
        extra=SETUP,
        shows=lambda w: ["Anna Achterberg"],
    ),
    Url(
        "placements:review_round",
        {"teacher_a"},
        kwargs=_round,
        method="post",
        ok_status=FOUND,
        extra=SETUP,
    ),
    Url(
        "placements:review_approve",
        {"teacher_a"},
        kwargs=_list,
        method="post",
        ok_status=FOUND,
        extra=SETUP,
    ),
    Url(
        "placements:review_return",
        {"teacher_a"},
        kwargs=_list,
        method="post",
        data=lambda w: {"comment": "Kies er nog een"},
        ok_status=FOUND,
        extra=SETUP,
    ),
    # Parent
    Url("placements:children_choices", PARENTS, extra=SETUP),
    Url(
        "placements:child_choices",
        {"parent_a"},
        kwargs=lambda w: {"pk": w.student_a.pk},
        extra=SETUP,
        shows=lambda w: [ROUND_NAME],
    ),
]
