"""The checks: a schedule, a logbook day or a set of hazards against the rules of an age band."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal

from sen.core.worktime.bands import AgeBand, Hazard, Supervision
from sen.core.worktime.schedule import (
    MINUTES_PER_DAY,
    SUNDAY,
    WeeklySchedule,
    longest_pause,
    minutes_per_day,
    minutes_per_week,
    work_intervals,
)
from sen.core.worktime.table import Rule, RuleKind, rules_for
from sen.core.worktime.violation import Violation

K = RuleKind
WEEK = 7 * MINUTES_PER_DAY


def check_age(age_band: AgeBand, *, school_supervised: bool = False) -> list[Violation]:
    """Whether the age allows a placement at all: never under 13, at 13 only school-supervised."""
    return [
        Violation(rule)
        for rule in rules_for(age_band, K.AGE)
        if not (age_band is AgeBand.AGE_13 and school_supervised)
    ]


def check_schedule(
    schedule: WeeklySchedule,
    age_band: AgeBand,
    *,
    weeks: int = 1,
    school_supervised: bool = False,
) -> list[Violation]:
    """The rules `schedule` breaks for `age_band`, as a week that repeats `weeks` times.

    An offer's week repeats over its period: pass the period's length as `weeks` so
    the 16-17 rules over several weeks apply (40 h a week on average over any 4
    weeks, 13 free Sundays in 52). The week wraps around: Sunday's work counts
    against Monday's rest.
    """
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    found = check_age(age_band, school_supervised=school_supervised)
    if age_band in (AgeBand.UNDER_13, AgeBand.ADULT):
        return found
    found += _week_rules(schedule, age_band, week=None)
    found += _rest_rules([schedule], age_band, cyclic=True)
    totals = [minutes_per_week(schedule)] * weeks
    sundays = [bool(schedule.on(SUNDAY))] * weeks
    if weeks > 1:  # the same week repeated: each window rule once, for its first window
        seen: set[str] = set()
        for violation in _window_rules(totals, sundays, age_band):
            if violation.code not in seen:
                seen.add(violation.code)
                found.append(violation)
    return found


def check_weeks(
    weeks: Sequence[WeeklySchedule], age_band: AgeBand, *, school_supervised: bool = False
) -> list[Violation]:
    """The rules broken by consecutive calendar weeks; violations name their week (1-based)."""
    found = check_age(age_band, school_supervised=school_supervised)
    if age_band in (AgeBand.UNDER_13, AgeBand.ADULT) or not weeks:
        return found
    for index, schedule in enumerate(weeks, start=1):
        found += _week_rules(schedule, age_band, week=index)
    found += _rest_rules(weeks, age_band, cyclic=False)
    totals = [minutes_per_week(schedule) for schedule in weeks]
    sundays = [bool(schedule.on(SUNDAY)) for schedule in weeks]
    found += _window_rules(totals, sundays, age_band)
    return found


def check_day_hours(
    hours: Decimal | int | float,
    age_band: AgeBand,
    weekday: int,
    *,
    sunday_required: bool = False,
    school_supervised: bool = False,
) -> list[Violation]:
    """The rules broken by `hours` of work on one day (a logbook entry), breaks excluded."""
    minutes = Decimal(str(hours)) * 60
    if minutes < 0 or not 0 <= weekday <= 6:
        raise ValueError("hours must not be negative and weekday must be 0-6")
    found = check_age(age_band, school_supervised=school_supervised)
    if age_band in (AgeBand.UNDER_13, AgeBand.ADULT) or not minutes:
        return found
    for rule in rules_for(age_band, K.DAY_HOURS):
        if rule.limit is not None and minutes > rule.limit:
            found.append(Violation(rule, weekday=weekday, actual=math.ceil(minutes)))
    if weekday == SUNDAY:
        found += [Violation(r, weekday=SUNDAY) for r in _sunday_rules(age_band, sunday_required)]
    return found


def check_hazards(
    hazards: Iterable[Hazard],
    supervision: Supervision,
    age_band: AgeBand,
    *,
    school_supervised: bool = False,
) -> list[Violation]:
    """The rules broken by the declared hazards and supervision of an offer for `age_band`."""
    found = check_age(age_band, school_supervised=school_supervised)
    if age_band in (AgeBand.UNDER_13, AgeBand.ADULT):
        return found
    wanted = set(hazards)
    declared = [hazard for hazard in Hazard if hazard in wanted]  # in table order, once each
    for rule in rules_for(age_band, K.SUPERVISION, K.HAZARD_FORBIDDEN, K.HAZARD_SUPERVISION):
        if rule.kind is K.SUPERVISION:
            if rule.supervision and not supervision.at_least(rule.supervision):
                found.append(Violation(rule, provided=supervision))
            continue
        for hazard in declared:
            if hazard not in rule.hazards:
                continue
            if rule.kind is K.HAZARD_FORBIDDEN:
                found.append(Violation(rule, hazard=hazard))
            elif rule.supervision and not supervision.at_least(rule.supervision):
                found.append(Violation(rule, hazard=hazard, provided=supervision))
    return found


def check_placement(
    schedule: WeeklySchedule | Sequence[WeeklySchedule],
    age_band: AgeBand,
    *,
    hazards: Iterable[Hazard] = (),
    supervision: Supervision = Supervision.NONE,
    school_supervised: bool = False,
    weeks: int = 1,
) -> list[Violation]:
    """Everything that keeps a student of `age_band` from this work: age, times and hazards.

    `schedule` is one week that repeats `weeks` times, or a list of calendar weeks.
    """
    if isinstance(schedule, WeeklySchedule):
        found = check_schedule(schedule, age_band, weeks=weeks, school_supervised=school_supervised)
    else:
        found = check_weeks(schedule, age_band, school_supervised=school_supervised)
    for violation in check_hazards(
        hazards, supervision, age_band, school_supervised=school_supervised
    ):
        if violation not in found:
            found.append(violation)
    return found


PLACEMENT_BANDS = (AgeBand.AGE_13, AgeBand.AGE_14_15, AgeBand.AGE_16_17, AgeBand.ADULT)


def youngest_allowed_age(
    schedule: WeeklySchedule | Sequence[WeeklySchedule],
    *,
    hazards: Iterable[Hazard] = (),
    supervision: Supervision = Supervision.NONE,
    school_supervised: bool = False,
    weeks: int = 1,
    max_age: int | None = None,
) -> int | None:
    """The youngest age (13, 14, 16 or 18) at which a student may do this work.

    Every band's rules are at least as lenient as the younger band's, so a student
    of this age or older is allowed. None when no band up to `max_age` is (e.g.
    `max_age=17` for "may any minor do this?").
    """
    declared = tuple(hazards)
    for band in PLACEMENT_BANDS:
        if max_age is not None and band.youngest_age > max_age:
            return None
        violations = check_placement(
            schedule,
            band,
            hazards=declared,
            supervision=supervision,
            school_supervised=school_supervised,
            weeks=weeks,
        )
        if not violations:
            return band.youngest_age
    return None


def _sunday_rules(band: AgeBand, sunday_required: bool) -> list[Rule]:
    rules = list(rules_for(band, K.SUNDAY))
    if not sunday_required:
        rules += rules_for(band, K.SUNDAY_REQUIRED)
    return rules


def _week_rules(schedule: WeeklySchedule, band: AgeBand, *, week: int | None) -> list[Violation]:
    found: list[Violation] = []
    total = minutes_per_week(schedule)
    for rule in rules_for(band, K.WEEK_HOURS):
        if rule.limit is not None and total > rule.limit:
            found.append(Violation(rule, week=week, actual=total))
    days = len(schedule.working_days)
    for rule in rules_for(band, K.DAYS_PER_WEEK):
        if rule.limit is not None and days > rule.limit:
            found.append(Violation(rule, week=week, actual=days))
    per_day = minutes_per_day(schedule)
    for weekday in schedule.working_days:
        shifts = schedule.on(weekday)
        worked = per_day[weekday]
        for rule in rules_for(band, K.DAY_HOURS):
            if rule.limit is not None and worked > rule.limit:
                found.append(Violation(rule, weekday=weekday, week=week, actual=worked))
        for rule in rules_for(band, K.NIGHT):
            for shift in shifts:
                if (rule.not_before and shift.start < rule.not_before) or (
                    rule.not_after and shift.end > rule.not_after
                ):
                    found.append(Violation(rule, weekday=weekday, shift=shift, week=week))
        for rule in rules_for(band, K.BREAK):
            if rule.limit is None or rule.threshold is None:
                continue
            if worked > rule.threshold and longest_pause(shifts) < rule.limit:
                found.append(Violation(rule, weekday=weekday, week=week, actual=worked))
        if weekday == SUNDAY:
            found += [
                Violation(rule, weekday=SUNDAY, week=week)
                for rule in _sunday_rules(band, schedule.sunday_required)
            ]
    return found


def _rest_rules(weeks: Sequence[WeeklySchedule], band: AgeBand, *, cyclic: bool) -> list[Violation]:
    """Daily rest between working days and weekly rest, on one timeline of all weeks.

    A cyclic week repeats: Sunday's work is followed by Monday's of the same schedule.
    """
    found: list[Violation] = []
    intervals = work_intervals(weeks)
    if not intervals:
        return found
    span = len(weeks) * WEEK
    numbered = len(weeks) > 1 or not cyclic
    # A day's work, from its first start to its last end, by day number on the timeline.
    days: dict[int, tuple[int, int]] = {}
    for start, end in intervals:
        number = start // MINUTES_PER_DAY
        first, last = days.get(number, (start, end))
        days[number] = (min(first, start), max(last, end))
    ordered = sorted(days.items())
    if cyclic:
        number, (first, last) = ordered[0]
        ordered.append((number + len(weeks) * 7, (first + span, last + span)))
    for rule in rules_for(band, K.DAILY_REST):
        for (number, (_start, last_end)), (next_number, (next_start, _end)) in itertools.pairwise(
            ordered
        ):
            rest = next_start - last_end
            if rule.limit is not None and rest < rule.limit:
                found.append(
                    Violation(
                        rule,
                        weekday=number % 7,
                        next_weekday=next_number % 7,
                        week=number // 7 + 1 if numbered else None,
                        actual=rest,
                    )
                )
    for rule in rules_for(band, K.WEEKLY_REST):
        gaps = _gaps(intervals, span, cyclic=cyclic)
        for index in range(len(weeks)):
            low, high = index * WEEK, (index + 1) * WEEK
            longest = max(b - a for a, b in gaps if a < high and b > low)
            if rule.limit is not None and longest < rule.limit:
                found.append(Violation(rule, week=index + 1 if numbered else None, actual=longest))
    return found


def _gaps(intervals: list[tuple[int, int]], span: int, *, cyclic: bool) -> list[tuple[int, int]]:
    """The rest periods between work (touching shifts merged), including the open ends."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    gaps = [(a[1], b[0]) for a, b in itertools.pairwise(merged)]
    first_start, last_end = merged[0][0], merged[-1][1]
    if cyclic:
        gaps.append((last_end, first_start + span))
    else:  # nothing before the first week or after the last: at least a week of rest
        gaps += [(first_start - WEEK, first_start), (last_end, last_end + WEEK)]
    return gaps


def _window_rules(totals: list[int], sundays: list[bool], band: AgeBand) -> list[Violation]:
    """Rules over a window of weeks; a shorter list counts as padded with free weeks."""
    found: list[Violation] = []
    for rule in rules_for(band, K.AVERAGE_HOURS, K.FREE_SUNDAYS):
        if rule.limit is None or rule.period is None:
            continue
        period = rule.period
        start = 0
        while start < max(1, len(totals) - period + 1):
            window = slice(start, start + period)
            last = min(start + period, len(totals))
            if rule.kind is K.AVERAGE_HOURS and sum(totals[window]) > rule.limit * period:
                average = math.ceil(sum(totals[window]) / period)
                found.append(Violation(rule, week=start + 1, last_week=last, actual=average))
                start += period
            elif rule.kind is K.FREE_SUNDAYS and sum(sundays[window]) > period - rule.limit:
                found.append(
                    Violation(rule, week=start + 1, last_week=last, actual=sum(sundays[window]))
                )
                start += period
            else:
                start += 1
    return found
