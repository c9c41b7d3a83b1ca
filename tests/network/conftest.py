"""Fixtures for the network's tests: signed-in clients that passed two-factor authentication."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from sen.core.actor import Actor


@pytest.fixture
def login(login_as):  # type: ignore[no-untyped-def]
    """Like `login_as`, and staff roles arrive with a verified second factor (as after MFA)."""

    def _login(actor: Actor):  # type: ignore[no-untyped-def]
        client = login_as(actor)
        if actor.is_staff_role:
            device, _ = TOTPDevice.objects.get_or_create(
                user=actor.user, name="test", defaults={"confirmed": True}
            )
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return _login


# --- browser journeys (marked e2e; they need Debian's Chromium, STACK-NOTES §3) ------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Browser tests need Chromium at {CHROMIUM}")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
