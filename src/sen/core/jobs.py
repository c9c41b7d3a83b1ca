"""Background jobs: create one, report its progress, finish or fail it.

A `BackgroundJob` row is what a person follows on screen; a task from
`django.tasks` does the work. The pattern, for a feature:

    job = jobs.create_job(kind="x.y", actor=actor, school_id=..., params={...})
    transaction.on_commit(lambda: my_task.enqueue(job.pk))

    @task
    def my_task(job_id: int) -> None:
        jobs.run_job(job_id, kind="x.y", work=services.do_the_work)

`run_job` makes the task idempotent: it moves the job from queued to running
in one conditional UPDATE, so a task that is delivered twice does the work
once. Progress is written in its own short transaction (`Progress`), never
inside a long one, so that the page polling the job sees it move.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from sen.core.actor import Actor, Role
from sen.core.middleware import request_id_var
from sen.core.models import JOB_TRANSITIONS, BackgroundJob, JobStatus
from sen.core.scoping import get_visible_or_404

# Error lists are kept to this length; the result says how many there were.
MAX_STORED_ERRORS = 1000


class InvalidJobTransition(ValueError):
    """A job was asked to move to a status its current one does not lead to."""


class JobFailed(Exception):
    """Raised by a job's work to end it as failed with errors for the person, not a crash."""

    def __init__(self, errors: list[dict[str, Any]], result: dict[str, Any] | None = None) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors
        self.result = result or {}


def create_job(
    *,
    kind: str,
    actor: Actor | None,
    school_id: int | None = None,
    params: dict[str, Any] | None = None,
    payload: bytes = b"",
    total: int = 0,
) -> BackgroundJob:
    """A queued job. The actor's membership and the request id are kept with it, so that
    the task acts (and is audited) as the person who started it, in the same request trail."""
    membership = actor.membership if actor else None
    return BackgroundJob.objects.create(
        kind=kind,
        created_by_id=actor.user_id if actor else None,
        school_id=school_id,
        params={
            **(params or {}),
            "membership_id": membership.pk if membership else None,
            "request_id": request_id_var.get(),
        },
        payload=payload,
        total=total,
    )


def job_actor(job: BackgroundJob) -> Actor | None:
    """The person who started the job, in the role they had; None when that role has
    ended since (the work should then not be done in their name)."""
    from sen.accounts.models import Membership

    membership_id = job.params.get("membership_id")
    membership = (
        Membership.objects.select_related("user", "school", "company", "region")
        .filter(pk=membership_id or 0, user_id=job.created_by_id or 0, is_active=True)
        .first()
    )
    if membership is None or not membership.user.is_active:
        return None
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def read_payload(job: BackgroundJob) -> bytes:
    """The job's input data (deferred on every other read: it can be megabytes)."""
    raw = BackgroundJob.objects.filter(pk=job.pk).values_list("payload", flat=True).first()
    return bytes(raw) if raw else b""


def clear_payload(job: BackgroundJob) -> None:
    with transaction.atomic():
        BackgroundJob.objects.filter(pk=job.pk).update(payload=b"", updated_at=timezone.now())


def check_transition(current: str, target: str) -> None:
    if target not in JOB_TRANSITIONS[current]:
        raise InvalidJobTransition(f"A {current} job cannot become {target}")


def start(job_id: int, *, kind: str) -> BackgroundJob | None:
    """Move a queued job to running; None when it is not queued (it ran or runs elsewhere)."""
    now = timezone.now()
    with transaction.atomic():
        moved = BackgroundJob.objects.filter(pk=job_id, kind=kind, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=now, updated_at=now
        )
    if not moved:
        return None
    return BackgroundJob.objects.defer("payload").get(pk=job_id)


def set_progress(job: BackgroundJob, *, done: int, total: int | None = None) -> None:
    """Write progress at once, in its own short transaction."""
    job.done = done
    if total is not None:
        job.total = total
    with transaction.atomic():
        BackgroundJob.objects.filter(pk=job.pk).update(
            done=job.done, total=job.total, updated_at=timezone.now()
        )


