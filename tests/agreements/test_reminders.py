"""Automatic reminders: due after the school's interval, at most once a day, idempotent."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sen.agreements.models import AgreementSettings, AgreementVersion
from sen.agreements.services.reminders import send_due_reminders, send_signing_requests
from sen.audit.models import AuditEvent
from sen.messaging.models import Notification
from tests.agreements.test_signing_support import pending_version, sign_as
from tests.factories.agreements import sign_all

pytestmark = pytest.mark.django_db


def _age(version: AgreementVersion, *, days: float, reminded: bool = False) -> None:
    moment = timezone.now() - dt.timedelta(days=days)
    field = "last_reminded_at" if reminded else "created_at"
    AgreementVersion.objects.filter(pk=version.pk).update(**{field: moment})


def test_send_due_reminders_skips_a_new_version(world) -> None:  # type: ignore[no-untyped-def]
    pending_version(world)

    assert send_due_reminders() == 0


def test_send_due_reminders_reminds_after_the_default_three_days(
    world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    sign_as(world, version, "student_a")
    _age(version, days=3)

    with django_capture_on_commit_callbacks(execute=True):
        reminded = send_due_reminders()

    assert reminded == 1
    assert set(
        Notification.objects.filter(kind="agreements.signature_requested").values_list(
            "recipient__email", flat=True
        )
    ) == {"carla@ludger.test", "karin@jansen.test"}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "carla@ludger.test",  # the notifications' e-mails
        "karin@jansen.test",
        "paula@ouder.test",  # the parent's signing link
    ]
    event = AuditEvent.objects.get(action="agreements.version.signatures_requested")
    assert event.changes == {
        "seats": ["guardian", "school", "company"],
        "messages": 3,
        "automatic": True,
    }


def test_send_due_reminders_is_idempotent_per_day(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    _age(version, days=4)
    send_due_reminders()

    assert send_due_reminders() == 0
    assert AuditEvent.objects.filter(action__startswith="agreements.version.s").count() == 1


def test_send_due_reminders_follows_the_schools_interval(world) -> None:  # type: ignore[no-untyped-def]
    AgreementSettings.objects.create(school=world.school_a, reminder_days=1)
    version = pending_version(world)
    _age(version, days=1)

    assert send_due_reminders() == 1


def test_send_due_reminders_counts_from_the_last_reminder(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    _age(version, days=10)
    _age(version, days=2, reminded=True)

    assert send_due_reminders() == 0
    _age(version, days=3, reminded=True)
    assert send_due_reminders() == 1
    assert AuditEvent.objects.filter(action="agreements.version.reminded").count() == 1
    assert Notification.objects.filter(kind="agreements.signature_reminder").exists()


def test_send_due_reminders_leaves_signed_versions_alone(world) -> None:  # type: ignore[no-untyped-def]
    version = sign_all(pending_version(world))
    _age(version, days=5)

    assert send_due_reminders() == 0


def test_send_signing_requests_for_a_seat_with_no_account_or_address_sends_nothing(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    world.student_a.guardianships.all().delete()
    for name in ("student_a", "coordinator_a", "contact_a"):
        sign_as(world, version, name)

    sent = send_signing_requests(version=version, actor=None)

    assert (sent.seats, sent.messages) == (1, 0)


def test_command_prints_how_many_were_reminded(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    _age(version, days=3)
    out = StringIO()

    call_command("send_agreement_reminders", stdout=out)

    assert out.getvalue().strip() == "Reminded 1 agreement version(s)."


def test_task_sends_the_due_reminders(world) -> None:  # type: ignore[no-untyped-def]
    from sen.agreements.tasks_signing import send_agreement_reminders

    version = pending_version(world)
    _age(version, days=3)

    result = send_agreement_reminders.enqueue()

    assert result.return_value == 1
