"""Waiting lists: coordinators see their own school's offers with free places after a
published allocation and place students from the list; everyone else gets 404.

Setup: school A's round with offers X (1 place) and Y (3 places), published, then every
placement withdrawn: Anna and two classmates wait for both offers."""

from __future__ import annotations

from typing import Any

from tests.access.spec import Url

COORDINATORS = frozenset({"coordinator_a", "coordinator_b", "coordinator_c"})
FOUND = (302,)


def _setup(world: Any) -> None:
    from tests.placements.test_waiting_list_support import matrix_setup

    matrix_setup(world)


def _offer_x(world: Any) -> dict[str, int]:
    from sen.placements.models import ChoiceRound
    from tests.placements.test_waiting_list_support import WAITING_ROUND

    choice_round = ChoiceRound.objects.get(name=WAITING_ROUND)
    return {"pk": choice_round.pk, "offer_pk": choice_round.offers.get(places=1).pk}


SETUP = {"setup": _setup}

URLS = [
    Url("placements:waiting_lists", COORDINATORS, extra=SETUP),
    Url(
        "placements:waiting_list",
        {"coordinator_a"},
        kwargs=_offer_x,
        extra=SETUP,
        shows=lambda w: ["Anna Achterberg"],
    ),
    Url(
        "placements:waiting_list_place",
        {"coordinator_a"},
        kwargs=_offer_x,
        method="post",
        data=lambda w: {"student": w.student_a.pk},
        ok_status=FOUND,
        extra=SETUP,
    ),
]
