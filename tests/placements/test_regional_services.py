"""Regional allocation runs: starting, computing over several schools, publishing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sen.audit.models import AuditEvent
from sen.placements.models import (
    AllocationRun,
    Placement,
    PlacementStatus,
    RoundStatus,
    RunStatus,
)
from sen.placements.selectors.regional import build_regional_input
from sen.placements.services import regional as services
from tests.factories import PeriodFactory
from tests.placements.test_regional_support import (
    closed_round_of,
    computed,
    pupils,
    quota,
    rank,
    regional_proposal,
    shared_offers,
    two_schools,
)


def _start(world, rounds):  # type: ignore[no-untyped-def]
    return services.start_regional_run(
        actor=world.actor("region_coordinator"),
        region=world.region,
        rounds=rounds,
        mechanism="deferred_acceptance",
    )


def test_start_regional_run_refuses_round_of_another_region(world):  # type: ignore[no-untyped-def]
    offers = shared_offers(world)
    rounds = [closed_round_of(world.school_a, offers), closed_round_of(world.school_c, offers)]

    with pytest.raises(ValidationError) as exc:
        _start(world, rounds)

    assert exc.value.code == "region"
    assert AllocationRun.objects.count() == 0


def test_start_regional_run_refuses_round_not_closed(world):  # type: ignore[no-untyped-def]
    offers = shared_offers(world)
    open_round = closed_round_of(world.school_b, offers)
    open_round.status = RoundStatus.OPEN
    open_round.save()

    with pytest.raises(ValidationError) as exc:
        _start(world, [closed_round_of(world.school_a, offers), open_round])

    assert exc.value.code == "round_status"
    assert AllocationRun.objects.count() == 0


def test_start_regional_run_refuses_single_round(world):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        _start(world, [closed_round_of(world.school_a, shared_offers(world))])

    assert exc.value.code == "too_few"


def test_start_regional_run_refuses_two_rounds_of_one_school(world):  # type: ignore[no-untyped-def]
    offers = shared_offers(world)

    with pytest.raises(ValidationError) as exc:
        _start(
            world,
            [closed_round_of(world.school_a, offers), closed_round_of(world.school_a, offers)],
        )

    assert exc.value.code == "same_school"


def test_start_regional_run_refuses_periods_that_do_not_overlap(world):  # type: ignore[no-untyped-def]
    import datetime as dt

    offers = shared_offers(world)
    later = PeriodFactory(
        school=world.school_b, starts_on=dt.date(2027, 1, 4), ends_on=dt.date(2027, 3, 1)
    )

    with pytest.raises(ValidationError) as exc:
        _start(
            world,
            [
                closed_round_of(world.school_a, offers),
                closed_round_of(world.school_b, offers, period=later),
            ],
        )

    assert exc.value.code == "periods"


def test_start_regional_run_refuses_unknown_mechanism(world):  # type: ignore[no-untyped-def]
    round_a, round_b, _ = two_schools(world)

    with pytest.raises(ValidationError) as exc:
        services.start_regional_run(
            actor=world.actor("region_coordinator"),
            region=world.region,
            rounds=[round_a, round_b],
            mechanism="first_come",
        )

    assert exc.value.code == "mechanism"


def test_start_regional_run_records_rounds_and_audit(world):  # type: ignore[no-untyped-def]
    round_a, round_b, _ = two_schools(world)

    run = _start(world, [round_b, round_a])

    assert run.region_id == world.region.pk
    assert run.round_id == round_a.pk
    assert set(run.rounds.values_list("pk", flat=True)) == {round_a.pk, round_b.pk}
    event = AuditEvent.objects.get(action="placements.allocation_run.started")
    assert event.changes["rounds"] == [round_a.pk, round_b.pk]


def test_compute_regional_run_allocates_students_of_both_schools(world):  # type: ignore[no-untyped-def]
    run = regional_proposal(world)

    schools = set(run.assignments.values_list("student__school_id", flat=True))
    assert run.status == RunStatus.PROPOSAL
    assert schools == {world.school_a.pk, world.school_b.pk}
    assert run.assignments.count() == 6
    assert run.assignments.filter(offer__isnull=False).count() == 5
    assert [s["mechanism"] for s in run.figures["summaries"]] == [
        "deferred_acceptance",
        "rank_optimal",
        "first_come_first_served",
    ]


@pytest.mark.parametrize("mechanism", ["deferred_acceptance", "rank_optimal"])
def test_compute_regional_run_respects_quota_of_other_school(world, mechanism):  # type: ignore[no-untyped-def]
    (offer,) = shared_offers(world, places=(2,))
    quota(offer, world.school_b, 1)
    round_a = closed_round_of(world.school_a, [offer])
    round_b = closed_round_of(world.school_b, [offer])
    rank(round_a, pupils(world.school_a, 3), [offer])
    rank(round_b, [world.student_b], [offer])

    run = computed(world, [round_a, round_b], mechanism)

    placed = list(run.assignments.filter(offer=offer).values_list("student__school_id", flat=True))
    assert sorted(placed) == sorted([world.school_a.pk, world.school_b.pk])
    assert run.assignments.get(student=world.student_b).offer_id == offer.pk


def test_build_regional_input_applies_each_rounds_distance_to_its_students(world):  # type: ignore[no-untyped-def]
    offers = shared_offers(world)
    round_a = closed_round_of(world.school_a, offers, max_distance_km=5)
    round_b = closed_round_of(world.school_b, offers, max_choices=3)
    rank(round_a, [world.student_a], offers)
    rank(round_b, [world.student_b], offers)

    inp = build_regional_input([round_a, round_b], seed=7)

    limits = {s.id: s.max_distance_km for s in inp.students}
    assert limits == {world.student_a.pk: 5.0, world.student_b.pk: None}
    assert {o.id for o in inp.offers} == {o.pk for o in offers}
    assert inp.max_distance_km is None


def test_compute_regional_run_without_students_fails_and_writes_nothing(
    world, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    offers = shared_offers(world)
    rounds = [closed_round_of(world.school_a, offers), closed_round_of(world.school_b, offers)]

    with django_capture_on_commit_callbacks(execute=True):
        run = _start(world, rounds)

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.assignments.count() == 0
    assert set(AllocationRun.objects.values_list("status", flat=True)) == {RunStatus.FAILED}


def test_publish_regional_creates_placements_for_both_schools(world):  # type: ignore[no-untyped-def]
    run = regional_proposal(world)
    round_ids = set(run.rounds.values_list("pk", flat=True))

    created = services.publish_regional(actor=world.actor("region_coordinator"), run=run)

    placements = Placement.objects.filter(run=run)
    assert created == 5
    assert {p.student.school_id for p in placements} == {world.school_a.pk, world.school_b.pk}
    assert set(placements.values_list("status", flat=True)) == {PlacementStatus.PROPOSED}
    assert run.status == RunStatus.PUBLISHED
    assert set(run.rounds.values_list("status", flat=True)) == {RoundStatus.ALLOCATED}
    allocated = AuditEvent.objects.filter(action="placements.round.allocated")
    assert {e.object_id for e in allocated} == {str(pk) for pk in round_ids}
    assert AuditEvent.objects.filter(action="placements.allocation_run.published").count() == 1


def test_publish_regional_refuses_when_a_round_was_allocated_meanwhile(world):  # type: ignore[no-untyped-def]
    run = regional_proposal(world)
    other = run.rounds.get(school=world.school_b)
    other.status = RoundStatus.ALLOCATED
    other.save()

    with pytest.raises(ValidationError) as exc:
        services.publish_regional(actor=world.actor("region_coordinator"), run=run)

    run.refresh_from_db()
    assert exc.value.code == "round_status"
    assert Placement.objects.count() == 0
    assert run.status == RunStatus.PROPOSAL
    assert run.rounds.get(school=world.school_a).status == RoundStatus.CLOSED


def test_publish_regional_twice_is_refused(world):  # type: ignore[no-untyped-def]
    run = regional_proposal(world)
    services.publish_regional(actor=world.actor("region_coordinator"), run=run)

    with pytest.raises(ValidationError) as exc:
        services.publish_regional(actor=world.actor("region_coordinator"), run=run)

    assert exc.value.code == "run_status"
    assert Placement.objects.count() == 5


def test_publish_regional_discards_other_proposals_of_the_rounds(world):  # type: ignore[no-untyped-def]
    run = regional_proposal(world)
    rounds = list(run.rounds.all())
    other = computed(world, rounds, "rank_optimal")

    services.publish_regional(actor=world.actor("region_coordinator"), run=run)

    other.refresh_from_db()
    assert other.status == RunStatus.DISCARDED


def test_discard_regional_marks_run_discarded(world):  # type: ignore[no-untyped-def]
    run = regional_proposal(world)

    services.discard_regional(actor=world.actor("region_coordinator"), run=run)

    assert run.status == RunStatus.DISCARDED
    assert AuditEvent.objects.filter(action="placements.allocation_run.discarded").count() == 1
