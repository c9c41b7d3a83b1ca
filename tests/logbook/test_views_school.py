"""The school's pages (class overview, calendar, required hours) and the parents' page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sen.logbook.models import AttendanceStatus, EntryStatus, RequiredHours, SchoolHoliday
from sen.placements.models import PlacementStatus
from tests.factories import StudentFactory
from tests.factories.logbook import (
    AttendanceFactory,
    SchoolHolidayFactory,
    entry,
    planned_days,
)
from tests.factories.offers import national
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db


def placed_classmate(world, name: str, class_name: str = "3B"):  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")
    placement.student = StudentFactory(
        school=world.school_a, first_name=name, last_name="Klein", class_name=class_name
    )
    placement.save()
    return placement


def absent(placement, *days_ago: int, status: str = AttendanceStatus.UNEXCUSED) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    for n in days_ago:
        AttendanceFactory(placement=placement, date=today - dt.timedelta(days=n), status=status)


# --- Class overview ---------------------------------------------------------------------


def test_overview_shows_attendance_hours_waiting_and_the_flag(world, login_as, placement_a) -> None:
    days = planned_days(placement_a)
    entry(placement_a, days[0], status=EntryStatus.APPROVED)
    entry(placement_a, days[1], status=EntryStatus.SUBMITTED)
    absent(placement_a, 2, 9)

    response = login_as(world.actor("teacher_a")).get(reverse("logbook:overview"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Anna Achterberg" in html
    assert "⚠ Repeated absence" in html
    assert "2 without permission" in html
    assert '<span class="badge badge-warn">◷ 1</span>' in html
    assert '<progress value="6"' in html


def test_overview_filters_by_class_company_and_flag(world, login_as, placement_a) -> None:
    daan = placed_classmate(world, "Daan", "4K")
    absent(placement_a, 1, 2)
    client = login_as(world.actor("coordinator_a"))

    by_class = client.get(reverse("logbook:overview"), {"class_name": "4K"}).content.decode()
    flagged = client.get(reverse("logbook:overview"), {"flagged": "on"}).content.decode()
    company = client.get(
        reverse("logbook:overview"), {"company": daan.offer.company_id}
    ).content.decode()

    assert ("Daan Klein" in by_class, "Anna Achterberg" in by_class) == (True, False)
    assert ("Daan Klein" in flagged, "Anna Achterberg" in flagged) == (False, True)
    assert ("Daan Klein" in company, "Anna Achterberg" in company) == (True, True)


def test_overview_shows_only_active_placements_of_the_own_school(world, login_as) -> None:
    placement_for(world, "a", status=PlacementStatus.AGREEMENT_PENDING)
    placement_for(world, "b")

    html_a = login_as(world.actor("teacher_a")).get(reverse("logbook:overview")).content.decode()

    assert "No students with an active placement match these filters." in html_a
    assert "Bram" not in html_a


def test_overview_costs_the_same_queries_for_one_or_three_rows(
    world, login_as, placement_a, django_assert_max_num_queries
) -> None:
    client = login_as(world.actor("coordinator_a"))
    entry(placement_a, planned_days(placement_a)[0], status=EntryStatus.APPROVED)
    client.get(reverse("logbook:overview"))

    with django_assert_max_num_queries(16) as one:
        client.get(reverse("logbook:overview"))
    for name in ("Daan", "Eva"):
        placement = placed_classmate(world, name)
        entry(placement, planned_days(placement)[0], status=EntryStatus.SUBMITTED)
        absent(placement, 3)
    with django_assert_max_num_queries(16) as three:
        response = client.get(reverse("logbook:overview"))

    assert response.content.decode().count("<progress") == 3
    assert len(three.captured_queries) == len(one.captured_queries)


def test_the_teacher_opens_a_students_logbook_read_only(world, login_as, placement_a) -> None:
    entry(placement_a, planned_days(placement_a)[0], activities="Radiator vervangen")

    html = (
        login_as(world.actor("teacher_a"))
        .get(reverse("logbook:placement", args=[placement_a.pk]))
        .content.decode()
    )

    assert "Logbook of Anna Achterberg" in html
    assert "Radiator vervangen" in html
    assert "Log a day" not in html


def test_another_school_gets_404_for_the_logbook(world, login_as, placement_a) -> None:
    response = login_as(world.actor("teacher_b")).get(
        reverse("logbook:placement", args=[placement_a.pk])
    )

    assert response.status_code == 404


# --- The school calendar and required hours --------------------------------------------


def test_coordinator_adds_and_removes_a_holiday(world, login_as) -> None:
    client = login_as(world.actor("coordinator_a"))

    added = client.post(
        reverse("logbook:holidays"),
        {"name": "Kerstvakantie", "first_day": "2026-12-19", "last_day": "2027-01-03"},
        follow=True,
    )
    holiday = SchoolHoliday.objects.get()
    removed = client.post(reverse("logbook:holiday_remove", args=[holiday.pk]))

    assert "Kerstvakantie" in added.content.decode()
    assert removed.status_code == 302
    assert not SchoolHoliday.objects.exists()


def test_a_wrong_holiday_shows_the_error_next_to_the_field(world, login_as) -> None:
    response = login_as(world.actor("coordinator_a")).post(
        reverse("logbook:holidays"),
        {"name": "Fout", "first_day": "2027-01-03", "last_day": "2026-12-19"},
    )

    assert "The last day cannot lie before the first day." in response.content.decode()


def test_another_schools_holiday_is_404(world, login_as) -> None:
    holiday = SchoolHolidayFactory(school=world.school_b)

    response = login_as(world.actor("coordinator_a")).post(
        reverse("logbook:holiday_remove", args=[holiday.pk])
    )

    assert response.status_code == 404
    assert SchoolHoliday.objects.count() == 1


def test_holidays_list_costs_the_same_queries_for_one_or_three(
    world, login_as, django_assert_max_num_queries
) -> None:
    client = login_as(world.actor("coordinator_a"))
    SchoolHolidayFactory(
        school=world.school_a, first_day=dt.date(2026, 10, 17), last_day=dt.date(2026, 10, 25)
    )
    client.get(reverse("logbook:holidays"))
    with django_assert_max_num_queries(10) as one:
        client.get(reverse("logbook:holidays"))
    for month in (2, 4):
        SchoolHolidayFactory(
            school=world.school_a,
            first_day=dt.date(2027, month, 1),
            last_day=dt.date(2027, month, 5),
        )
    with django_assert_max_num_queries(10) as three:
        client.get(reverse("logbook:holidays"))

    assert len(three.captured_queries) == len(one.captured_queries)


def test_coordinator_sets_required_hours(world, login_as) -> None:
    elective = national()

    response = login_as(world.actor("coordinator_a")).post(
        reverse("logbook:required_hours"), {"elective": elective.pk, "hours": "80"}, follow=True
    )

    assert RequiredHours.objects.get().hours == 80
    assert elective.name in response.content.decode()


def test_required_hours_list_costs_the_same_queries_for_one_or_three(
    world, login_as, django_assert_max_num_queries
) -> None:
    from sen.catalogue.models import Elective
    from tests.factories.logbook import RequiredHoursFactory

    client = login_as(world.actor("coordinator_a"))
    electives = list(Elective.objects.filter(school=None)[:3])
    RequiredHoursFactory(school=world.school_a, elective=electives[0])
    client.get(reverse("logbook:required_hours"))
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("logbook:required_hours"))
    for elective in electives[1:]:
        RequiredHoursFactory(school=world.school_a, elective=elective)
    with django_assert_max_num_queries(12) as three:
        client.get(reverse("logbook:required_hours"))

    assert len(three.captured_queries) == len(one.captured_queries)


def test_a_teacher_cannot_keep_the_calendar(world, login_as) -> None:
    client = login_as(world.actor("teacher_a"))

    assert client.get(reverse("logbook:holidays")).status_code == 404
    assert client.get(reverse("logbook:required_hours")).status_code == 404


# --- Parents ----------------------------------------------------------------------------


def test_parent_sees_attendance_and_hours_of_their_child(world, login_as, placement_a) -> None:
    entry(
        placement_a, planned_days(placement_a)[0], status=EntryStatus.APPROVED, hours=Decimal("6")
    )
    absent(placement_a, 1, status=AttendanceStatus.SICK)

    html = login_as(world.actor("parent_a")).get(reverse("logbook:children")).content.decode()

    assert "<h2>Anna</h2>" in html
    assert '<progress value="6"' in html
    assert "1 absent" in html
    assert "✚ Sick" in html


def test_parent_of_another_child_sees_nothing(world, login_as, placement_a) -> None:
    absent(placement_a, 1, status=AttendanceStatus.SICK)

    response = login_as(world.actor("parent_b")).get(reverse("logbook:children"))

    html = response.content.decode()
    assert "Anna" not in html
    assert "Your children have no placement at a company yet" in html


def test_parent_does_not_read_the_students_logbook_itself(world, login_as, placement_a) -> None:
    response = login_as(world.actor("parent_a")).get(
        reverse("logbook:placement", args=[placement_a.pk])
    )

    assert response.status_code == 404


def test_parent_of_an_adult_who_does_not_share_sees_nothing(world, login_as, placement_a) -> None:
    world.student_a.date_of_birth = dt.date(2000, 1, 1)
    world.student_a.shares_with_guardians = False
    world.student_a.save()

    html = login_as(world.actor("parent_a")).get(reverse("logbook:children")).content.decode()

    assert "Anna" not in html


def test_children_page_costs_the_same_queries_for_one_or_three(
    world, login_as, django_assert_max_num_queries
) -> None:
    client = login_as(world.actor("parent_a"))
    placement_for(world, "a")
    client.get(reverse("logbook:children"))
    with django_assert_max_num_queries(14) as one:
        client.get(reverse("logbook:children"))
    for _ in range(2):
        absent(placement_for(world, "a"), 1, status=AttendanceStatus.LATE)
    with django_assert_max_num_queries(14) as three:
        response = client.get(reverse("logbook:children"))

    assert response.content.decode().count("<h2>Anna</h2>") == 3
    assert len(three.captured_queries) == len(one.captured_queries)


def test_parent_sees_hours_per_elective_over_placements(world, login_as) -> None:
    first = placement_for(world, "a")
    second = placement_for(world, "a", status=PlacementStatus.COMPLETED)
    entry(first, planned_days(first)[0], status=EntryStatus.APPROVED, hours=Decimal("6"))
    entry(second, planned_days(second)[1], status=EntryStatus.APPROVED, hours=Decimal("4"))

    html = login_as(world.actor("parent_a")).get(reverse("logbook:children")).content.decode()

    assert "Hours per elective of Anna" in html
    assert f"{first.offer.elective.name}</span><span>10 of" in html
