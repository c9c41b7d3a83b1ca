"""SEN's settings per SEN_ENV, read in fresh processes with a clean environment.

Settings are read from the environment once, at import; the test process has
already imported them as SEN_ENV=test. Each test here therefore starts a new
Python with only the variables it names (plus PATH and PYTHONPATH).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"

# A production configuration that needs no running database: `check` does not connect
# to PostgreSQL (database checks run only with --database).
PRODUCTION_DB = "postgres://sen_app:not-a-real-password@db.sen.example.nl:5432/sen"


def _random_key(length: int = 64) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _run(
    args: list[str], env: dict[str, str], cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(SRC),
        "PYTHONDONTWRITEBYTECODE": "1",
        "LANG": "C.UTF-8",
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter with fixed arguments
        [sys.executable, *args],
        env=clean,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _production_env(**extra: str) -> dict[str, str]:
    return {
        "SEN_ENV": "production",
        "SECRET_KEY": _random_key(),
        "ALLOWED_HOSTS": "sen.example.nl",
        "DATABASE_URL": PRODUCTION_DB,
        **extra,
    }


_DUMP = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "sen.settings"
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"],
    "name": str(db["NAME"]),
    "conn_max_age": db["CONN_MAX_AGE"],
    "conn_health_checks": db["CONN_HEALTH_CHECKS"],
    "test_name": db.get("TEST", {}).get("NAME"),
    "tasks_backend": s.TASKS["default"]["BACKEND"],
    "hashers": s.PASSWORD_HASHERS,
    "language_code": s.LANGUAGE_CODE,
    "languages": [code for code, _ in s.LANGUAGES],
    "time_zone": s.TIME_ZONE,
    "mfa_required": s.SEN_MFA_REQUIRED_FOR_STAFF,
    "debug": s.DEBUG,
    "allowed_hosts": s.ALLOWED_HOSTS,
    "session_cookie_name": s.SESSION_COOKIE_NAME,
    "csrf_cookie_name": s.CSRF_COOKIE_NAME,
    "session_cookie_secure": s.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": s.CSRF_COOKIE_SECURE,
    "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "hsts_seconds": s.SECURE_HSTS_SECONDS,
    "hsts_subdomains": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "proxy_ssl_header": s.SECURE_PROXY_SSL_HEADER,
    "staticfiles_backend": s.STORAGES["staticfiles"]["BACKEND"],
    "whitenoise_use_finders": s.WHITENOISE_USE_FINDERS,
    "email_backend": s.EMAIL_BACKEND,
    "email_use_tls": s.EMAIL_USE_TLS,
    "media_root": str(s.MEDIA_ROOT),
    "session_cookie_age": s.SESSION_COOKIE_AGE,
    "idle_seconds": s.SEN_SESSION_IDLE_SECONDS,
}))
"""


def _settings(env: dict[str, str]) -> dict[str, Any]:
    result = _run(["-W", "ignore", "-c", _DUMP], env)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    return _settings({"SEN_ENV": "demo"})


@pytest.fixture(scope="module")
def testing() -> dict[str, Any]:
    return _settings({"SEN_ENV": "test"})


@pytest.fixture(scope="module")
def production() -> dict[str, Any]:
    return _settings(_production_env())


# --- check --deploy ---------------------------------------------------------------------------


def test_check_deploy_is_clean_in_production_mode() -> None:
    result = _run(["-m", "sen", "check", "--deploy", "--fail-level", "WARNING"], _production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_on_a_weakened_production_config() -> None:
    # The gate above means something only if it catches a bad configuration.
    env = _production_env(
        SECURE_HSTS_SECONDS="0",
        SECURE_SSL_REDIRECT="false",
        SECRET_KEY_FALLBACKS="too-short",
    )
    result = _run(["-m", "sen", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 1
    found = {
        check_id
        for check_id in ("W004", "W008", "W025")
        if f"(security.{check_id})" in result.stderr
    }
    assert found == {"W004", "W008", "W025"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must name the site's host(s) in production"),
        ({"DEBUG": "true"}, "DEBUG must be off in production: it shows stack traces"),
        ({"DATABASE_URL": None}, "DATABASE_URL must point to PostgreSQL in production"),
        (
            {"SEN_MFA_REQUIRED_FOR_STAFF": "false"},
            "Two-factor authentication for staff cannot be off in production",
        ),
    ],
)
def test_production_refuses_to_start_with_an_unsafe_setting(
    change: dict[str, str | None], message: str
) -> None:
    env = _production_env()
    for key, value in change.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    result = _run(["-m", "sen", "check", "--deploy"], env)
    assert result.returncode == 1
    assert f"ImproperlyConfigured: {message}" in result.stderr


# --- production refuses to start without a real SECRET_KEY ------------------------------------

_KEY_MESSAGE = (
    "django.core.exceptions.ImproperlyConfigured: "
    "SECRET_KEY must be set to at least 50 random characters in production"
)


def test_production_without_secret_key_refuses_to_start() -> None:
    env = _production_env()
    del env["SECRET_KEY"]
    result = _run(["-m", "sen", "check"], env)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == _KEY_MESSAGE


def test_production_with_a_short_secret_key_refuses_to_start() -> None:
    result = _run(["-m", "sen", "check"], _production_env(SECRET_KEY=_random_key(49)))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == _KEY_MESSAGE


def test_wsgi_application_refuses_to_load_without_secret_key() -> None:
    # What gunicorn does first: import sen.wsgi.
    env = _production_env()
    del env["SECRET_KEY"]
    result = _run(["-c", "import sen.wsgi"], env)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == _KEY_MESSAGE


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SEN_ENV", "staging", "SEN_ENV must be one of demo, test, production, not 'staging'"),
        ("CONN_MAX_AGE", "ten", "CONN_MAX_AGE must be a whole number, not 'ten'"),
        ("DEBUG", "perhaps", "DEBUG must be a boolean (true/false), not 'perhaps'"),
        ("DATABASE_URL", "mysql://db/sen", "DATABASE_URL must start with sqlite:// or postgres://"),
    ],
)
def test_a_wrong_environment_value_stops_start_up_by_name(
    name: str, value: str, message: str
) -> None:
    result = _run(["-m", "sen", "check"], {"SEN_ENV": "demo", name: value})
    assert result.returncode != 0
    assert message in result.stderr.strip().splitlines()[-1]


