"""Drawing up the agreements of a published allocation run as a background job."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sen.agreements.models import AgreementVersion
from sen.agreements.services import batch
from sen.core.models import JobStatus
from sen.placements.models import Placement, PlacementStatus
from tests.factories.agreements import agreement_version_for
from tests.placements.test_allocation_support import published, scenario

LONG_DAY = [{"weekday": 1, "start": "07:30", "end": "16:00", "break_minutes": 30}]


def _prepared_run(world):  # type: ignore[no-untyped-def]
    """Four placements: Anna's already has an agreement, one classmate works too long."""
    run = published(world)
    placements = list(Placement.objects.filter(run=run).order_by("pk"))
    anna = next(p for p in placements if p.student_id == world.student_a.pk)
    agreement_version_for(anna)
    too_long = next(p for p in placements if p.student_id != world.student_a.pk)
    too_long.schedule = LONG_DAY
    too_long.save(update_fields=["schedule"])
    return run, too_long


@pytest.mark.django_db
def test_batch_generates_the_runs_agreements_with_progress_and_reasons(
    world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    run, too_long = _prepared_run(world)

    with django_capture_on_commit_callbacks(execute=True):
        job = batch.start_batch(actor=world.actor("coordinator_a"), run=run)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.done, job.total) == (4, 4)
    assert job.result == {"generated": 2, "existing": 1, "refused": 1, "error_count": 1}
    assert job.errors == [
        {
            "code": "worktime",
            "placement": too_long.pk,
            "student": too_long.student.full_name,
            "reasons": [
                f"This agreement cannot be made: {too_long.student.full_name} is 15 on the "
                "first day and the work breaks the rules for young workers:",
                "On Tuesday, 8 h of work is not allowed for 14- and 15-year-olds: at most 7 h "
                "a day (source: Rijksoverheid, 'Mogen kinderen van 14 en 15 jaar een "
                "beroepsstage lopen?').",
            ],
        }
    ]
    assert AgreementVersion.objects.count() == 3
    statuses = set(Placement.objects.filter(run=run).values_list("status", flat=True))
    assert statuses == {PlacementStatus.AGREEMENT_PENDING, PlacementStatus.PROPOSED}


@pytest.mark.django_db
def test_start_batch_refuses_when_every_placement_has_an_agreement(
    world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    run = published(world)
    with django_capture_on_commit_callbacks(execute=True):
        batch.start_batch(actor=world.actor("coordinator_a"), run=run)

    with pytest.raises(ValidationError) as caught:
        batch.start_batch(actor=world.actor("coordinator_a"), run=run)

    assert caught.value.code == "done"
    assert AgreementVersion.objects.count() == 4


@pytest.mark.django_db
def test_start_batch_returns_the_job_that_is_still_queued(world) -> None:  # type: ignore[no-untyped-def]
    run = published(world)
    first = batch.start_batch(actor=world.actor("coordinator_a"), run=run)

    second = batch.start_batch(actor=world.actor("coordinator_a"), run=run)

    assert second.pk == first.pk
    assert first.status == JobStatus.QUEUED


@pytest.mark.django_db
def test_start_batch_refuses_a_run_that_is_not_published(world) -> None:  # type: ignore[no-untyped-def]
    run = scenario(world)

    with pytest.raises(ValidationError) as caught:
        batch.start_batch(actor=world.actor("coordinator_a"), run=run)

    assert caught.value.code == "run_status"


@pytest.mark.django_db
def test_start_batch_refuses_a_run_without_placements_of_the_school(world) -> None:  # type: ignore[no-untyped-def]
    run = published(world)

    with pytest.raises(ValidationError) as caught:
        batch.start_batch(actor=world.actor("coordinator_b"), run=run)

    assert caught.value.code == "empty"
