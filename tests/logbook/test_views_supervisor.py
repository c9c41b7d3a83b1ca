"""The supervisor's pages: "Vandaag" (one tap, all present, confirm a check-in) and review."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sen.logbook.models import Attendance, EntryStatus, LogEntry
from sen.logbook.services.attendance import check_in
from tests.factories import StudentFactory
from tests.factories.logbook import entry, last_planned_day, planned_days
from tests.logbook.conftest import daily

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def classmate(world, name: str = "Daan") -> object:
    return StudentFactory(school=world.school_a, first_name=name, last_name="Klein")


def daily_for(world, student) -> object:
    placement = daily(world, "a")
    placement.student = student
    placement.save()
    return placement


def test_today_lists_the_students_planned_today_with_big_buttons(world, login_as, daily_a) -> None:
    response = login_as(world.actor("supervisor_a")).get(reverse("logbook:today"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Anna Achterberg" in html
    assert "Not registered yet" in html
    assert html.count('name="status"') == 5
    assert "Everyone here: 1 student present" in html
    assert "2011" not in html  # no date of birth for a company


def test_one_tap_with_htmx_returns_the_row(world, login_as, daily_a) -> None:
    response = login_as(world.actor("supervisor_a")).post(
        reverse("logbook:attendance_set", args=[daily_a.pk]), {"status": "late"}, **HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="row-{daily_a.pk}">')
    assert "◔ Late" in html
    assert "<html" not in html
    assert Attendance.objects.get().status == "late"


def test_one_tap_without_javascript_redirects_back(world, login_as, daily_a) -> None:
    response = login_as(world.actor("supervisor_a")).post(
        reverse("logbook:attendance_set", args=[daily_a.pk]), {"status": "present"}
    )

    assert (response.status_code, response["Location"]) == (302, reverse("logbook:today"))


def test_a_wrong_status_is_refused_in_the_row(world, login_as, daily_a) -> None:
    response = login_as(world.actor("supervisor_a")).post(
        reverse("logbook:attendance_set", args=[daily_a.pk]), {"status": "checked_in"}, **HTMX
    )

    assert "Choose one of the statuses." in response.content.decode()
    assert not Attendance.objects.exists()


def test_confirming_a_check_in(world, login_as, daily_a) -> None:
    check_in(actor=world.actor("student_a"), placement=daily_a)
    client = login_as(world.actor("supervisor_a"))

    page = client.get(reverse("logbook:today")).content.decode()
    client.post(reverse("logbook:attendance_set", args=[daily_a.pk]), {"status": "present"})

    assert "Confirm: present" in page
    assert "● Checked in, to be confirmed" in page
    assert Attendance.objects.get().status == "present"


def test_all_present_at_once(world, login_as, daily_a) -> None:
    other = daily_for(world, classmate(world))

    response = login_as(world.actor("supervisor_a")).post(
        reverse("logbook:all_present"), follow=True
    )

    assert "2 students registered as present." in response.content.decode()
    assert dict(Attendance.objects.values_list("placement_id", "status")) == {
        daily_a.pk: "present",
        other.pk: "present",
    }


def test_another_company_sees_nobody_and_cannot_tap(world, login_as, daily_a) -> None:
    client = login_as(world.actor("supervisor_b"))

    page = client.get(reverse("logbook:today")).content.decode()
    tap = client.post(reverse("logbook:attendance_set", args=[daily_a.pk]), {"status": "sick"})

    assert "Anna" not in page
    assert "No students are planned at your workplace today." in page
    assert tap.status_code == 404
    assert not Attendance.objects.exists()


def test_today_costs_the_same_queries_for_one_or_three_students(
    world, login_as, django_assert_max_num_queries
) -> None:
    client = login_as(world.actor("supervisor_a"))
    daily_for(world, classmate(world, "Eva"))
    client.get(reverse("logbook:today"))

    with django_assert_max_num_queries(14) as one:
        client.get(reverse("logbook:today"))
    for name in ("Fien", "Gijs"):
        daily_for(world, classmate(world, name))
    with django_assert_max_num_queries(14) as three:
        response = client.get(reverse("logbook:today"))

    assert response.content.decode().count('name="status" value="sick"') == 3
    assert len(three.captured_queries) == len(one.captured_queries)


# --- Review -----------------------------------------------------------------------------


def test_review_lists_waiting_entries_with_checkboxes(world, login_as, placement_a) -> None:
    days = planned_days(placement_a)[-2:]
    waiting = entry(placement_a, days[0], status=EntryStatus.SUBMITTED, activities="Dakgoot")
    entry(placement_a, days[1], status=EntryStatus.DRAFT, activities="Nog bezig")

    html = login_as(world.actor("supervisor_a")).get(reverse("logbook:review")).content.decode()

    assert f'value="{waiting.pk}"' in html
    assert "Dakgoot" in html
    assert "Nog bezig" not in html


def test_bulk_approval_of_the_ticked_entries(world, login_as, placement_a) -> None:
    days = planned_days(placement_a)[-3:]
    first, second, third = (entry(placement_a, d, status=EntryStatus.SUBMITTED) for d in days)

    response = login_as(world.actor("supervisor_a")).post(
        reverse("logbook:review_approve"), {"entries": [first.pk, third.pk]}, follow=True
    )

    assert "2 entries approved." in response.content.decode()
    assert dict(LogEntry.objects.values_list("pk", "status")) == {
        first.pk: "approved",
        second.pk: "submitted",
        third.pk: "approved",
    }


def test_bulk_approval_ignores_entries_of_another_supervisor(world, login_as, placement_a) -> None:
    anna = entry(placement_a, last_planned_day(placement_a), status=EntryStatus.SUBMITTED)

    response = login_as(world.actor("supervisor_b")).post(
        reverse("logbook:review_approve"), {"entries": [anna.pk]}, follow=True
    )

    assert "Tick the entries you want to approve." in response.content.decode()
    anna.refresh_from_db()
    assert anna.status == "submitted"


def test_approve_and_return_one_entry(world, login_as, placement_a) -> None:
    days = planned_days(placement_a)[-2:]
    first, second = (entry(placement_a, d, status=EntryStatus.SUBMITTED) for d in days)
    client = login_as(world.actor("supervisor_a"))

    page = client.get(reverse("logbook:entry", args=[first.pk])).content.decode()
    client.post(reverse("logbook:entry_approve", args=[first.pk]))
    client.post(reverse("logbook:entry_return", args=[second.pk]), {"comment": "Foto erbij"})
    again = client.post(reverse("logbook:entry_approve", args=[first.pk]), follow=True)

    assert "Your review" in page
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.review_comment) == (
        "approved",
        "returned",
        "Foto erbij",
    )
    assert "This entry is not waiting for approval (it is approved)." in again.content.decode()


def test_another_supervisor_gets_404_on_the_entry(world, login_as, placement_a) -> None:
    waiting = entry(placement_a, last_planned_day(placement_a), status=EntryStatus.SUBMITTED)
    client = login_as(world.actor("supervisor_b"))

    responses = [
        client.get(reverse("logbook:entry", args=[waiting.pk])),
        client.post(reverse("logbook:entry_approve", args=[waiting.pk])),
        client.post(reverse("logbook:entry_return", args=[waiting.pk]), {"comment": "x"}),
        client.get(reverse("logbook:placement", args=[placement_a.pk])),
    ]

    assert [r.status_code for r in responses] == [404] * 4
    assert "Anna" not in client.get(reverse("logbook:review")).content.decode()


def test_review_costs_the_same_queries_for_one_or_three_entries(
    world, login_as, placement_a, django_assert_max_num_queries
) -> None:
    client = login_as(world.actor("supervisor_a"))
    days = planned_days(placement_a)
    entry(placement_a, days[0], status=EntryStatus.SUBMITTED)
    client.get(reverse("logbook:review"))

    with django_assert_max_num_queries(12) as one:
        client.get(reverse("logbook:review"))
    for day in days[1:3]:
        entry(placement_a, day, status=EntryStatus.SUBMITTED)
    with django_assert_max_num_queries(12) as three:
        client.get(reverse("logbook:review"))

    assert len(three.captured_queries) == len(one.captured_queries)


def test_the_supervisor_corrects_approved_hours(world, login_as, placement_a) -> None:
    approved = entry(placement_a, last_planned_day(placement_a), status=EntryStatus.APPROVED)
    client = login_as(world.actor("supervisor_a"))

    response = client.post(
        reverse("logbook:entry_correct", args=[approved.pk]),
        {"hours": "3", "reason": "Halve dag"},
        follow=True,
    )

    html = response.content.decode()
    assert "The hours have been corrected; the change is recorded." in html
    assert "6 → 3 hours by Sjaak Smit" in html


def test_another_supervisor_cannot_correct(world, login_as, placement_a) -> None:
    approved = entry(placement_a, last_planned_day(placement_a), status=EntryStatus.APPROVED)

    response = login_as(world.actor("supervisor_b")).post(
        reverse("logbook:entry_correct", args=[approved.pk]), {"hours": "3", "reason": "x"}
    )

    assert response.status_code == 404
