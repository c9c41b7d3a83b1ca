"""Tasks of signing: load by id, call a service. Both are idempotent."""

from __future__ import annotations

from django.tasks import task

from sen.agreements.services import reminders, signing_copies


@task
def finish_signed_version(version_id: int) -> int:
    """After the last signature: build the signed PDF, then send every party a copy.

    One task, so the copies always follow the PDF (two separate tasks could run in
    either order on the database worker).
    """
    from sen.agreements.tasks import build_signed_pdf

    build_signed_pdf.call(version_id)
    return signing_copies.deliver_signed_copies(version_id)


@task
def send_agreement_reminders() -> int:
    return reminders.send_due_reminders()
