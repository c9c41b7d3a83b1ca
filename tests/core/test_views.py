from __future__ import annotations

import pytest


def test_ping_needs_no_database(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/ping/")
    assert (response.status_code, response.content) == (200, b"pong")


@pytest.mark.django_db
def test_healthz_reports_database(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/healthz/").json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_home_redirects_anonymous_to_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


@pytest.mark.django_db
def test_home_shows_acting_organisation(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("contact_a"))
    response = client.get("/")
    assert response.status_code == 200
    assert "Installatiebedrijf Jansen" in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_client_ip_ignores_forwarded_for_without_trusted_proxies(rf, settings) -> None:  # type: ignore[no-untyped-def]
    from sen.core.middleware import client_ip

    settings.SEN_TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.5"


def test_client_ip_takes_the_hop_the_proxy_vouches_for(rf, settings) -> None:  # type: ignore[no-untyped-def]
    from sen.core.middleware import client_ip

    settings.SEN_TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"
