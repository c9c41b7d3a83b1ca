"""The access walk: every URL of SEN, as anonymous and as every actor, with data that could leak.

(a) Every URL pattern of the project has an entry in the access matrix
    (tests/access/matrix/), and every entry names a URL that exists.
(b) Each entry is requested, with its method, kwargs and data, by an anonymous
    visitor and by each actor of tests/access/spec.py acting in their membership:
    allowed actors get `ok_status` (and see `shows`), the others `denied_status`,
    anonymous visitors the login page unless the entry is `public`.
(c) No response shows personal data of a family the actor may not see, and no
    student's date of birth reaches a company or a region.

Speed: the world and one session per actor are built once (in an outer
transaction), each matrix entry's data lives in a savepoint inside it, and each
(entry, actor) test in a savepoint inside that: what one actor's POST changes
is gone for the next, and what one entry adds is gone for the next entry.

Two optional keys of a matrix entry's `extra`:
- "setup": callable(world), adds data before the requests;
- "anonymous_status": what an anonymous visitor gets where that is not the
  login redirect (a page exempt from login that answers 404 to everyone).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import formats, translation

from tests import conftest
from tests.access.matrix import all_urls
from tests.access.spec import ACTORS, Url

ANONYMOUS = "anonymous"
WHO = (ANONYMOUS, *ACTORS)
STATIC_VIEWS = {"django.views.static.serve", "django.contrib.staticfiles.views.serve"}

# --- Who may see which personal data: stated here, not derived from visible_to -----------
FAMILY_A = ("Anna Achterberg", "A001", "Paula Achterberg")
FAMILY_B = ("Bram Bosman", "B001", "Piet Bosman")
FAMILY_A_SEEN_BY = frozenset(
    {"student_a", "parent_a", "teacher_a", "coordinator_a", "administrator"}
)
FAMILY_B_SEEN_BY = frozenset(
    {"student_b", "parent_b", "teacher_b", "coordinator_b", "administrator"}
)
BIRTH_DATE_A, BIRTH_DATE_B = dt.date(2011, 3, 1), dt.date(2010, 7, 9)
# Companies and regions never see a student's date of birth (sen.network.privacy).
NO_BIRTH_DATES = frozenset(
    {
        "supervisor_a",
        "supervisor_b",
        "contact_a",
        "contact_b",
        "region_coordinator",
        "region_coordinator_other",
    }
)
DATE_PATTERNS = (
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "Y-m-d",
    "d-m-Y",
    "j-n-Y",
    "d/m/Y",
    "j/n/Y",
    "m/d/Y",
    "n/j/Y",
    "d.m.Y",
    "j F Y",
    "j b Y",
    "j M Y",
    "j N Y",
    "F j, Y",
    "M j, Y",
)


def _written(day: dt.date) -> frozenset[str]:
    """The ways a page could write a date, in Dutch and in English."""
    seen: set[str] = set()
    for language in ("nl", "en"):
        with translation.override(language):
            seen |= {formats.date_format(day, pattern) for pattern in DATE_PATTERNS}
    return frozenset(seen)


@cache
def forbidden_for(who: str) -> dict[str, str]:
    """Marker → what it is, for every piece of personal data `who` may not see."""
    markers: dict[str, str] = {}
    for family, seen_by, born, label in (
        (FAMILY_A, FAMILY_A_SEEN_BY, BIRTH_DATE_A, "family A"),
        (FAMILY_B, FAMILY_B_SEEN_BY, BIRTH_DATE_B, "family B"),
    ):
        if who not in seen_by:
            markers.update(dict.fromkeys(family, label))
        if who not in seen_by or who in NO_BIRTH_DATES:
            markers.update(dict.fromkeys(_written(born), f"date of birth ({label})"))
    return markers


# --- (a) No view escapes the matrix -----------------------------------------------------


def _patterns(
    patterns: list[Any], namespace: str = "", route: str = ""
) -> Iterator[tuple[str | None, str]]:
    """(name with namespaces, route) of every URL pattern, skipping static file serving."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, inner, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            view = pattern.lookup_str
            if view in STATIC_VIEWS:
                continue
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield name, route + str(pattern.pattern)


def _view(request: Any) -> None:  # pragma: no cover - never called
    return None


def test_pattern_walk_names_nested_namespaces_and_skips_static_serving() -> None:
    from django.urls import include, path
    from django.views.static import serve

    inner = ([path("x/", _view, name="x")], "inner")
    outer = ([path("a/", include(inner)), path("", _view)], "outer")
    patterns = [path("o/", include(outer)), path("media/<path:path>", serve)]

    assert list(_patterns(patterns)) == [("outer:inner:x", "o/a/x/"), (None, "o/")]


def test_leak_markers_follow_the_stated_visibility() -> None:
    contact = forbidden_for("contact_a")
    assert {"Anna Achterberg", "A001", "Paula Achterberg", "Bram Bosman", "B001"} <= set(contact)
    assert {"2011-03-01", "1 maart 2011", "1-3-2011", "01/03/2011", "9 juli 2010"} <= set(contact)
    coordinator = forbidden_for("coordinator_a")
    assert "Anna Achterberg" not in coordinator
    assert "1 maart 2011" not in coordinator
    assert {"Bram Bosman", "B001", "Piet Bosman", "9 juli 2010"} <= set(coordinator)
    assert forbidden_for("administrator") == {}
    assert set(forbidden_for(ANONYMOUS)) == set(contact)


