"""Factories for the logbook: attendance, entries, photos, holidays, required hours.

They write rows directly (no services, no audit), with the values the services write,
for tests that need history to exist. `planned_days(placement)` lists the placement's
planned days up to today (Tuesdays and Thursdays for `placement_for`).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image

from sen.logbook.models import (
    Attendance,
    AttendanceStatus,
    EntryStatus,
    LogEntry,
    RequiredHours,
    SchoolHoliday,
)
from sen.logbook.selectors.calendar import terms_for
from sen.placements.models import Placement


class SchoolHolidayFactory(DjangoModelFactory):
    class Meta:
        model = SchoolHoliday

    name = "Herfstvakantie"
    first_day = dt.date(2026, 10, 17)
    last_day = dt.date(2026, 10, 25)


class RequiredHoursFactory(DjangoModelFactory):
    class Meta:
        model = RequiredHours

    hours = 80


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    status = AttendanceStatus.PRESENT
    registered_at = factory.LazyFunction(timezone.now)


class LogEntryFactory(DjangoModelFactory):
    class Meta:
        model = LogEntry

    hours = Decimal("6")
    activities = "Leidingen gelegd met mijn begeleider."
    reflection = "Ik heb geleerd hoe je een bocht maakt."
    status = EntryStatus.DRAFT


def planned_days(placement: Placement, *, until: dt.date | None = None) -> list[dt.date]:
    """The placement's planned days up to `until` (default today), oldest first."""
    terms = terms_for(Placement.objects.select_related("student").get(pk=placement.pk))
    return [day for day, _m in terms.planned_days(until=until or timezone.localdate())]


def last_planned_day(placement: Placement, *, before: dt.date | None = None) -> dt.date:
    """The latest planned day before `before` (default: before today)."""
    until = (before or timezone.localdate()) - dt.timedelta(days=1)
    return planned_days(placement, until=until)[-1]


def entry(placement: Placement, day: dt.date, **fields: object) -> LogEntry:
    values: dict[str, object] = {"placement": placement, "date": day, **fields}
    status = values.get("status", EntryStatus.DRAFT)
    if status != EntryStatus.DRAFT:
        values.setdefault("submitted_at", timezone.now())
    if status in (EntryStatus.APPROVED, EntryStatus.RETURNED):
        values.setdefault("reviewed_by", placement.supervisor)
        values.setdefault("reviewed_at", timezone.now())
    return LogEntryFactory(**values)


def jpeg(*, size: tuple[int, int] = (64, 48), with_gps: bool = False) -> bytes:
    """A small JPEG photo, optionally with EXIF GPS data that must be stripped."""
    picture = Image.new("RGB", size, (200, 80, 40))
    out = io.BytesIO()
    if with_gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (51.0, 58.0, 0.0), 3: "E", 4: (6.0, 17.0, 0.0)}
        exif[0x010F] = "TestCam"
        picture.save(out, format="JPEG", exif=exif)
    else:
        picture.save(out, format="JPEG")
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 120, 40)).save(out, format="PNG")
    return out.getvalue()
