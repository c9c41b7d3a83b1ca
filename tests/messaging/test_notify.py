"""notify(): stored once per (key, recipient), delivered the way each person chose."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from sen.messaging.models import Delivery, Notification, NotificationPreference
from sen.messaging.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):  # type: ignore[no-untyped-def]
    settings.SEN_BASE_URL = "https://sen.example"


def _english(user):  # type: ignore[no-untyped-def]
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _notify(recipients, key="event:1", **overrides):  # type: ignore[no-untyped-def]
    values = {
        "kind": "messaging.message",
        "key": key,
        "recipients": recipients,
        "subject": "Nieuw bericht",
        "body": "Sjaak schreef iets.",
        "url": "/messages/conversations/1/",
    }
    return notify(**{**values, **overrides})


def test_notify_undeclared_kind_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImproperlyConfigured):
        _notify([world.user("teacher_a")], kind="messaging.typo")

    assert Notification.objects.count() == 0


@pytest.mark.parametrize("key", ["", "x" * 201])
def test_notify_key_must_have_1_to_200_characters(world, key) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="1 to 200"):
        _notify([world.user("teacher_a")], key=key)


def test_notify_without_recipients_stores_nothing(world) -> None:  # type: ignore[no-untyped-def]
    assert _notify([None, "", "  "]) == []
    assert Notification.objects.count() == 0


def test_notify_twice_with_the_same_key_notifies_once(  # type: ignore[no-untyped-def]
    world, django_capture_on_commit_callbacks
) -> None:
    teacher = _english(world.user("teacher_a"))

    with django_capture_on_commit_callbacks(execute=True):
        first = _notify([teacher, "ouder@example.test"])
    with django_capture_on_commit_callbacks(execute=True):
        second = _notify([teacher, "OUDER@example.test "])

    assert [(n.recipient_id, n.email) for n in first] == [
        (teacher.pk, ""),
        (None, "ouder@example.test"),
    ]
    assert second == []
    assert Notification.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ouder@example.test", "tim@ludger.test"]


def test_notify_a_new_key_notifies_again(world) -> None:  # type: ignore[no-untyped-def]
    teacher = world.user("teacher_a")

    _notify([teacher], key="event:1")
    _notify([teacher], key="event:2")

    assert sorted(Notification.objects.values_list("key", flat=True)) == ["event:1", "event:2"]


def test_notify_reaches_a_person_with_an_account_through_the_account(world) -> None:  # type: ignore[no-untyped-def]
    parent = world.user("parent_a")

    created = _notify([parent, "Paula@Ouder.test"])

    assert [(n.recipient_id, n.email) for n in created] == [(parent.pk, "")]


def test_notify_skips_deactivated_accounts(world) -> None:  # type: ignore[no-untyped-def]
    gone = UserFactory(email="weg@ludger.test", is_active=False)

    assert _notify([gone]) == []


def test_notify_keeps_the_subject_on_one_line(world) -> None:  # type: ignore[no-untyped-def]
    (created,) = _notify([world.user("teacher_a")], subject="Nieuw\r\nBcc: iedereen@example.test")

    assert created.subject == "Nieuw Bcc: iedereen@example.test"


@pytest.mark.parametrize(
    ("preference", "emails"),
    [(None, 1), (Delivery.IMMEDIATE, 1), (Delivery.DIGEST, 0), (Delivery.IN_APP, 0)],
)
def test_notify_follows_the_persons_preference(  # type: ignore[no-untyped-def]
    world, django_capture_on_commit_callbacks, preference, emails
) -> None:
    teacher = world.user("teacher_a")
    if preference:
        NotificationPreference.objects.create(
            user=teacher, kind="messaging.message", delivery=preference
        )

    with django_capture_on_commit_callbacks(execute=True):
        (created,) = _notify([teacher])

    created.refresh_from_db()
    assert created.delivery == (preference or Delivery.IMMEDIATE)
    assert len(mail.outbox) == emails
    assert (created.emailed_at is not None) == bool(emails)


def test_notify_preference_of_another_kind_does_not_apply(  # type: ignore[no-untyped-def]
    world, django_capture_on_commit_callbacks
) -> None:
    teacher = world.user("teacher_a")
    NotificationPreference.objects.create(
        user=teacher, kind="messaging.evaluation_requested", delivery=Delivery.IN_APP
    )

    with django_capture_on_commit_callbacks(execute=True):
        (created,) = _notify([teacher])

    assert created.delivery == Delivery.IMMEDIATE
    assert len(mail.outbox) == 1


def test_notify_sends_nothing_before_the_transaction_commits(world) -> None:  # type: ignore[no-untyped-def]
    _notify([world.user("teacher_a")])

    assert mail.outbox == []


def test_notify_e_mail_content_is_exact(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    teacher = _english(world.user("teacher_a"))

    with django_capture_on_commit_callbacks(execute=True):
        _notify([teacher, "opa@example.test"])

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"tim@ludger.test", "opa@example.test"}
    for message in by_address.values():
        assert message.subject == "Nieuw bericht"
        assert message.from_email == "SEN <no-reply@sen.example>"
    assert by_address["tim@ludger.test"].body == (
        "Sjaak schreef iets.\n\n"
        "https://sen.example/messages/conversations/1/\n\n"
        "-- \n"
        "You get this e-mail because of your notification settings in SEN. "
        "Change them here: https://sen.example/messages/notifications/settings/"
    )
    assert by_address["opa@example.test"].body.endswith(
        "-- \nYou get this e-mail from SEN because a school or company gave your address."
    )
