"""Data builders for the choice-round tests and the access matrix (no tests here)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sen.catalogue.models import Offer
from sen.catalogue.offers_models import OfferStatus
from sen.network.models import Company, School, Student
from sen.placements.models import ChoiceItem, ChoiceList, ChoiceRound, ChoiceStatus, RoundStatus
from tests.factories import CompanyLocationFactory, ElectiveFactory, PeriodFactory

SCHEDULE = [{"weekday": 1, "start": "08:30", "end": "15:00", "break_minutes": 30}]


def make_offer(company: Company, *, places: int = 2, **extra: Any) -> Offer:
    location = CompanyLocationFactory(company=company)
    fields: dict[str, Any] = {
        "company": company,
        "location": location,
        "elective": ElectiveFactory(),
        "school_year": "2026-2027",
        "starts_on": dt.date(2026, 9, 7),
        "ends_on": dt.date(2026, 10, 30),
        "places": places,
        "schedule": SCHEDULE,
        "status": OfferStatus.PUBLISHED,
        **extra,
    }
    return Offer.objects.create(**fields)


def make_round(
    school: School,
    *,
    status: str = RoundStatus.OPEN,
    days_left: int = 3,
    offers: list[Offer] | None = None,
    **extra: Any,
) -> ChoiceRound:
    now = timezone.now()
    fields: dict[str, Any] = {
        "school": school,
        "period": PeriodFactory(school=school),
        "name": "Keuzeronde blok 1",
        "opens_at": now - dt.timedelta(days=7),
        "deadline": now + dt.timedelta(days=days_left),
        "min_choices": 2,
        "max_choices": 3,
        "status": status,
        **extra,
    }
    choice_round = ChoiceRound.objects.create(**fields)
    if offers:
        choice_round.offers.set(offers)
    return choice_round


def make_list(
    choice_round: ChoiceRound,
    student: Student,
    offers: list[Offer],
    status: str = ChoiceStatus.SUBMITTED,
) -> ChoiceList:
    choice_list = ChoiceList.objects.create(
        round=choice_round,
        student=student,
        status=status,
        submitted_at=timezone.now() if status != ChoiceStatus.DRAFT else None,
    )
    ChoiceItem.objects.bulk_create(
        ChoiceItem(choice_list=choice_list, rank=rank, offer=offer)
        for rank, offer in enumerate(offers, start=1)
    )
    return choice_list


def round_with_offers(world: Any, school: School | None = None, **extra: Any) -> ChoiceRound:
    """An open round of school A (default) with three offers of company A."""
    offers = [make_offer(world.company_a) for _ in range(3)]
    return make_round(school or world.school_a, offers=offers, **extra)
