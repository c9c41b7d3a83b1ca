"""Pure helpers for authenticator apps: keys, the otpauth:// URL and its QR code.

Nothing here writes to the database; `sen.accounts.services.mfa` does.
"""

from __future__ import annotations

import base64
import io
import time
from binascii import unhexlify

import segno
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from sen.accounts.models import User

# RFC 6238 defaults, which every authenticator app understands (ASVS 6.5.5: 30 s).
STEP = 30
DIGITS = 6
TOLERANCE = 1  # accept the previous and the next 30-second code too (clock drift)


def new_key() -> str:
    """A new random secret (20 bytes from a CSPRNG, hex), as django-otp makes them."""
    return str(default_key())


def unsaved_device(user: User, key: str) -> TOTPDevice:
    return TOTPDevice(user=user, key=key, step=STEP, digits=DIGITS, tolerance=TOLERANCE)


def config_url(user: User, key: str) -> str:
    """The otpauth:// URL an authenticator app scans (issuer from settings.OTP_TOTP_ISSUER)."""
    return str(unsaved_device(user, key).config_url)


def typed_key(key: str) -> str:
    """The secret as an app asks for it when typed in: base32 in groups of four."""
    b32 = base64.b32encode(unhexlify(key)).decode("ascii").rstrip("=")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


def qr_data_uri(url: str) -> str:
    """An SVG QR code as a data: URI, so the page needs no extra request (CSP allows img data:)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=5, border=4, dark="#000", light="#fff", xmldecl=False
    )
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def matching_step(key: str, code: str) -> int | None:
    """The time step at which `code` is valid for `key` now (± TOLERANCE), or None."""
    if not (code.isdigit() and len(code) == DIGITS):
        return None
    totp = TOTP(unhexlify(key), STEP, 0, DIGITS, 0)
    totp.time = time.time()
    if totp.verify(int(code), TOLERANCE):
        return int(totp.t())
    return None
