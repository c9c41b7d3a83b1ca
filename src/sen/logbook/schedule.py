"""The planned days of a placement (praktijkdagen), as a pure function of its terms.

A day is planned when it lies between the placement's first and last day, its weekday
has a shift in the weekly schedule, and it falls in none of the school's holidays.
Nothing here touches the database: selectors pass the holidays in, so the same rule
serves the attendance page, the logbook checks, the required hours and the demo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sen.core.worktime import WeeklySchedule, minutes_per_day

Holiday = tuple[dt.date, dt.date]  # first and last day, both included


@dataclass(frozen=True)
class Terms:
    """What decides the planned days: the period, the weekly schedule, the holidays."""

    starts_on: dt.date
    ends_on: dt.date
    minutes: Mapping[int, int]  # working minutes (breaks excluded) per weekday 0-6
    holidays: tuple[Holiday, ...] = ()

    @classmethod
    def of(
        cls,
        *,
        starts_on: dt.date,
        ends_on: dt.date,
        schedule: Iterable[Mapping[str, object]],
        holidays: Iterable[Holiday] = (),
    ) -> Terms:
        """Read a stored weekly schedule; a malformed one raises ScheduleError."""
        minutes = minutes_per_day(WeeklySchedule.from_rows(schedule))
        return cls(
            starts_on,
            ends_on,
            {day: m for day, m in minutes.items() if m},
            merged(holidays),
        )

    def in_period(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def holiday_on(self, day: dt.date) -> bool:
        return any(first <= day <= last for first, last in self.holidays)

    def minutes_on(self, day: dt.date) -> int:
        """Planned working minutes on `day`; 0 when the day is not planned."""
        minutes = self.minutes.get(day.weekday(), 0)
        if not minutes or not self.in_period(day) or self.holiday_on(day):
            return 0
        return minutes

    def is_planned(self, day: dt.date) -> bool:
        return self.minutes_on(day) > 0

    def planned_days(
        self, *, since: dt.date | None = None, until: dt.date | None = None
    ) -> list[tuple[dt.date, int]]:
        """(day, planned minutes) for every planned day, optionally within since..until."""
        first = max(self.starts_on, since) if since else self.starts_on
        last = min(self.ends_on, until) if until else self.ends_on
        days: list[tuple[dt.date, int]] = []
        day = first
        one = dt.timedelta(days=1)
        while day <= last:
            minutes = self.minutes.get(day.weekday(), 0)
            if minutes and not self.holiday_on(day):
                days.append((day, minutes))
            day += one
        return days

    def _per_weekday(self, until: dt.date | None) -> list[int]:
        """How many planned dates fall on each weekday: arithmetic, not a walk over days."""
        last = min(self.ends_on, until) if until else self.ends_on
        counts = weekday_counts(self.starts_on, last)
        for first_free, last_free in self.holidays:
            free = weekday_counts(max(first_free, self.starts_on), min(last_free, last))
            counts = [n - f for n, f in zip(counts, free, strict=True)]
        return counts

    def planned_minutes(self, *, until: dt.date | None = None) -> int:
        """All planned working minutes of the period (up to `until`, when given)."""
        counts = self._per_weekday(until)
        return sum(counts[weekday] * minutes for weekday, minutes in self.minutes.items())

    def planned_day_count(self, *, until: dt.date | None = None) -> int:
        counts = self._per_weekday(until)
        return sum(counts[weekday] for weekday in self.minutes)


def weekday_counts(first: dt.date, last: dt.date) -> list[int]:
    """How many dates of first..last fall on Monday, Tuesday, ... Sunday."""
    if last < first:
        return [0] * 7
    weeks, rest = divmod((last - first).days + 1, 7)
    counts = [weeks] * 7
    for offset in range(rest):
        counts[(first.weekday() + offset) % 7] += 1
    return counts


def merged(holidays: Iterable[Holiday]) -> tuple[Holiday, ...]:
    """Holidays sorted, with overlapping or touching ones joined (so no day counts twice)."""
    joined: list[Holiday] = []
    for first, last in sorted(holidays):
        if joined and first <= joined[-1][1] + dt.timedelta(days=1):
            joined[-1] = (joined[-1][0], max(joined[-1][1], last))
        else:
            joined.append((first, last))
    return tuple(joined)


def overlapping(holidays: Sequence[Holiday], first: dt.date, last: dt.date) -> tuple[Holiday, ...]:
    """The holidays that touch first..last (to keep Terms small)."""
    return tuple((a, b) for a, b in holidays if a <= last and b >= first)
