"""The planned days of a placement: a pure function of period, weekly schedule and holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from sen.core.worktime import ScheduleError
from sen.logbook.schedule import Terms, overlapping

TUE_THU = [
    {"weekday": 1, "start": "08:30", "end": "15:00", "break_minutes": 30},
    {"weekday": 3, "start": "08:30", "end": "12:30", "break_minutes": 0},
]
# Autumn 2026: Monday 12 October to Sunday 1 November.
FIRST, LAST = dt.date(2026, 10, 12), dt.date(2026, 11, 1)
HERFST = (dt.date(2026, 10, 17), dt.date(2026, 10, 25))


def test_planned_days_follow_the_schedule_between_first_and_last_day() -> None:
    terms = Terms.of(starts_on=FIRST, ends_on=LAST, schedule=TUE_THU)

    assert terms.planned_days() == [
        (dt.date(2026, 10, 13), 360),
        (dt.date(2026, 10, 15), 240),
        (dt.date(2026, 10, 20), 360),
        (dt.date(2026, 10, 22), 240),
        (dt.date(2026, 10, 27), 360),
        (dt.date(2026, 10, 29), 240),
    ]


def test_planned_days_skip_the_school_holidays() -> None:
    terms = Terms.of(starts_on=FIRST, ends_on=LAST, schedule=TUE_THU, holidays=[HERFST])

    assert [day for day, _ in terms.planned_days()] == [
        dt.date(2026, 10, 13),
        dt.date(2026, 10, 15),
        dt.date(2026, 10, 27),
        dt.date(2026, 10, 29),
    ]
    assert terms.holiday_on(dt.date(2026, 10, 20)) is True
    assert terms.is_planned(dt.date(2026, 10, 20)) is False


def test_planned_minutes_add_up_the_working_time_without_breaks() -> None:
    terms = Terms.of(starts_on=FIRST, ends_on=LAST, schedule=TUE_THU, holidays=[HERFST])

    assert terms.planned_minutes() == 2 * 360 + 2 * 240
    assert terms.planned_minutes(until=dt.date(2026, 10, 14)) == 360


def test_minutes_on_is_zero_outside_the_period_and_on_free_days() -> None:
    terms = Terms.of(starts_on=FIRST, ends_on=LAST, schedule=TUE_THU)

    assert terms.minutes_on(dt.date(2026, 10, 6)) == 0  # a Tuesday before the period
    assert terms.minutes_on(dt.date(2026, 10, 14)) == 0  # a Wednesday
    assert terms.minutes_on(dt.date(2026, 10, 13)) == 360


def test_planned_days_can_be_limited_to_a_window() -> None:
    terms = Terms.of(starts_on=FIRST, ends_on=LAST, schedule=TUE_THU)

    days = terms.planned_days(since=dt.date(2026, 10, 20), until=dt.date(2026, 10, 27))

    assert [day for day, _ in days] == [
        dt.date(2026, 10, 20),
        dt.date(2026, 10, 22),
        dt.date(2026, 10, 27),
    ]


def test_a_malformed_schedule_raises_a_schedule_error() -> None:
    with pytest.raises(ScheduleError):
        Terms.of(starts_on=FIRST, ends_on=LAST, schedule=[{"weekday": 9, "start": "x"}])


def test_overlapping_keeps_only_holidays_touching_the_window() -> None:
    christmas = (dt.date(2026, 12, 19), dt.date(2027, 1, 3))

    assert overlapping([HERFST, christmas], FIRST, LAST) == (HERFST,)


def test_counting_agrees_with_walking_the_days() -> None:
    """planned_minutes counts per weekday (fast); it must equal the day-by-day walk."""
    import random

    rng = random.Random(5)
    for _ in range(200):
        first = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 400))
        last = first + dt.timedelta(days=rng.randint(-3, 300))
        days = rng.sample(range(7), rng.randint(1, 5))
        rows = [{"weekday": d, "start": "08:00", "end": "12:15", "break_minutes": 0} for d in days]
        holidays = []
        for _h in range(rng.randint(0, 4)):
            start = first + dt.timedelta(days=rng.randint(-20, 300))
            holidays.append((start, start + dt.timedelta(days=rng.randint(0, 20))))
        until = first + dt.timedelta(days=rng.randint(0, 320))
        terms = Terms.of(starts_on=first, ends_on=last, schedule=rows, holidays=holidays)

        walked = terms.planned_days(until=until)

        assert terms.planned_minutes(until=until) == sum(m for _d, m in walked)
        assert terms.planned_day_count(until=until) == len(walked)


def test_overlapping_holidays_are_joined_and_count_once() -> None:
    terms = Terms.of(
        starts_on=FIRST,
        ends_on=LAST,
        schedule=TUE_THU,
        holidays=[HERFST, (dt.date(2026, 10, 20), dt.date(2026, 10, 27))],
    )

    assert terms.holidays == ((dt.date(2026, 10, 17), dt.date(2026, 10, 27)),)
    assert terms.planned_day_count() == 3
