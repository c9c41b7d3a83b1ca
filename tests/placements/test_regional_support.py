"""Data builders for the regional allocation tests and the access matrix (no tests here)."""

from __future__ import annotations

from typing import Any

from sen.catalogue.models import Offer, OfferQuota
from sen.network.models import School, Student
from sen.placements.models import AllocationRun, ChoiceRound, RoundStatus
from sen.placements.services import regional as services
from tests.factories import StudentFactory
from tests.placements.test_choices_support import make_list, make_offer, make_round


def shared_offers(world: Any, places: tuple[int, ...] = (2, 2, 1)) -> list[Offer]:
    return [make_offer(world.company_a, places=n) for n in places]


def closed_round_of(school: School, offers: list[Offer], **extra: Any) -> ChoiceRound:
    return make_round(
        school, offers=offers, status=RoundStatus.CLOSED, name=f"Ronde {school.name}", **extra
    )


def pupils(school: School, count: int) -> list[Student]:
    return [StudentFactory(school=school) for _ in range(count)]


def rank(choice_round: ChoiceRound, people: list[Student], offers: list[Offer]) -> None:
    for student in people:
        make_list(choice_round, student, offers)


def quota(offer: Offer, school: School, places: int) -> OfferQuota:
    return OfferQuota.objects.create(offer=offer, school=school, places=places)


def two_schools(world: Any) -> tuple[ChoiceRound, ChoiceRound, list[Offer]]:
    """Closed rounds of schools A and B over the same three offers (5 places); Anna with two
    classmates and Bram with two classmates ranked all three."""
    offers = shared_offers(world)
    round_a = closed_round_of(world.school_a, offers)
    round_b = closed_round_of(world.school_b, offers)
    rank(round_a, [world.student_a, *pupils(world.school_a, 2)], offers)
    rank(round_b, [world.student_b, *pupils(world.school_b, 2)], offers)
    return round_a, round_b, offers


def computed(
    world: Any, rounds: list[ChoiceRound], mechanism: str = "deferred_acceptance"
) -> AllocationRun:
    """A regional run computed at once (the task's work, without the queue)."""
    run = services.start_regional_run(
        actor=world.actor("region_coordinator"),
        region=world.region,
        rounds=rounds,
        mechanism=mechanism,
    )
    services.compute_regional_run(run)
    run.refresh_from_db()
    return run


def regional_proposal(world: Any) -> AllocationRun:
    round_a, round_b, _ = two_schools(world)
    return computed(world, [round_a, round_b])
