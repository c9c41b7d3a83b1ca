"""Tasks: load by id, call a service."""

from __future__ import annotations

from django.tasks import task

from sen.messaging import delivery


@task
def send_notifications(notification_ids: list[int]) -> None:
    delivery.send_emails(notification_ids)
