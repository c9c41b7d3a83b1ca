"""Placements for the tests of what happens during a placement (agreements, logbook,
assessment, portfolio, messages).

`placement_for(world, "a")` places Anna (school A, 15, a minor; parent Paula) at an
offer of company A supervised by Sjaak (supervisor_a), with Tim (teacher_a) as her
teacher; `"b"` places Bram (school B, 16) at company B under Sanne (supervisor_b)
with Tess (teacher_b). The placement runs from four weeks ago to eight weeks ahead on
Tuesdays and Thursdays, 08:30-15:00 with a 30-minute break (6 working hours a day).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sen.placements.models import Placement, PlacementStatus
from tests.factories import CompanyLocationFactory
from tests.factories.offers import LIGHT_WEEK, OfferFactory

FAMILIES = {
    "a": ("student_a", "company_a", "supervisor_a", "teacher_a"),
    "b": ("student_b", "company_b", "supervisor_b", "teacher_b"),
}


def placement_for(
    world: Any,
    family: str = "a",
    *,
    status: str = PlacementStatus.ACTIVE,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    **offer_fields: Any,
) -> Placement:
    student_name, company_name, supervisor_name, teacher_name = FAMILIES[family]
    student = getattr(world, student_name)
    company = getattr(world, company_name)
    today = timezone.localdate()
    first = starts_on or today - dt.timedelta(days=28)
    last = ends_on or today + dt.timedelta(days=56)
    offer = OfferFactory(
        company=company,
        location=CompanyLocationFactory(company=company, city="Doetinchem"),
        supervisor=world.user(supervisor_name),
        starts_on=first,
        ends_on=last,
        status="published",
        **offer_fields,
    )
    return Placement.objects.create(
        student=student,
        offer=offer,
        status=status,
        starts_on=first,
        ends_on=last,
        schedule=[dict(row) for row in (offer.schedule or LIGHT_WEEK)],
        supervisor=world.user(supervisor_name),
        teacher=world.user(teacher_name),
    )
