"""Hours and attendance figures per placement, for any page of placements in a bounded
number of queries (three, whatever the number of placements).

Required hours of a placement: the school's `RequiredHours` for the placement's
elective when the school set one, else the planned hours of the placement (its weekly
schedule over its period, minus the school's holidays). Approved hours: the sum of the
hours of its approved entries (after corrections). The repeated-absence flag: within
the last FLAG_DAYS days (today included), at least FLAG_UNEXCUSED absences without
permission, or at least FLAG_ABSENCES absences of any kind (sick, with or without
permission). Being late is not an absence.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from sen.logbook.formatting import minutes_as_hours
from sen.logbook.models import (
    ABSENT,
    Attendance,
    AttendanceStatus,
    EntryStatus,
    LogEntry,
    RequiredHours,
)
from sen.logbook.schedule import Terms
from sen.logbook.selectors.calendar import terms_for_many
from sen.placements.models import Placement

FLAG_DAYS = 28
FLAG_UNEXCUSED = 2
FLAG_ABSENCES = 3


def plain(value: Decimal) -> str:
    """A number for an HTML attribute, the same on every database: "6", "6.5", "144"."""
    return format(Decimal(value).normalize(), "f")


def absence_flag(*, unexcused: int, absences: int) -> bool:
    """The repeated-absence rule, on the counts of the last FLAG_DAYS days."""
    return unexcused >= FLAG_UNEXCUSED or absences >= FLAG_ABSENCES


@dataclass
class Hours:
    approved: Decimal = Decimal(0)
    waiting: Decimal = Decimal(0)  # submitted, not yet approved
    required: Decimal = Decimal(0)
    planned: Decimal = Decimal(0)
    set_by_school: bool = False
    entries_waiting: int = 0
    entries_returned: int = 0

    @property
    def percent(self) -> int:
        if not self.required:
            return 0
        return min(100, int(self.approved * 100 / self.required))

    @property
    def progress_max(self) -> str:
        """The <progress> maximum as an attribute value: at least 1 (an empty bar still
        renders), a dot as decimal sign, no trailing zeros ("144", "6.5")."""
        return plain(self.required or Decimal(1))

    @property
    def progress_value(self) -> str:
        return plain(min(self.approved, self.required or Decimal(1)))


@dataclass
class AttendanceSummary:
    counts: dict[str, int] = field(default_factory=dict)  # the whole placement, by status
    recent_unexcused: int = 0
    recent_absences: int = 0

    @property
    def present(self) -> int:
        return self.counts.get(AttendanceStatus.PRESENT, 0) + self.counts.get(
            AttendanceStatus.CHECKED_IN, 0
        )

    @property
    def late(self) -> int:
        return self.counts.get(AttendanceStatus.LATE, 0)

    @property
    def absent(self) -> int:
        return sum(self.counts.get(status, 0) for status in ABSENT)

    @property
    def sick(self) -> int:
        return self.counts.get(AttendanceStatus.SICK, 0)

    @property
    def unexcused(self) -> int:
        return self.counts.get(AttendanceStatus.UNEXCUSED, 0)

    @property
    def flagged(self) -> bool:
        return absence_flag(unexcused=self.recent_unexcused, absences=self.recent_absences)


def hours_for(
    placements: list[Placement], terms: dict[int, Terms] | None = None
) -> dict[int, Hours]:
    """Hours per placement: two queries (entries, required hours) plus the holidays when
    `terms` is not given. Placements need `student` and `offer` loaded."""
    if not placements:
        return {}
    terms = terms if terms is not None else terms_for_many(placements)
    figures = {p.pk: Hours() for p in placements}
    rows = (
        LogEntry.objects.filter(placement_id__in=list(figures))
        .values("placement_id", "status")
        .annotate(hours=Sum("hours"), n=Count("pk"))
    )
    for row in rows:
        figure = figures[row["placement_id"]]
        if row["status"] == EntryStatus.APPROVED:
            figure.approved = row["hours"] or Decimal(0)
        elif row["status"] == EntryStatus.SUBMITTED:
            figure.waiting = row["hours"] or Decimal(0)
            figure.entries_waiting = row["n"]
        elif row["status"] == EntryStatus.RETURNED:
            figure.entries_returned = row["n"]
    required = {
        (school_id, elective_id): hours
        for school_id, elective_id, hours in RequiredHours.objects.filter(
            school_id__in={p.student.school_id for p in placements},
            elective_id__in={p.offer.elective_id for p in placements},
        ).values_list("school_id", "elective_id", "hours")
    }
    for p in placements:
        figure = figures[p.pk]
        figure.planned = minutes_as_hours(terms[p.pk].planned_minutes())
        set_hours = required.get((p.student.school_id, p.offer.elective_id))
        figure.set_by_school = set_hours is not None
        figure.required = Decimal(set_hours) if set_hours is not None else figure.planned
    return figures


def attendance_for(placement_ids: list[int], *, today: dt.date) -> dict[int, AttendanceSummary]:
    """Attendance counts per placement, and those of the last FLAG_DAYS days: one query."""
    since = today - dt.timedelta(days=FLAG_DAYS - 1)
    summaries: dict[int, AttendanceSummary] = defaultdict(AttendanceSummary)
    rows = (
        Attendance.objects.filter(placement_id__in=placement_ids)
        .values("placement_id", "status")
        .annotate(n=Count("pk"), recent=Count("pk", filter=Q(date__gte=since, date__lte=today)))
    )
    for row in rows:
        summary = summaries[row["placement_id"]]
        summary.counts[row["status"]] = row["n"]
        if row["status"] in ABSENT:
            summary.recent_absences += row["recent"]
        if row["status"] == AttendanceStatus.UNEXCUSED:
            summary.recent_unexcused += row["recent"]
    return {pk: summaries[pk] for pk in placement_ids}


@dataclass
class ElectiveHours:
    """The hours of one student in one elective, over all their placements for it."""

    elective: str
    approved: Decimal = Decimal(0)
    required: Decimal = Decimal(0)

    @property
    def percent(self) -> int:
        return min(100, int(self.approved * 100 / self.required)) if self.required else 0

    @property
    def progress_max(self) -> str:
        return plain(self.required or Decimal(1))

    @property
    def progress_value(self) -> str:
        return plain(min(self.approved, self.required or Decimal(1)))


def hours_per_elective(placements: list[Placement], hours: dict[int, Hours]) -> list[ElectiveHours]:
    """Per elective (of one student): approved and required hours added up over placements.

    When the school set required hours for the elective, they count once (they are the
    elective's total), not once per placement.
    """
    totals: dict[int, ElectiveHours] = {}
    for p in placements:
        figure = hours[p.pk]
        total = totals.setdefault(p.offer.elective_id, ElectiveHours(str(p.offer.elective)))
        total.approved += figure.approved
        total.required = (
            figure.required if figure.set_by_school else total.required + figure.required
        )
    return sorted(totals.values(), key=lambda e: e.elective)
