"""The network's URLs: regions, schools, companies, their locations, students and families.

Forms are walked with GET (the form page); the POST paths are tested in tests/network.
"""

from __future__ import annotations

from tests.access.spec import NOBODY, SIGNED_IN, Url
from tests.factories import CompanyLocationFactory, SchoolLocationFactory

REGION_COORDINATORS = frozenset({"region_coordinator", "region_coordinator_other"})
SCHOOL_STAFF = frozenset(
    {"coordinator_a", "coordinator_b", "coordinator_c", "teacher_a", "teacher_b"}
)
COMPANY_PEOPLE = frozenset({"contact_a", "contact_b", "supervisor_a", "supervisor_b"})
# School A is in the Achterhoek: its staff and that region's coordinator.
SCHOOL_A_VIEWERS = frozenset({"coordinator_a", "teacher_a", "region_coordinator"})
SCHOOL_A_EDITORS = frozenset({"coordinator_a", "region_coordinator"})
# Company A is in the Achterhoek: its contact and that region's coordinator edit it.
COMPANY_A_EDITORS = frozenset({"contact_a", "region_coordinator"})
# Anna (student A): her school's staff, herself and her parent. No company, no region.
STUDENT_A_VIEWERS = frozenset({"coordinator_a", "teacher_a", "student_a", "parent_a"})


def _school_location(world):  # type: ignore[no-untyped-def]
    return {"pk": world.school_a.pk, "location_pk": SchoolLocationFactory(school=world.school_a).pk}


def _company_location(world):  # type: ignore[no-untyped-def]
    return {
        "pk": world.company_a.pk,
        "location_pk": CompanyLocationFactory(company=world.company_a).pk,
    }


URLS = [
    # Region coordinators, each for the region they coordinate now.
    Url("network:region", REGION_COORDINATORS),
    Url("network:school_add", REGION_COORDINATORS),
    Url("network:company_add", REGION_COORDINATORS),
    Url("network:region_join", REGION_COORDINATORS),
    # Schools
    Url("network:my_school", SCHOOL_STAFF, ok_status=(302,)),
    Url(
        "network:school",
        SCHOOL_A_VIEWERS,
        kwargs=lambda w: {"pk": w.school_a.pk},
        shows=lambda w: ["Ludger College", "01AA"],
    ),
    Url("network:school_edit", SCHOOL_A_EDITORS, kwargs=lambda w: {"pk": w.school_a.pk}),
    Url("network:school_location_add", SCHOOL_A_EDITORS, kwargs=lambda w: {"pk": w.school_a.pk}),
    Url("network:school_location_edit", SCHOOL_A_EDITORS, kwargs=_school_location),
    Url("network:school_location_remove", SCHOOL_A_EDITORS, kwargs=_school_location),
    # Companies: the public profile for everyone signed in.
    Url("network:my_company", COMPANY_PEOPLE, ok_status=(302,)),
    Url(
        "network:company",
        SIGNED_IN,
        kwargs=lambda w: {"pk": w.company_a.pk},
        shows=lambda w: ["Installatiebedrijf Jansen"],
    ),
    Url("network:company_edit", COMPANY_A_EDITORS, kwargs=lambda w: {"pk": w.company_a.pk}),
    Url(
        "network:company_location_add",
        COMPANY_A_EDITORS,
        kwargs=lambda w: {"pk": w.company_a.pk},
    ),
    Url("network:company_location_edit", COMPANY_A_EDITORS, kwargs=_company_location),
    Url("network:company_location_remove", COMPANY_A_EDITORS, kwargs=_company_location),
    # Students and families
    Url("network:students", SCHOOL_STAFF),
    Url(
        "network:student",
        STUDENT_A_VIEWERS,
        kwargs=lambda w: {"pk": w.student_a.pk},
        shows=lambda w: ["Anna Achterberg", "Ludger College"],
    ),
    Url("network:me", frozenset({"student_a", "student_b"})),
    Url(
        "network:me_sharing",
        NOBODY,
        method="post",
        data=lambda w: {"shares": ""},
        note="only students of 18 or older decide; the world's students are minors",
    ),
    Url("network:children", frozenset({"parent_a", "parent_b"})),
]
