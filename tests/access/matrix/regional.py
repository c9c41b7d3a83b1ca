"""Regional allocation: the region coordinator allocates closed rounds of their region's
schools together and sees figures per school (never a student's name); each school's
coordinator sees the regional run's results for their own students only.

Setup: closed rounds of schools A (Anna and two classmates) and B (Bram and two
classmates) over shared offers, with a regional proposal made by the region coordinator.
The leak check proves that coordinator_b never sees Anna, nor coordinator_a Bram, nor
a region coordinator either family."""

from __future__ import annotations

from typing import Any

from tests.access.spec import Url

COORDINATORS = frozenset({"coordinator_a", "coordinator_b", "coordinator_c"})
REGION_COORDINATORS = frozenset({"region_coordinator", "region_coordinator_other"})
FOUND = (302,)


def _proposal(world: Any) -> None:
    from tests.placements.test_regional_support import regional_proposal

    regional_proposal(world)


def _closed_rounds(world: Any) -> None:
    from tests.placements.test_regional_support import two_schools

    two_schools(world)


def _run(world: Any) -> dict[str, int]:
    from sen.placements.models import AllocationRun

    return {"pk": AllocationRun.objects.filter(region__isnull=False).latest("created_at").pk}


def _start_data(world: Any) -> dict[str, Any]:
    from sen.placements.models import ChoiceRound

    rounds = ChoiceRound.objects.filter(school__in=[world.school_a, world.school_b])
    return {"rounds": list(rounds.values_list("pk", flat=True)), "mechanism": "rank_optimal"}


PROPOSAL = {"setup": _proposal}

URLS = [
    Url(
        "placements:regional_rounds",
        REGION_COORDINATORS,
        extra=PROPOSAL,
        note="region_coordinator_other sees Twente, with no closed rounds",
    ),
    Url(
        "placements:regional_rounds",
        REGION_COORDINATORS,
        method="post",
        data=_start_data,
        ok_status=(302, 200),
        extra={"setup": _closed_rounds},
        note="302 for the region's coordinator; Twente's gets the form back: not its rounds",
    ),
    Url(
        "placements:regional_run",
        {"region_coordinator"},
        kwargs=_run,
        extra=PROPOSAL,
        shows=lambda w: ["Ludger College", "Staring College", "First come, first served"],
    ),
    Url("placements:regional_run_progress", {"region_coordinator"}, kwargs=_run, extra=PROPOSAL),
    Url(
        "placements:regional_publish",
        {"region_coordinator"},
        kwargs=_run,
        method="post",
        ok_status=FOUND,
        extra=PROPOSAL,
    ),
    Url(
        "placements:regional_discard",
        {"region_coordinator"},
        kwargs=_run,
        method="post",
        ok_status=FOUND,
        extra=PROPOSAL,
    ),
    Url("placements:school_regional_runs", COORDINATORS, extra=PROPOSAL),
    Url(
        "placements:school_regional_run",
        {"coordinator_a", "coordinator_b"},
        kwargs=_run,
        extra=PROPOSAL,
        note="each sees their own family only (the walk's leak check)",
    ),
]
