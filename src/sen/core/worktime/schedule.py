"""What an offer declares: shifts in a week, and the working minutes they add up to.

A shift lies within one calendar day (no shift crosses midnight); minors may not
work at night anyway, and adult night work is out of scope. Break minutes inside a
shift are not working time. School lessons count as working time for minors: a
caller that knows them adds them as shifts of their own.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import Promise

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
MINUTES_PER_DAY = 24 * 60

WEEKDAY_NAMES: tuple[Promise, ...] = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)


class ScheduleError(ValueError):
    """A schedule that cannot be read as a week of shifts; `message` is translatable."""

    def __init__(self, message: Promise) -> None:
        super().__init__(str(message))
        self.message = message


def minute_of_day(moment: dt.time) -> int:
    return moment.hour * 60 + moment.minute


@dataclass(frozen=True, order=True)
class ShiftBlock:
    """One block of work on a weekday (0 = Monday … 6 = Sunday), breaks included."""

    weekday: int
    start: dt.time
    end: dt.time
    break_minutes: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ScheduleError(_("A shift needs a weekday from Monday to Sunday."))
        for moment in (self.start, self.end):
            if moment.tzinfo is not None or moment.second or moment.microsecond:
                raise ScheduleError(_("Shift times are whole minutes of local time."))
        if self.end <= self.start:
            raise ScheduleError(_("A shift must end after it starts, on the same day."))
        if not 0 <= self.break_minutes < self.span_minutes:
            raise ScheduleError(_("The break must be shorter than the shift."))

    @property
    def start_minute(self) -> int:
        return minute_of_day(self.start)

    @property
    def end_minute(self) -> int:
        return minute_of_day(self.end)

    @property
    def span_minutes(self) -> int:
        """Minutes from start to end, breaks included."""
        return self.end_minute - self.start_minute

    @property
    def working_minutes(self) -> int:
        return self.span_minutes - self.break_minutes


@dataclass(frozen=True)
class WeeklySchedule:
    """The shifts of one week, sorted; shifts on the same day may touch but not overlap.

    `sunday_required` is the offer's statement that the work itself requires
    Sunday work (the only ground on which 16- and 17-year-olds may work on Sundays).
    """

    shifts: Sequence[ShiftBlock] = field(default_factory=tuple)
    sunday_required: bool = False

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.shifts))
        for earlier, later in itertools.pairwise(ordered):
            if earlier.weekday == later.weekday and later.start < earlier.end:
                raise ScheduleError(_("Two shifts on the same day overlap."))
        object.__setattr__(self, "shifts", ordered)

    @classmethod
    def of(cls, shifts: Iterable[ShiftBlock], *, sunday_required: bool = False) -> WeeklySchedule:
        return cls(tuple(shifts), sunday_required=sunday_required)

    @classmethod
    def from_rows(
        cls, rows: Iterable[Mapping[str, object]], *, sunday_required: bool = False
    ) -> WeeklySchedule:
        """Read stored rows; malformed rows raise ScheduleError with a translatable message.

        A row: {"weekday": 0, "start": "08:30", "end": "15:00", "break_minutes": 30}.
        """
        return cls(tuple(_shift_from_row(row) for row in rows), sunday_required=sunday_required)

    def as_rows(self) -> list[dict[str, object]]:
        """The shifts as rows that `from_rows` reads back (e.g. for a JSON field)."""
        return [
            {
                "weekday": shift.weekday,
                "start": f"{shift.start:%H:%M}",
                "end": f"{shift.end:%H:%M}",
                "break_minutes": shift.break_minutes,
            }
            for shift in self.shifts
        ]

    def on(self, weekday: int) -> tuple[ShiftBlock, ...]:
        return tuple(shift for shift in self.shifts if shift.weekday == weekday)

    @property
    def working_days(self) -> tuple[int, ...]:
        return tuple(sorted({shift.weekday for shift in self.shifts}))


def _shift_from_row(row: Mapping[str, object]) -> ShiftBlock:
    weekday, start, end = row.get("weekday"), row.get("start"), row.get("end")
    pause = row.get("break_minutes", 0)
    if not isinstance(start, str) or not isinstance(end, str):
        raise ScheduleError(_("A shift needs a weekday, a start and an end."))
    if not isinstance(weekday, int) or isinstance(weekday, bool):
        raise ScheduleError(_("A shift needs a weekday from Monday to Sunday."))
    if not isinstance(pause, int) or isinstance(pause, bool):
        raise ScheduleError(_("The break must be shorter than the shift."))
    try:
        start_time, end_time = dt.time.fromisoformat(start), dt.time.fromisoformat(end)
    except ValueError:
        raise ScheduleError(_("Shift times are whole minutes of local time.")) from None
    return ShiftBlock(weekday, start_time, end_time, pause)


def minutes_per_day(schedule: WeeklySchedule) -> dict[int, int]:
    """Working minutes (breaks excluded) for each weekday 0-6, zero on free days."""
    totals = dict.fromkeys(range(7), 0)
    for shift in schedule.shifts:
        totals[shift.weekday] += shift.working_minutes
    return totals


def minutes_per_week(schedule: WeeklySchedule) -> int:
    """Working minutes in the week, breaks excluded."""
    return sum(shift.working_minutes for shift in schedule.shifts)


def longest_pause(shifts: Sequence[ShiftBlock]) -> int:
    """The longest continuous pause on one day: a declared break or a gap between shifts."""
    pauses = [shift.break_minutes for shift in shifts]
    pauses += [b.start_minute - a.end_minute for a, b in itertools.pairwise(shifts)]
    return max(pauses, default=0)


def work_intervals(weeks: Sequence[WeeklySchedule]) -> list[tuple[int, int]]:
    """Shifts as (start, end) minutes counted from Monday 00:00 of the first week."""
    week_minutes = 7 * MINUTES_PER_DAY
    return [
        (
            index * week_minutes + shift.weekday * MINUTES_PER_DAY + shift.start_minute,
            index * week_minutes + shift.weekday * MINUTES_PER_DAY + shift.end_minute,
        )
        for index, week in enumerate(weeks)
        for shift in week.shifts
    ]