# --- defaults per environment -----------------------------------------------------------------


def test_demo_uses_sqlite_under_var(demo: dict[str, Any]) -> None:
    assert (demo["engine"], demo["name"]) == (
        "django.db.backends.sqlite3",
        str(ROOT / "var" / "demo.sqlite3"),
    )


def test_demo_sqlite_follows_sen_var_dir(tmp_path: Path) -> None:
    moved = _settings({"SEN_ENV": "demo", "SEN_VAR_DIR": str(tmp_path)})
    assert (moved["name"], moved["media_root"]) == (
        str(tmp_path / "demo.sqlite3"),
        str(tmp_path / "media"),
    )


def test_demo_creates_its_var_folder_on_a_fresh_clone(tmp_path: Path) -> None:
    var = tmp_path / "fresh-clone" / "var"
    _settings({"SEN_ENV": "demo", "SEN_VAR_DIR": str(var)})
    assert var.is_dir()


def test_test_uses_in_memory_sqlite(testing: dict[str, Any]) -> None:
    assert (testing["engine"], testing["name"]) == ("django.db.backends.sqlite3", ":memory:")


def test_production_database_comes_from_database_url(production: dict[str, Any]) -> None:
    assert (production["engine"], production["name"], production["test_name"]) == (
        "django.db.backends.postgresql",
        "sen",
        "test_sen",
    )


def test_tasks_run_inline_in_tests_and_in_the_database_elsewhere(
    demo: dict[str, Any], testing: dict[str, Any], production: dict[str, Any]
) -> None:
    assert {
        "demo": demo["tasks_backend"],
        "test": testing["tasks_backend"],
        "production": production["tasks_backend"],
    } == {
        "demo": "django_tasks_db.DatabaseBackend",
        "test": "django.tasks.backends.immediate.ImmediateBackend",
        "production": "django_tasks_db.DatabaseBackend",
    }


def test_tests_can_opt_into_the_database_task_backend() -> None:
    opted = _settings({"SEN_ENV": "test", "SEN_TEST_DB_TASKS": "true"})
    assert opted["tasks_backend"] == "django_tasks_db.DatabaseBackend"


def test_persistent_connections_outside_tests(
    demo: dict[str, Any], testing: dict[str, Any], production: dict[str, Any]
) -> None:
    assert (demo["conn_max_age"], testing["conn_max_age"], production["conn_max_age"]) == (
        600,
        0,
        600,
    )
    assert demo["conn_health_checks"] and production["conn_health_checks"]


def test_conn_max_age_can_be_set() -> None:
    assert _settings(_production_env(CONN_MAX_AGE="60"))["conn_max_age"] == 60


