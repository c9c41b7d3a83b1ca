"""Delivery: immediate e-mail at most once, retries with back-off, the daily digest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import formats, timezone, translation

from sen.messaging import delivery
from sen.messaging.models import Delivery, Digest, Notification
from tests.factories import UserFactory
from tests.factories.messaging import NotificationFactory
from tests.messaging.mail import FailOnceBackend

pytestmark = pytest.mark.django_db

FAIL_ONCE = "tests.messaging.mail.FailOnceBackend"
ALWAYS_FAIL = "tests.messaging.mail.AlwaysFailBackend"


@pytest.fixture(autouse=True)
def _site(settings):  # type: ignore[no-untyped-def]
    settings.SEN_BASE_URL = "https://sen.example"


@pytest.fixture
def person(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="marieke@ouder.test", full_name="Marieke Wolters", language="en")


def immediate(person, **fields):  # type: ignore[no-untyped-def]
    return NotificationFactory(recipient=person, delivery=Delivery.IMMEDIATE, **fields)


def digest_item(person, **fields):  # type: ignore[no-untyped-def]
    return NotificationFactory(recipient=person, delivery=Delivery.DIGEST, **fields)


# --- Immediate e-mail ------------------------------------------------------------------


def test_send_emails_sends_once_and_marks_it_sent(person) -> None:  # type: ignore[no-untyped-def]
    n = immediate(person, subject="Anna was afwezig", body="Ziek gemeld.", url="")

    assert delivery.send_emails([n.pk]) == 1
    assert delivery.send_emails([n.pk]) == 0

    n.refresh_from_db()
    assert (n.email_attempts, n.last_error, n.emailed_at is not None) == (1, "", True)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["marieke@ouder.test"], "Anna was afwezig")
    ]
    assert mail.outbox[0].body == (
        "Ziek gemeld.\n\n-- \nYou get this e-mail because of your notification settings in "
        "SEN. Change them here: https://sen.example/messages/notifications/settings/"
    )


def test_send_emails_is_in_the_recipients_language(person) -> None:  # type: ignore[no-untyped-def]
    person.language = "nl"
    person.save(update_fields=["language"])
    n = immediate(person, body="", url="")

    delivery.send_emails([n.pk])

    with translation.override("nl"):
        expected = delivery._footer(True)
    assert mail.outbox[0].body == "-- \n" + expected
    assert expected.startswith("Je krijgt deze e-mail")


def test_send_emails_leaves_in_app_and_digest_notifications_alone(person) -> None:  # type: ignore[no-untyped-def]
    quiet = NotificationFactory(recipient=person, delivery=Delivery.IN_APP)
    later = digest_item(person)

    assert delivery.send_emails([quiet.pk, later.pk]) == 0
    assert mail.outbox == []


def test_send_emails_failure_keeps_the_error_and_waits(person, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = ALWAYS_FAIL
    n = immediate(person)
    before = timezone.now()

    assert delivery.send_emails([n.pk]) == 0

    n.refresh_from_db()
    assert n.emailed_at is None
    assert n.email_attempts == 1
    assert n.last_error == "554 relay refused"
    assert (
        before + dt.timedelta(minutes=5)
        <= n.next_attempt_at
        <= timezone.now() + dt.timedelta(minutes=5)
    )


def test_retry_after_a_failure_sends_after_the_back_off(person, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = FAIL_ONCE
    FailOnceBackend.reset()
    n = immediate(person)
    delivery.send_emails([n.pk])
    now = timezone.now()

    too_soon = delivery.retry_failed(now=now)
    after_back_off = delivery.retry_failed(now=now + dt.timedelta(minutes=6))
    again = delivery.retry_failed(now=now + dt.timedelta(hours=1))

    n.refresh_from_db()
    assert (too_soon, after_back_off, again) == (0, 1, 0)
    assert n.email_attempts == 2
    assert n.emailed_at is not None
    assert n.last_error == "421 mail server busy, try again later"  # the history stays
    assert len(mail.outbox) == 1


def test_back_off_grows_with_each_attempt() -> None:
    assert [delivery.backoff_after(n) for n in range(1, 6)] == [
        dt.timedelta(minutes=5),
        dt.timedelta(minutes=30),
        dt.timedelta(hours=2),
        dt.timedelta(hours=12),
        dt.timedelta(hours=12),
    ]


def test_retry_gives_up_after_max_attempts(person, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = ALWAYS_FAIL
    n = immediate(person)
    now = timezone.now()
    delivery.send_emails([n.pk])
    for attempt in range(1, 8):
        delivery.retry_failed(now=now + dt.timedelta(days=attempt))

    n.refresh_from_db()
    assert n.email_attempts == delivery.MAX_ATTEMPTS
    assert n.emailed_at is None


def test_retry_sends_an_immediate_notification_whose_task_never_ran(person) -> None:  # type: ignore[no-untyped-def]
    n = immediate(person)
    now = timezone.now()

    assert delivery.retry_failed(now=now) == 0
    assert delivery.retry_failed(now=now + delivery.LOST_AFTER) == 1

    n.refresh_from_db()
    assert n.email_attempts == 1


def test_send_emails_gives_up_on_a_deactivated_account(person) -> None:  # type: ignore[no-untyped-def]
    n = immediate(person)
    person.is_active = False
    person.save(update_fields=["is_active"])

    assert delivery.send_emails([n.pk]) == 0

    n.refresh_from_db()
    assert (n.email_attempts, n.last_error, n.emailed_at) == (
        delivery.MAX_ATTEMPTS,
        "account deactivated",
        None,
    )
    assert mail.outbox == []


def test_send_emails_gives_up_without_an_address(db) -> None:  # type: ignore[no-untyped-def]
    n = NotificationFactory(recipient=None, email="", delivery=Delivery.IMMEDIATE)

    assert delivery.send_emails([n.pk]) == 0

    n.refresh_from_db()
    assert n.last_error == "no e-mail address"


def test_send_emails_a_claimed_notification_is_not_sent_again(person) -> None:  # type: ignore[no-untyped-def]
    n = immediate(person)
    # Another worker claimed it (emailed_at set, attempt counted) a moment ago.
    Notification.objects.filter(pk=n.pk).update(email_attempts=1, emailed_at=timezone.now())

    assert delivery.send_emails([n.pk]) == 0
    assert mail.outbox == []


# --- The daily digest ------------------------------------------------------------------


def test_digest_gathers_the_days_notifications_into_one_e_mail(person) -> None:  # type: ignore[no-untyped-def]
    first = digest_item(person, subject="Nieuw bericht over Sem", body="Bart: Goed gewerkt!")
    second = digest_item(person, subject="Sem was afwezig", body="", url="")
    today = timezone.localdate()

    assert delivery.send_digests(day=today) == 1

    day = formats.date_format(today, "D j b")
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (sent.to, sent.subject) == (["marieke@ouder.test"], f"SEN: 2 notifications of {day}")
    assert sent.body == (
        "Hello Marieke,\n\n"
        f"Your notifications in SEN of {day}:\n\n"
        "* Nieuw bericht over Sem\n"
        "  Bart: Goed gewerkt!\n"
        "  https://sen.example/messages/notifications/\n\n"
        "* Sem was afwezig\n\n"
        "-- \n"
        "You get this e-mail because of your notification settings in SEN. "
        "Change them here: https://sen.example/messages/notifications/settings/"
    )
    digest = Digest.objects.get()
    assert (digest.recipient_id, digest.day, digest.attempts) == (person.pk, today, 1)
    assert set(digest.notifications.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_digest_runs_once_per_person_per_day(person) -> None:  # type: ignore[no-untyped-def]
    digest_item(person)
    today = timezone.localdate()
    delivery.send_digests(day=today)
    late = digest_item(person, subject="Later die dag")

    second_run = delivery.send_digests(day=today)
    next_day = delivery.send_digests(day=today + dt.timedelta(days=1))

    assert (second_run, next_day) == (0, 1)
    assert len(mail.outbox) == 2
    assert "Later die dag" in mail.outbox[1].body
    assert "Later die dag" not in mail.outbox[0].body
    late.refresh_from_db()
    assert late.digest.day == today + dt.timedelta(days=1)


def test_digest_never_includes_immediate_or_in_app_notifications(person) -> None:  # type: ignore[no-untyped-def]
    immediate(person, subject="Direct")
    NotificationFactory(recipient=person, delivery=Delivery.IN_APP, subject="Alleen in SEN")

    assert delivery.send_digests(day=timezone.localdate()) == 0
    assert mail.outbox == []
    assert Digest.objects.count() == 0


def test_digest_one_per_person(person) -> None:  # type: ignore[no-untyped-def]
    other = UserFactory(email="bart@bedrijf.test", full_name="Bart Roerdink", language="en")
    digest_item(person)
    digest_item(other)
    digest_item(other)

    assert delivery.send_digests(day=timezone.localdate()) == 2

    assert sorted((m.to[0], m.subject.split(":")[1].split(" ")[1]) for m in mail.outbox) == [
        ("bart@bedrijf.test", "2"),
        ("marieke@ouder.test", "1"),
    ]


def test_digest_failure_is_retried_with_the_same_notifications(person, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = FAIL_ONCE
    FailOnceBackend.reset()
    digest_item(person, subject="Eerste")
    today = timezone.localdate()

    failed = delivery.send_digests(day=today)
    digest_item(person, subject="Tweede")
    rerun = delivery.send_digests(day=today)  # attaches "Tweede", still waits for the back-off
    retried = delivery.retry_failed(now=timezone.now() + dt.timedelta(minutes=6))

    digest = Digest.objects.get()
    assert (failed, rerun, retried) == (0, 0, 1)
    assert (digest.attempts, digest.last_error) == (2, "421 mail server busy, try again later")
    assert len(mail.outbox) == 1
    assert "Eerste" in mail.outbox[0].body
    assert "Tweede" in mail.outbox[0].body


def test_digest_for_a_deactivated_account_is_given_up(person) -> None:  # type: ignore[no-untyped-def]
    digest_item(person)
    person.is_active = False
    person.save(update_fields=["is_active"])

    assert delivery.send_digests(day=timezone.localdate()) == 0

    digest = Digest.objects.get()
    assert (digest.attempts, digest.last_error, digest.sent_at) == (
        delivery.MAX_ATTEMPTS,
        "account deactivated",
        None,
    )
    assert mail.outbox == []
