"""The access matrix: what every URL pattern answers to every role.

Each app lists its URL patterns in `tests/access/matrix/<app>.py` as
`URLS = [Url(...)]`. `tests/access/test_url_walk.py` requests every entry as
anonymous and as every actor of the `world` fixture, and fails when a URL
pattern of SEN has no entry (so no view escapes the walk).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Every actor name in tests/conftest.py's World.
ACTORS = (
    "student_a",
    "student_b",
    "parent_a",
    "parent_b",
    "teacher_a",
    "teacher_b",
    "coordinator_a",
    "coordinator_b",
    "coordinator_c",
    "supervisor_a",
    "supervisor_b",
    "contact_a",
    "contact_b",
    "region_coordinator",
    "region_coordinator_other",
    "administrator",
)
SIGNED_IN = frozenset(ACTORS)
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Url:
    name: str  # "app:url_name"
    allowed: frozenset[str] | set[str]  # actors that get `ok_status`; all others get 404
    kwargs: Callable[[Any], dict[str, Any]] = lambda world: {}
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] = lambda world: {}
    ok_status: tuple[int, ...] = (200,)
    public: bool = False  # anonymous visitors get ok_status too (login page, ping)
    # The other actors get one of these (404 by default: "not found or no permission").
    denied_status: tuple[int, ...] = (404,)
    # Text that must appear for allowed actors (proves the page shows the record).
    shows: Callable[[Any], list[str]] = lambda world: []
    note: str = ""
    # Optional keys: "setup" (callable(world) adding data before the requests) and
    # "anonymous_status" (what anonymous visitors get instead of the login redirect).
    extra: dict[str, Any] = field(default_factory=dict)
