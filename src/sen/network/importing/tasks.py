"""Tasks of the student import: load the job by id and call the service; idempotent
because `run_job` runs a job only while it is queued."""

from __future__ import annotations

from django.tasks import task

from sen.core.jobs import run_job
from sen.network.importing import services


@task
def validate_student_import(job_id: int) -> None:
    run_job(job_id, kind=services.KIND_VALIDATE, work=services.validate_upload)


@task
def import_students(job_id: int) -> None:
    run_job(job_id, kind=services.KIND_IMPORT, work=services.write_import)
