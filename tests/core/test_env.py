"""The typed environment helpers that every setting goes through (sen.core.env)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from sen.core.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    parse_database_url,
)

BASE = Path("/srv/sen")


# --- env_str ---------------------------------------------------------------------------------


def test_env_str_returns_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEN_X", raising=False)
    assert env_str("SEN_X", "fallback") == "fallback"


def test_env_str_keeps_the_value_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEN_X", "  spaced value  ")
    assert env_str("SEN_X", "fallback") == "  spaced value  "


# --- env_bool --------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "on", " On "])
def test_env_bool_reads_true_words(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SEN_FLAG", raw)
    assert env_bool("SEN_FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "False", "no", "off", ""])
def test_env_bool_reads_false_words(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SEN_FLAG", raw)
    assert env_bool("SEN_FLAG", True) is False


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_returns_default_when_unset(
    monkeypatch: pytest.MonkeyPatch, default: bool
) -> None:
    monkeypatch.delenv("SEN_FLAG", raising=False)
    assert env_bool("SEN_FLAG", default) is default


def test_env_bool_refuses_other_words_with_name_and_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SEN_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured) as exc:
        env_bool("SEN_FLAG", False)
    assert str(exc.value) == "SEN_FLAG must be a boolean (true/false), not 'maybe'"


# --- env_int ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [("600", 600), ("0", 0), ("-1", -1), (" 42 ", 42)])
def test_env_int_reads_whole_numbers(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: int
) -> None:
    monkeypatch.setenv("SEN_N", raw)
    assert env_int("SEN_N", 7) == expected


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_env_int_returns_default_when_unset_or_blank(
    monkeypatch: pytest.MonkeyPatch, raw: str | None
) -> None:
    if raw is None:
        monkeypatch.delenv("SEN_N", raising=False)
    else:
        monkeypatch.setenv("SEN_N", raw)
    assert env_int("SEN_N", 7) == 7


@pytest.mark.parametrize("raw", ["ten", "1.5", "600s", "1e3"])
def test_env_int_refuses_other_values_with_name_and_value(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("SEN_N", raw)
    with pytest.raises(ImproperlyConfigured) as exc:
        env_int("SEN_N", 7)
    assert str(exc.value) == f"SEN_N must be a whole number, not {raw!r}"
    assert isinstance(exc.value.__cause__, ValueError)


# --- env_list --------------------------------------------------------------------------------


def test_env_list_splits_on_commas_and_trims(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEN_L", " sen.example.nl, www.sen.example.nl ,,127.0.0.1 ")
    assert env_list("SEN_L", []) == ["sen.example.nl", "www.sen.example.nl", "127.0.0.1"]


def test_env_list_returns_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEN_L", raising=False)
    assert env_list("SEN_L", ["localhost"]) == ["localhost"]


def test_env_list_set_but_empty_means_empty_list(monkeypatch: pytest.MonkeyPatch) -> None:
    # An operator who sets ALLOWED_HOSTS="" gets no hosts, not the default ones.
    monkeypatch.setenv("SEN_L", "")
    assert env_list("SEN_L", ["localhost"]) == []


# --- env_choice ------------------------------------------------------------------------------


def test_env_choice_normalises_case_and_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEN_ENV_X", " Production ")
    assert env_choice("SEN_ENV_X", "demo", ("demo", "test", "production")) == "production"


def test_env_choice_returns_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEN_ENV_X", raising=False)
    assert env_choice("SEN_ENV_X", "demo", ("demo", "test", "production")) == "demo"


def test_env_choice_refuses_unknown_value_listing_the_choices(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SEN_ENV_X", "staging")
    with pytest.raises(ImproperlyConfigured) as exc:
        env_choice("SEN_ENV_X", "demo", ("demo", "test", "production"))
    assert str(exc.value) == "SEN_ENV_X must be one of demo, test, production, not 'staging'"


# --- parse_database_url: SQLite ---------------------------------------------------------------

SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def test_sqlite_relative_path_is_under_the_project() -> None:
    db = parse_database_url("sqlite:///var/demo.sqlite3", base_dir=BASE)
    assert db == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE / "var" / "demo.sqlite3",
        "OPTIONS": SQLITE_OPTIONS,
    }


def test_sqlite_four_slashes_is_an_absolute_path() -> None:
    db = parse_database_url("sqlite:////var/lib/sen/sen.sqlite3", base_dir=BASE)
    assert db["NAME"] == Path("/var/lib/sen/sen.sqlite3")
    assert db["ENGINE"] == "django.db.backends.sqlite3"


def test_sqlite_path_is_url_decoded() -> None:
    db = parse_database_url("sqlite:///var/my%20db.sqlite3", base_dir=BASE)
    assert db["NAME"] == BASE / "var" / "my db.sqlite3"


@pytest.mark.parametrize("url", ["sqlite:///:memory:", "sqlite://", "sqlite:///"])
def test_sqlite_memory_forms(url: str) -> None:
    db = parse_database_url(url, base_dir=BASE)
    assert (db["ENGINE"], db["NAME"]) == ("django.db.backends.sqlite3", ":memory:")


def test_sqlite_scheme_is_case_insensitive() -> None:
    db = parse_database_url("SQLite:///var/x.db", base_dir=BASE)
    assert db["NAME"] == BASE / "var" / "x.db"


# --- parse_database_url: PostgreSQL -----------------------------------------------------------


def test_postgres_url_with_user_password_port_and_options() -> None:
    db = parse_database_url(
        "postgres://sen_app:s%40cr%3At@db.internal:6432/sen_prod"
        "?sslmode=verify-full&application_name=sen",
        base_dir=BASE,
    )
    assert db == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "sen_prod",
        "USER": "sen_app",
        "PASSWORD": "s@cr:t",
        "HOST": "db.internal",
        "PORT": "6432",
        "OPTIONS": {"sslmode": "verify-full", "application_name": "sen"},
    }


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "pgsql", "PostgreSQL"])
def test_postgres_scheme_aliases(scheme: str) -> None:
    db = parse_database_url(f"{scheme}://u@h/sen", base_dir=BASE)
    assert db["ENGINE"] == "django.db.backends.postgresql"


def test_postgres_without_credentials_port_or_name_uses_defaults() -> None:
    db = parse_database_url("postgres://127.0.0.1", base_dir=BASE)
    assert {k: db[k] for k in ("NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")} == {
        "NAME": "sen",
        "USER": "",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": "",
        "OPTIONS": {},
    }


def test_postgres_repeated_option_keeps_the_last() -> None:
    db = parse_database_url("postgres://h/sen?sslmode=disable&sslmode=require", base_dir=BASE)
    assert db["OPTIONS"] == {"sslmode": "require"}


# --- parse_database_url: anything else --------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("mysql://u:p@h/sen", "'mysql'"),
        ("oracle://h/sen", "'oracle'"),
        ("sen.sqlite3", "'sen.sqlite3'"),
    ],
)
def test_unsupported_database_url_is_refused_by_name(url: str, named: str) -> None:
    with pytest.raises(ImproperlyConfigured) as exc:
        parse_database_url(url, base_dir=BASE)
    assert str(exc.value) == f"DATABASE_URL must start with sqlite:// or postgres://, not {named}"


def test_refusal_of_a_url_without_scheme_does_not_echo_a_password() -> None:
    # A URL with a scheme is reported by its scheme only, so a password in it never
    # reaches a log or a terminal.
    with pytest.raises(ImproperlyConfigured) as exc:
        parse_database_url("mysql://sen:hunter2secret@db/sen", base_dir=BASE)
    assert "hunter2secret" not in str(exc.value)
