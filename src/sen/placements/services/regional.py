"""Regional allocation runs: one dry run over several schools' closed rounds that share offers.

A region coordinator selects closed rounds of schools in their region whose periods
overlap (at most one round per school). The run is an `AllocationRun` with `region`
set and `rounds` listing every round; `round` is the first of them. It is computed in
the background like a school's run (same mechanisms, stored seed, comparison figures),
over all the rounds' students and the union of their offers: each school's quotas
hold, and each round's maximum distance applies to its own students. Publishing
creates the placements of every school's students in one transaction and marks every
round ALLOCATED; any failure leaves everything as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from sen.audit.services import record
from sen.core import jobs
from sen.core.actor import Actor
from sen.core.models import BackgroundJob
from sen.network.models import Region
from sen.placements import allocation as engine
from sen.placements.models import (
    AllocationRun,
    ChoiceRound,
    Mechanism,
    RoundStatus,
    RunStatus,
)
from sen.placements.selectors.regional import build_regional_input
from sen.placements.services import placements as placement_services
from sen.placements.services.allocation import (
    check_run_transition,
    decline_days,
    discard,
    fail_run,
    place_assignments,
    store_proposal,
)

KIND = "placements.regional_allocation"
MAX_ROUNDS = 20


def check_rounds(*, region: Region, rounds: Sequence[ChoiceRound]) -> None:
    """Refuse a selection that cannot be allocated together (see the module docstring)."""
    if len(rounds) < 2:
        raise ValidationError(
            _("Choose at least two choice rounds of different schools."), code="too_few"
        )
    if len(rounds) > MAX_ROUNDS:
        raise ValidationError(
            _("Choose at most %(max)s choice rounds.") % {"max": MAX_ROUNDS}, code="too_many"
        )
    in_region = set(region.schools.values_list("pk", flat=True))
    for choice_round in rounds:
        if choice_round.school_id not in in_region:
            raise ValidationError(
                _("%(round)s belongs to a school outside %(region)s.")
                % {"round": choice_round, "region": region},
                code="region",
            )
        if choice_round.status != RoundStatus.CLOSED:
            raise ValidationError(
                _("%(round)s is not closed: close it before you allocate.")
                % {"round": choice_round},
                code="round_status",
            )
    if len({r.school_id for r in rounds}) != len(rounds):
        raise ValidationError(_("Choose one choice round per school."), code="same_school")
    latest_start = max(r.period.starts_on for r in rounds)
    earliest_end = min(r.period.ends_on for r in rounds)
    if latest_start >= earliest_end:
        raise ValidationError(
            _("The periods of these choice rounds do not overlap."), code="periods"
        )


def start_regional_run(
    *, actor: Actor, region: Region, rounds: Sequence[ChoiceRound], mechanism: str
) -> AllocationRun:
    """A regional run in RUNNING state with a queued job; the task computes it after commit."""
    if mechanism not in Mechanism.values:
        raise ValidationError(_("Choose a way to allocate."), code="mechanism")
    ordered = sorted(rounds, key=lambda r: (r.school_id, r.pk))
    check_rounds(region=region, rounds=ordered)
    with transaction.atomic():
        job = jobs.create_job(kind=KIND, actor=actor, school_id=None)
        run = AllocationRun.objects.create(
            round=ordered[0],
            region=region,
            mechanism=mechanism,
            seed=engine.new_seed(),
            created_by_id=actor.user_id,
            job=job,
        )
        run.rounds.set(ordered)
        job.params = {**job.params, "run_id": run.pk}
        job.save(update_fields=["params"])
        record(
            "placements.allocation_run.started",
            actor=actor,
            obj=run,
            changes={
                "mechanism": mechanism,
                "seed": run.seed,
                "region": region.pk,
                "rounds": [r.pk for r in ordered],
            },
        )
        transaction.on_commit(lambda: run_regional_allocation.enqueue(job.pk))
    return run


def run_rounds(run: AllocationRun) -> list[ChoiceRound]:
    return list(run.rounds.select_related("period", "school").order_by("school_id", "pk"))


def compute_regional_run(run: AllocationRun, *, progress: jobs.Progress | None = None) -> None:
    """Compute and store the regional proposal (raises on any failure, writing nothing)."""
    inp = build_regional_input(run_rounds(run), seed=run.seed)
    if not inp.students:
        raise ValidationError(_("No student has submitted choices in these rounds."), code="empty")
    store_proposal(run, inp, progress=progress)


def execute_job(job: BackgroundJob) -> jobs.WorkResult:
    """The task's work: compute the run; a failure marks the run FAILED (nothing else changes)."""
    run = AllocationRun.objects.get(pk=job.params["run_id"], region__isnull=False)
    actor = jobs.job_actor(job)
    progress = jobs.Progress(job, total=3, every=1)
    try:
        compute_regional_run(run, progress=progress)
    except ValidationError as exc:
        fail_run(run, actor=actor, error=exc.messages[0])
        raise jobs.JobFailed([{"code": exc.code or "invalid", "message": exc.messages[0]}]) from exc
    except Exception as exc:
        fail_run(run, actor=actor, error=type(exc).__name__)
        raise
    record("placements.allocation_run.computed", actor=actor, obj=run, changes={})
    return {"run_id": run.pk}, []


