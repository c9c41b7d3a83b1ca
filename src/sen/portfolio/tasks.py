"""Tasks of the portfolio: load the job by id and call the service; idempotent because
`run_job` runs a job only while it is queued."""

from __future__ import annotations

from django.tasks import task

from sen.core.jobs import run_job
from sen.portfolio import services


@task
def export_portfolio_pdf(job_id: int) -> None:
    run_job(job_id, kind=services.KIND_PDF, work=services.run_pdf_export)
