"""Waiting lists: ordering, eligibility, placing from the list and each refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sen.audit.models import AuditEvent
from sen.placements.models import (
    Assignment,
    CancelReason,
    Placement,
    PlacementStatus,
)
from sen.placements.selectors import allocation as allocation_selectors
from sen.placements.selectors import waiting_list as selectors
from sen.placements.services import placements as placement_services
from sen.placements.services import waiting_list as services
from tests.placements.test_waiting_list_support import all_withdrawn, published_round


def _names(room: selectors.Room | None) -> list[int]:
    assert room is not None
    return [w.student.pk for w in room.waiting]


def test_waiting_list_orders_by_rank_then_lottery(world):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)
    p1, p2, p3 = setup.people
    x, y = setup.offers

    rooms = {r.offer.pk: r for r in selectors.waiting_lists(setup.round)}

    assert [(w.student.pk, w.rank, w.lottery_number) for w in rooms[x.pk].waiting] == [
        (p2.pk, 1, 2),
        (p1.pk, 1, 3),
        (p3.pk, 2, 1),
    ]
    assert [(w.student.pk, w.rank) for w in rooms[y.pk].waiting] == [
        (p3.pk, 1),
        (p2.pk, 2),
        (p1.pk, 2),
    ]
    assert (rooms[x.pk].free, rooms[y.pk].free) == (1, 3)


def test_waiting_list_leaves_out_ineligible_students_with_reason(world):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)
    p1, p2, p3 = setup.people
    x = setup.offers[0]
    x.min_age = 16
    x.save(update_fields=["min_age"])
    start = setup.round.period.starts_on
    for student, years in ((p1, 14), (p2, 17), (p3, 17)):
        student.date_of_birth = start.replace(year=start.year - years) - dt.timedelta(days=1)
        student.save(update_fields=["date_of_birth"])

    room = selectors.room_for_offer(setup.round, x.pk)

    assert _names(room) == [p2.pk, p3.pk]
    assert room is not None
    assert [(r.student.pk, r.rank, r.reasons) for r in room.ineligible] == [
        (p1.pk, 1, ["you are younger than the minimum age"])
    ]


def test_waiting_list_empty_when_offer_is_full_and_students_placed(world):  # type: ignore[no-untyped-def]
    setup = published_round(world, places=(1, 3), rankings=[[0, 1], [0, 1], [1, 0]])

    rooms = selectors.waiting_lists(setup.round)

    assert [(r.free, r.waiting) for r in rooms] == [(0, []), (1, [])]


def test_declined_student_reenters_other_lists_not_the_declining_offer(world):  # type: ignore[no-untyped-def]
    setup = published_round(world, places=(1, 1), rankings=[[0, 1], [0, 1], [0, 1]])
    x, y = setup.offers
    holder = Placement.objects.get(offer=x)
    placement_services.decline_by_company(
        actor=world.actor("contact_a"), placement=holder, note="Geen begeleider"
    )
    at_y = Placement.objects.get(offer=y)
    placement_services.cancel(
        actor=world.actor("coordinator_a"),
        placement=at_y,
        reason=CancelReason.WITHDRAWN_BY_SCHOOL,
    )
    unplaced = Assignment.objects.get(run=setup.run, offer__isnull=True).student_id

    rooms = {r.offer.pk: r for r in selectors.waiting_lists(setup.round)}

    assert _names(rooms[x.pk]) == sorted(
        [unplaced, at_y.student_id], key=lambda s: _lottery(setup, s)
    )
    assert holder.student_id in _names(rooms[y.pk])
    assert set(_names(rooms[y.pk])) == {unplaced, holder.student_id, at_y.student_id}


def _lottery(setup, student_id):  # type: ignore[no-untyped-def]
    return Assignment.objects.get(run=setup.run, student_id=student_id).lottery_number


def test_place_from_waiting_list_creates_placement_and_updates_explanation(
    world, django_capture_on_commit_callbacks, mailoutbox
):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)
    _p1, p2, _p3 = setup.people
    x = setup.offers[0]

    with django_capture_on_commit_callbacks(execute=True):
        placement = services.place_from_waiting_list(
            actor=world.actor("coordinator_a"),
            choice_round=setup.round,
            offer_id=x.pk,
            student_id=p2.pk,
        )

    assert (placement.student_id, placement.offer_id, placement.status, placement.run_id) == (
        p2.pk,
        x.pk,
        PlacementStatus.PROPOSED,
        setup.run.pk,
    )
    assert placement.decline_deadline is not None
    assignment = Assignment.objects.get(run=setup.run, student=p2)
    assert (assignment.offer_id, assignment.rank) == (x.pk, 1)
    assert assignment.explanation["waiting_list"]["position"] == 1
    assert assignment.explanation["waiting_list"]["rank"] == 1
    actions = list(
        AuditEvent.objects.filter(action__startswith="placements.placement.")
        .order_by("-pk")
        .values_list("action", flat=True)[:2]
    )
    assert actions == [
        "placements.placement.placed_from_waiting_list",
        "placements.placement.proposed",
    ]
    note = AuditEvent.objects.filter(action="placements.placement.placed_from_waiting_list").get()
    assert note.changes["note"] == "placed from the waiting list"
    assert selectors.room_for_offer(setup.round, x.pk).free == 0  # type: ignore[union-attr]
    assert len(mailoutbox) >= 1
    sentences = allocation_selectors.sentences(
        assignment.explanation, allocation_selectors.offer_names([x.pk]), offer_id=x.pk
    )
    assert sentences[0] == (f"You got your choice number 1: {x.elective.name} — {x.company.name}.")


def _refused(world, setup, offer_id, student_id):  # type: ignore[no-untyped-def]
    before = (Placement.objects.count(), AuditEvent.objects.count())
    explanation = dict(
        Assignment.objects.filter(run=setup.run).values_list("student_id", "explanation")
    )
    with pytest.raises(ValidationError) as exc:
        services.place_from_waiting_list(
            actor=world.actor("coordinator_a"),
            choice_round=setup.round,
            offer_id=offer_id,
            student_id=student_id,
        )
    assert (Placement.objects.count(), AuditEvent.objects.count()) == before
    assert (
        dict(Assignment.objects.filter(run=setup.run).values_list("student_id", "explanation"))
        == explanation
    )
    return exc.value


def test_place_from_waiting_list_refuses_student_not_on_list(world):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)
    x = setup.offers[0]

    error = _refused(world, setup, x.pk, world.student_b.pk)

    assert error.code == "not_waiting"
    assert error.messages == [
        f"This student is not on the waiting list of {selectors.offer_label(x)}."
    ]


def test_place_from_waiting_list_refuses_offer_without_seat(world):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)
    p1, p2, _p3 = setup.people
    x = setup.offers[0]
    services.place_from_waiting_list(
        actor=world.actor("coordinator_a"),
        choice_round=setup.round,
        offer_id=x.pk,
        student_id=p2.pk,
    )

    error = _refused(world, setup, x.pk, p1.pk)

    assert error.code == "full"
    assert error.messages == [f"{selectors.offer_label(x)} has no free place."]


def test_place_from_waiting_list_refuses_student_already_placed(world):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)
    _p1, _p2, p3 = setup.people
    x, y = setup.offers
    services.place_from_waiting_list(
        actor=world.actor("coordinator_a"),
        choice_round=setup.round,
        offer_id=y.pk,
        student_id=p3.pk,
    )

    error = _refused(world, setup, x.pk, p3.pk)

    assert error.code == "placed"
    assert error.messages == ["This student already has a place in this round."]


def test_place_from_waiting_list_refuses_offer_outside_round(world):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)
    p1 = setup.people[0]
    other = published_round(world, places=(1,), rankings=[[0]]).offers[0]

    error = _refused(world, setup, other.pk, p1.pk)

    assert error.code == "offer"
    assert error.messages == ["This offer is not part of the choice round."]


def test_round_offer_choices_label_elective_company_town(world):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)

    choices = allocation_selectors.round_offer_choices(setup.run)

    assert choices == [
        (o.pk, f"{o.elective.name} — {o.company.name}, {o.location.city}")
        for o in sorted(setup.offers, key=lambda o: (o.elective.name, o.company.name, o.pk))
    ]
