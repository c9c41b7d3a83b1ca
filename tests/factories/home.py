"""Builders for the home-page tests: rounds, choice lists, runs, offers and placements."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sen.catalogue.models import Offer
from sen.network.models import Company, School, Student
from sen.placements.models import AllocationRun, ChoiceList, ChoiceRound, Placement
from tests.factories import CompanyLocationFactory, PeriodFactory
from tests.factories.offers import OfferFactory


def running_offer(company: Company, *, status: str = "published", **extra: Any) -> Offer:
    """An offer that runs from next week for six weeks."""
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "company": company,
        "location": CompanyLocationFactory(company=company, city="Doetinchem"),
        "starts_on": today + dt.timedelta(days=7),
        "ends_on": today + dt.timedelta(days=49),
        "status": status,
        **extra,
    }
    return OfferFactory(**fields)  # type: ignore[no-any-return]


def round_at(
    school: School, *, status: str = "open", days_left: int = 13, **extra: Any
) -> ChoiceRound:
    now = timezone.now()
    fields: dict[str, Any] = {
        "school": school,
        "period": PeriodFactory(school=school),
        "name": f"Keuzeronde {school.name}",
        "opens_at": now - dt.timedelta(days=7),
        "deadline": now + dt.timedelta(days=days_left, hours=1),
        "status": status,
        **extra,
    }
    return ChoiceRound.objects.create(**fields)


def choices_of(
    choice_round: ChoiceRound, student: Student, status: str = "submitted", comment: str = ""
) -> ChoiceList:
    return ChoiceList.objects.create(
        round=choice_round,
        student=student,
        status=status,
        submitted_at=timezone.now() if status != "draft" else None,
        mentor_comment=comment,
    )


def run_of(choice_round: ChoiceRound, status: str = "proposal") -> AllocationRun:
    return AllocationRun.objects.create(
        round=choice_round, mechanism="deferred_acceptance", seed=1, status=status
    )


def placed(
    student: Student, offer: Offer, status: str = "proposed", decline_in_days: int | None = None
) -> Placement:
    deadline = (
        timezone.now() + dt.timedelta(days=decline_in_days) if decline_in_days is not None else None
    )
    return Placement.objects.create(
        student=student,
        offer=offer,
        status=status,
        decline_deadline=deadline,
        starts_on=offer.starts_on,
        ends_on=offer.ends_on,
        schedule=offer.schedule,
        supervisor_id=offer.supervisor_id,
    )
