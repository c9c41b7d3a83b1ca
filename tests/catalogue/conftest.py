"""Fixtures for the catalogue's tests: signed-in clients that passed two-factor authentication."""

from __future__ import annotations

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
