"""The work-time and hazard rules for minors (sen.core.worktime): per age band and boundary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from sen.core.worktime import (
    RULES,
    AgeBand,
    Duration,
    Hazard,
    RuleKind,
    ScheduleError,
    ShiftBlock,
    Supervision,
    Violation,
    WeeklySchedule,
    age_on,
    check_age,
    check_day_hours,
    check_hazards,
    check_placement,
    check_schedule,
    check_weeks,
    minutes_per_day,
    minutes_per_week,
    rule,
    rules_for,
    youngest_allowed_age,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
B13, B14, B16, ADULT = AgeBand.AGE_13, AgeBand.AGE_14_15, AgeBand.AGE_16_17, AgeBand.ADULT


def at(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def shift(day: int, start: str, end: str, pause: int = 0) -> ShiftBlock:
    return ShiftBlock(day, at(start), at(end), pause)


def week(*shifts: ShiftBlock, sunday_required: bool = False) -> WeeklySchedule:
    return WeeklySchedule(shifts, sunday_required=sunday_required)


def codes(violations: list[Violation]) -> list[str]:
    return [violation.code for violation in violations]


def english(violation: Violation) -> str:
    with translation.override("en"):
        return violation.message


# A school-week of 7 h a day: fine for everyone from 14.
SCHOOL_WEEK = week(*(shift(day, "08:00", "15:30", 30) for day in (MON, TUE, WED, THU, FRI)))


# --- age bands --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "band"),
    [
        *[(0, AgeBand.UNDER_13), (12, AgeBand.UNDER_13), (13, B13), (14, B14), (15, B14)],
        *[(16, B16), (17, B16), (18, ADULT), (40, ADULT)],
    ],
)
def test_age_band_for_age_follows_the_bands(age: int, band: AgeBand) -> None:
    assert AgeBand.for_age(age) is band


def test_age_band_for_age_refuses_a_negative_age() -> None:
    with pytest.raises(ValueError, match="negative"):
        AgeBand.for_age(-1)


def test_age_on_counts_the_birthday_itself() -> None:
    birth = dt.date(2011, 9, 1)
    assert (age_on(birth, dt.date(2025, 8, 31)), age_on(birth, dt.date(2025, 9, 1))) == (13, 14)
    assert AgeBand.on(birth, dt.date(2025, 9, 1)) is B14


def test_age_on_a_29_february_birthday_turns_older_on_1_march() -> None:
    birth = dt.date(2008, 2, 29)
    assert (age_on(birth, dt.date(2026, 2, 28)), age_on(birth, dt.date(2026, 3, 1))) == (17, 18)


def test_age_band_youngest_ages_and_minority() -> None:
    assert [band.youngest_age for band in AgeBand] == [0, 13, 14, 16, 18]
    assert [band.is_minor for band in AgeBand] == [True, True, True, True, False]


# --- schedule values --------------------------------------------------------------------------


def test_minutes_per_day_leaves_breaks_out() -> None:
    schedule = week(shift(MON, "08:00", "12:00"), shift(MON, "12:30", "17:00", 15))
    assert minutes_per_day(schedule) == {
        MON: 240 + 255,
        TUE: 0,
        WED: 0,
        THU: 0,
        FRI: 0,
        SAT: 0,
        SUN: 0,
    }


def test_minutes_per_week_adds_up_the_days() -> None:
    assert minutes_per_week(SCHOOL_WEEK) == 5 * 7 * 60
    assert minutes_per_week(week()) == 0


def test_weekly_schedule_sorts_its_shifts() -> None:
    late, early = shift(TUE, "08:00", "12:00"), shift(MON, "13:00", "14:00")
    assert WeeklySchedule.of([late, early]).shifts == (early, late)


def test_weekly_schedule_allows_touching_shifts() -> None:
    schedule = week(shift(MON, "08:00", "12:00"), shift(MON, "12:00", "13:00"))
    assert minutes_per_week(schedule) == 300


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: shift(MON, "12:00", "12:00"), "must end after it starts"),
        (lambda: shift(MON, "12:00", "11:00"), "must end after it starts"),
        (lambda: shift(MON, "08:00", "08:30", 30), "break must be shorter"),
        (lambda: shift(MON, "08:00", "09:00", -1), "break must be shorter"),
        (lambda: shift(7, "08:00", "09:00"), "weekday"),
        (lambda: ShiftBlock(MON, dt.time(8, 0, 30), at("09:00")), "whole minutes"),
        (lambda: week(shift(MON, "08:00", "12:00"), shift(MON, "11:59", "13:00")), "overlap"),
    ],
)
def test_schedule_refuses_what_cannot_be_a_week(make: Callable[[], object], expected: str) -> None:
    with translation.override("en"):
        with pytest.raises(ScheduleError, match=expected) as caught:
            make()
        assert str(caught.value.message) == str(caught.value)


def test_weekly_schedule_reads_and_writes_stored_rows() -> None:
    rows: list[dict[str, object]] = [
        {"weekday": TUE, "start": "12:30", "end": "15:00"},
        {"weekday": MON, "start": "08:30", "end": "15:00", "break_minutes": 30},
    ]
    schedule = WeeklySchedule.from_rows(rows, sunday_required=True)
    assert schedule == week(
        shift(MON, "08:30", "15:00", 30), shift(TUE, "12:30", "15:00"), sunday_required=True
    )
    assert WeeklySchedule.from_rows(schedule.as_rows(), sunday_required=True) == schedule
    assert schedule.as_rows()[0] == {"weekday": MON, "start": "08:30", "end": "15:00"} | {
        "break_minutes": 30
    }


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"weekday": MON, "start": "08:30"}, "a start and an end"),
        ({"weekday": "1", "start": "08:30", "end": "09:00"}, "weekday"),
        ({"weekday": True, "start": "08:30", "end": "09:00"}, "weekday"),
        ({"weekday": MON, "start": "8.30", "end": "09:00"}, "whole minutes"),
        ({"weekday": MON, "start": "08:30", "end": "09:00", "break_minutes": "5"}, "break"),
    ],
)
def test_weekly_schedule_refuses_malformed_rows(row: dict[str, object], expected: str) -> None:
    with translation.override("en"), pytest.raises(ScheduleError, match=expected):
        WeeklySchedule.from_rows([row])


# --- 14 and 15 --------------------------------------------------------------------------------


def test_14_15_exactly_7_hours_a_day_is_allowed() -> None:
    assert check_schedule(week(shift(MON, "08:00", "15:30", 30)), B14) == []


def test_14_15_7_hours_1_minute_a_day_is_refused() -> None:
    [violation] = check_schedule(week(shift(MON, "08:00", "15:31", 30)), B14)
    assert (violation.code, violation.weekday, violation.actual) == ("day_hours.14_15", MON, 421)
    assert english(violation) == (
        "On Monday, 7 h 1 min of work is not allowed for 14- and 15-year-olds: at most 7 h a day "
        "(source: Rijksoverheid, 'Mogen kinderen van 14 en 15 jaar een beroepsstage lopen?')."
    )


def test_14_15_work_until_19_00_is_allowed_and_19_01_is_refused() -> None:
    assert check_schedule(week(shift(TUE, "15:00", "19:00")), B14) == []
    late = shift(TUE, "15:00", "19:01")
    [violation] = check_schedule(week(late), B14)
    assert (violation.code, violation.weekday, violation.shift) == ("night.14_15", TUE, late)
    assert english(violation) == (
        "On Tuesday, work from 15:00 to 19:01 is not allowed for 14- and 15-year-olds: no work "
        "between 19:00 and 07:00 (source: Rijksoverheid, 'Mogen kinderen van 14 en 15 jaar een "
        "beroepsstage lopen?')."
    )


def test_14_15_a_start_at_06_59_is_refused_and_07_00_allowed() -> None:
    assert codes(check_schedule(week(shift(WED, "06:59", "11:00")), B14)) == ["night.14_15"]
    assert check_schedule(week(shift(WED, "07:00", "11:00")), B14) == []


def test_14_15_four_and_a_half_hours_without_a_break_is_allowed() -> None:
    assert check_schedule(week(shift(THU, "08:00", "12:30")), B14) == []


def test_14_15_four_hours_31_minutes_without_a_break_is_refused() -> None:
    [violation] = check_schedule(week(shift(THU, "08:00", "12:31")), B14)
    assert (violation.code, violation.weekday, violation.actual) == ("break.14_15", THU, 271)
    assert "a break of at least 30 min when working more than 4 h 30 min" in english(violation)


def test_14_15_a_break_of_29_minutes_is_not_enough() -> None:
    assert codes(check_schedule(week(shift(THU, "08:00", "13:30", 29)), B14)) == ["break.14_15"]


def test_14_15_a_gap_of_30_minutes_between_shifts_counts_as_the_break() -> None:
    split = week(shift(FRI, "08:00", "12:00"), shift(FRI, "12:30", "15:00"))
    short_gap = week(shift(FRI, "08:00", "12:00"), shift(FRI, "12:29", "15:00"))
    assert check_schedule(split, B14) == []
    assert codes(check_schedule(short_gap, B14)) == ["break.14_15"]


def test_14_15_sunday_is_refused_even_when_the_work_requires_it() -> None:
    schedule = week(shift(SUN, "10:00", "14:00"), sunday_required=True)
    [violation] = check_schedule(schedule, B14)
    assert (violation.code, violation.weekday) == ("sunday.14_15", SUN)


def test_14_15_35_hours_a_week_is_allowed_and_35_hours_1_minute_refused() -> None:
    one_more = week(*SCHOOL_WEEK.shifts, shift(SAT, "08:00", "08:01"))
    assert check_schedule(SCHOOL_WEEK, B14) == []
    [violation] = check_schedule(one_more, B14)
    assert (violation.code, violation.weekday, violation.actual) == ("week_hours.14_15", None, 2101)
    assert english(violation).startswith(
        "35 h 1 min of work in a week is not allowed for 14- and 15-year-olds: at most 35 h a week"
    )


def test_14_15_needs_14_hours_of_rest_between_working_days() -> None:
    exact = week(shift(MON, "09:00", "17:00", 60), shift(TUE, "07:00", "11:00"))
    too_short = week(shift(MON, "09:00", "18:30", 150), shift(TUE, "07:00", "11:00"))
    assert check_schedule(exact, B14) == []
    [violation] = check_schedule(too_short, B14)
    assert (violation.code, violation.weekday, violation.next_weekday, violation.actual) == (
        "daily_rest.14_15",
        MON,
        TUE,
        12 * 60 + 30,
    )
    assert "Between Monday and Tuesday there is only 12 h 30 min of rest" in english(violation)


def test_rest_wraps_from_sunday_to_monday_in_a_repeating_week() -> None:
    saturday = week(shift(SAT, "11:00", "19:00", 60), shift(MON, "07:00", "08:00"))
    sunday = week(
        shift(SUN, "14:00", "22:00", 30), shift(MON, "07:00", "08:00"), sunday_required=True
    )
    assert check_schedule(saturday, B14) == []
    [violation] = check_schedule(sunday, B16)
    assert (violation.code, violation.weekday, violation.next_weekday, violation.actual) == (
        "daily_rest.16_17",
        SUN,
        MON,
        9 * 60,
    )


# --- 16 and 17 --------------------------------------------------------------------------------


def test_16_17_exactly_9_hours_a_shift_is_allowed_and_9_hours_1_minute_refused() -> None:
    assert check_schedule(week(shift(MON, "07:00", "16:30", 30)), B16) == []
    [violation] = check_schedule(week(shift(MON, "07:00", "16:31", 30)), B16)
    assert (violation.code, violation.actual) == ("day_hours.16_17", 541)
    assert english(violation) == (
        "On Monday, 9 h 1 min of work is not allowed for 16- and 17-year-olds: at most 9 h per "
        "shift (source: Arboportaal, 'Werktijden voor 16- en 17-jarigen')."
    )


def test_16_17_45_hours_a_week_is_allowed_and_45_hours_1_minute_refused() -> None:
    full = week(*(shift(day, "07:00", "16:30", 30) for day in (MON, TUE, WED, THU, FRI)))
    one_more = week(*full.shifts, shift(SAT, "08:00", "08:01"))
    assert check_schedule(full, B16) == []
    assert codes(check_schedule(one_more, B16)) == ["week_hours.16_17"]


def test_16_17_may_work_from_06_00_until_23_00_only() -> None:
    assert (
        check_schedule(week(shift(MON, "06:00", "10:00"), shift(TUE, "19:00", "23:00")), B16) == []
    )
    assert codes(check_schedule(week(shift(MON, "05:59", "10:00")), B16)) == ["night.16_17"]
    assert codes(check_schedule(week(shift(TUE, "19:00", "23:01")), B16)) == ["night.16_17"]


def test_16_17_sunday_only_when_the_offer_says_the_work_requires_it() -> None:
    sunday = shift(SUN, "10:00", "14:00")
    assert codes(check_schedule(week(sunday), B16)) == ["sunday.16_17"]
    assert check_schedule(week(sunday, sunday_required=True), B16) == []


def test_16_17_needs_12_hours_of_rest_between_working_days() -> None:
    exact = week(shift(MON, "13:00", "22:00", 30), shift(TUE, "10:00", "12:00"))
    too_short = week(shift(MON, "13:00", "22:00", 30), shift(TUE, "09:59", "12:00"))
    assert check_schedule(exact, B16) == []
    assert codes(check_schedule(too_short, B16)) == ["daily_rest.16_17"]


def test_16_17_needs_36_hours_of_weekly_rest() -> None:
    every_day = week(*(shift(day, "08:00", "12:00") for day in range(7)), sunday_required=True)
    [violation] = check_schedule(every_day, B16)
    assert (violation.code, violation.actual) == ("weekly_rest.16_17", 20 * 60)


def test_16_17_four_weeks_of_40_hours_are_allowed() -> None:
    forty = week(*(shift(day, "07:00", "15:30", 30) for day in (MON, TUE, WED, THU, FRI)))
    assert minutes_per_week(forty) == 40 * 60
    assert check_weeks([forty] * 4, B16) == []
    assert check_schedule(forty, B16, weeks=40) == []


def test_16_17_four_weeks_over_160_hours_are_refused() -> None:
    nine = [shift(day, "07:00", "16:30", 30) for day in (MON, TUE, WED, THU, FRI)]
    long_week = week(*nine)  # 45 h
    short_week = week(*(shift(day, "07:00", "14:30", 30) for day in range(5)))  # 35 h
    over = week(*short_week.shifts, shift(SAT, "08:00", "08:01"))  # 35 h 1 min
    assert check_weeks([long_week, long_week, short_week, short_week], B16) == []
    [violation] = check_weeks([long_week, long_week, short_week, over], B16)
    assert (violation.code, violation.week, violation.last_week) == ("average_hours.16_17", 1, 4)
    assert english(violation).startswith(
        "Weeks 1 to 4 average 40 h 1 min of work a week, which is not allowed for 16- and "
        "17-year-olds: at most 40 h a week on average over 4 weeks"
    )


def test_16_17_a_repeating_42_hour_week_breaks_the_average_from_4_weeks_on() -> None:
    schedule = week(*(shift(day, "07:00", "15:54", 30) for day in (MON, TUE, WED, THU, FRI)))
    assert minutes_per_week(schedule) == 42 * 60
    assert codes(check_schedule(schedule, B16, weeks=1)) == []
    assert codes(check_schedule(schedule, B16, weeks=3)) == []
    assert codes(check_schedule(schedule, B16, weeks=20)) == ["average_hours.16_17"]


def test_16_17_at_least_13_free_sundays_in_52_weeks() -> None:
    sundays = week(shift(SUN, "10:00", "14:00"), sunday_required=True)
    assert check_weeks([sundays] * 39, B16) == []
    [violation] = check_weeks([sundays] * 40, B16)
    assert (violation.code, violation.actual) == ("free_sundays.16_17", 40)
    assert codes(check_schedule(sundays, B16, weeks=52)) == ["free_sundays.16_17"]


def test_check_weeks_names_the_week_and_rest_runs_across_weeks() -> None:
    first = week(shift(SUN, "14:00", "22:00", 30), sunday_required=True)
    second = week(shift(MON, "07:00", "11:00"), shift(TUE, "07:00", "16:31", 30))
    violations = check_weeks([first, second], B16)
    assert [(v.code, v.week, v.weekday) for v in violations] == [
        ("day_hours.16_17", 2, TUE),
        ("daily_rest.16_17", 1, SUN),
    ]
    assert english(violations[0]).startswith("Week 2: On Tuesday, 9 h 1 min of work")


def test_check_schedule_refuses_zero_weeks() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        check_schedule(SCHOOL_WEEK, B16, weeks=0)


# --- 13, under 13 and adults ------------------------------------------------------------------


def test_13_is_refused_a_company_placement() -> None:
    [violation] = check_schedule(week(shift(MON, "09:00", "12:00")), B13)
    assert violation.code == "age.13"
    assert english(violation) == (
        "A work placement at a company is not allowed for 13-year-olds: work placements start at "
        "14, unless the school runs the activity under its own supervision (source: "
        "Rijksoverheid, 'Wat voor werk mag ik doen als ik 13 of 14 jaar ben?')."
    )


def test_13_school_supervised_follows_the_light_work_limits() -> None:
    light = week(shift(MON, "09:00", "12:00"))
    six_days = week(*(shift(day, "09:00", "12:00") for day in range(6)))
    assert check_schedule(light, B13, school_supervised=True) == []
    assert codes(check_schedule(six_days, B13, school_supervised=True)) == ["days_per_week.13"]
    assert codes(check_schedule(SCHOOL_WEEK, B13, school_supervised=True)) == []
    assert codes(
        check_schedule(week(shift(SAT, "12:00", "19:01")), B13, school_supervised=True)
    ) == [
        "day_hours.13",
        "night.13",
        "break.13",
    ]


def test_under_13_is_refused_whatever_the_schedule() -> None:
    violations = check_schedule(week(shift(MON, "09:00", "10:00")), AgeBand.UNDER_13)
    assert codes(violations) == ["age.under_13"]
    assert codes(check_age(AgeBand.UNDER_13, school_supervised=True)) == ["age.under_13"]
    assert codes(check_day_hours(1, AgeBand.UNDER_13, MON)) == ["age.under_13"]


def test_adults_have_no_minors_rules() -> None:
    heavy = week(*(shift(day, "00:00", "23:59") for day in range(7)))
    assert check_schedule(heavy, ADULT, weeks=52) == []
    assert check_weeks([heavy] * 8, ADULT) == []
    assert check_day_hours(Decimal("23.5"), ADULT, SUN) == []
    assert check_hazards(list(Hazard), Supervision.NONE, ADULT) == []


# --- one logbook day --------------------------------------------------------------------------


def test_day_hours_at_the_limit_are_allowed_and_over_it_refused() -> None:
    assert check_day_hours(Decimal("7"), B14, MON) == []
    assert check_day_hours(9.0, B16, MON) == []
    [violation] = check_day_hours(Decimal("7.25"), B14, MON)
    assert (violation.code, violation.weekday, violation.actual) == ("day_hours.14_15", MON, 435)
    assert codes(check_day_hours(Decimal("9.02"), B16, FRI)) == ["day_hours.16_17"]


def test_day_hours_on_sunday_follow_the_sunday_rules() -> None:
    assert codes(check_day_hours(4, B14, SUN, sunday_required=True)) == ["sunday.14_15"]
    assert codes(check_day_hours(4, B16, SUN)) == ["sunday.16_17"]
    assert check_day_hours(4, B16, SUN, sunday_required=True) == []
    assert check_day_hours(0, B14, SUN) == []


def test_day_hours_at_13_need_a_school_supervised_activity() -> None:
    assert codes(check_day_hours(3, B13, TUE)) == ["age.13"]
    assert check_day_hours(3, B13, TUE, school_supervised=True) == []


@pytest.mark.parametrize(("hours", "weekday"), [(-1, MON), (1, 7)])
def test_day_hours_refuse_impossible_input(hours: int, weekday: int) -> None:
    with pytest.raises(ValueError, match="negative"):
        check_day_hours(hours, B14, weekday)


# --- hazards ----------------------------------------------------------------------------------


@pytest.mark.parametrize("band", [B13, B14, B16])
@pytest.mark.parametrize(
    "hazard",
    [Hazard.DANGEROUS_SUBSTANCES, Hazard.BIOLOGICAL_AGENTS, Hazard.NOISE, Hazard.VIBRATION],
)
def test_hazards_forbidden_under_18_even_under_expert_supervision(
    band: AgeBand, hazard: Hazard
) -> None:
    [violation] = check_hazards([hazard], Supervision.EXPERT, band, school_supervised=True)
    assert (violation.rule.kind, violation.hazard) == (RuleKind.HAZARD_FORBIDDEN, hazard)


def test_hazard_noise_message_names_the_limit_and_source() -> None:
    [violation] = check_hazards([Hazard.NOISE], Supervision.EXPERT, B16)
    assert english(violation) == (
        "Not allowed for 16- and 17-year-olds: noise above 85 dB(A) (source: Rijksoverheid, "
        "'Welk werk is verboden voor jongeren tot 18 jaar?')."
    )


def test_hazard_machines_14_15_only_under_supervision() -> None:
    assert check_hazards([Hazard.MACHINES], Supervision.SUPERVISED, B14) == []
    [violation] = check_hazards([Hazard.MACHINES], Supervision.NONE, B14)
    assert (violation.code, violation.provided) == ("hazard.machines.14_15", Supervision.NONE)
    assert english(violation).startswith(
        "For 14- and 15-year-olds, work with or near machines is allowed only as light work and "
        "under supervision; the offer says the work is done without supervision"
    )


def test_hazard_machines_never_at_13_and_supervised_at_16_17() -> None:
    assert codes(
        check_hazards([Hazard.MACHINES], Supervision.EXPERT, B13, school_supervised=True)
    ) == ["hazard.machines.13"]
    assert check_hazards([Hazard.MACHINES], Supervision.SUPERVISED, B16) == []
    assert codes(check_hazards([Hazard.MACHINES], Supervision.NONE, B16)) == [
        "hazard.machines.16_17"
    ]


@pytest.mark.parametrize(
    "hazard", [Hazard.CORROSIVE_OR_EXPLOSIVE, Hazard.HEIGHTS, Hazard.VEHICLES, Hazard.ANIMALS]
)
def test_hazards_needing_expert_supervision(hazard: Hazard) -> None:
    assert check_hazards([hazard], Supervision.EXPERT, B16) == []
    assert codes(check_hazards([hazard], Supervision.SUPERVISED, B16)) == [
        "hazard.expert_supervision.16_17"
    ]
    assert codes(check_hazards([hazard], Supervision.EXPERT, B14)) == [
        "hazard.not_light_work.14_15"
    ]


def test_hazards_at_13_need_supervision_for_any_work() -> None:
    assert check_hazards([], Supervision.SUPERVISED, B13, school_supervised=True) == []
    assert codes(check_hazards([], Supervision.NONE, B13, school_supervised=True)) == [
        "supervision.13"
    ]


def test_hazards_are_reported_once_each_in_table_order() -> None:
    declared = iter([Hazard.NOISE, Hazard.DANGEROUS_SUBSTANCES, Hazard.NOISE])
    violations = check_hazards(declared, Supervision.EXPERT, B16)
    assert [v.hazard for v in violations] == [Hazard.DANGEROUS_SUBSTANCES, Hazard.NOISE]


def test_check_placement_combines_age_times_and_hazards_once() -> None:
    schedule = week(shift(MON, "08:00", "16:00"))
    violations = check_placement(schedule, B13, hazards=[Hazard.MACHINES])
    assert codes(violations) == [
        *["age.13", "day_hours.13", "break.13"],
        *["supervision.13", "hazard.machines.13"],
    ]
    assert codes(check_placement([schedule, schedule], B16)) == ["break.16_17", "break.16_17"]


# --- youngest allowed age ---------------------------------------------------------------------


def test_youngest_allowed_age_per_schedule() -> None:
    light = week(shift(MON, "09:00", "12:00"))
    assert youngest_allowed_age(light) == 14
    assert (
        youngest_allowed_age(light, supervision=Supervision.SUPERVISED, school_supervised=True)
        == 13
    )
    assert youngest_allowed_age(week(shift(MON, "07:00", "15:30", 30))) == 16
    assert youngest_allowed_age(week(shift(MON, "07:00", "17:00", 30))) == 18
    assert youngest_allowed_age(week(shift(SUN, "10:00", "14:00"), sunday_required=True)) == 16


def test_youngest_allowed_age_per_hazard() -> None:
    light = week(shift(MON, "09:00", "12:00"))
    machines = [Hazard.MACHINES]
    assert youngest_allowed_age(light, hazards=machines, supervision=Supervision.SUPERVISED) == 14
    assert (
        youngest_allowed_age(light, hazards=[Hazard.HEIGHTS], supervision=Supervision.EXPERT) == 16
    )
    assert youngest_allowed_age(light, hazards=[Hazard.NOISE], supervision=Supervision.EXPERT) == 18


def test_youngest_allowed_age_is_none_when_no_minor_may_do_it() -> None:
    long_day = week(shift(MON, "07:00", "17:00", 30))
    assert youngest_allowed_age(long_day, max_age=17) is None
    assert youngest_allowed_age(week(shift(MON, "07:00", "15:30", 30)), max_age=15) is None
    assert youngest_allowed_age(week(shift(MON, "07:00", "15:30", 30)), max_age=16) == 16


def test_youngest_allowed_age_over_the_weeks_of_a_period() -> None:
    schedule = week(*(shift(day, "07:00", "15:54", 30) for day in (MON, TUE, WED, THU, FRI)))
    assert youngest_allowed_age(schedule) == 16
    assert youngest_allowed_age(schedule, weeks=10) == 18
    assert youngest_allowed_age([schedule] * 3) == 16


# --- the rule table ---------------------------------------------------------------------------


def test_rule_codes_are_unique_and_each_rule_cites_a_source() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    for entry in RULES:
        assert entry.source_title.strip()
        assert entry.source_url.startswith(("https://", "http://szw.rijksopenheid.nl/"))
        assert "%(source)s" in str(entry.message)


@pytest.mark.parametrize(
    ("code", "limit"),
    [
        ("day_hours.14_15", 7 * 60),
        ("week_hours.14_15", 35 * 60),
        ("day_hours.16_17", 9 * 60),
        ("week_hours.16_17", 45 * 60),
        ("average_hours.16_17", 40 * 60),
        ("break.14_15", 30),
        ("break.16_17", 30),
        ("daily_rest.14_15", 14 * 60),
        ("daily_rest.16_17", 12 * 60),
        ("weekly_rest.16_17", 36 * 60),
        ("free_sundays.16_17", 13),
        ("days_per_week.13", 5),
    ],
)
def test_rule_table_holds_the_limits_of_domain_md(code: str, limit: int) -> None:
    assert rule(code).limit == limit


def test_rule_table_forbidden_hours() -> None:
    assert (rule("night.14_15").not_before, rule("night.14_15").not_after) == (
        at("07:00"),
        at("19:00"),
    )
    assert (rule("night.16_17").not_before, rule("night.16_17").not_after) == (
        at("06:00"),
        at("23:00"),
    )


@pytest.mark.parametrize("band", [B13, B14, B16])
def test_every_minor_band_has_the_time_rules(band: AgeBand) -> None:
    kinds = {r.kind for r in rules_for(band)}
    assert {RuleKind.DAY_HOURS, RuleKind.WEEK_HOURS, RuleKind.NIGHT, RuleKind.BREAK} <= kinds
    assert {RuleKind.DAILY_REST, RuleKind.HAZARD_FORBIDDEN} <= kinds
    assert kinds & {RuleKind.SUNDAY, RuleKind.SUNDAY_REQUIRED}


def test_rule_lookup_refuses_an_unknown_code() -> None:
    with pytest.raises(KeyError):
        rule("day_hours.12")


# --- messages ---------------------------------------------------------------------------------


def test_duration_reads_as_hours_and_minutes() -> None:
    with translation.override("en"):
        assert [str(Duration(m)) for m in (420, 421, 30, 0)] == [
            "7 h",
            "7 h 1 min",
            "30 min",
            "0 h",
        ]


def test_message_renders_in_the_language_active_when_read() -> None:
    [violation] = check_schedule(week(shift(MON, "08:00", "15:31", 30)), B14)
    with translation.override("nl"):
        dutch = violation.message
    with translation.override("en"):
        english_text = str(violation)
    assert "maandag" in dutch
    assert "Monday" in english_text


def test_hazard_and_supervision_choices_for_forms() -> None:
    assert [value for value, _label in Hazard.choices()] == [h.value for h in Hazard]
    assert [value for value, _label in Supervision.choices()] == ["none", "supervised", "expert"]
    assert Supervision.EXPERT.at_least(Supervision.SUPERVISED)
    assert not Supervision.NONE.at_least(Supervision.SUPERVISED)


# --- properties -------------------------------------------------------------------------------

QUARTERS = st.integers(min_value=5 * 4, max_value=20 * 4).map(lambda q: q * 15)


@st.composite
def plausible_shifts(draw: st.DrawFn, day: int) -> list[ShiftBlock]:
    """One or two shifts a day, starting 05:00-20:00 on the quarter hour."""
    shifts: list[ShiftBlock] = []
    begin = draw(QUARTERS)
    for _ in range(draw(st.integers(min_value=1, max_value=2))):
        length = draw(st.integers(min_value=4, max_value=40)) * 15
        end = min(begin + length, 24 * 60 - 1)
        if end <= begin:
            break
        pause = draw(st.sampled_from([0, 15, 30, 45]))
        pause = pause if pause < end - begin else 0
        shifts.append(
            ShiftBlock(day, dt.time(*divmod(begin, 60)), dt.time(*divmod(end, 60)), pause)
        )
        begin = end + draw(st.integers(min_value=0, max_value=8)) * 15
        if begin >= 24 * 60 - 1:
            break
    return shifts


@st.composite
def schedules(draw: st.DrawFn) -> WeeklySchedule:
    days = draw(st.lists(st.integers(min_value=0, max_value=6), unique=True, max_size=6))
    shifts = [block for day in days for block in draw(plausible_shifts(day))]
    return WeeklySchedule(shifts, sunday_required=draw(st.booleans()))


ORDER = [B13, B14, B16, ADULT]


@given(schedules(), st.sampled_from(list(Supervision)), st.sets(st.sampled_from(list(Hazard))))
def test_property_allowed_at_one_age_is_allowed_at_every_older_age(
    schedule: WeeklySchedule, supervision: Supervision, hazards: set[Hazard]
) -> None:
    allowed = [
        not check_placement(
            schedule, band, hazards=hazards, supervision=supervision, school_supervised=True
        )
        for band in ORDER
    ]
    assert allowed == sorted(allowed)  # once True, True for every older band
    youngest = youngest_allowed_age(
        schedule, hazards=hazards, supervision=supervision, school_supervised=True
    )
    first = next(band for band, ok in zip(ORDER, allowed, strict=True) if ok)
    assert youngest == first.youngest_age


@given(schedules())
def test_property_accepted_for_14_15_is_accepted_for_16_17(schedule: WeeklySchedule) -> None:
    if not check_schedule(schedule, B14):
        assert check_schedule(schedule, B16) == []


@given(schedules(), st.data())
def test_property_splitting_a_shift_never_increases_the_day(
    schedule: WeeklySchedule, data: st.DataObject
) -> None:
    candidates = [s for s in schedule.shifts if s.span_minutes >= 2 and not s.break_minutes]
    if not candidates:
        return
    original = data.draw(st.sampled_from(candidates))
    cut = data.draw(
        st.integers(min_value=original.start_minute + 1, max_value=original.end_minute - 1)
    )
    gap = data.draw(st.integers(min_value=0, max_value=original.end_minute - cut - 1))
    first = ShiftBlock(original.weekday, original.start, dt.time(*divmod(cut, 60)))
    second = ShiftBlock(original.weekday, dt.time(*divmod(cut + gap, 60)), original.end)
    rest = [s for s in schedule.shifts if s != original]
    split = WeeklySchedule([*rest, first, second], sunday_required=schedule.sunday_required)
    before, after = minutes_per_day(schedule), minutes_per_day(split)
    assert after[original.weekday] == before[original.weekday] - gap
    assert {d: m for d, m in after.items() if d != original.weekday} == {
        d: m for d, m in before.items() if d != original.weekday
    }


@given(schedules())
def test_property_week_minutes_are_the_sum_of_the_days(schedule: WeeklySchedule) -> None:
    assert minutes_per_week(schedule) == sum(minutes_per_day(schedule).values())


@given(schedules(), st.sampled_from([B14, B16]))
def test_property_day_hours_agree_between_schedule_and_logbook(
    schedule: WeeklySchedule, band: AgeBand
) -> None:
    per_day = minutes_per_day(schedule)
    over_in_schedule = {
        v.weekday for v in check_schedule(schedule, band) if v.rule.kind is RuleKind.DAY_HOURS
    }
    over_in_logbook = {
        day
        for day, minutes in per_day.items()
        if any(
            v.rule.kind is RuleKind.DAY_HOURS
            for v in check_day_hours(Decimal(minutes) / 60, band, day, sunday_required=True)
        )
    }
    assert over_in_schedule == over_in_logbook


@given(schedules(), st.sampled_from(list(AgeBand)), st.sampled_from(["nl", "en"]))
def test_property_every_message_renders(
    schedule: WeeklySchedule, band: AgeBand, language: str
) -> None:
    violations = check_placement(schedule, band, hazards=list(Hazard), weeks=52)
    with translation.override(language):
        messages = [v.message for v in violations]
    assert all("%(" not in m for m in messages)
    assert all(v.rule.source.title in m for v, m in zip(violations, messages, strict=True))
