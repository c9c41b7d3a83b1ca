"""The catalogue's URLs: the national catalogue, a school's electives and its periods."""

from __future__ import annotations

import datetime as dt

from tests.access.spec import SIGNED_IN, Url
from tests.factories import ElectiveFactory, PeriodFactory

COORDINATORS = frozenset({"coordinator_a", "coordinator_b", "coordinator_c"})
SCHOOL_STAFF = COORDINATORS | {"teacher_a", "teacher_b"}
NATIONAL = "1206"  # Schoonmetselwerk, loaded by migration 0003


def _national(world):  # type: ignore[no-untyped-def]
    from sen.catalogue.models import Elective

    return {"pk": Elective.objects.get(school=None, code=NATIONAL).pk}


def _own_a(world):  # type: ignore[no-untyped-def]
    return {"pk": ElectiveFactory(school=world.school_a, code="VK-DRONES", name="Drones").pk}


def _period_a(world):  # type: ignore[no-untyped-def]
    return {"pk": PeriodFactory(school=world.school_a, name="Blok 1").pk}


URLS = [
    Url("catalogue:index", SIGNED_IN, shows=lambda w: ["Schoonmetselwerk", "1206", "slo.nl"]),
    Url("catalogue:school_electives", SCHOOL_STAFF, shows=lambda w: ["Schoonmetselwerk"]),
    Url("catalogue:own_elective_create", COORDINATORS),
    Url(
        "catalogue:own_elective_create",
        COORDINATORS,
        method="post",
        data=lambda w: {"name": "Drones", "code": "VK-DRONES"},
        ok_status=(302,),
    ),
    # A national elective is in every school's offer; an own elective only in its school's.
    Url("catalogue:school_elective_edit", COORDINATORS, kwargs=_national),
    Url(
        "catalogue:school_elective_edit",
        {"coordinator_a"},
        kwargs=_own_a,
        shows=lambda w: ["VK-DRONES"],
    ),
    Url(
        "catalogue:school_elective_retire",
        COORDINATORS,
        kwargs=_national,
        method="post",
        ok_status=(302,),
    ),
    Url(
        "catalogue:school_elective_retire",
        {"coordinator_a"},
        kwargs=_own_a,
        method="post",
        ok_status=(302,),
    ),
    Url(
        "catalogue:school_elective_reinstate",
        COORDINATORS,
        kwargs=_national,
        method="post",
        ok_status=(302,),
    ),
    Url("catalogue:periods", SCHOOL_STAFF),
    Url("catalogue:period_create", COORDINATORS),
    Url(
        "catalogue:period_create",
        COORDINATORS,
        method="post",
        data=lambda w: {
            "school_year": "2026-2027",
            "name": "Blok 2",
            "starts_on": dt.date(2026, 11, 2).isoformat(),
            "ends_on": dt.date(2027, 1, 29).isoformat(),
        },
        ok_status=(302,),
    ),
    Url("catalogue:period_edit", {"coordinator_a"}, kwargs=_period_a, shows=lambda w: ["Blok 1"]),
    Url("catalogue:period_delete", {"coordinator_a"}, kwargs=_period_a),
    Url(
        "catalogue:period_delete",
        {"coordinator_a"},
        kwargs=_period_a,
        method="post",
        ok_status=(302,),
    ),
]