@task
def run_regional_allocation(job_id: int) -> None:
    jobs.run_job(job_id, kind=KIND, work=execute_job)


def publish_regional(*, actor: Actor, run: AllocationRun, deadline_days: int | None = None) -> int:
    """Create proposed placements for every assigned student of every school and mark every
    round ALLOCATED, all in one transaction; returns how many placements were created."""
    days = decline_days() if deadline_days is None else deadline_days
    deadline = timezone.now() + dt.timedelta(days=days)
    with transaction.atomic():
        locked = AllocationRun.objects.select_for_update().get(pk=run.pk, region__isnull=False)
        check_run_transition(locked, RunStatus.PUBLISHED)
        rounds = list(
            ChoiceRound.objects.select_for_update()
            .filter(pk__in=locked.rounds.values("pk"))
            .order_by("pk")
        )
        for choice_round in rounds:
            if choice_round.status != RoundStatus.CLOSED:
                raise ValidationError(
                    _("%(round)s is no longer closed; make a new proposal.")
                    % {"round": choice_round},
                    code="round_status",
                )
        created = place_assignments(
            actor=actor,
            run=locked,
            deadline=deadline,
            cannot_place=lambda a, reason: (
                _("A student of %(school)s cannot be placed: %(reason)s")
                % {"school": a.student.school, "reason": reason}
            ),
        )
        for choice_round in rounds:
            choice_round.status = RoundStatus.ALLOCATED
            choice_round.save(update_fields=["status", "updated_at"])
            record(
                "placements.round.allocated",
                actor=actor,
                obj=choice_round,
                changes={"status": [RoundStatus.CLOSED, RoundStatus.ALLOCATED], "run": locked.pk},
            )
        stale = AllocationRun.objects.filter(status=RunStatus.PROPOSAL).exclude(pk=locked.pk)
        stale.filter(round__in=rounds).update(status=RunStatus.DISCARDED, updated_at=timezone.now())
        stale.filter(rounds__in=rounds).update(
            status=RunStatus.DISCARDED, updated_at=timezone.now()
        )
        record(
            "placements.allocation_run.published",
            actor=actor,
            obj=locked,
            changes={
                "placements": len(created),
                "rounds": [r.pk for r in rounds],
                "decline_deadline": deadline.isoformat(),
            },
        )
        placement_ids = [p.pk for p in created]
        transaction.on_commit(lambda: placement_services.notify_published(placement_ids))
    run.refresh_from_db()
    return len(created)


def discard_regional(*, actor: Actor, run: AllocationRun) -> AllocationRun:
    if run.region_id is None:
        raise AllocationRun.DoesNotExist
    return discard(actor=actor, run=run)