class Progress:
    """Counts work done and writes it now and then: at most every `interval` seconds,
    every `every` items (1/50 of the total by default), and at the end."""

    def __init__(
        self,
        job: BackgroundJob,
        *,
        total: int,
        every: int | None = None,
        interval: float = 0.5,
    ) -> None:
        self.job = job
        self.total = total
        self.done = 0
        self.every = every or max(1, total // 50)
        self.interval = interval
        set_progress(job, done=0, total=total)
        self._written_done, self._written_at = 0, time.monotonic()

    def advance(self, count: int = 1) -> None:
        self.done = min(self.total, self.done + count)
        due = self.done - self._written_done >= self.every
        if self.done == self.total or due or time.monotonic() - self._written_at > self.interval:
            self.flush()

    def flush(self) -> None:
        if self.done != self._written_done:
            set_progress(self.job, done=self.done)
            self._written_done, self._written_at = self.done, time.monotonic()


def _end(
    job: BackgroundJob,
    status: str,
    *,
    result: dict[str, Any],
    errors: list[dict[str, Any]],
    clear_payload: bool,
) -> BackgroundJob:
    check_transition(job.status, status)
    now = timezone.now()
    job.status = status
    job.result = {**result, "error_count": result.get("error_count", len(errors))}
    job.errors = errors[:MAX_STORED_ERRORS]
    job.finished_at = now
    fields = ["status", "result", "errors", "finished_at", "updated_at"]
    if status == JobStatus.SUCCEEDED and job.total:
        job.done = job.total
        fields.append("done")
    if clear_payload:
        job.payload = b""
        fields.append("payload")
    with transaction.atomic():
        job.save(update_fields=fields)
    return job


def finish(
    job: BackgroundJob,
    *,
    result: dict[str, Any] | None = None,
    errors: list[dict[str, Any]] | None = None,
    clear_payload: bool = False,
) -> BackgroundJob:
    """Mark a running job as succeeded with its result (and any findings as errors)."""
    return _end(
        job,
        JobStatus.SUCCEEDED,
        result=result or {},
        errors=errors or [],
        clear_payload=clear_payload,
    )


def fail(
    job: BackgroundJob,
    *,
    errors: list[dict[str, Any]],
    result: dict[str, Any] | None = None,
    clear_payload: bool = False,
) -> BackgroundJob:
    """Mark a queued or running job as failed; `errors` say why, for the person."""
    return _end(
        job, JobStatus.FAILED, result=result or {}, errors=errors, clear_payload=clear_payload
    )


WorkResult = tuple[dict[str, Any], list[dict[str, Any]]]


def run_job(job_id: int, *, kind: str, work: Callable[[BackgroundJob], WorkResult]) -> None:
    """Run `work` for a queued job once and record how it ended.

    `work` returns (result, errors) for a job that did its work, raises JobFailed
    for one that could not; any other exception fails the job and propagates, so
    that the task backend records the traceback.
    """
    job = start(job_id, kind=kind)
    if job is None:
        return
    token = request_id_var.set(str(job.params.get("request_id") or f"job-{job.pk}"))
    try:
        result, errors = work(job)
    except JobFailed as failed:
        fail(job, errors=failed.errors, result=failed.result)
        return
    except Exception:
        fail(job, errors=[{"code": "unexpected"}])
        raise
    finally:
        request_id_var.reset(token)
    finish(job, result=result, errors=errors)


def visible_jobs(actor: Actor) -> QuerySet[BackgroundJob]:
    """Jobs the actor may follow: their own, and as coordinator those of their school."""
    mine = Q(created_by_id=actor.user_id or 0)
    if actor.role == Role.COORDINATOR and actor.school_id:
        mine |= Q(school_id=actor.school_id)
    return BackgroundJob.objects.visible_to(actor).filter(mine).defer("payload")


def get_job(actor: Actor, pk: int) -> BackgroundJob:
    """One job within `visible_jobs`, or 404."""
    return get_visible_or_404(visible_jobs(actor), actor, pk=pk)
