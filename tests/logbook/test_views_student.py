"""The student's pages: my logbook, logging a day with a photo, submitting, checking in."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sen.logbook.models import Attendance, EntryPhoto, EntryStatus, LogEntry
from sen.placements.models import PlacementStatus
from tests.factories.logbook import entry, jpeg, last_planned_day, planned_days, png
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db


def test_my_logbook_shows_progress_entries_and_status_badges(world, login_as, placement_a) -> None:
    days = planned_days(placement_a)[-2:]
    entry(placement_a, days[0], status=EntryStatus.APPROVED, activities="Kabels getrokken")
    entry(
        placement_a,
        days[1],
        status=EntryStatus.RETURNED,
        activities="Meterkast",
        review_comment="Schrijf wat je geleerd hebt",
    )

    response = login_as(world.actor("student_a")).get(reverse("logbook:mine"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>My logbook</h1>" in html
    assert '<progress value="6" max="' in html
    assert "Kabels getrokken" in html
    assert "✓ Approved" in html
    assert "↩ Returned" in html
    assert "Schrijf wat je geleerd hebt" in html
    assert reverse("logbook:entry_create", args=[placement_a.pk]) in html


def test_my_logbook_without_a_placement_explains_what_comes(world, login_as) -> None:
    response = login_as(world.actor("student_a")).get(reverse("logbook:mine"))

    assert "You have no placement yet." in response.content.decode()


def test_my_logbook_before_the_agreement_is_signed_says_so(world, login_as) -> None:
    placement_for(world, "a", status=PlacementStatus.AGREEMENT_PENDING)

    response = login_as(world.actor("student_a")).get(reverse("logbook:mine"))

    html = response.content.decode()
    assert "Your logbook opens when the placement is active" in html
    assert "Log a day" not in html


def test_new_entry_form_is_prefilled_from_the_schedule(world, login_as, placement_a) -> None:
    day = last_planned_day(placement_a, before=timezone.localdate() + timezone.timedelta(days=1))

    response = login_as(world.actor("student_a")).get(
        reverse("logbook:entry_create", args=[placement_a.pk])
    )

    html = response.content.decode()
    assert f'value="{day.isoformat()}"' in html
    assert 'name="hours" value="6"' in html
    assert 'capture="environment"' in html


def test_logging_a_day_with_a_photo_and_sending_it(world, login_as, placement_a) -> None:
    day = last_planned_day(placement_a)
    photo = io.BytesIO(jpeg(with_gps=True))
    photo.name = "werk.jpg"

    response = login_as(world.actor("student_a")).post(
        reverse("logbook:entry_create", args=[placement_a.pk]),
        {
            "date": day.isoformat(),
            "hours": "6",
            "activities": "Een cv-ketel aangesloten",
            "reflection": "Goed meten",
            "photo": photo,
            "submit": "1",
        },
    )

    assert response.status_code == 302
    saved = LogEntry.objects.get()
    assert (saved.date, saved.hours, saved.status) == (day, Decimal("6"), "submitted")
    assert EntryPhoto.objects.filter(entry=saved).count() == 1


def test_a_refused_day_shows_the_reason_next_to_the_field(world, login_as, placement_a) -> None:
    response = login_as(world.actor("student_a")).post(
        reverse("logbook:entry_create", args=[placement_a.pk]),
        {"date": last_planned_day(placement_a).isoformat(), "hours": "7.5", "activities": "x"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "at most 7 h a day (source: Rijksoverheid" in html
    assert not LogEntry.objects.exists()


def test_a_lying_photo_keeps_the_day_and_says_why(world, login_as, placement_a) -> None:
    photo = io.BytesIO(png())
    photo.name = "foto.jpg"

    response = login_as(world.actor("student_a")).post(
        reverse("logbook:entry_create", args=[placement_a.pk]),
        {
            "date": last_planned_day(placement_a).isoformat(),
            "hours": "6",
            "activities": "x",
            "photo": photo,
        },
        follow=True,
    )

    assert "the photo was not: The file name says JPEG" in response.content.decode()
    assert LogEntry.objects.get().status == "draft"
    assert not EntryPhoto.objects.exists()


def test_editing_and_submitting_a_draft(world, login_as, placement_a) -> None:
    draft = entry(placement_a, last_planned_day(placement_a))
    client = login_as(world.actor("student_a"))

    edited = client.post(
        reverse("logbook:entry_edit", args=[draft.pk]),
        {"date": draft.date.isoformat(), "hours": "5.5", "activities": "Nieuw"},
    )
    submitted = client.post(reverse("logbook:entry_submit", args=[draft.pk]))

    draft.refresh_from_db()
    assert (edited.status_code, submitted.status_code) == (302, 302)
    assert (draft.hours, draft.activities, draft.status) == (Decimal("5.5"), "Nieuw", "submitted")


def test_an_approved_entry_cannot_be_edited(world, login_as, placement_a) -> None:
    approved = entry(placement_a, last_planned_day(placement_a), status=EntryStatus.APPROVED)

    response = login_as(world.actor("student_a")).get(
        reverse("logbook:entry_edit", args=[approved.pk])
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("logbook:entry", args=[approved.pk])


def test_check_in_from_my_logbook(world, login_as, daily_a) -> None:
    client = login_as(world.actor("student_a"))

    page = client.get(reverse("logbook:mine")).content.decode()
    response = client.post(reverse("logbook:check_in", args=[daily_a.pk]))

    assert "I am here: check in" in page
    assert response.status_code == 302
    assert Attendance.objects.get().status == "checked_in"


def test_another_student_gets_404_everywhere(world, login_as, placement_a) -> None:
    draft = entry(placement_a, last_planned_day(placement_a))
    client = login_as(world.actor("student_b"))

    responses = [
        client.get(reverse("logbook:placement", args=[placement_a.pk])),
        client.get(reverse("logbook:entry", args=[draft.pk])),
        client.get(reverse("logbook:entry_edit", args=[draft.pk])),
        client.post(reverse("logbook:entry_submit", args=[draft.pk])),
        client.post(reverse("logbook:check_in", args=[placement_a.pk])),
        client.get(reverse("logbook:entry_create", args=[placement_a.pk])),
    ]

    assert [r.status_code for r in responses] == [404] * 6
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_photos_are_served_only_to_who_may_read_the_logbook(world, login_as, placement_a) -> None:
    from sen.logbook.services.photos import add_photo

    draft = entry(placement_a, last_planned_day(placement_a))
    upload = io.BytesIO(jpeg())
    photo = add_photo(actor=world.actor("student_a"), entry=draft, upload=upload, filename="a.jpg")
    url = reverse("logbook:photo_thumbnail", args=[photo.pk])

    allowed = {
        n: login_as(world.actor(n)).get(url) for n in ("student_a", "supervisor_a", "teacher_a")
    }
    denied = {
        n: login_as(world.actor(n)).get(url).status_code
        for n in ("student_b", "supervisor_b", "parent_a", "contact_a", "teacher_b")
    }

    assert {n: r.status_code for n, r in allowed.items()} == dict.fromkeys(allowed, 200)
    assert allowed["student_a"]["Content-Type"] == "image/jpeg"
    assert allowed["student_a"]["X-Content-Type-Options"] == "nosniff"
    assert denied == dict.fromkeys(denied, 404)


def test_queries_of_my_logbook_do_not_grow_with_entries(
    world, login_as, placement_a, django_assert_max_num_queries
) -> None:
    client = login_as(world.actor("student_a"))
    days = planned_days(placement_a)
    entry(placement_a, days[0])
    client.get(reverse("logbook:mine"))  # warm the session and caches

    with django_assert_max_num_queries(16) as one:
        client.get(reverse("logbook:mine"))
    for day in days[1:3]:
        entry(placement_a, day, status=EntryStatus.APPROVED)
    with django_assert_max_num_queries(16) as three:
        client.get(reverse("logbook:mine"))

    assert len(three.captured_queries) == len(one.captured_queries)


def test_hours_per_elective_add_up_the_students_placements(world, login_as) -> None:
    first = placement_for(world, "a")
    second = placement_for(world, "a", status=PlacementStatus.COMPLETED)
    entry(first, planned_days(first)[0], status=EntryStatus.APPROVED, hours=Decimal("6"))
    entry(second, planned_days(second)[1], status=EntryStatus.APPROVED, hours=Decimal("5"))

    html = login_as(world.actor("student_a")).get(reverse("logbook:mine")).content.decode()

    assert "Hours per elective" in html
    assert f"{first.offer.elective.name}</span><span>11 of" in html
