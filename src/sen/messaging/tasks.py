"""Tasks: load by id, call a service. Each is idempotent (see sen.messaging.delivery)."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from sen.messaging import delivery


@task
def send_notifications(notification_ids: list[int]) -> None:
    delivery.send_emails(notification_ids)


@task
def retry_notifications() -> None:
    delivery.retry_failed()


@task
def send_digests(day: str = "") -> None:
    delivery.send_digests(day=dt.date.fromisoformat(day) if day else None)


@task
def request_evaluations() -> None:
    from sen.messaging.evaluations.services import request_evaluations as request

    request()
