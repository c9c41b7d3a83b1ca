"""Password policy (OWASP ASVS 5.0 6.2.x) and the password hasher (11.4.2)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from sen.accounts.models import User


def _codes(password: str, user: User | None = None) -> set[str]:
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        return {e.code for e in error.error_list if e.code}
    return set()


def test_passwords_shorter_than_8_are_refused() -> None:
    assert "password_too_short" in _codes("kx7#qm2")


def test_8_characters_without_composition_rules_are_enough() -> None:
    # No digits, capitals or symbols required (ASVS 6.2.5).
    assert _codes("zwerfkei") == set()


def test_passphrases_of_64_and_up_to_128_characters_are_allowed() -> None:
    assert _codes("lange zinnen zijn goede wachtzinnen " * 2) == set()  # 72 characters
    assert _codes("x" * 60 + "ijsvogel" * 8) == set()  # 124 characters
    assert len("lange zinnen zijn goede wachtzinnen " * 2) >= 64


def test_passwords_over_128_characters_are_refused() -> None:
    assert _codes("ijsvogel" * 17) == {"password_too_long"}


def test_common_passwords_are_refused() -> None:
    assert "password_too_common" in _codes("password123")
    assert "password_too_common" in _codes("qwertyuiop")


def test_context_words_are_refused() -> None:
    assert "password_context_word" in _codes("vmbo2026")
    assert "password_context_word" in _codes("Keuzevakken!")
    assert "password_context_word" in _codes("achterhoek12")


def test_entirely_numeric_passwords_are_refused() -> None:
    assert "password_entirely_numeric" in _codes("8264019375")


def test_a_password_like_the_e_mail_address_is_refused() -> None:
    user = User(email="marijke.hofstede@example.test", full_name="Marijke Hofstede")
    assert "password_too_similar" in _codes("marijke.hofstede", user)


def test_argon2_is_the_production_hasher() -> None:
    # Test mode puts a fast hasher in front; everything after it is production's list.
    hashers = settings.PASSWORD_HASHERS[1:] if settings.TESTING else settings.PASSWORD_HASHERS
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_a_password_hashed_with_argon2_verifies() -> None:
    user = User.objects.create_user("argon@example.test", full_name="Argon Twee")
    user.password = make_password("zwerfkei op de heide", hasher="argon2")
    user.save(update_fields=["password"])

    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("zwerfkei op de heide")
    assert not user.check_password("zwerfkei op de hei")
    assert check_password("zwerfkei op de heide", user.password)
