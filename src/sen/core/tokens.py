"""Secret tokens for e-mailed links (invitations, signing links, logbook digest links).

A link carries a random token of 256 bits; only its SHA-256 is stored, so a leaked
database holds no usable link. Looking a link up hashes the token from the URL.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits (ASVS 2.9 / 3.2.2: at least 128 bits of entropy)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
