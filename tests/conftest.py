"""Named actors for the tests: one of each role, and an outsider of each kind.

World: region "Achterhoek" with schools A and B and companies A and B; region
"Twente" with school C. Family A: student Anna (school A, minor) with parent
Paula; family B: student Bram (school B) with parent Piet.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pytest
from django.core.management.commands import flush
from django.utils import translation

from sen.accounts.models import Membership, User
from sen.audit.guard import allow_purge
from sen.core.actor import Actor, Role
from sen.network.models import Company, Region, School, Student
from tests.factories import (
    CompanyFactory,
    GuardianshipFactory,
    MembershipFactory,
    RegionFactory,
    SchoolFactory,
    StudentFactory,
    UserFactory,
    actor_for,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

# Transactional tests end with Django's `flush`, which deletes audit events; the
# append-only guard allows that only inside allow_purge (see sen.audit.guard).
_original_flush = flush.Command.handle


def _flush_with_purge(self, *args, **kwargs):  # type: ignore[no-untyped-def]
    with allow_purge():
        result = _original_flush(self, *args, **kwargs)
    # The flush also empties what data migrations loaded (the national catalogue);
    # put it back, so that the tests after a transactional test see the same database.
    from sen.catalogue.loader import load_catalogue
    from sen.catalogue.models import Elective, Profile

    load_catalogue(Profile, Elective)
    return result


flush.Command.handle = _flush_with_purge


@pytest.fixture(autouse=True)
def _english_unless_asked(settings):  # type: ignore[no-untyped-def]
    """Tests assert on the English msgids; the Dutch default is tested in test_translations.

    Tests of the Dutch interface set `settings.LANGUAGE_CODE = "nl"` (or send
    Accept-Language) themselves.
    """
    settings.LANGUAGE_CODE = "en"
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True, scope="session")
def _media_in_a_temp_folder(tmp_path_factory):  # type: ignore[no-untyped-def]
    """Uploads made by tests (offer photos) never land in the project's var/media."""
    from django.conf import settings as django_settings

    original = django_settings.MEDIA_ROOT
    django_settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    yield
    django_settings.MEDIA_ROOT = original


@dataclass
class World:
    region: Region
    other_region: Region
    school_a: School
    school_b: School
    school_c: School
    company_a: Company
    company_b: Company
    student_a: Student
    student_b: Student
    actors: dict[str, Actor]

    def actor(self, name: str) -> Actor:
        return self.actors[name]

    def user(self, name: str) -> User:
        user = self.actors[name].user
        assert user is not None
        return user


def _member(email: str, name: str, role: str, **org: object) -> Membership:
    user = UserFactory(email=email, full_name=name)
    return MembershipFactory(user=user, role=role, **org)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
    """The named actors and their organisations; needs database access."""
    region = RegionFactory(name="Achterhoek", slug="achterhoek")
    other = RegionFactory(name="Twente", slug="twente")
    school_a = SchoolFactory(name="Ludger College", brin="01AA", regions=[region])
    school_b = SchoolFactory(name="Staring College", brin="02BB", regions=[region])
    school_c = SchoolFactory(
        name="Twents Vakcollege", brin="03CC", city="Enschede", regions=[other]
    )
    company_a = CompanyFactory(
        name="Installatiebedrijf Jansen", kvk_number="11111111", regions=[region]
    )
    company_b = CompanyFactory(name="Garage Wolters", kvk_number="22222222", regions=[region])

    student_user_a = UserFactory(email="anna@leerling.test", full_name="Anna Achterberg")
    student_a = StudentFactory(
        school=school_a,
        user=student_user_a,
        first_name="Anna",
        last_name="Achterberg",
        student_number="A001",
        date_of_birth=dt.date(2011, 3, 1),
    )
    student_user_b = UserFactory(email="bram@leerling.test", full_name="Bram Bosman")
    student_b = StudentFactory(
        school=school_b,
        user=student_user_b,
        first_name="Bram",
        last_name="Bosman",
        student_number="B001",
        date_of_birth=dt.date(2010, 7, 9),
    )
    parent_a = UserFactory(email="paula@ouder.test", full_name="Paula Achterberg")
    parent_b = UserFactory(email="piet@ouder.test", full_name="Piet Bosman")
    GuardianshipFactory(
        student=student_a, email=parent_a.email, full_name=parent_a.full_name, user=parent_a
    )
    GuardianshipFactory(
        student=student_b, email=parent_b.email, full_name=parent_b.full_name, user=parent_b
    )

    memberships = {
        "student_a": MembershipFactory(user=student_user_a, role=Role.STUDENT, school=school_a),
        "student_b": MembershipFactory(user=student_user_b, role=Role.STUDENT, school=school_b),
        "parent_a": MembershipFactory(user=parent_a, role=Role.GUARDIAN),
        "parent_b": MembershipFactory(user=parent_b, role=Role.GUARDIAN),
        "teacher_a": _member("tim@ludger.test", "Tim Teunissen", Role.TEACHER, school=school_a),
        "teacher_b": _member("tess@staring.test", "Tess Tromp", Role.TEACHER, school=school_b),
        "coordinator_a": _member(
            "carla@ludger.test", "Carla Claassen", Role.COORDINATOR, school=school_a
        ),
        "coordinator_b": _member(
            "cees@staring.test", "Cees Cornelissen", Role.COORDINATOR, school=school_b
        ),
        "coordinator_c": _member(
            "coen@twents.test", "Coen Cuppen", Role.COORDINATOR, school=school_c
        ),
        "supervisor_a": _member(
            "sjaak@jansen.test", "Sjaak Smit", Role.SUPERVISOR, company=company_a
        ),
        "supervisor_b": _member(
            "sanne@wolters.test", "Sanne Stam", Role.SUPERVISOR, company=company_b
        ),
        "contact_a": _member(
            "karin@jansen.test", "Karin Jansen", Role.COMPANY_CONTACT, company=company_a
        ),
        "contact_b": _member(
            "kees@wolters.test", "Kees Wolters", Role.COMPANY_CONTACT, company=company_b
        ),
        "region_coordinator": _member(
            "rita@regio.test", "Rita Rensen", Role.REGION_COORDINATOR, region=region
        ),
        "region_coordinator_other": _member(
            "rob@twente.test", "Rob Ros", Role.REGION_COORDINATOR, region=other
        ),
        "administrator": _member("ada@sen.test", "Ada Admin", Role.ADMINISTRATOR),
    }
    actors = {name: actor_for(m) for name, m in memberships.items()}
    return World(
        region=region,
        other_region=other,
        school_a=school_a,
        school_b=school_b,
        school_c=school_c,
        company_a=company_a,
        company_b=company_b,
        student_a=student_a,
        student_b=student_b,
        actors=actors,
    )


@pytest.fixture
def login_as(client):  # type: ignore[no-untyped-def]
    """Log the test client in as a World actor, acting in that actor's membership."""

    def _login(actor: Actor):  # type: ignore[no-untyped-def]
        client.force_login(actor.user)
        session = client.session
        session["sen_membership_id"] = actor.membership.pk if actor.membership else None
        session.save()
        return client

    return _login