def test_every_url_pattern_has_an_access_matrix_entry() -> None:
    covered = {entry.name for entry in all_urls()}
    missing = sorted(
        name or f"(unnamed: /{route})"
        for name, route in _patterns(get_resolver().url_patterns)
        if name is None or name not in covered
    )
    assert not missing, "URL patterns without an entry in tests/access/matrix/:\n  " + "\n  ".join(
        missing
    )


def test_every_matrix_entry_names_an_existing_url() -> None:
    existing = {name for name, _route in _patterns(get_resolver().url_patterns) if name}
    stale = sorted({entry.name for entry in all_urls()} - existing)
    assert not stale, "Matrix entries for URLs that no longer exist:\n  " + "\n  ".join(stale)


def test_every_matrix_entry_names_only_known_actors() -> None:
    unknown = sorted(
        f"{entry.name}: {name}"
        for entry in all_urls()
        for name in entry.allowed
        if name not in ACTORS
    )
    assert not unknown, "Matrix entries allowing actors the world lacks:\n  " + "\n  ".join(unknown)


# --- (b) and (c) The walk ----------------------------------------------------------------


def _entry_ids(entries: list[Url]) -> list[str]:
    ids: list[str] = []
    for entry in entries:
        base = entry.name if entry.method == "get" else f"{entry.name}[{entry.method}]"
        ids.append(base if base not in ids else f"{base}#{ids.count(base) + 1}")
    return ids


ENTRIES = all_urls()
_build_world = conftest.build_world


@dataclass(frozen=True)
class Walk:
    world: Any
    sessions: dict[str, str]  # actor → session cookie, acting in the actor's membership
    # One client for the walk: a new Client loads every middleware again (WhiteNoise
    # scans the static files); its cookies are replaced before each request.
    client: Client


@dataclass(frozen=True)
class Prepared:
    entry: Url
    world: Any
    url: str
    data: dict[str, Any]
    shows: list[str]
    walk: Walk


def _session_for(actor: Any) -> str:
    client = Client()
    client.force_login(actor.user)
    session = client.session
    session["sen_membership_id"] = actor.membership.pk if actor.membership else None
    session.save()
    return str(client.cookies[settings.SESSION_COOKIE_NAME].value)


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker) -> Iterator[Walk]:  # type: ignore[no-untyped-def]
    """The world and a session for each actor, once for the whole walk; rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            world = _build_world()
            sessions = {name: _session_for(world.actor(name)) for name in ACTORS}
            yield Walk(world, sessions, Client())
        finally:
            transaction.set_rollback(True)


@pytest.fixture(scope="module", params=ENTRIES, ids=_entry_ids(ENTRIES))
def prepared(request, walk: Walk, django_db_blocker) -> Iterator[Prepared]:  # type: ignore[no-untyped-def]
    """One matrix entry's data in a savepoint of the walk; rolled back after its last actor."""
    entry: Url = request.param
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            setup = entry.extra.get("setup")
            if setup is not None:
                setup(walk.world)
            yield Prepared(
                entry=entry,
                world=walk.world,
                url=reverse(entry.name, kwargs=entry.kwargs(walk.world) or None),
                data=entry.data(walk.world),
                shows=entry.shows(walk.world),
                walk=walk,
            )
        finally:
            transaction.set_rollback(True)


_CSRF = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*')


def _readable(response: Any) -> str:
    """Body and the headers that carry text, with the random CSRF tokens blanked out."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    headers = " ".join(
        response.get(name, "") for name in ("Location", "Content-Disposition", "HX-Redirect")
    )
    return _CSRF.sub(r"\1", body.decode("utf-8", errors="replace")) + "\n" + headers


def _request(prepared: Prepared, who: str) -> Any:
    client = prepared.walk.client
    client.cookies = SimpleCookie()
    if who != ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = prepared.walk.sessions[who]
    send = getattr(client, prepared.entry.method)
    return send(prepared.url, prepared.data)


@pytest.mark.django_db
@pytest.mark.parametrize("who", WHO)
def test_url_answers_each_actor_as_the_matrix_says(prepared: Prepared, who: str, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False
    entry = prepared.entry

    response = _request(prepared, who)

    status = response.status_code
    text = _readable(response)
    where = f"{entry.method.upper()} {prepared.url} as {who}"
    if who == ANONYMOUS and "anonymous_status" in entry.extra:
        expected = entry.extra["anonymous_status"]
        assert status in expected, f"{where}: {status}, expected {expected}"
    elif who == ANONYMOUS and not entry.public:
        assert status == 302, f"{where}: {status}, expected a redirect to the login page"
        assert response["Location"].startswith(reverse(settings.LOGIN_URL)), where
    elif who == ANONYMOUS or who in entry.allowed:
        assert status in entry.ok_status, f"{where}: {status}, expected {entry.ok_status}"
        if who != ANONYMOUS:
            missing = [shown for shown in prepared.shows if shown not in text]
            assert missing == [], f"{where}: the page does not show these"
    else:
        assert status in entry.denied_status, f"{where}: {status}, expected {entry.denied_status}"
    leaks = {marker: what for marker, what in forbidden_for(who).items() if marker in text}
    assert leaks == {}, f"{where}: shows personal data this actor may not see"
