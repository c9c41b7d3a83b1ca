"""The school calendar, required hours, hour totals and the repeated-absence flag."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sen.audit.models import AuditEvent
from sen.logbook.models import AttendanceStatus, EntryStatus, RequiredHours, SchoolHoliday
from sen.logbook.selectors.calendar import terms_for
from sen.logbook.selectors.figures import (
    absence_flag,
    attendance_for,
    hours_for,
    hours_per_elective,
)
from sen.logbook.services import calendar as services
from sen.placements.models import Placement
from tests.factories.logbook import (
    AttendanceFactory,
    RequiredHoursFactory,
    SchoolHolidayFactory,
    entry,
    planned_days,
)
from tests.factories.offers import national
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db

OCT_17, OCT_25 = dt.date(2026, 10, 17), dt.date(2026, 10, 25)


# --- Holidays ---------------------------------------------------------------------------


def test_coordinator_adds_a_holiday_and_it_is_audited(world) -> None:
    holiday = services.add_holiday(
        actor=world.actor("coordinator_a"),
        name=" Herfstvakantie ",
        first_day=OCT_17,
        last_day=OCT_25,
    )

    assert (holiday.school, holiday.name) == (world.school_a, "Herfstvakantie")
    assert AuditEvent.objects.get(action="logbook.holiday.added").changes == {
        "name": "Herfstvakantie",
        "first_day": "2026-10-17",
        "last_day": "2026-10-25",
    }


def test_a_holiday_cannot_end_before_it_starts_or_overlap_another(world) -> None:
    coordinator = world.actor("coordinator_a")
    services.add_holiday(actor=coordinator, name="Herfst", first_day=OCT_17, last_day=OCT_25)

    with pytest.raises(ValidationError) as backwards:
        services.add_holiday(actor=coordinator, name="X", first_day=OCT_25, last_day=OCT_17)
    with pytest.raises(ValidationError) as overlap:
        services.add_holiday(
            actor=coordinator,
            name="Y",
            first_day=dt.date(2026, 10, 20),
            last_day=dt.date(2026, 10, 30),
        )

    assert backwards.value.message_dict == {
        "last_day": ["The last day cannot lie before the first day."]
    }
    assert overlap.value.messages == ["These days overlap with Herfst (17-10-2026 to 25-10-2026)."]


def test_only_a_coordinator_keeps_the_calendar(world) -> None:
    with pytest.raises(ValidationError):
        services.add_holiday(
            actor=world.actor("teacher_a"), name="Herfst", first_day=OCT_17, last_day=OCT_25
        )


def test_removing_a_holiday_of_another_school_is_refused(world) -> None:
    holiday = SchoolHolidayFactory(school=world.school_b)

    with pytest.raises(ValidationError):
        services.remove_holiday(actor=world.actor("coordinator_a"), holiday=holiday)

    services.remove_holiday(actor=world.actor("coordinator_b"), holiday=holiday)
    assert not SchoolHoliday.objects.exists()


# --- Required hours ---------------------------------------------------------------------


def test_required_hours_are_set_changed_and_audited(world) -> None:
    coordinator, elective = world.actor("coordinator_a"), national()

    services.set_required_hours(actor=coordinator, elective=elective, hours=80)
    services.set_required_hours(actor=coordinator, elective=elective, hours=96)

    assert RequiredHours.objects.get().hours == 96
    assert [
        e.changes["hours"] for e in AuditEvent.objects.filter(action="logbook.required_hours.set")
    ] == [
        [None, 80],
        [80, 96],
    ]


def test_required_hours_must_be_a_sensible_number(world) -> None:
    with pytest.raises(ValidationError):
        services.set_required_hours(
            actor=world.actor("coordinator_a"), elective=national(), hours=0
        )


# --- Hours per placement and per elective ----------------------------------------------


def loaded(placement: Placement) -> Placement:
    return Placement.objects.select_related("student", "offer").get(pk=placement.pk)


def test_required_hours_default_to_the_planned_hours_minus_holidays(world, placement_a) -> None:
    planned = terms_for(loaded(placement_a)).planned_minutes() / 60
    day = planned_days(placement_a)[-1]
    SchoolHolidayFactory(school=world.school_a, first_day=day, last_day=day)

    hours = hours_for([loaded(placement_a)])[placement_a.pk]

    assert hours.required == Decimal(planned - 6).quantize(Decimal("0.01"))
    assert hours.set_by_school is False


def test_required_hours_set_by_the_school_win(world, placement_a) -> None:
    RequiredHoursFactory(school=world.school_a, elective=placement_a.offer.elective, hours=40)

    hours = hours_for([loaded(placement_a)])[placement_a.pk]

    assert (hours.required, hours.set_by_school) == (Decimal(40), True)


def test_only_approved_hours_count_and_waiting_hours_are_shown_apart(world, placement_a) -> None:
    RequiredHoursFactory(school=world.school_a, elective=placement_a.offer.elective, hours=40)
    days = planned_days(placement_a)[-4:]
    entry(placement_a, days[0], status=EntryStatus.APPROVED, hours=Decimal("6"))
    entry(placement_a, days[1], status=EntryStatus.APPROVED, hours=Decimal("4.5"))
    entry(placement_a, days[2], status=EntryStatus.SUBMITTED, hours=Decimal("6"))
    entry(placement_a, days[3], status=EntryStatus.DRAFT, hours=Decimal("6"))

    hours = hours_for([loaded(placement_a)])[placement_a.pk]

    assert (hours.approved, hours.waiting, hours.entries_waiting) == (
        Decimal("10.5"),
        Decimal("6"),
        1,
    )
    assert hours.percent == 26


def test_hours_per_elective_add_up_placements_of_one_elective(world) -> None:
    first = placement_for(world, "a")
    second = placement_for(world, "a")
    entry(first, planned_days(first)[-1], status=EntryStatus.APPROVED, hours=Decimal("6"))
    entry(second, planned_days(second)[-1], status=EntryStatus.APPROVED, hours=Decimal("5"))
    RequiredHoursFactory(school=world.school_a, elective=first.offer.elective, hours=80)
    placements = [loaded(first), loaded(second)]

    [total] = hours_per_elective(placements, hours_for(placements))

    assert (total.approved, total.required) == (Decimal("11"), Decimal("80"))


def test_hours_for_costs_three_queries_for_any_number_of_placements(
    world, django_assert_num_queries
) -> None:
    placements = [loaded(placement_for(world, "a")) for _ in range(3)]

    with django_assert_num_queries(3):
        hours_for(placements)


# --- The repeated-absence flag ----------------------------------------------------------


@pytest.mark.parametrize(
    ("unexcused", "absences", "flagged"),
    [(0, 0, False), (1, 2, False), (2, 2, True), (0, 3, True), (1, 3, True)],
)
def test_absence_flag_rule(unexcused: int, absences: int, flagged: bool) -> None:
    assert absence_flag(unexcused=unexcused, absences=absences) is flagged


def test_the_flag_counts_only_the_last_four_weeks(world, placement_a) -> None:
    today = timezone.localdate()
    for days_ago in (1, 2, 40):
        AttendanceFactory(
            placement=placement_a,
            date=today - dt.timedelta(days=days_ago),
            status=AttendanceStatus.UNEXCUSED,
        )
    AttendanceFactory(placement=placement_a, date=today - dt.timedelta(days=3), status="late")

    summary = attendance_for([placement_a.pk], today=today)[placement_a.pk]

    assert (summary.recent_unexcused, summary.unexcused, summary.late) == (2, 3, 1)
    assert summary.flagged is True


def test_sick_twice_is_not_yet_a_flag(world, placement_a) -> None:
    today = timezone.localdate()
    for days_ago in (1, 8):
        AttendanceFactory(
            placement=placement_a, date=today - dt.timedelta(days=days_ago), status="sick"
        )

    summary = attendance_for([placement_a.pk], today=today)[placement_a.pk]

    assert (summary.recent_absences, summary.flagged) == (2, False)
