"""A coordinator who must use two-factor authentication sets it up in the browser."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def code_for(key: bytes, *, ahead: int = 0) -> str:
    """The 6-digit code an authenticator app shows now (or `ahead` steps of 30 s later)."""
    return f"{totp(key, step=30, t0=0, digits=6, drift=ahead):06d}"


def test_coordinator_sets_up_and_uses_two_factor_login(world, open_tab, settings) -> None:
    settings.SEN_MFA_REQUIRED_FOR_STAFF = True
    user = world.user("coordinator_a")
    tab = open_tab("phone")
    page = tab.page

    # Password first; the staff role is then sent to set up an authenticator app.
    tab.login(user.email)
    assert "/account/security/2fa/setup/" in page.url
    assert page.locator("h1").count() == 1
    typed_key = page.get_by_test_id("mfa-key").inner_text().replace(" ", "")
    key = base64.b32decode(typed_key + "=" * (-len(typed_key) % 8))
    tab.screenshot("mfa-setup-phone")
    page.locator("#id_code").fill(code_for(key))
    with page.expect_navigation():
        page.locator("#id_code").press("Enter")

    assert page.get_by_test_id("recovery-codes").locator("li").count() > 0
    with page.expect_navigation():
        page.locator("main a[role=button]").click()
    assert page.url == f"{tab.base_url}/"
    assert "Ludger College" in page.get_by_test_id("acting-as").inner_text()
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    assert device.bin_key == key

    # Next time: password, then a code computed from the stored device's key.
    page.locator(".site-menu > summary").click()
    with page.expect_navigation():
        page.locator("form.logout button").click()
    tab.login(user.email)
    assert "/account/security/2fa/verify/" in page.url
    page.locator("#id_code").fill(code_for(device.bin_key, ahead=1))
    with page.expect_navigation():
        page.locator("#id_code").press("Enter")

    assert page.url == f"{tab.base_url}/"
    assert page.locator("h1").count() == 1
    assert tab.problems() == []
