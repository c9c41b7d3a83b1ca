"""The demo's attendance and logbooks: history for every active placement of the demo.

Called by the builder after the demo placements exist (`build_logbook(build)`). For
every school of the demo it adds the school holidays of 2026-27; for every active
placement it registers attendance on the planned days that have passed (mostly
present, some late, a few sick or absent, with or without permission) and writes a
logbook entry for each day the student was there: mostly approved, the last few days
submitted (waiting for the supervisor), a few returned with a comment, the latest
sometimes still a draft. A few students are absent without permission twice in the
last four weeks, so the repeated-absence flag shows on the class overview.

Everything goes in with bulk inserts, with the values the services write
(sen.logbook.services): statuses, who registered or reviewed and when, comments.
No audit events and no notifications: this is history, not something happening now.

Holidays (school days Monday to Friday in between are free):
- herfstvakantie 2026: Saturday 17 to Sunday 25 October 2026 (regions Noord and Midden;
  Zuid too in 2026), so Monday 19 to Friday 23 October are free;
- kerstvakantie 2026-27: Saturday 19 December 2026 to Sunday 3 January 2027 (all
  regions).
Source: the national school holiday dates 2026-2027 published by the Rijksoverheid
("Schoolvakanties 2026-2027",
https://www.rijksoverheid.nl/onderwerpen/schoolvakanties/overzicht-schoolvakanties-per-schooljaar/overzicht-schoolvakanties-2026-2027),
as copied into school rosters, e.g. https://deschelp.csgdewaard.nl/onze-school/schoolvakanties
(herfstvakantie 17 t/m 25 oktober 2026, kerstvakantie 19 december 2026 t/m 3 januari 2027).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from sen.core.worktime import ScheduleError
from sen.logbook.models import (
    Attendance,
    AttendanceStatus,
    EntryStatus,
    LogEntry,
    SchoolHoliday,
)
from sen.logbook.schedule import Terms
from sen.placements.models import Placement, PlacementStatus

if TYPE_CHECKING:
    from sen.core.demo.builder import Build

HOLIDAYS: tuple[tuple[str, dt.date, dt.date], ...] = (
    ("Herfstvakantie", dt.date(2026, 10, 17), dt.date(2026, 10, 25)),
    ("Kerstvakantie", dt.date(2026, 12, 19), dt.date(2027, 1, 3)),
)
# How a past planned day went (weights in percent); a repeated absence is added apart.
DAY_OUTCOMES: tuple[tuple[str, int], ...] = (
    (AttendanceStatus.PRESENT, 88),
    (AttendanceStatus.LATE, 5),
    (AttendanceStatus.SICK, 4),
    (AttendanceStatus.EXCUSED, 2),
    (AttendanceStatus.UNEXCUSED, 1),
)
FLAGGED_SHARE = 0.04  # placements with two absences without permission in the last 4 weeks
RECENT_DAYS = 7  # entries of the last week are still waiting for the supervisor
RETURNED_SHARE = 0.04
ACTIVITIES = (
    "Leidingen op maat gezaagd en ontbraamd met mijn begeleider.",
    "Meegeholpen met het monteren van een groep in de meterkast.",
    "Materiaal uitgezocht voor de klus van morgen en de bus ingeladen.",
    "Een radiator vervangen en de installatie ontlucht.",
    "Onderhoud aan een cv-ketel: filters schoongemaakt en de druk gecontroleerd.",
    "Kabels getrokken in een nieuwbouwwoning en de dozen geplaatst.",
    "Werkplaats opgeruimd en het gereedschap nagelopen.",
    "Met de monteur mee naar een storing bij een klant.",
)
REFLECTIONS = (
    "Ik heb geleerd dat je eerst moet meten voordat je zaagt.",
    "Het was lastig om netjes te werken in een kleine ruimte.",
    "Mijn begeleider liet me zelf de volgende stap bedenken.",
    "",
    "Ik weet nu waarom de groepen in de meterkast gescheiden zijn.",
    "",
)
RETURN_COMMENTS = (
    "Schrijf er ook bij wat je zelf hebt gedaan.",
    "Klopt het aantal uren? Je was om drie uur weg.",
    "Vertel wat je hebt geleerd.",
)


def _holidays(build: Build) -> dict[int, list[tuple[dt.date, dt.date]]]:
    schools = [school for plan in build.plans for school in plan.schools]
    rows = [
        SchoolHoliday(school=school, name=name, first_day=first, last_day=last)
        for school in schools
        for name, first, last in HOLIDAYS
    ]
    with build.progress.phase("school holidays", len(rows)) as phase:
        build.insert(SchoolHoliday, rows, phase)
    build.count("school holidays", len(rows))
    return {school.pk: [(first, last) for _name, first, last in HOLIDAYS] for school in schools}


def _quarters(hours: Decimal) -> Decimal:
    """Hours rounded down to a quarter, as the logbook accepts them."""
    return (hours * 4).to_integral_value(rounding="ROUND_FLOOR") / 4


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _history(
    build: Build, placement: Placement, terms: Terms, today: dt.date
) -> tuple[list[Attendance], list[LogEntry]]:
    rng = build.gen.rng
    days = terms.planned_days(until=today - dt.timedelta(days=1))
    outcomes = [build.gen.weighted(DAY_OUTCOMES) for _day in days]
    recent = [i for i, (day, _m) in enumerate(days) if (today - day).days <= 28]
    if len(recent) >= 2 and build.gen.chance(FLAGGED_SHARE):
        for index in rng.sample(recent, 2):
            outcomes[index] = AttendanceStatus.UNEXCUSED
    supervisor_id = placement.supervisor_id
    attendance: list[Attendance] = []
    entries: list[LogEntry] = []
    for (day, minutes), status in zip(days, outcomes, strict=True):
        attendance.append(
            Attendance(
                placement=placement,
                date=day,
                status=status,
                registered_by_id=supervisor_id,
                registered_at=_at(day, 9, rng.randint(0, 59)),
            )
        )
        if status not in (AttendanceStatus.PRESENT, AttendanceStatus.LATE):
            continue
        hours = Decimal(minutes) / 60
        if status == AttendanceStatus.LATE:
            hours -= Decimal("0.5")
        entries.append(_entry(build, placement, day, _quarters(hours), today))
    if entries and build.gen.chance(0.3):  # the latest day is still being written
        latest = entries[-1]
        latest.status, latest.submitted_at = EntryStatus.DRAFT, None
        latest.reviewed_by_id, latest.reviewed_at = None, None
    return attendance, entries


def _entry(
    build: Build, placement: Placement, day: dt.date, hours: Decimal, today: dt.date
) -> LogEntry:
    gen = build.gen
    entry = LogEntry(
        placement=placement,
        date=day,
        hours=hours,
        activities=gen.choice(ACTIVITIES),
        reflection=gen.choice(REFLECTIONS),
        status=EntryStatus.SUBMITTED,
        submitted_at=_at(day, 16, gen.rng.randint(0, 59)),
    )
    if (today - day).days <= RECENT_DAYS:
        return entry
    entry.reviewed_by_id = placement.supervisor_id
    entry.reviewed_at = _at(day + dt.timedelta(days=1), 8, gen.rng.randint(0, 59))
    if gen.chance(RETURNED_SHARE):
        entry.status = EntryStatus.RETURNED
        entry.review_comment = gen.choice(RETURN_COMMENTS)
    else:
        entry.status = EntryStatus.APPROVED
    return entry


def build_logbook(build: Build) -> None:
    """Holidays for every demo school; attendance and logbooks for every active placement."""
    holidays = _holidays(build)
    today = timezone.localdate()
    placements = list(
        Placement.objects.filter(
            status=PlacementStatus.ACTIVE, student__school_id__in=list(holidays)
        )
        .select_related("student")
        .order_by("pk")
    )
    attendance: list[Attendance] = []
    entries: list[LogEntry] = []
    for placement in placements:
        try:
            terms = Terms.of(
                starts_on=placement.starts_on,
                ends_on=placement.ends_on,
                schedule=placement.schedule or [],
                holidays=holidays.get(placement.student.school_id, []),
            )
        except ScheduleError:
            continue
        days, written = _history(build, placement, terms, today)
        attendance += days
        entries += written
    with build.progress.phase("attendance and logbooks", len(attendance) + len(entries)) as phase:
        build.insert(Attendance, attendance, phase)
        build.insert(LogEntry, entries, phase)
    build.count("attendance", len(attendance))
    build.count("logbook entries", len(entries))
