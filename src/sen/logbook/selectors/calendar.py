"""Reads for the school calendar and the planned days of placements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet

from sen.core.actor import Actor
from sen.core.worktime import ScheduleError
from sen.logbook.models import RequiredHours, SchoolHoliday
from sen.logbook.schedule import Holiday, Terms
from sen.placements.models import Placement


def holidays_for_school(actor: Actor) -> QuerySet[SchoolHoliday]:
    """The acting coordinator's school's holidays, latest first."""
    return (
        SchoolHoliday.objects.visible_to(actor)
        .filter(school_id=actor.school_id or 0)
        .order_by("-first_day", "pk")
    )


def required_hours_for_school(actor: Actor) -> QuerySet[RequiredHours]:
    return (
        RequiredHours.objects.visible_to(actor)
        .filter(school_id=actor.school_id or 0)
        .select_related("elective")
        .order_by("elective__name", "pk")
    )


def holidays_by_school(
    school_ids: Iterable[int], first: dt.date, last: dt.date
) -> dict[int, list[Holiday]]:
    """The holidays that touch first..last, per school: one query for any number of schools.

    A system read (the planned days of placements the caller already may see), so not
    filtered by an actor.
    """
    found: dict[int, list[Holiday]] = {}
    rows = SchoolHoliday.objects.filter(
        school_id__in=set(school_ids), last_day__gte=first, first_day__lte=last
    ).values_list("school_id", "first_day", "last_day")
    for school_id, first_day, last_day in rows:
        found.setdefault(school_id, []).append((first_day, last_day))
    return found


def holiday_named(school_id: int, day: dt.date) -> str:
    """The name of the school's holiday on `day`, or ""."""
    name = (
        SchoolHoliday.objects.filter(school_id=school_id, first_day__lte=day, last_day__gte=day)
        .values_list("name", flat=True)
        .first()
    )
    return name or ""


def terms_for(placement: Placement, holidays: Iterable[Holiday] | None = None) -> Terms:
    """The planned days of a placement; pass `holidays` when reading many placements.

    A schedule that cannot be read plans no days at all (the offer form refuses such
    schedules, so this only guards against damaged data).
    """
    if holidays is None:
        school_id = placement.student.school_id
        holidays = holidays_by_school([school_id], placement.starts_on, placement.ends_on).get(
            school_id, []
        )
    try:
        return Terms.of(
            starts_on=placement.starts_on,
            ends_on=placement.ends_on,
            schedule=placement.schedule or [],
            holidays=holidays,
        )
    except ScheduleError:
        return Terms(placement.starts_on, placement.ends_on, {}, ())


def terms_for_many(placements: list[Placement]) -> dict[int, Terms]:
    """Terms of many placements with one query for the holidays of all their schools."""
    if not placements:
        return {}
    first = min(p.starts_on for p in placements)
    last = max(p.ends_on for p in placements)
    holidays = holidays_by_school({p.student.school_id for p in placements}, first, last)
    return {p.pk: terms_for(p, holidays.get(p.student.school_id, [])) for p in placements}
