"""Placements for the logbook tests, whatever weekday the tests run on.

`placement_a`: Anna (15) at company A under Sjaak, teacher Tim, on Tuesdays and
Thursdays from four weeks ago to eight weeks ahead (tests/factories/placements.py).
`daily_a` / `daily_b`: the same families on every day of the week, so that today is
always a planned day (attendance, check-in, "Vandaag").
"""

from __future__ import annotations

from typing import Any

import pytest

from sen.placements.models import Placement
from tests.factories.placements import placement_for

EVERY_DAY = [
    {"weekday": day, "start": "08:30", "end": "15:00", "break_minutes": 30} for day in range(7)
]


def daily(world: Any, family: str = "a", **fields: Any) -> Placement:
    return placement_for(world, family, schedule=[dict(row) for row in EVERY_DAY], **fields)


@pytest.fixture(autouse=True)
def _no_mfa(settings: Any) -> None:
    # The pages are tested here; two-factor login has its own tests (tests/accounts).
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def placement_a(world: Any) -> Placement:
    return placement_for(world, "a")


@pytest.fixture
def daily_a(world: Any) -> Placement:
    return daily(world, "a")


@pytest.fixture
def daily_b(world: Any) -> Placement:
    return daily(world, "b")
