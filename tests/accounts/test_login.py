"""Logging in: audit, lockout (django-axes), session lifetime, logging out everywhere,
changing and resetting the password."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from sen.accounts.middleware import LAST_SEEN_KEY
from sen.audit.models import AuditEvent
from tests.factories.accounts import link_in

PASSWORD = "correct horse battery staple"
LOGIN = "/account/login/"

pytestmark = pytest.mark.django_db


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_login_is_audited_and_gets_an_absolute_lifetime(world, client) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    before = timezone.now()

    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})

    assert (response.status_code, response["Location"]) == (302, "/")
    [event] = _events("accounts.user.logged_in")
    assert event.actor_user_id == user.pk
    expiry = client.session.get_expiry_date()
    lifetime = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert before + lifetime <= expiry <= timezone.now() + lifetime
    # A fixed moment: later saves of the session do not push it further out.
    assert isinstance(client.session["_session_expiry"], str)


def test_failed_login_is_audited_without_password_or_e_mail(world, client) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")

    response = client.post(LOGIN, {"username": user.email, "password": "Geheim-Wachtwoord-9"})

    assert response.status_code == 200
    assert "do not match" in response.content.decode()
    [event] = _events("accounts.user.login_failed")
    stored = str(event.changes) + event.object_label + event.actor_label
    assert "Geheim" not in stored and "paula" not in stored.lower()
    assert len(event.changes["username_hash"]) == 32
    client.post(LOGIN, {"username": user.email.upper(), "password": "x"})
    assert _events("accounts.user.login_failed")[1].changes == event.changes


def test_five_wrong_passwords_lock_the_address_from_this_network(world, client) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(LOGIN, {"username": user.email, "password": "wrong"}).status_code == 200

    locked = client.post(LOGIN, {"username": user.email, "password": "wrong"})
    right_password = client.post(LOGIN, {"username": user.email, "password": PASSWORD})

    assert locked.status_code == 429
    assert right_password.status_code == 429
    page = right_password.content.decode()
    assert "Logging in is paused for a while" in page
    assert "Try again in 15 minutes." in page
    assert "_auth_user_id" not in client.session
    assert len(_events("accounts.user.locked_out")) >= 1


def test_lockout_is_per_address_and_network(world, client) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": user.email, "password": "wrong"})

    other_network = Client(REMOTE_ADDR="192.0.2.10")
    other_person = client.post(
        LOGIN, {"username": world.user("parent_b").email, "password": PASSWORD}
    )

    assert (
        other_network.post(LOGIN, {"username": user.email, "password": PASSWORD}).status_code == 302
    )
    assert other_person.status_code == 302


def test_lockout_lifts_after_the_cool_off(world, client) -> None:  # type: ignore[no-untyped-def]
    from axes.models import AccessAttempt

    user = world.user("parent_a")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": user.email, "password": "wrong"})
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert client.post(LOGIN, {"username": user.email, "password": PASSWORD}).status_code == 302


def test_idle_session_is_logged_out(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("parent_a"))
    assert client.get("/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.SEN_SESSION_IDLE_SECONDS - 1
    session.save()

    response = client.get("/account/security/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/account/login/?next=%2Faccount%2Fsecurity%2F",
    )
    assert (
        "logged out after a period of inactivity"
        in client.get(response["Location"]).content.decode()
    )
    assert client.get("/").status_code == 302


def test_active_session_stays(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("parent_a"))
    client.get("/")
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.SEN_SESSION_IDLE_SECONDS + 60
    session.save()

    assert client.get("/").status_code == 200


def test_log_out_everywhere_ends_other_sessions_and_keeps_this_one(world) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    phone, laptop = Client(), Client()
    for device in (phone, laptop):
        assert device.post(LOGIN, {"username": user.email, "password": PASSWORD}).status_code == 302
    token = user.session_token

    response = laptop.post("/account/security/logout-everywhere/")

    user.refresh_from_db()
    assert response.status_code == 302
    assert user.session_token != token
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302
    assert [e.actor_user_id for e in _events("accounts.user.sessions_ended")] == [user.pk]


def test_change_password_asks_for_the_current_one(world, login_as) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    client = login_as(world.actor("parent_a"))
    other = Client()
    other.post(LOGIN, {"username": user.email, "password": PASSWORD})
    url = "/account/security/password/"

    wrong = client.post(
        url,
        {
            "old_password": "nope",
            "new_password1": "ijsvogel aan de beek",
            "new_password2": "ijsvogel aan de beek",
        },
    )
    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "vmbo2026", "new_password2": "vmbo2026"}
    )
    right = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "ijsvogel aan de beek",
            "new_password2": "ijsvogel aan de beek",
        },
    )

    assert "current password is not right" in wrong.content.decode()
    assert "too easy to guess" in weak.content.decode()
    assert right.status_code == 302
    user.refresh_from_db()
    assert user.check_password("ijsvogel aan de beek")
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    assert len(_events("accounts.user.password_changed")) == 1


def test_password_reset_by_e_mail(world, client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEN_BASE_URL = "https://sen.example.nl/"
    user = world.user("parent_a")

    response = client.post("/account/password/reset/", {"email": user.email.upper()})

    assert response["Location"] == "/account/password/reset/sent/"
    [message] = mail.outbox
    assert message.to == [user.email]
    link = link_in(message.body, "/account/password/reset/")
    assert link.startswith("https://sen.example.nl/account/password/reset/")
    assert "60 minutes" in message.body
    path = link.removeprefix("https://sen.example.nl")
    form_url = client.get(path)["Location"]
    assert form_url.endswith("/set-password/")
    done = client.post(
        form_url, {"new_password1": "ijsvogel aan de beek", "new_password2": "ijsvogel aan de beek"}
    )
    assert done["Location"] == "/account/password/reset/done/"
    user.refresh_from_db()
    assert user.check_password("ijsvogel aan de beek")
    assert "_auth_user_id" not in client.session  # log in again, with the second factor
    used = client.get(path)
    assert "This link does not work" in used.content.decode()
    assert [e.action for e in AuditEvent.objects.filter(object_id=str(user.pk)).order_by("pk")][
        -2:
    ] == [
        "accounts.user.password_reset_requested",
        "accounts.user.password_reset",
    ]


def test_password_reset_for_an_unknown_address_sends_nothing(db, client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/account/password/reset/", {"email": "niemand@example.test"})

    assert response["Location"] == "/account/password/reset/sent/"
    assert mail.outbox == []


def test_password_reset_link_expires(world, client, settings) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    client.post("/account/password/reset/", {"email": user.email})
    path = "/" + link_in(mail.outbox[0].body, "/account/password/reset/").split("/", 3)[3]
    settings.PASSWORD_RESET_TIMEOUT = -1

    response = client.get(path)

    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


def test_password_reset_lifts_a_lockout(world, client) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": user.email, "password": "wrong"})
    client.post("/account/password/reset/", {"email": user.email})
    path = "/" + link_in(mail.outbox[0].body, "/account/password/reset/").split("/", 3)[3]
    form_url = client.get(path)["Location"]
    client.post(
        form_url, {"new_password1": "ijsvogel aan de beek", "new_password2": "ijsvogel aan de beek"}
    )

    response = client.post(LOGIN, {"username": user.email, "password": "ijsvogel aan de beek"})

    assert response.status_code == 302


def test_switch_role_only_to_own_memberships(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("parent_a"))
    foreign = world.actor("parent_b").membership

    assert client.post("/account/role/", {"membership": foreign.pk}).status_code == 404
