"""Factories for offers (opleidingsplaatsen)."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from sen.catalogue.models import Elective, Offer, OfferStatus
from tests.factories import CompanyFactory, CompanyLocationFactory

# A schedule every student of 14 and older may work: two days of 6 working hours.
LIGHT_WEEK = [
    {"weekday": 1, "start": "08:30", "end": "15:00", "break_minutes": 30},
    {"weekday": 3, "start": "08:30", "end": "15:00", "break_minutes": 30},
]


def national(code: str = "1206") -> Elective:
    return Elective.objects.get(school=None, code=code)


class OfferFactory(DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    location = factory.SubFactory(
        CompanyLocationFactory, company=factory.SelfAttribute("..company")
    )
    elective = factory.LazyFunction(national)
    title = factory.Sequence(lambda n: f"Werkplek {n}")
    school_year = "2026-2027"
    starts_on = dt.date(2026, 9, 7)
    ends_on = dt.date(2026, 11, 27)
    places = 4
    schedule = factory.LazyFunction(lambda: [dict(row) for row in LIGHT_WEEK])
    min_age = 14
    status = OfferStatus.DRAFT

    @factory.post_generation
    def profiles(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.profiles.set(extracted)
