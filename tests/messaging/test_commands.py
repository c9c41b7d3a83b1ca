"""The scheduled commands and tasks (docs/operations.md) call the delivery services."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from sen.messaging import tasks
from sen.messaging.models import Delivery, Notification
from tests.factories import UserFactory
from tests.factories.messaging import NotificationFactory, ending_placement

pytestmark = pytest.mark.django_db


def _run(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def test_send_digests_command_sends_todays_digest() -> None:
    NotificationFactory(recipient=UserFactory(), delivery=Delivery.DIGEST)

    assert _run("send_digests") == "digests sent: 1\n"
    assert _run("send_digests") == "digests sent: 0\n"
    assert len(mail.outbox) == 1


def test_send_digests_command_takes_a_day() -> None:
    NotificationFactory(recipient=UserFactory(), delivery=Delivery.DIGEST)
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)

    assert _run("send_digests", "--day", tomorrow.isoformat()) == "digests sent: 1\n"


def test_send_digests_command_refuses_a_bad_day() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("send_digests", "--day", "morgen")


def test_retry_notifications_command_reports_what_it_sent() -> None:
    n = NotificationFactory(recipient=UserFactory(), delivery=Delivery.IMMEDIATE)
    Notification.objects.filter(pk=n.pk).update(
        created_at=timezone.now() - timezone.timedelta(hours=1)
    )

    assert _run("retry_notifications") == "e-mails sent: 1\n"


def test_request_evaluations_command(world) -> None:  # type: ignore[no-untyped-def]
    ending_placement(world, "a")

    assert _run("request_evaluations") == "evaluation requests: 2\n"


def test_tasks_call_the_services(world) -> None:  # type: ignore[no-untyped-def]
    person = UserFactory()
    immediate = NotificationFactory(recipient=person, delivery=Delivery.IMMEDIATE)
    NotificationFactory(recipient=person, delivery=Delivery.DIGEST)
    ending_placement(world, "a")

    tasks.send_notifications.enqueue([immediate.pk])
    tasks.send_digests.enqueue(timezone.localdate().isoformat())
    tasks.retry_notifications.enqueue()
    tasks.request_evaluations.enqueue()

    assert len(mail.outbox) == 2
    assert Notification.objects.filter(kind="messaging.evaluation_requested").count() == 2
