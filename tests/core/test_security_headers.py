"""Security headers, request ids and error pages, as a browser receives them.

SECURITY-CHECKLIST: ASVS 3.4.3-3.4.6 (CSP, nosniff, Referrer-Policy, frame-ancestors),
14.3.2 (no-store on personal pages), 16.5.1 (generic error messages), 4.1.3 (headers
a client cannot override); HOUSE-STYLE: no inline JS/CSS so the CSP stays strict.

This module doubles as a URLconf (ROOT_URLCONF = this module) that adds a view
which raises, to see the 500 page a visitor gets.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

import sen.urls
from sen.audit.models import AuditEvent
from sen.core.middleware import RequestIdLogFilter

# --- the URLconf used by the error-page tests -------------------------------------------------

SECRET_DETAIL = "db-password-in-an-exception-message"


@login_not_required
def _failing_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET_DETAIL)


urlpatterns = [*sen.urls.urlpatterns, path("__failing__/", _failing_view)]
handler400 = sen.urls.handler400
handler403 = sen.urls.handler403
handler404 = sen.urls.handler404
handler500 = sen.urls.handler500
THIS_URLCONF = __name__


# --- helpers ----------------------------------------------------------------------------------


def _csp(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


class _InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, styles and handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.forms: list[dict[str, str | None]] = []
        self.inputs: list[dict[str, str | None]] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self._in_inline_script = True
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, _value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in ("href", "action", "src") and (_value or "").startswith("javascript:"):
                self.found.append(f"{tag}[{name}=javascript:]")
        if tag == "form":
            self.forms.append(names)
        if tag in ("input", "button"):
            self.inputs.append({"tag": tag, **names})


def _parse(response: Any) -> _InlineCodeFinder:
    finder = _InlineCodeFinder()
    finder.feed(response.content.decode())
    return finder


def _assert_security_headers(response: Any) -> None:
    csp = _csp(response)
    header = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# --- headers on every kind of page -------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_carries_the_security_headers(client: Client) -> None:
    response = client.get("/account/login/")
    assert response.status_code == 200
    _assert_security_headers(response)


@pytest.mark.django_db
def test_signed_in_page_carries_the_security_headers_and_no_store(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("contact_a"))
    response = client.get("/")
    assert response.status_code == 200
    _assert_security_headers(response)
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_not_found_page_carries_the_security_headers(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("contact_a"))
    response = client.get("/does-not-exist/", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    _assert_security_headers(response)
    assert response["Cache-Control"] == "no-store, private"
    assert response.templates[0].name == "404.html"  # our page, not Django's


@pytest.mark.django_db
def test_anonymous_public_pages_are_not_marked_private(client: Client) -> None:
    # /ping/ is public and personal-free: PrivateCacheMiddleware leaves it alone.
    response = client.get("/ping/")
    assert "Cache-Control" not in response
    _assert_security_headers(response)


@pytest.mark.django_db
def test_pages_have_no_inline_code_that_the_csp_would_block(world, login_as, client) -> None:  # type: ignore[no-untyped-def]
    anonymous_login = _parse(client.get("/account/login/")).found
    signed_in = login_as(world.actor("contact_a"))
    home = _parse(signed_in.get("/")).found
    not_found = _parse(signed_in.get("/does-not-exist/")).found
    assert (anonymous_login, home, not_found) == ([], [], [])


# --- the login page works without JavaScript ---------------------------------------------------


@pytest.mark.django_db
def test_login_works_as_a_plain_html_form_without_javascript(world) -> None:  # type: ignore[no-untyped-def]
    browser = Client(enforce_csrf_checks=True)  # a real browser's CSRF behaviour
    page = browser.get("/account/login/")
    parsed = _parse(page)
    names = {i.get("name") for i in parsed.inputs}
    assert [f.get("method") for f in parsed.forms if f.get("method") == "post"]
    assert {"csrfmiddlewaretoken", "username", "password"} <= names
    assert any(i["tag"] == "button" and i.get("type") == "submit" for i in parsed.inputs), (
        "the form needs a real submit button"
    )
    token = next(i["value"] for i in parsed.inputs if i.get("name") == "csrfmiddlewaretoken")

    response = browser.post(
        "/account/login/",
        {
            "csrfmiddlewaretoken": token,
            "username": "karin@jansen.test",
            "password": "correct horse battery staple",
        },
    )

    assert (response.status_code, response["Location"]) == (302, "/")
    home = browser.get("/")
    assert home.status_code == 200
    assert "Installatiebedrijf Jansen" in home.content.decode()


@pytest.mark.django_db
def test_login_without_csrf_token_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    browser = Client(enforce_csrf_checks=True)
    browser.get("/account/login/")
    response = browser.post(
        "/account/login/",
        {"username": "karin@jansen.test", "password": "correct horse battery staple"},
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session


# --- request ids -------------------------------------------------------------------------------

_UUID_HEX = re.compile(r"^[0-9a-f]{32}$")


@pytest.mark.django_db
def test_request_id_is_generated_when_absent(client: Client) -> None:
    first = client.get("/ping/")["X-Request-ID"]
    second = client.get("/ping/")["X-Request-ID"]
    assert _UUID_HEX.match(first) and _UUID_HEX.match(second)
    assert first != second


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming", ["req-2026-11-23-abcdef", "0f1e2d3c4b5a69788796a5b4c3d2e1f0", "A1b2C3d4"]
)
def test_a_sane_incoming_request_id_is_kept(client: Client, incoming: str) -> None:
    response = client.get("/ping/", headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] == incoming


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming",
    [
        "short",
        "x" * 65,
        "<script>alert(1)</script>",
        "abcdefgh\r\nSet-Cookie: sessionid=stolen",
        "abcdefgh; DROP TABLE audit_auditevent",
        "../../../../etc/passwd",
        "ééééééééé",
    ],
)
def test_a_malicious_request_id_is_replaced(client: Client, incoming: str) -> None:
    response = client.get("/ping/", headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] != incoming
    assert _UUID_HEX.match(response["X-Request-ID"])


@pytest.mark.django_db
def test_request_id_reaches_the_audit_trail(world) -> None:  # type: ignore[no-untyped-def]
    # A support desk can follow one request from the proxy log to the audit event.
    browser = Client()
    rid = "support-ticket-4711-login"
    browser.post(
        "/account/login/",
        {"username": "karin@jansen.test", "password": "correct horse battery staple"},
        headers={"X-Request-ID": rid},
    )
    assert AuditEvent.objects.filter(request_id=rid).exists()


# --- errors show no internals --------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=THIS_URLCONF, DEBUG=False)
def test_server_error_shows_our_page_without_a_stack_trace(caplog) -> None:  # type: ignore[no-untyped-def]
    browser = Client(raise_request_exception=False)
    with caplog.at_level("CRITICAL", logger="django.request"):
        response = browser.get("/__failing__/")
    body = response.content.decode()
    assert response.status_code == 500
    assert [t.name for t in response.templates] == ["500.html"]  # our page, not Django's
    for leak in (SECRET_DETAIL, "Traceback", "RuntimeError", "_failing_view", "settings"):
        assert leak not in body
    _assert_security_headers(response)
    assert _UUID_HEX.match(response["X-Request-ID"])


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=THIS_URLCONF, DEBUG=False)
def test_server_error_for_a_signed_in_person_is_not_cached(world, caplog) -> None:  # type: ignore[no-untyped-def]
    browser = Client(raise_request_exception=False)
    browser.force_login(world.user("contact_a"))
    with caplog.at_level("CRITICAL", logger="django.request"):
        response = browser.get("/__failing__/")
    assert response.status_code == 500
    assert SECRET_DETAIL not in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=THIS_URLCONF, DEBUG=False)
def test_server_error_is_logged_with_its_request_id(caplog) -> None:  # type: ignore[no-untyped-def]
    # ASVS 16.3.4: unexpected errors are logged (for the operator, not the visitor).
    browser = Client(raise_request_exception=False)
    caplog.handler.addFilter(RequestIdLogFilter())  # as on SEN's console handler
    with caplog.at_level("ERROR", logger="django.request"):
        browser.get("/__failing__/", headers={"X-Request-ID": "trace-me-500-please"})
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [(r.levelname, getattr(r, "request_id", None)) for r in records] == [
        ("ERROR", "trace-me-500-please")
    ]
    assert records[0].exc_info is not None


@pytest.mark.django_db
def test_failed_login_logs_no_personal_data(world, caplog) -> None:  # type: ignore[no-untyped-def]
    # ASVS 16.2.5: no credentials or personal data in logs (axes masks them).
    with caplog.at_level("DEBUG"):
        Client().post(
            "/account/login/",
            {"username": "karin@jansen.test", "password": "a-wrong-password-123"},
            REMOTE_ADDR="192.0.2.77",
        )
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "login failure" in logged.lower()
    for personal in ("karin@jansen.test", "a-wrong-password-123", "192.0.2.77"):
        assert personal not in logged
