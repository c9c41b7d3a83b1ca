"""Data builders for the waiting-list tests and the access matrix (no tests here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sen.catalogue.models import Offer
from sen.network.models import Student
from sen.placements.models import (
    AllocationRun,
    Assignment,
    CancelReason,
    ChoiceRound,
    Placement,
    PlacementStatus,
    RoundStatus,
)
from sen.placements.services import allocation as services
from sen.placements.services import placements as placement_services
from tests.placements.test_allocation_support import computed_run, students
from tests.placements.test_choices_support import make_list, make_offer, make_round

WAITING_ROUND = "Keuzeronde wachtlijst"


@dataclass
class Setup:
    round: ChoiceRound
    offers: list[Offer]
    people: list[Student]
    run: AllocationRun


def published_round(
    world: Any, *, places: tuple[int, ...], rankings: list[list[int]], with_anna: bool = False
) -> Setup:
    """A published run: student i ranks the offers at the indices `rankings[i]`."""
    offers = [make_offer(world.company_a, places=n) for n in places]
    choice_round = make_round(
        world.school_a, offers=offers, status=RoundStatus.CLOSED, name=WAITING_ROUND
    )
    people = students(world, len(rankings) - int(with_anna))
    if with_anna:
        people = [world.student_a, *people]
    for student, ranking in zip(people, rankings, strict=True):
        make_list(choice_round, student, [offers[i] for i in ranking])
    run = computed_run(world.actor("coordinator_a"), choice_round)
    services.publish(actor=world.actor("coordinator_a"), run=run)
    run.refresh_from_db()
    return Setup(choice_round, offers, people, run)


def set_lottery(setup: Setup, numbers: dict[Student, int]) -> None:
    for student, number in numbers.items():
        Assignment.objects.filter(run=setup.run, student=student).update(lottery_number=number)


def withdraw_all(world: Any, people: list[Student]) -> None:
    for p in Placement.objects.filter(student__in=people, status=PlacementStatus.PROPOSED):
        placement_services.cancel(
            actor=world.actor("coordinator_a"), placement=p, reason=CancelReason.WITHDRAWN_BY_SCHOOL
        )


def all_withdrawn(world: Any, *, with_anna: bool = False) -> Setup:
    """Offers X (1 place) and Y (3 places); P1 and P2 rank X, Y and P3 ranks Y, X. Everyone
    was placed, then the school withdrew every placement: all three wait for X and Y.
    Lottery numbers: P3 = 1, P2 = 2, P1 = 3."""
    setup = published_round(
        world, places=(1, 3), rankings=[[0, 1], [0, 1], [1, 0]], with_anna=with_anna
    )
    withdraw_all(world, setup.people)
    p1, p2, p3 = setup.people
    set_lottery(setup, {p3: 1, p2: 2, p1: 3})
    return setup


def matrix_setup(world: Any) -> None:
    all_withdrawn(world, with_anna=True)
