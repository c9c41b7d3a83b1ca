"""Drawing up the agreements of a published allocation run, in the background.

Hundreds of placements must not block a request: `start_batch` creates a
BackgroundJob and enqueues `sen.agreements.tasks.generate_agreements`; the task
(`execute_job`) generates one agreement per placement, each in its own transaction
(`documents.generate`), and reports progress on the job. A placement that already has
an agreement is counted, not generated again; one that is refused (e.g. the schedule
breaks the minors' rules) is listed with its reasons. A job that is delivered twice
runs once (`jobs.run_job`), and running the batch again only fills the gaps.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sen.agreements.services.documents import CURRENT_STATUSES, OPEN_STATUSES, generate
from sen.agreements.services.reminders import ask_to_sign
from sen.audit.services import record
from sen.core import jobs
from sen.core.actor import Actor
from sen.core.models import BackgroundJob, JobStatus
from sen.placements.models import AllocationRun, Placement, RunStatus

KIND = "agreements.generate_batch"


def run_placements(run: AllocationRun, *, school_id: int | None) -> QuerySet[Placement]:
    """The run's placements of one school that can still get an agreement."""
    return Placement.objects.filter(
        run=run, student__school_id=school_id or 0, status__in=OPEN_STATUSES
    )


def needing_agreement(run: AllocationRun, *, school_id: int | None) -> QuerySet[Placement]:
    """The run's open placements of one school without an agreement version in force or awaiting."""
    return run_placements(run, school_id=school_id).exclude(
        agreement__versions__status__in=CURRENT_STATUSES
    )


def latest_job(run: AllocationRun, *, school_id: int | None) -> BackgroundJob | None:
    return (
        BackgroundJob.objects.filter(kind=KIND, school_id=school_id or 0, params__run_id=run.pk)
        .defer("payload")
        .order_by("-created_at", "-pk")
        .first()
    )


def start_batch(*, actor: Actor, run: AllocationRun) -> BackgroundJob:
    """Queue the agreements of the run's placements at the actor's school.

    Refused for a run that is not published, has no open placement of the school, or
    whose placements all have an agreement; while a batch of the same run is still
    queued or running, that job is returned.
    """
    from sen.agreements.tasks import generate_agreements

    if run.status != RunStatus.PUBLISHED:
        raise ValidationError(
            _("Publish the allocation first: agreements are drawn up for published placements."),
            code="run_status",
        )
    with transaction.atomic():
        AllocationRun.objects.select_for_update().filter(pk=run.pk).first()
        running = latest_job(run, school_id=actor.school_id)
        if running is not None and running.status in (JobStatus.QUEUED, JobStatus.RUNNING):
            return running
        total = run_placements(run, school_id=actor.school_id).count()
        if not total:
            raise ValidationError(
                _("This allocation has no placements of your school that can get an agreement."),
                code="empty",
            )
        if not needing_agreement(run, school_id=actor.school_id).exists():
            raise ValidationError(
                _("Every placement of your school in this allocation has an agreement."),
                code="done",
            )
        job = jobs.create_job(
            kind=KIND,
            actor=actor,
            school_id=actor.school_id,
            params={"run_id": run.pk},
            total=total,
        )
        record(
            "agreements.batch.started",
            actor=actor,
            obj=run,
            school_id=actor.school_id,
            changes={"placements": total, "job": job.pk},
        )
        transaction.on_commit(lambda: generate_agreements.enqueue(job.pk))
    return job


def error_code(exc: ValidationError) -> str:
    """The code of a refusal (a list of messages carries it on its first message)."""
    code = getattr(exc, "code", None)
    if not code and getattr(exc, "error_list", None):
        code = exc.error_list[0].code
    return str(code or "refused")


def execute_job(job: BackgroundJob) -> jobs.WorkResult:
    """The task's work: one agreement per placement, with progress and per-student reasons."""
    actor = jobs.job_actor(job)
    if actor is None:
        raise jobs.JobFailed(
            [
                {
                    "code": "actor_gone",
                    "message": _("The person who started this has no access any more."),
                }
            ]
        )
    run = AllocationRun.objects.get(pk=job.params["run_id"])
    placements = list(
        run_placements(run, school_id=job.school_id)
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "pk")
    )
    progress = jobs.Progress(job, total=len(placements))
    generated = existing = 0
    errors: list[dict[str, Any]] = []
    for placement in placements:
        try:
            version, made = generate(placement=placement, actor=actor)
            if made:
                ask_to_sign(version=version, actor=actor)
        except ValidationError as exc:
            errors.append(
                {
                    "code": error_code(exc),
                    "placement": placement.pk,
                    "student": placement.student.full_name,
                    "reasons": list(exc.messages),
                }
            )
        else:
            if made:
                generated += 1
            else:
                existing += 1
        progress.advance()
    progress.flush()
    return {"generated": generated, "existing": existing, "refused": len(errors)}, errors
