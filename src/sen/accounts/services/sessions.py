"""Logging in and out, passwords and sessions. Every change is audited."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from sen.accounts.middleware import MFA_PENDING_KEY
from sen.accounts.models import Membership, User
from sen.audit.services import record
from sen.core.actor import ANONYMOUS, Actor
from sen.core.middleware import ACTIVE_MEMBERSHIP_KEY, resolve_actor

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def start_session(
    request: HttpRequest, *, mfa_pending: bool, membership: Membership | None = None
) -> None:
    """Give a freshly logged-in session its absolute lifetime (ASVS 7.3.2).

    The expiry is a fixed moment, not a number of seconds: Django extends a
    relative expiry on every save, which the idle-timeout bookkeeping causes.
    """
    request.session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))
    if mfa_pending:
        # Until the second step, MfaRequiredMiddleware lets them reach only the code page.
        request.session[MFA_PENDING_KEY] = True
    if membership is not None:
        request.session[ACTIVE_MEMBERSHIP_KEY] = membership.pk


def log_in_new_account(request: HttpRequest, *, user: User, membership: Membership) -> None:
    """Log in someone who just made their account by accepting an invitation."""
    login(request, user, backend=MODEL_BACKEND)
    start_session(request, mfa_pending=False, membership=membership)
    record_login(request=request, user=user)


def record_login(*, request: HttpRequest, user: User) -> None:
    actor = resolve_actor(request)
    record("accounts.user.logged_in", actor=actor, obj=user, object_label=user.email)


def username_fingerprint(username: str) -> str:
    """A keyed hash of what was typed as the e-mail address: links attempts, reveals nothing."""
    normalised = username.strip().lower()
    return salted_hmac("sen.accounts.login_failed", normalised, algorithm="sha256").hexdigest()[:32]


def record_login_failed(*, credentials: Mapping[str, Any]) -> None:
    """Audit a failed login without the password and without the e-mail address (ASVS 16.2.5)."""
    username = str(credentials.get("username") or credentials.get("email") or "")
    record(
        "accounts.user.login_failed",
        actor=ANONYMOUS,
        changes={"username_hash": username_fingerprint(username) if username else ""},
    )


def record_locked_out(*, username: str) -> None:
    record(
        "accounts.user.locked_out",
        actor=ANONYMOUS,
        changes={"username_hash": username_fingerprint(username) if username else ""},
    )


def change_password(*, actor: Actor, user: User, new_password: str) -> None:
    """Set a new password (already validated). Other sessions end: the password is in their hash."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record("accounts.user.password_changed", actor=actor, obj=user)


def end_all_sessions(*, actor: Actor, user: User) -> None:
    """Log `user` out everywhere by rotating the token in the session hash (ASVS 7.4.3).

    The caller keeps its own session with `update_session_auth_hash`, or logs out.
    """
    with transaction.atomic():
        user.session_token = secrets.token_hex()
        user.save(update_fields=["session_token"])
        record("accounts.user.sessions_ended", actor=actor, obj=user)


def record_password_reset_requested(*, user: User) -> None:
    record("accounts.user.password_reset_requested", actor=ANONYMOUS, obj=user)


def complete_password_reset(*, user: User) -> None:
    """After a reset by e-mail: audit it and lift a login lockout for the address.

    Whoever can read the mailbox may log in again at once; someone guessing
    passwords cannot (the lockout message points here).
    """
    from axes.utils import reset

    record("accounts.user.password_reset", actor=ANONYMOUS, obj=user)
    reset(username=user.email)
