"""Data builders for the allocation and placement tests and the access matrix (no tests here)."""

from __future__ import annotations

from typing import Any

from sen.catalogue.models import Offer
from sen.core.actor import Actor
from sen.network.models import Student
from sen.placements.models import AllocationRun, ChoiceRound, Placement, RoundStatus
from sen.placements.services import allocation as services
from sen.placements.services import placements as placement_services
from tests.factories import StudentFactory
from tests.placements.test_choices_support import make_list, make_offer, make_round

ROUND_NAME = "Keuzeronde indeling"


def closed_round(
    world: Any, *, places: tuple[int, ...] = (1, 2, 1), name: str = ROUND_NAME
) -> tuple[ChoiceRound, list[Offer]]:
    offers = [make_offer(world.company_a, places=n) for n in places]
    choice_round = make_round(world.school_a, offers=offers, status=RoundStatus.CLOSED, name=name)
    return choice_round, offers


def students(world: Any, count: int) -> list[Student]:
    return [StudentFactory(school=world.school_a) for _ in range(count)]


def rank_all(choice_round: ChoiceRound, people: list[Student], offers: list[Offer]) -> None:
    for student in people:
        make_list(choice_round, student, offers)


def computed_run(
    actor: Actor, choice_round: ChoiceRound, mechanism: str = "deferred_acceptance"
) -> AllocationRun:
    """A run computed at once (the task's work, without the queue)."""
    run = services.start_run(actor=actor, choice_round=choice_round, mechanism=mechanism)
    services.compute_run(run)
    run.refresh_from_db()
    return run


def scenario(world: Any) -> AllocationRun:
    """Anna and three classmates rank three offers (4 places) in a closed round; a proposal."""
    choice_round, offers = closed_round(world)
    rank_all(choice_round, [world.student_a, *students(world, 3)], offers)
    return computed_run(world.actor("coordinator_a"), choice_round)


def published(world: Any) -> AllocationRun:
    run = scenario(world)
    services.publish(actor=world.actor("coordinator_a"), run=run)
    run.refresh_from_db()
    return run


def placement(world: Any, offer: Offer | None = None, student: Student | None = None) -> Placement:
    return placement_services.create_placement(
        actor=world.actor("coordinator_a"),
        student=student or world.student_a,
        offer=offer or make_offer(world.company_a, places=2),
    )
