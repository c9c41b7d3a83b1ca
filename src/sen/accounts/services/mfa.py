"""Two-factor authentication: TOTP devices, recovery codes and the code-entry limit.

Recovery codes are 12 characters from a 31-symbol alphabet (about 59 bits from
a CSPRNG), shown once and stored only as a salted SHA-256 hash (ASVS 6.5.2);
each works once (6.5.1). A slow password hash is not needed at this entropy and
would make checking ten codes slow. Wrong codes are counted per person in the
database: five within fifteen minutes and code entry is refused until the
oldest of them is fifteen minutes old (6.6.3).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from sen.accounts import totp
from sen.accounts.models import CodeFailure, RecoveryCode, User
from sen.audit.services import record
from sen.core.actor import Actor

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to copy
RECOVERY_GROUPS = 3
RECOVERY_GROUP_LENGTH = 4
CODE_FAILURE_LIMIT = 5
CODE_FAILURE_WINDOW = timedelta(minutes=15)
DEVICE_NAME = "Authenticator app"


# --- Reading state ---------------------------------------------------------------------------


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_mfa(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def code_entry_blocked_until(user: User) -> datetime | None:
    """When code entry opens again for `user`, or None when it is open now."""
    recent = list(
        CodeFailure.objects.filter(user=user, occurred_at__gt=timezone.now() - CODE_FAILURE_WINDOW)
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)[:CODE_FAILURE_LIMIT]
    )
    if len(recent) < CODE_FAILURE_LIMIT:
        return None
    return recent[-1] + CODE_FAILURE_WINDOW


def _blocked_error(until: datetime) -> ValidationError:
    local = timezone.localtime(until)
    return ValidationError(
        _("Too many wrong codes. For your safety, code entry is paused: try again after %(time)s.")
        % {"time": time_format(local, "H:i")},
        code="rate_limited",
    )


def _ensure_code_entry_open(user: User) -> None:
    until = code_entry_blocked_until(user)
    if until is not None:
        raise _blocked_error(until)


def _count_failure(*, actor: Actor, user: User, kind: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        # Failures older than the window no longer count: keep the table small.
        CodeFailure.objects.filter(user=user, occurred_at__lte=now - CODE_FAILURE_WINDOW).delete()
        CodeFailure.objects.create(user=user, occurred_at=now)
        record("accounts.mfa.failed", actor=actor, obj=user, changes={"kind": kind})
    until = code_entry_blocked_until(user)
    if until is not None:
        record("accounts.mfa.rate_limited", actor=actor, obj=user)
        raise _blocked_error(until)


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


# --- Recovery codes --------------------------------------------------------------------------


def _hash_recovery_code(code: str, salt: str) -> str:
    digest = hashlib.sha256(f"{salt}:{_normalise(code)}".encode()).hexdigest()
    return f"sha256${salt}${digest}"


def _recovery_code_matches(code: str, stored: str) -> bool:
    try:
        algorithm, salt, _digest = stored.split("$", 2)
    except ValueError:
        return False
    return algorithm == "sha256" and constant_time_compare(_hash_recovery_code(code, salt), stored)


def _new_recovery_code() -> str:
    groups = (
        "".join(secrets.choice(RECOVERY_ALPHABET) for _n in range(RECOVERY_GROUP_LENGTH))
        for _g in range(RECOVERY_GROUPS)
    )
    return "-".join(groups)


def _replace_recovery_codes(user: User) -> list[str]:
    codes = [_new_recovery_code() for _c in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_hash_recovery_code(code, secrets.token_hex(16)))
        for code in codes
    )
    return codes


def _use_recovery_code(user: User, code: str) -> RecoveryCode | None:
    cleaned = _normalise(code)
    if len(cleaned) != RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH:
        return None
    for candidate in RecoveryCode.objects.filter(user=user, used_at__isnull=True):
        if _recovery_code_matches(cleaned, candidate.code_hash):
            # Conditional update: of two simultaneous uses, only one wins.
            used = RecoveryCode.objects.filter(pk=candidate.pk, used_at__isnull=True).update(
                used_at=timezone.now()
            )
            return candidate if used else None
    return None


# --- Changes ---------------------------------------------------------------------------------


def enable_totp(*, actor: Actor, user: User, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm a new authenticator app with its first code; return it and fresh recovery codes.

    Raises ValidationError when the code is wrong, code entry is paused, or the
    person already has two-factor authentication.
    """
    _ensure_code_entry_open(user)
    if has_mfa(user):
        raise ValidationError(
            _("Two-factor authentication is already on for your account."), code="already_on"
        )
    step = totp.matching_step(key, _normalise(code))
    if step is None:
        _count_failure(actor=actor, user=user, kind="setup")
        raise ValidationError(
            _(
                "That code is not right. Enter the 6-digit code your app shows now; "
                "if it keeps failing, check that the time on your phone is set automatically."
            ),
            code="wrong_code",
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = totp.unsaved_device(user, key)
        device.name = DEVICE_NAME
        device.confirmed = True
        device.last_t = step  # the code just used cannot be used again
        device.save()
        codes = _replace_recovery_codes(user)
        CodeFailure.objects.filter(user=user).delete()
        record("accounts.mfa.enabled", actor=actor, obj=user, changes={"method": "totp"})
        record(
            "accounts.recovery_codes.generated",
            actor=actor,
            obj=user,
            changes={"count": RECOVERY_CODE_COUNT},
        )
    return device, codes


def verify_second_factor(*, actor: Actor, user: User, code: str) -> TOTPDevice:
    """Check a code from the app or a recovery code; return the person's device.

    Raises ValidationError for a wrong code (counted), while code entry is
    paused, and when the person has no device.
    """
    device = confirmed_device(user)
    if device is None:
        raise ValidationError(
            _("Two-factor authentication is not set up for your account."), code="no_device"
        )
    _ensure_code_entry_open(user)
    cleaned = _normalise(code)
    if cleaned.isdigit() and len(cleaned) == totp.DIGITS:
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            raise ValidationError(
                _("Too many attempts in a row. Wait a few seconds and enter a new code."),
                code="throttled",
            )
        if device.verify_token(cleaned):
            with transaction.atomic():
                CodeFailure.objects.filter(user=user).delete()
                record("accounts.mfa.verified", actor=actor, obj=user, changes={"method": "totp"})
            return device
        _count_failure(actor=actor, user=user, kind="totp")
        raise ValidationError(
            _("That code is not right. Enter the code your app shows now."), code="wrong_code"
        )
    with transaction.atomic():
        used = _use_recovery_code(user, cleaned)
        if used is not None:
            CodeFailure.objects.filter(user=user).delete()
            left = recovery_codes_left(user)
            record(
                "accounts.recovery_code.used",
                actor=actor,
                obj=user,
                changes={"codes_left": left},
            )
            return device
    _count_failure(actor=actor, user=user, kind="recovery")
    raise ValidationError(
        _("That recovery code is not right, or it was used before. Each code works once."),
        code="wrong_code",
    )


def disable_mfa(*, actor: Actor, user: User) -> None:
    """Remove the authenticator app and the recovery codes (after the password was confirmed)."""
    with transaction.atomic():
        removed, _detail = TOTPDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        if removed:
            record("accounts.mfa.disabled", actor=actor, obj=user)


def regenerate_recovery_codes(*, actor: Actor, user: User) -> list[str]:
    """Replace every recovery code with ten new ones; the old ones stop working."""
    if not has_mfa(user):
        raise ValidationError(_("Turn on two-factor authentication first."), code="no_device")
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        record(
            "accounts.recovery_codes.regenerated",
            actor=actor,
            obj=user,
            changes={"count": RECOVERY_CODE_COUNT},
        )
    return codes


def reset_mfa(user: User, *, by: Actor) -> None:
    """An administrator removes someone's lost second factor, after checking who they are.

    Their sessions end too; at the next login they set up a new app (ASVS 6.4.4).
    """
    if user.pk == by.user_id:
        raise ValidationError(
            _("Use your own security page to change your two-factor authentication."),
            code="own_account",
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        CodeFailure.objects.filter(user=user).delete()
        user.session_token = secrets.token_hex()
        user.save(update_fields=["session_token"])
        record("accounts.mfa.reset", actor=by, obj=user)
