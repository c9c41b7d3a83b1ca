"""Allocation and placements: coordinators allocate their school's rounds and follow its
placements; companies see their incoming students (contacts may decline); students and
parents see the published outcome with its explanation.

Setups: a closed round of school A with a proposal (Anna and three classmates), or a
published run. Company pages use a run without Anna: companies never see family A."""

from __future__ import annotations

from typing import Any

from tests.access.spec import Url

COORDINATORS = frozenset({"coordinator_a", "coordinator_b", "coordinator_c"})
COMPANY = frozenset({"supervisor_a", "supervisor_b", "contact_a", "contact_b"})
STUDENTS_AND_PARENTS = frozenset({"student_a", "student_b", "parent_a", "parent_b"})
FOUND = (302,)


def _proposal(world: Any) -> None:
    from tests.placements.test_allocation_support import scenario

    scenario(world)


def _published(world: Any) -> None:
    from tests.placements.test_allocation_support import published

    published(world)


def _published_without_family(world: Any) -> None:
    from sen.placements.services import allocation as services
    from tests.placements.test_allocation_support import (
        closed_round,
        computed_run,
        rank_all,
        students,
    )

    choice_round, offers = closed_round(world)
    rank_all(choice_round, students(world, 3), offers)
    run = computed_run(world.actor("coordinator_a"), choice_round)
    services.publish(actor=world.actor("coordinator_a"), run=run)


def _run(world: Any) -> dict[str, int]:
    from sen.placements.models import AllocationRun

    return {"pk": AllocationRun.objects.latest("created_at").pk}


def _round(world: Any) -> dict[str, int]:
    from sen.placements.models import ChoiceRound
    from tests.placements.test_allocation_support import ROUND_NAME

    return {"pk": ChoiceRound.objects.get(name=ROUND_NAME).pk}


def _placement(world: Any) -> dict[str, int]:
    from sen.placements.models import Placement

    return {"pk": Placement.objects.order_by("pk").first().pk}  # type: ignore[union-attr]


def _move_to_unplaced(world: Any) -> dict[str, Any]:
    from sen.placements.models import Assignment

    return {"assignment": Assignment.objects.order_by("pk").first().pk, "offer": ""}  # type: ignore[union-attr]


PROPOSAL = {"setup": _proposal}
PUBLISHED = {"setup": _published}
COMPANY_SETUP = {"setup": _published_without_family}

URLS = [
    Url("placements:allocation_rounds", COORDINATORS, extra=PROPOSAL),
    Url("placements:allocation_round", {"coordinator_a"}, kwargs=_round, extra=PROPOSAL),
    Url(
        "placements:allocation_round",
        {"coordinator_a"},
        kwargs=_round,
        method="post",
        data=lambda w: {"mechanism": "rank_optimal"},
        ok_status=FOUND,
        extra=PROPOSAL,
    ),
    Url(
        "placements:allocation_run",
        {"coordinator_a"},
        kwargs=_run,
        extra=PROPOSAL,
        shows=lambda w: ["Anna Achterberg", "First come, first served"],
    ),
    Url("placements:allocation_run_progress", {"coordinator_a"}, kwargs=_run, extra=PROPOSAL),
    Url(
        "placements:allocation_adjust",
        {"coordinator_a"},
        kwargs=_run,
        method="post",
        data=_move_to_unplaced,
        ok_status=FOUND,
        extra=PROPOSAL,
    ),
    Url(
        "placements:allocation_publish",
        {"coordinator_a"},
        kwargs=_run,
        method="post",
        ok_status=FOUND,
        extra=PROPOSAL,
    ),
    Url(
        "placements:allocation_discard",
        {"coordinator_a"},
        kwargs=_run,
        method="post",
        ok_status=FOUND,
        extra=PROPOSAL,
    ),
    Url("placements:school_placements", COORDINATORS, extra=PUBLISHED),
    Url(
        "placements:placement_change_status",
        {"coordinator_a"},
        kwargs=_placement,
        method="post",
        data=lambda w: {"to": "agreement_pending"},
        ok_status=FOUND,
        extra=PUBLISHED,
    ),
    Url("placements:company_placements", COMPANY, extra=COMPANY_SETUP),
    Url(
        "placements:placement_decline",
        {"contact_a"},
        kwargs=_placement,
        method="post",
        data=lambda w: {"note": "Geen begeleider beschikbaar"},
        ok_status=FOUND,
        extra=COMPANY_SETUP,
    ),
    Url(
        "placements:my_outcome",
        STUDENTS_AND_PARENTS,
        extra=PUBLISHED,
        note="student_b and parent_b see the empty state",
    ),
]
