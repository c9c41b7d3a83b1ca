"""The placement state machine: every transition allowed or refused, capacity and quotas."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sen.audit.models import AuditEvent
from sen.catalogue.offers_models import OfferQuota
from sen.placements.models import (
    PLACEMENT_TRANSITIONS,
    CancelReason,
    Placement,
    PlacementStatus,
)
from sen.placements.services import placements as services
from tests.factories import StudentFactory
from tests.factories.agreements import agreement_version_for
from tests.placements.test_allocation_support import placement
from tests.placements.test_choices_support import make_offer

PATHS = {
    PlacementStatus.PROPOSED: [],
    PlacementStatus.AGREEMENT_PENDING: [PlacementStatus.AGREEMENT_PENDING],
    PlacementStatus.ACTIVE: [PlacementStatus.AGREEMENT_PENDING, PlacementStatus.ACTIVE],
    PlacementStatus.COMPLETED: [
        PlacementStatus.AGREEMENT_PENDING,
        PlacementStatus.ACTIVE,
        PlacementStatus.COMPLETED,
    ],
    PlacementStatus.CANCELLED: [PlacementStatus.CANCELLED],
}
PAIRS = [(a, b) for a in PlacementStatus.values for b in PlacementStatus.values]


def _at(world, status):  # type: ignore[no-untyped-def]
    p = placement(world)
    for step in PATHS[status]:
        if step == PlacementStatus.ACTIVE:
            agreement_version_for(p, signed=True)
        services.transition(
            actor=world.actor("coordinator_a"), placement=p, to=step, reason=CancelReason.OTHER
        )
    return p


@pytest.mark.parametrize(("start", "target"), PAIRS)
def test_transition_follows_the_table(world, start, target):  # type: ignore[no-untyped-def]
    p = _at(world, start)
    allowed = target in PLACEMENT_TRANSITIONS[start]

    if allowed:
        if target == PlacementStatus.ACTIVE:
            agreement_version_for(p, signed=True)
        services.transition(
            actor=world.actor("coordinator_a"), placement=p, to=target, reason=CancelReason.OTHER
        )
        assert p.status == target
        verb = services.VERBS[target]
        assert AuditEvent.objects.filter(
            action=f"placements.placement.{verb}", object_id=str(p.pk)
        ).exists()
    else:
        with pytest.raises(ValidationError) as exc:
            services.transition(
                actor=world.actor("coordinator_a"), placement=p, to=target, reason="other"
            )
        assert exc.value.code == "transition"
        p.refresh_from_db()
        assert p.status == start


def test_create_placement_records_proposed(world):  # type: ignore[no-untyped-def]
    p = placement(world)

    assert p.status == PlacementStatus.PROPOSED
    assert list(
        AuditEvent.objects.filter(object_id=str(p.pk)).values_list("action", flat=True)
    ) == ["placements.placement.proposed"]


def test_create_placement_full_offer_refused(world):  # type: ignore[no-untyped-def]
    offer = make_offer(world.company_a, places=1)
    placement(world, offer=offer)

    with pytest.raises(ValidationError) as exc:
        placement(world, offer=offer, student=StudentFactory(school=world.school_a))

    assert exc.value.code == "full"
    assert Placement.objects.filter(offer=offer).count() == 1


def test_create_placement_seat_reserved_for_other_school_refused(world):  # type: ignore[no-untyped-def]
    offer = make_offer(world.company_a, places=2)
    OfferQuota.objects.create(offer=offer, school=world.school_b, places=1)
    placement(world, offer=offer)

    with pytest.raises(ValidationError) as exc:
        placement(world, offer=offer, student=StudentFactory(school=world.school_a))

    assert exc.value.code == "reserved"
    placement(world, offer=offer, student=world.student_b)
    assert Placement.objects.filter(offer=offer).count() == 2


def test_create_placement_cancelled_seat_is_free_again(world):  # type: ignore[no-untyped-def]
    offer = make_offer(world.company_a, places=1)
    first = placement(world, offer=offer)
    services.cancel(actor=None, placement=first, reason=CancelReason.STUDENT_LEFT)

    second = placement(world, offer=offer, student=StudentFactory(school=world.school_a))

    assert second.status == PlacementStatus.PROPOSED


def test_create_placement_twice_for_student_refused(world):  # type: ignore[no-untyped-def]
    offer = make_offer(world.company_a, places=3)
    placement(world, offer=offer)

    with pytest.raises(ValidationError):
        placement(world, offer=offer)


def test_cancel_without_reason_refused(world):  # type: ignore[no-untyped-def]
    p = placement(world)

    with pytest.raises(ValidationError) as exc:
        services.transition(actor=None, placement=p, to=PlacementStatus.CANCELLED)

    assert exc.value.code == "reason"


def test_decline_by_company_cancels_with_reason(world):  # type: ignore[no-untyped-def]
    p = placement(world)

    services.decline_by_company(actor=world.actor("contact_a"), placement=p, note="Geen plek")

    p.refresh_from_db()
    assert (p.status, p.cancel_reason, p.cancel_note) == (
        PlacementStatus.CANCELLED,
        CancelReason.DECLINED_BY_COMPANY,
        "Geen plek",
    )
    assert AuditEvent.objects.filter(
        action="placements.placement.cancelled", object_id=str(p.pk)
    ).exists()


def test_decline_by_company_after_deadline_refused(world):  # type: ignore[no-untyped-def]
    p = placement(world)
    Placement.objects.filter(pk=p.pk).update(
        decline_deadline=timezone.now() - dt.timedelta(hours=1)
    )
    p.refresh_from_db()

    with pytest.raises(ValidationError) as exc:
        services.decline_by_company(actor=world.actor("contact_a"), placement=p, note="Te laat")

    assert exc.value.code == "deadline"
    p.refresh_from_db()
    assert p.status == PlacementStatus.PROPOSED


def test_decline_by_company_without_note_refused(world):  # type: ignore[no-untyped-def]
    p = placement(world)

    with pytest.raises(ValidationError) as exc:
        services.decline_by_company(actor=world.actor("contact_a"), placement=p, note=" ")

    assert exc.value.code == "note"


def test_decline_by_company_active_placement_refused(world):  # type: ignore[no-untyped-def]
    p = _at(world, PlacementStatus.ACTIVE)

    with pytest.raises(ValidationError) as exc:
        services.decline_by_company(actor=world.actor("contact_a"), placement=p, note="Nee")

    assert exc.value.code == "status"


def test_seats_open_to_counts_unfilled_quotas_of_others():  # type: ignore[no-untyped-def]
    assert services.seats_open_to(places=5, quotas={1: 2, 2: 1}, held={1: 1}, school_id=3) == 2
    assert services.seats_open_to(places=5, quotas={1: 2, 2: 1}, held={1: 1}, school_id=1) == 3
    assert services.seats_open_to(places=2, quotas={}, held={1: 2}, school_id=1) == 0


def test_transition_to_active_without_a_signed_agreement_refused(world):  # type: ignore[no-untyped-def]
    p = _at(world, PlacementStatus.AGREEMENT_PENDING)

    with pytest.raises(ValidationError) as refused:
        services.transition(
            actor=world.actor("coordinator_a"), placement=p, to=PlacementStatus.ACTIVE
        )

    assert refused.value.code == "unsigned"
    p.refresh_from_db()
    assert p.status == PlacementStatus.AGREEMENT_PENDING
