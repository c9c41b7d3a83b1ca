"""Tasks of agreement documents: load by id, call a service. All are idempotent."""

from __future__ import annotations

from django.tasks import task

from sen.core.jobs import run_job


@task
def build_signed_pdf(version_id: int) -> str:
    """Store the final PDF of a signed version; returns its SHA-256 (the same on a re-run)."""
    from sen.agreements.models import AgreementVersion
    from sen.agreements.services.documents import attach_signed_pdf

    version = AgreementVersion.objects.get(pk=version_id)
    attach_signed_pdf(version)
    return version.signed_sha256


@task
def generate_agreements(job_id: int) -> None:
    """Generate the agreements of a published allocation run (a BackgroundJob)."""
    from sen.agreements.services import batch

    run_job(job_id, kind=batch.KIND, work=batch.execute_job)