def test_argon2_hashes_new_passwords_outside_tests(
    demo: dict[str, Any], testing: dict[str, Any], production: dict[str, Any]
) -> None:
    argon2 = "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert demo["hashers"][0] == production["hashers"][0] == argon2
    # Tests hash fast but still verify argon2 and PBKDF2 hashes.
    assert testing["hashers"] == [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        argon2,
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def test_dutch_first_with_english_available(
    demo: dict[str, Any], testing: dict[str, Any], production: dict[str, Any]
) -> None:
    for env in (demo, testing, production):
        assert (env["language_code"], env["languages"], env["time_zone"]) == (
            "nl",
            ["nl", "en"],
            "Europe/Amsterdam",
        )


def test_mfa_enforced_in_production_and_tests_but_not_in_the_demo(
    demo: dict[str, Any], testing: dict[str, Any], production: dict[str, Any]
) -> None:
    assert {
        "demo": demo["mfa_required"],
        "test": testing["mfa_required"],
        "production": production["mfa_required"],
    } == {"demo": False, "test": True, "production": True}


def test_debug_is_off_unless_asked(
    demo: dict[str, Any], testing: dict[str, Any], production: dict[str, Any]
) -> None:
    assert (demo["debug"], testing["debug"], production["debug"]) == (False, False, False)


def test_production_cookies_are_secure_and_host_prefixed(production: dict[str, Any]) -> None:
    assert {
        k: production[k]
        for k in (
            "session_cookie_name",
            "csrf_cookie_name",
            "session_cookie_secure",
            "csrf_cookie_secure",
        )
    } == {
        "session_cookie_name": "__Host-sessionid",
        "csrf_cookie_name": "__Host-csrftoken",
        "session_cookie_secure": True,
        "csrf_cookie_secure": True,
    }


def test_production_forces_https_with_a_year_of_hsts(production: dict[str, Any]) -> None:
    assert (
        production["ssl_redirect"],
        production["hsts_seconds"],
        production["hsts_subdomains"],
        production["proxy_ssl_header"],
    ) == (True, 31536000, True, ["HTTP_X_FORWARDED_PROTO", "https"])


def test_demo_has_no_https_only_cookies(demo: dict[str, Any]) -> None:
    # The demo runs on http://127.0.0.1; secure cookies would make login impossible there.
    assert (demo["session_cookie_secure"], demo["ssl_redirect"], demo["hsts_seconds"]) == (
        False,
        False,
        0,
    )


def test_production_serves_hashed_compressed_static_files(
    production: dict[str, Any], demo: dict[str, Any]
) -> None:
    assert (production["staticfiles_backend"], production["whitenoise_use_finders"]) == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        False,
    )
    assert (demo["staticfiles_backend"], demo["whitenoise_use_finders"]) == (
        "django.contrib.staticfiles.storage.StaticFilesStorage",
        True,
    )


def test_mail_backend_per_environment(
    demo: dict[str, Any], testing: dict[str, Any], production: dict[str, Any]
) -> None:
    assert {
        "demo": demo["email_backend"],
        "test": testing["email_backend"],
        "production": (production["email_backend"], production["email_use_tls"]),
    } == {
        "demo": "sen.core.mail.OutboxBackend",
        "test": "django.core.mail.backends.locmem.EmailBackend",
        "production": ("django.core.mail.backends.smtp.EmailBackend", True),
    }


def test_production_has_no_default_hosts(production: dict[str, Any], demo: dict[str, Any]) -> None:
    assert production["allowed_hosts"] == ["sen.example.nl"]
    assert demo["allowed_hosts"] == ["127.0.0.1", "localhost", "testserver", "[::1]"]


def test_session_lifetimes_match_asvs_level_2(production: dict[str, Any]) -> None:
    # ASVS 7.3.1/7.3.2 (4.0.3 3.3.2 L2): 12 hours absolute, 30 minutes idle.
    assert (production["session_cookie_age"], production["idle_seconds"]) == (12 * 3600, 30 * 60)


# --- .env.example stays complete and valid -------------------------------------------------------

_ENV_READ = re.compile(r"""\benv_(?:str|bool|int|list|choice)\(\s*["']([A-Z][A-Z0-9_]*)["']""")
_ENV_LINE = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")


def _example_lines() -> list[tuple[bool, str, str]]:
    """(active, name, value) for each variable line in .env.example."""
    lines = []
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        match = _ENV_LINE.match(line.strip())
        if match:
            value = match.group(3).strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            lines.append((match.group(1) is None, match.group(2), value))
    return lines


def test_env_example_lists_exactly_the_variables_settings_reads() -> None:
    read = set(_ENV_READ.findall((SRC / "sen" / "settings.py").read_text(encoding="utf-8")))
    listed = {name for _active, name, _value in _example_lines()}
    assert read  # the pattern still finds the reads
    assert sorted(read - listed) == [], "add these to .env.example"
    assert sorted(listed - read) == [], "settings.py does not read these"


def test_operations_guide_documents_every_variable() -> None:
    read = set(_ENV_READ.findall((SRC / "sen" / "settings.py").read_text(encoding="utf-8")))
    guide = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert sorted(name for name in read if f"`{name}`" not in guide) == []


def test_env_example_leaves_the_secret_key_empty() -> None:
    assert [(a, v) for a, n, v in _example_lines() if n == "SECRET_KEY"] == [(True, "")]


def test_env_example_with_a_real_key_passes_check_deploy(tmp_path: Path) -> None:
    env = {name: value for active, name, value in _example_lines() if active}
    env.update(
        SECRET_KEY=_random_key(),
        SEN_VAR_DIR=str(tmp_path),
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    result = _run(["-m", "sen", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


# --- static files as production builds them -------------------------------------------------------


def test_collectstatic_builds_the_manifest_with_the_production_storage(tmp_path: Path) -> None:
    static_root = tmp_path / "static"
    env = _production_env(STATIC_ROOT=str(static_root), SEN_VAR_DIR=str(tmp_path))
    result = _run(["-m", "sen", "collectstatic", "--noinput"], env)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((static_root / "staticfiles.json").read_text(encoding="utf-8"))
    hashed_css = manifest["paths"]["sen/sen.css"]
    assert hashed_css != "sen/sen.css"
    assert (static_root / hashed_css).exists()
    assert (static_root / f"{hashed_css}.gz").exists()
