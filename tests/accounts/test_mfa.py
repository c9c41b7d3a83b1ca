"""Two-factor authentication: setup with a real TOTP code, the code step, recovery codes,
the code-entry limit, and turning it off."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sen.accounts.models import CodeFailure, RecoveryCode
from sen.accounts.services import mfa
from sen.audit.models import AuditEvent
from tests.factories import MembershipFactory, UserFactory
from tests.factories.accounts import code_for, login_verified, totp_device

PASSWORD = "correct horse battery staple"
SETUP = "/account/security/2fa/setup/"
VERIFY = "/account/security/2fa/verify/"

pytestmark = pytest.mark.django_db


def _actions(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk))
        .order_by("occurred_at", "pk")
        .values_list("action", flat=True)
    )


def _log_in(client, email: str) -> object:  # type: ignore[no-untyped-def]
    return client.post("/account/login/", {"username": email, "password": PASSWORD})


def _setup_key(client) -> str:  # type: ignore[no-untyped-def]
    return client.session["sen_totp_setup_key"]


def _codes_in(response) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.content.decode())


def _enable(client, user) -> tuple[TOTPDevice, list[str]]:  # type: ignore[no-untyped-def]
    client.get(SETUP)
    response = client.post(SETUP, {"code": code_for(_setup_key(client))})
    return TOTPDevice.objects.get(user=user), _codes_in(response)


def test_setup_page_shows_qr_code_and_typed_key(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("parent_a"))

    response = client.get(SETUP)

    html = response.content.decode()
    assert response.status_code == 200
    match = re.search(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    assert match is not None
    assert base64.b64decode(match.group(1)).lstrip().startswith(b"<svg")
    key = _setup_key(client)
    typed = base64.b32encode(bytes.fromhex(key)).decode().rstrip("=")
    assert " ".join(typed[i : i + 4] for i in range(0, len(typed), 4)) in html
    assert not TOTPDevice.objects.filter(user=world.user("parent_a")).exists()


def test_setup_with_a_real_code_turns_mfa_on_and_shows_ten_codes_once(world, login_as) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    client = login_as(world.actor("parent_a"))

    device, codes = _enable(client, user)

    assert device.confirmed is True
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", c) for c in codes)
    stored = list(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not any(code in h or code.replace("-", "") in h for code in codes for h in stored)
    assert all(h.startswith("sha256$") for h in stored)
    assert len({h.split("$")[1] for h in stored}) == 10  # a salt per code
    assert "sen_totp_setup_key" not in client.session
    assert _actions(user)[-2:] == ["accounts.mfa.enabled", "accounts.recovery_codes.generated"]
    # Shown once: the security page only counts them.
    page = client.get("/account/security/").content.decode()
    assert not any(code in page for code in codes)
    assert "10 recovery codes left" in page


def test_setup_refuses_a_wrong_code(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("parent_a"))
    client.get(SETUP)
    right = code_for(_setup_key(client))
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(SETUP, {"code": wrong})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.user("parent_a")).exists()


def test_login_with_mfa_asks_for_a_code_then_goes_to_next(world, client) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    device = totp_device(user)

    response = client.post(
        "/account/login/?next=/account/security/",
        {"username": user.email, "password": PASSWORD, "next": "/account/security/"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Faccount%2Fsecurity%2F"
    assert client.get("/").status_code == 302  # nothing else until the code

    response = client.post(VERIFY, {"code": code_for(device.key), "next": "/account/security/"})

    assert (response.status_code, response["Location"]) == (302, "/account/security/")
    assert client.get("/").status_code == 200
    assert "accounts.mfa.verified" in _actions(user)


def test_verify_does_not_redirect_to_another_site(world, client) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    device = totp_device(user)
    _log_in(client, user.email)

    response = client.post(VERIFY, {"code": code_for(device.key), "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_the_same_totp_code_works_only_once(world, client) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    device = totp_device(user)
    code = code_for(device.key)
    _log_in(client, user.email)
    client.post(VERIFY, {"code": code})
    client.post("/account/logout/")
    _log_in(client, user.email)

    response = client.post(VERIFY, {"code": code})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()


def test_recovery_code_logs_in_once(world, client, login_as) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    _device, codes = _enable(login_as(world.actor("parent_a")), user)
    client.post("/account/logout/")
    _log_in(client, user.email)

    response = client.post(VERIFY, {"code": codes[3].upper().replace("-", " ")})

    assert (response.status_code, response["Location"]) == (302, "/")
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=True).count() == 9
    assert "accounts.recovery_code.used" in _actions(user)
    client.post("/account/logout/")
    _log_in(client, user.email)
    again = client.post(VERIFY, {"code": codes[3]})
    assert again.status_code == 200
    assert "used before" in again.content.decode()


def test_code_entry_is_paused_after_five_wrong_codes(world, client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # only SEN's own limit in this test
    user = world.user("parent_a")
    device = totp_device(user)
    _log_in(client, user.email)
    wrong = f"{(int(code_for(device.key)) + 500_000) % 1_000_000:06d}"
    for _ in range(4):
        assert "That code is not right" in client.post(VERIFY, {"code": wrong}).content.decode()

    fifth = client.post(VERIFY, {"code": wrong})
    right = client.post(VERIFY, {"code": code_for(device.key)})

    assert "code entry is paused" in fifth.content.decode()
    assert right.status_code == 200
    assert "code entry is paused" in right.content.decode()
    assert CodeFailure.objects.filter(user=user).count() == 5
    assert _actions(user).count("accounts.mfa.failed") == 5
    assert "accounts.mfa.rate_limited" in _actions(user)


def test_code_entry_opens_again_after_fifteen_minutes(world, client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = world.user("parent_a")
    device = totp_device(user)
    long_ago = timezone.now() - timedelta(minutes=16)
    CodeFailure.objects.bulk_create(CodeFailure(user=user, occurred_at=long_ago) for _ in range(5))
    _log_in(client, user.email)

    response = client.post(VERIFY, {"code": code_for(device.key)})

    assert response.status_code == 302
    assert not CodeFailure.objects.filter(user=user).exists()


def test_old_failures_are_cleared_when_a_new_one_is_counted(world, client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = world.user("parent_a")
    device = totp_device(user)
    long_ago = timezone.now() - timedelta(minutes=20)
    CodeFailure.objects.bulk_create(CodeFailure(user=user, occurred_at=long_ago) for _ in range(4))
    _log_in(client, user.email)

    client.post(VERIFY, {"code": f"{(int(code_for(device.key)) + 1) % 1_000_000:06d}"})

    assert CodeFailure.objects.filter(user=user).count() == 1


def test_a_code_right_after_a_wrong_one_waits_a_moment(world, client) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    device = totp_device(user)
    _log_in(client, user.email)
    client.post(VERIFY, {"code": f"{(int(code_for(device.key)) + 1) % 1_000_000:06d}"})

    response = client.post(VERIFY, {"code": code_for(device.key)})

    assert "Wait a few seconds" in response.content.decode()
    assert CodeFailure.objects.filter(user=user).count() == 1  # the refused try is not counted


def test_htmx_requests_are_redirected_with_a_header(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("teacher_a"))

    response = client.get("/", headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{SETUP}?next=%2F"


def test_blocked_until_is_fifteen_minutes_after_the_oldest_recent_failure(world) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    now = timezone.now()
    times = [now - timedelta(minutes=m) for m in (1, 2, 3, 4, 10)]
    CodeFailure.objects.bulk_create(CodeFailure(user=user, occurred_at=t) for t in times)

    assert mfa.code_entry_blocked_until(user) == times[-1] + timedelta(minutes=15)


def test_staff_without_device_are_sent_to_setup(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("teacher_a"))

    response = client.get("/account/people/?role=teacher")

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Faccount%2Fpeople%2F%3Frole%3Dteacher"
    assert client.get(SETUP).status_code == 200
    assert "Your role works with personal data" in client.get(SETUP).content.decode()


def test_staff_with_device_are_sent_to_verify_after_login(world, client) -> None:  # type: ignore[no-untyped-def]
    user = world.user("coordinator_a")
    device = totp_device(user)
    _log_in(client, user.email)

    assert client.get("/")["Location"] == f"{VERIFY}?next=%2F"
    client.post(VERIFY, {"code": code_for(device.key)})
    assert client.get("/").status_code == 200


def test_staff_setup_then_continues_to_next(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("coordinator_a"))
    client.get(f"{SETUP}?next=/account/people/")

    response = client.post(
        SETUP, {"code": code_for(_setup_key(client)), "next": "/account/people/"}
    )

    assert 'href="/account/people/"' in response.content.decode()
    assert client.get("/account/people/").status_code == 200


def test_mfa_requirement_can_be_switched_off(world, login_as, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False

    assert login_as(world.actor("teacher_a")).get("/").status_code == 200


def test_turning_mfa_off_asks_for_the_password(world, login_as) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    client = login_as(world.actor("parent_a"))
    _enable(client, user)

    wrong = client.post("/account/security/2fa/disable/", {"password": "not my password"})
    assert "That password is not right" in wrong.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()

    right = client.post("/account/security/2fa/disable/", {"password": PASSWORD})

    assert right.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()
    assert _actions(user)[-1] == "accounts.mfa.disabled"
    assert "accounts.user.login_failed" in AuditEvent.objects.values_list("action", flat=True)


def test_regenerating_recovery_codes_asks_for_the_password(world, login_as) -> None:  # type: ignore[no-untyped-def]
    user = world.user("parent_a")
    client = login_as(world.actor("parent_a"))
    _device, old = _enable(client, user)
    url = "/account/security/2fa/recovery-codes/"

    assert _codes_in(client.post(url, {"password": "nope nope nope"})) == []
    new = _codes_in(client.post(url, {"password": PASSWORD}))

    assert len(new) == 10 and not set(new) & set(old)
    assert RecoveryCode.objects.filter(user=user).count() == 10
    assert _actions(user)[-1] == "accounts.recovery_codes.regenerated"
    with pytest.raises(Exception, match="not right"):
        mfa.verify_second_factor(actor=world.actor("parent_a"), user=user, code=old[0])


def test_staff_turning_mfa_off_must_set_it_up_again(world, login_as) -> None:  # type: ignore[no-untyped-def]
    user = world.user("teacher_a")
    client = login_as(world.actor("teacher_a"))
    _enable(client, user)

    client.post("/account/security/2fa/disable/", {"password": PASSWORD})

    assert client.get("/")["Location"].startswith(SETUP)


def test_administrator_resets_a_lost_second_factor(world, client) -> None:  # type: ignore[no-untyped-def]
    user = world.user("teacher_a")
    totp_device(user)
    token_before = user.session_token
    login_verified(client, world.actor("administrator"))

    response = client.post(f"/account/people/user/{user.pk}/reset-2fa/")

    user.refresh_from_db()
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert user.session_token != token_before
    assert _actions(user)[-1] == "accounts.mfa.reset"


def test_only_administrators_reset_a_second_factor(world, client) -> None:  # type: ignore[no-untyped-def]
    user = world.user("teacher_a")
    totp_device(user)
    login_verified(client, world.actor("coordinator_a"))

    response = client.post(f"/account/people/user/{user.pk}/reset-2fa/")

    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=user).exists()


def test_security_page_shows_status(world, login_as) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(email="sam@example.test")
    MembershipFactory(user=user, role="guardian")
    client = login_as(world.actor("parent_b"))

    page = client.get("/account/security/").content.decode()

    assert "Turn on two-factor authentication" in page
    assert reverse("accounts:mfa_setup") in page
