"""Password validators beyond Django's own (OWASP ASVS 5.0 6.2.x)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# ASVS 6.2.11: words from the context of the application that make weak passwords.
CONTEXT_WORDS = (
    "sen",
    "smart educational network",
    "vmbo",
    "stage",
    "stages",
    "keuzevak",
    "keuzevakken",
    "leerling",
    "school",
    "praktijk",
    "achterhoek",
    "wachtwoord",
    "password",
)


class MaximumLengthValidator:
    """Allow long passphrases (ASVS 6.2.9: at least 64) but bound hashing work."""

    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("This password is too long: use at most %(max)d characters.")
                % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("At most %(max)d characters.") % {"max": self.max_length}


class ContextWordValidator:
    """Refuse passwords that are little more than a context word (ASVS 6.2.11)."""

    def validate(self, password: str, user: Any = None) -> None:
        simplified = "".join(ch for ch in password.lower() if ch.isalpha() or ch == " ").strip()
        bare = simplified.replace(" ", "")
        for word in CONTEXT_WORDS:
            w = word.replace(" ", "")
            if (
                bare == w
                or (bare.startswith(w) and len(bare) - len(w) <= 3)
                or (bare.endswith(w) and len(bare) - len(w) <= 3)
            ):
                raise ValidationError(
                    _("This password is too easy to guess: it is mostly the word “%(word)s”.")
                    % {"word": word},
                    code="password_context_word",
                )

    def get_help_text(self) -> str:
        return _("Not just the name of this service, your school or a word like “vmbo”.")
