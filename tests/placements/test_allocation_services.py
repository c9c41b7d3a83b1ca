"""Allocation runs: input from a round, the stored proposal, failure, adjustment, publishing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from sen.audit.models import AuditEvent
from sen.catalogue.offers_models import OfferQuota
from sen.core.models import JobStatus
from sen.placements import allocation as engine
from sen.placements.models import (
    AllocationRun,
    Assignment,
    ChoiceStatus,
    Placement,
    PlacementStatus,
    RoundStatus,
    RunStatus,
)
from sen.placements.selectors.allocation import build_input
from sen.placements.services import allocation as services
from tests.placements.test_allocation_support import (
    closed_round,
    computed_run,
    placement,
    published,
    rank_all,
    scenario,
    students,
)
from tests.placements.test_choices_support import make_list


def test_build_input_takes_submitted_lists_and_held_seats(world):  # type: ignore[no-untyped-def]
    choice_round, offers = closed_round(world)
    people = students(world, 3)
    rank_all(choice_round, people[:2], offers)
    make_list(choice_round, people[2], offers, status=ChoiceStatus.DRAFT)
    placement(world, offer=offers[1], student=students(world, 1)[0])

    inp = build_input(choice_round, seed=7)

    assert {s.id for s in inp.students} == {people[0].pk, people[1].pk}
    assert inp.preferences[people[0].pk] == [o.pk for o in offers]
    assert {o.id: o.capacity for o in inp.offers} == {
        offers[0].pk: 1,
        offers[1].pk: 1,
        offers[2].pk: 1,
    }


def test_build_input_leaves_out_seats_reserved_for_other_schools(world):  # type: ignore[no-untyped-def]
    # Publishing refuses another school's unfilled reserve, so the engine must not hand it out.
    choice_round, offers = closed_round(world, places=(3, 2))
    OfferQuota.objects.create(offer=offers[0], school=world.school_b, places=2)
    OfferQuota.objects.create(offer=offers[1], school=world.school_a, places=1)
    rank_all(choice_round, students(world, 3), offers)

    inp = build_input(choice_round, seed=7)

    assert {o.id: (o.capacity, o.quotas) for o in inp.offers} == {
        offers[0].pk: (1, {}),
        offers[1].pk: (2, {world.school_a.pk: 1}),
    }


def test_school_run_with_other_schools_reserves_publishes(world):  # type: ignore[no-untyped-def]
    choice_round, offers = closed_round(world, places=(2,))
    OfferQuota.objects.create(offer=offers[0], school=world.school_b, places=1)
    rank_all(choice_round, students(world, 2), offers)
    run = computed_run(world.actor("coordinator_a"), choice_round)

    created = services.publish(actor=world.actor("coordinator_a"), run=run)

    assert created == 1


def test_run_stores_the_engines_assignment(world):  # type: ignore[no-untyped-def]
    run = scenario(world)

    inp = build_input(run.round, seed=run.seed)
    expected = engine.allocate(inp, engine.Mechanism.DEFERRED_ACCEPTANCE)
    stored = dict(run.assignments.values_list("student_id", "offer_id"))
    assert run.status == RunStatus.PROPOSAL
    assert stored == dict(expected.assignment)
    assert dict(run.assignments.values_list("student_id", "lottery_number")) == dict(
        expected.lottery
    )
    assert [s["mechanism"] for s in run.figures["summaries"]] == [m.value for m in engine.Mechanism]
    assert run.figures["summaries"][0]["blocking_pairs"] == 0


def test_run_rank_optimal_is_stored_as_chosen(world):  # type: ignore[no-untyped-def]
    choice_round, offers = closed_round(world)
    rank_all(choice_round, students(world, 4), offers)

    run = computed_run(world.actor("coordinator_a"), choice_round, "rank_optimal")

    inp = build_input(choice_round, seed=run.seed)
    expected = engine.allocate(inp, engine.Mechanism.RANK_OPTIMAL)
    assert dict(run.assignments.values_list("student_id", "offer_id")) == dict(expected.assignment)
    assert run.figures["chosen"] == "rank_optimal"


def test_start_run_through_task_finishes_job(world, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    choice_round, offers = closed_round(world)
    rank_all(choice_round, students(world, 2), offers)

    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_run(
            actor=world.actor("coordinator_a"),
            choice_round=choice_round,
            mechanism="deferred_acceptance",
        )

    run.refresh_from_db()
    assert run.status == RunStatus.PROPOSAL
    assert run.job is not None and run.job.status == JobStatus.SUCCEEDED
    assert run.assignments.count() == 2


def test_start_run_failed_run_leaves_state(world, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    earlier = scenario(world)
    choice_round = earlier.round
    choice_round.choice_lists.all().update(status=ChoiceStatus.DRAFT)  # nobody left to allocate

    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_run(
            actor=world.actor("coordinator_a"), choice_round=choice_round, mechanism="rank_optimal"
        )

    run.refresh_from_db()
    earlier.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.job is not None and run.job.status == JobStatus.FAILED
    assert Assignment.objects.filter(run=run).count() == 0
    assert earlier.status == RunStatus.PROPOSAL
    assert earlier.assignments.count() == 4
    assert AuditEvent.objects.filter(
        action="placements.allocation_run.failed", object_id=str(run.pk)
    ).exists()


def test_start_run_open_round_refused(world):  # type: ignore[no-untyped-def]
    choice_round, _ = closed_round(world)
    choice_round.status = RoundStatus.OPEN
    choice_round.save()

    with pytest.raises(ValidationError) as exc:
        services.start_run(
            actor=world.actor("coordinator_a"), choice_round=choice_round, mechanism="rank_optimal"
        )

    assert exc.value.code == "round_status"
    assert AllocationRun.objects.count() == 0


def test_adjust_moves_student_and_audits(world):  # type: ignore[no-untyped-def]
    run = scenario(world)  # 4 students, 4 places, all placed
    first = run.assignments.exclude(offer__isnull=True).first()
    assert first is not None
    second = run.assignments.exclude(offer_id=first.offer_id).first()
    assert second is not None
    freed = first.offer_id
    services.adjust(actor=world.actor("coordinator_a"), assignment=first, offer_id=None)

    services.adjust(actor=world.actor("coordinator_a"), assignment=second, offer_id=freed)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.offer_id, first.rank, first.manual) == (None, None, True)
    assert (second.offer_id, second.manual) == (freed, True)
    assert second.rank is not None
    assert AuditEvent.objects.filter(action="placements.assignment.adjusted").count() == 2


def test_adjust_over_capacity_refused(world):  # type: ignore[no-untyped-def]
    run = scenario(world)  # 4 students, 4 places, all full
    unplaced = run.assignments.filter(offer__isnull=True).first()
    full = run.assignments.exclude(offer__isnull=True).first()
    assert full is not None and unplaced is None  # every student placed
    other = run.assignments.exclude(offer_id=full.offer_id).exclude(offer__isnull=True).first()
    assert other is not None

    with pytest.raises(ValidationError) as exc:
        services.adjust(
            actor=world.actor("coordinator_a"), assignment=other, offer_id=full.offer_id
        )

    assert exc.value.code == "full"
    other.refresh_from_db()
    assert other.manual is False


def test_adjust_ineligible_refused(world):  # type: ignore[no-untyped-def]
    choice_round, offers = closed_round(world, places=(3, 3))
    offers[1].min_age = 18
    offers[1].save()
    rank_all(choice_round, students(world, 1), offers[:1])
    run = computed_run(world.actor("coordinator_a"), choice_round)
    assignment = run.assignments.get()

    with pytest.raises(ValidationError) as exc:
        services.adjust(
            actor=world.actor("coordinator_a"), assignment=assignment, offer_id=offers[1].pk
        )

    assert exc.value.messages == ["you are younger than the minimum age"]


def test_publish_creates_placements_and_events(world, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    run = scenario(world)
    other = computed_run(world.actor("coordinator_a"), run.round)

    with django_capture_on_commit_callbacks(execute=True):
        created = services.publish(actor=world.actor("coordinator_a"), run=run)

    run.refresh_from_db()
    other.refresh_from_db()
    run.round.refresh_from_db()
    assigned = dict(
        run.assignments.exclude(offer__isnull=True).values_list("student_id", "offer_id")
    )
    placements = Placement.objects.filter(run=run)
    assert created == 4
    assert dict(placements.values_list("student_id", "offer_id")) == assigned
    assert set(placements.values_list("status", flat=True)) == {PlacementStatus.PROPOSED}
    assert all(p.decline_deadline for p in placements)
    assert (run.status, other.status, run.round.status) == (
        RunStatus.PUBLISHED,
        RunStatus.DISCARDED,
        RoundStatus.ALLOCATED,
    )
    assert AuditEvent.objects.filter(action="placements.placement.proposed").count() == 4
    assert AuditEvent.objects.filter(action="placements.allocation_run.published").count() == 1
    recipients = sorted(m.to[0] for m in mail.outbox)
    # Anna and her parent; the company's contact for each of the four placements.
    assert recipients == ["anna@leerling.test", *["karin@jansen.test"] * 4, "paula@ouder.test"]


def test_publish_twice_refused(world):  # type: ignore[no-untyped-def]
    run = published(world)

    with pytest.raises(ValidationError) as exc:
        services.publish(actor=world.actor("coordinator_a"), run=run)

    assert exc.value.code == "run_status"
    assert Placement.objects.count() == 4


def test_discard_proposal(world):  # type: ignore[no-untyped-def]
    run = scenario(world)

    services.discard(actor=world.actor("coordinator_a"), run=run)

    assert run.status == RunStatus.DISCARDED
    assert Placement.objects.count() == 0
    with pytest.raises(ValidationError):
        services.publish(actor=world.actor("coordinator_a"), run=run)


def test_follow_up_run_skips_placed_students(world):  # type: ignore[no-untyped-def]
    run = published(world)

    inp = build_input(run.round, seed=1)

    assert inp.students == []
    assert {o.capacity for o in inp.offers} == {0}
