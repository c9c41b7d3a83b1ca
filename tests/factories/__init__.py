"""One factory per model, free of surprising behaviour (HOUSE-STYLE)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from sen.accounts.models import Invitation, Membership, User
from sen.catalogue.models import Elective, Period, Profile
from sen.core.actor import Actor, Role
from sen.network.models import (
    Company,
    CompanyLocation,
    Guardianship,
    Region,
    School,
    SchoolLocation,
    Student,
    Track,
)


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testcollege {n}")
    brin = factory.Sequence(lambda n: f"{n % 100:02d}{chr(65 + (n // 100) % 26)}{chr(65 + n % 26)}")
    city = "Doetinchem"

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)


class SchoolLocationFactory(DjangoModelFactory):
    class Meta:
        model = SchoolLocation

    school = factory.SubFactory(SchoolFactory)
    name = "Hoofdlocatie"
    street = "Schoolstraat 1"
    postcode = "7001 AB"
    city = "Doetinchem"
    latitude = Decimal("51.965000")
    longitude = Decimal("6.288000")


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testbedrijf {n} BV")
    kvk_number = factory.Sequence(lambda n: f"{10000000 + n}")
    sector = "Installatietechniek"

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)


class CompanyLocationFactory(DjangoModelFactory):
    class Meta:
        model = CompanyLocation

    company = factory.SubFactory(CompanyFactory)
    name = "Werkplaats"
    street = "Industrieweg 10"
    postcode = "7008 AA"
    city = "Doetinchem"
    latitude = Decimal("51.970000")
    longitude = Decimal("6.300000")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    password = factory.django.Password("correct horse battery staple")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.TEACHER
    school = None
    company = None
    region = None


class ProfileFactory(DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("code",)

    code = "PIE"
    name = "Produceren, installeren en energie"
    is_technical = True


class ElectiveFactory(DjangoModelFactory):
    class Meta:
        model = Elective

    profile = factory.SubFactory(ProfileFactory)
    code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"Keuzevak {n}")


class PeriodFactory(DjangoModelFactory):
    class Meta:
        model = Period

    school = factory.SubFactory(SchoolFactory)
    school_year = "2026-2027"
    name = factory.Sequence(lambda n: f"Blok {n}")
    starts_on = dt.date(2026, 9, 1)
    ends_on = dt.date(2026, 11, 1)


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student

    school = factory.SubFactory(SchoolFactory)
    student_number = factory.Sequence(lambda n: f"{100000 + n}")
    first_name = factory.Sequence(lambda n: f"Leerling{n}")
    last_name = "de Vries"
    date_of_birth = dt.date(2011, 5, 17)
    class_name = "3B"
    track = Track.KB
    year = 3


class GuardianshipFactory(DjangoModelFactory):
    class Meta:
        model = Guardianship

    student = factory.SubFactory(StudentFactory)
    email = factory.Sequence(lambda n: f"ouder{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Ouder {n}")


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invite{n}@example.test")
    role = Role.TEACHER
    token_hash = factory.Sequence(lambda n: f"{n:064d}")
    expires_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC) + dt.timedelta(days=14))


def actor_for(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership, memberships=(membership,))
