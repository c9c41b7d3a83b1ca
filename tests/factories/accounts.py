"""Two-factor helpers for tests: a confirmed authenticator app, codes it shows, a verified login."""

from __future__ import annotations

import re
from binascii import unhexlify
from typing import Any

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sen.accounts.models import User
from sen.core.actor import Actor


def totp_device(user: User, *, confirmed: bool = True) -> TOTPDevice:
    device: TOTPDevice = TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=confirmed
    )
    return device


def code_for(key: str, *, steps_ahead: int = 0) -> str:
    """The 6-digit code an authenticator app shows now for a hex key (or a later step)."""
    return f"{totp(unhexlify(key), drift=steps_ahead):06d}"


def login_verified(client: Any, actor: Actor) -> Any:
    """Log the client in as `actor` with two-factor authentication passed.

    For view tests of staff roles while settings.SEN_MFA_REQUIRED_FOR_STAFF is on.
    """
    assert actor.user is not None
    device = TOTPDevice.objects.filter(user=actor.user, confirmed=True).first() or totp_device(
        actor.user
    )
    client.force_login(actor.user)
    session = client.session
    session["sen_membership_id"] = actor.membership.pk if actor.membership else None
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def link_in(body: str, path_part: str) -> str:
    """The first absolute link in an e-mail body that contains `path_part`."""
    match = re.search(r"https?://\S*" + re.escape(path_part) + r"\S*", body)
    assert match is not None, f"no link with {path_part!r} in:\n{body}"
    return match.group(0)
