"""Tasks of allocation: compute a run in the background (idempotent through `run_job`)."""

from __future__ import annotations

from django.tasks import task

from sen.core.jobs import run_job


@task
def run_allocation(job_id: int) -> None:
    from sen.placements.services import allocation

    run_job(job_id, kind=allocation.KIND, work=allocation.execute_job)
