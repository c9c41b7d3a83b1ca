"""A parent's page per child: placements, schedule, conversation; an adult decides."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sen.messaging.family import schedule_rows
from sen.messaging.threads.services import post_message
from sen.placements.models import PlacementStatus
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db


def _url(world) -> str:  # type: ignore[no-untyped-def]
    return reverse("messaging:child", args=[world.student_a.pk])


def test_child_page_shows_placement_schedule_and_unread_messages(world, login_as) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(
        world, "a", starts_on=dt.date(2026, 9, 7), ends_on=dt.date(2026, 11, 27)
    )
    post_message(actor=world.actor("supervisor_a"), placement=placement, body="Welkom!")

    response = login_as(world.actor("parent_a")).get(_url(world))

    text = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Anna Achterberg</h1>" in text
    assert placement.offer.elective.name in text
    assert "Installatiebedrijf Jansen, Doetinchem" in text
    assert "From Mon 7 sep 2026 to Fri 27 nov 2026" in text
    assert "Sjaak Smit" in text
    assert "<strong>Tuesday</strong> 08:30\u201315:00" in text
    assert "<strong>Thursday</strong> 08:30\u201315:00" in text
    assert "(30 minutes break)" in text
    assert '<span class="badge badge-ok">● Active</span>' in text
    assert "1 new" in text
    assert reverse("messaging:thread", args=[placement.pk]) in text


def test_child_page_without_placements_explains_what_comes(world, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("parent_a")).get(_url(world))

    assert "Anna has no training place yet." in response.content.decode()


def test_child_page_of_another_child_is_404(world, login_as) -> None:  # type: ignore[no-untyped-def]
    placement_for(world, "b")

    response = login_as(world.actor("parent_a")).get(
        reverse("messaging:child", args=[world.student_b.pk])
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    "who", ["student_a", "teacher_a", "coordinator_a", "supervisor_a", "administrator"]
)
def test_child_page_is_for_parents_only(world, login_as, settings, who) -> None:  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False

    response = login_as(world.actor(who)).get(_url(world))

    assert response.status_code == 404


def test_parent_of_an_adult_who_does_not_share_sees_nothing(world, login_as) -> None:  # type: ignore[no-untyped-def]
    anna = world.student_a
    anna.date_of_birth = dt.date(2000, 1, 1)
    anna.shares_with_guardians = False
    anna.save(update_fields=["date_of_birth", "shares_with_guardians"])
    placement = placement_for(world, "a")
    post_message(actor=world.actor("supervisor_a"), placement=placement, body="Geheim voor ouders")
    client = login_as(world.actor("parent_a"))

    child = client.get(_url(world))
    thread = client.get(reverse("messaging:thread", args=[placement.pk]))
    threads = client.get(reverse("messaging:threads")).content.decode()
    notifications = client.get(reverse("messaging:notifications")).content.decode()

    assert (child.status_code, thread.status_code) == (404, 404)
    assert "Anna" not in threads
    assert "Geheim voor ouders" not in notifications
    assert "Anna" not in notifications


def test_parent_of_an_adult_who_shares_sees_the_page(world, login_as) -> None:  # type: ignore[no-untyped-def]
    anna = world.student_a
    anna.date_of_birth = dt.date(2000, 1, 1)
    anna.save(update_fields=["date_of_birth"])
    placement_for(world, "a")

    response = login_as(world.actor("parent_a")).get(_url(world))

    assert response.status_code == 200
    assert "Installatiebedrijf Jansen" in response.content.decode()


def test_my_children_links_to_the_child_page(world, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("parent_a")).get(reverse("network:children"))

    assert f'href="{_url(world)}"' in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_child_page_query_count_does_not_grow(  # type: ignore[no-untyped-def]
    world, login_as, count, django_assert_max_num_queries
) -> None:
    for n in range(count):
        placement_for(world, "a", status=PlacementStatus.COMPLETED if n else PlacementStatus.ACTIVE)
    client = login_as(world.actor("parent_a"))
    client.get(_url(world))

    # Placement, messaging, agreements, logbook and assessment: a fixed number each.
    with django_assert_max_num_queries(17):
        response = client.get(_url(world))

    assert response.content.decode().count('data-testid="child-placement"') == count


def test_schedule_rows_are_sorted_and_skip_what_cannot_be_read() -> None:
    rows = schedule_rows(
        [
            {"weekday": 3, "start": "08:30", "end": "15:00", "break_minutes": 30},
            {"weekday": 0, "start": "09:00", "end": "12:00"},
            {"weekday": 9, "start": "09:00", "end": "12:00"},
            {"weekday": 1, "start": "later"},
            "not a row",
        ]
    )

    assert [(str(r.day), r.start, r.end, r.break_minutes) for r in rows] == [
        ("Monday", "09:00", "12:00", 0),
        ("Thursday", "08:30", "15:00", 30),
    ]
