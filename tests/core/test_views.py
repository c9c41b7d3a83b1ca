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
