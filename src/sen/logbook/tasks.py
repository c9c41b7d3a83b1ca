"""Tasks: load by id, call a service; idempotent."""

from __future__ import annotations

from django.tasks import task

from sen.logbook.services import digest


@task
def send_logbook_digests() -> int:
    """Today's approval digests (one per supervisor a day; a second run sends nothing)."""
    return digest.send_digests()
