"""Meldingen: the list with the header badge, marking read (htmx), following a link,
and the notification settings."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sen.audit.models import AuditEvent
from sen.messaging.models import Delivery, Notification, NotificationPreference
from tests.factories.messaging import NotificationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("messaging:notifications")


@pytest.fixture(autouse=True)
def _no_mfa(settings):  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False


def _badge(text: str) -> str:
    start = text.index('<a href="/messages/notifications/" class="header-notifications')
    return text[start : text.index("</a>", start)]


def test_notifications_list_shows_only_the_actors_own(world, login_as) -> None:  # type: ignore[no-untyped-def]
    NotificationFactory(recipient=world.user("parent_a"), subject="Voor Paula")
    NotificationFactory(recipient=world.user("parent_b"), subject="Voor Piet")

    text = login_as(world.actor("parent_a")).get(LIST).content.decode()

    assert "Voor Paula" in text
    assert "Voor Piet" not in text


def test_notifications_list_of_an_administrator_is_their_own_too(world, login_as) -> None:  # type: ignore[no-untyped-def]
    NotificationFactory(recipient=world.user("parent_a"), subject="Voor Paula")

    text = login_as(world.actor("administrator")).get(LIST).content.decode()

    assert "Voor Paula" not in text
    assert "No notifications." in text


def test_header_badge_without_a_cached_count_is_fetched_by_htmx(world, login_as) -> None:  # type: ignore[no-untyped-def]
    parent = world.user("parent_a")
    NotificationFactory.create_batch(2, recipient=parent)
    client = login_as(world.actor("parent_a"))

    badge = _badge(client.get(reverse("core:home")).content.decode())

    assert 'hx-get="/messages/notifications/badge/" hx-trigger="load"' in badge
    assert "badge-count" not in badge


def test_unread_badge_counts_unread_notifications(world, login_as) -> None:  # type: ignore[no-untyped-def]
    parent = world.user("parent_a")
    NotificationFactory.create_batch(2, recipient=parent)
    NotificationFactory(recipient=parent, read_at="2026-01-01T10:00:00Z")
    NotificationFactory(recipient=world.user("parent_b"))
    client = login_as(world.actor("parent_a"))

    fetched = client.get(reverse("messaging:unread_badge"), headers={"HX-Request": "true"})

    text = fetched.content.decode()
    assert text.lstrip().startswith('<a href="/messages/notifications/"')
    assert '<span class="badge badge-count" data-testid="unread-count">2</span>' in text
    assert "hx-get" not in text


def test_header_badge_after_counting_shows_the_count_on_every_page_without_a_query(  # type: ignore[no-untyped-def]
    world, login_as
) -> None:
    NotificationFactory.create_batch(2, recipient=world.user("parent_a"))
    client = login_as(world.actor("parent_a"))
    client.get(reverse("messaging:unread_badge"))

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("network:children")).content.decode()

    assert '<span class="badge badge-count" data-testid="unread-count">2</span>' in _badge(page)
    assert [q["sql"] for q in queries if "messaging_notification" in q["sql"]] == []


def test_header_badge_count_is_forgotten_when_a_new_notification_arrives(world, login_as) -> None:  # type: ignore[no-untyped-def]
    from sen.messaging.services import notify

    client = login_as(world.actor("parent_a"))
    client.get(reverse("messaging:unread_badge"))
    notify(
        kind="messaging.message",
        key="x:1",
        recipients=[world.user("parent_a")],
        subject="Nieuw",
    )

    fetched = client.get(reverse("messaging:unread_badge")).content.decode()

    assert '<span class="badge badge-count" data-testid="unread-count">1</span>' in fetched


def test_header_badge_without_unread_shows_no_count(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("teacher_a"))

    badge = client.get(reverse("messaging:unread_badge")).content.decode()

    assert "badge-count" not in badge


def test_notification_read_with_htmx_returns_the_item_and_the_new_badge(world, login_as) -> None:  # type: ignore[no-untyped-def]
    parent = world.user("parent_a")
    first, _second = NotificationFactory.create_batch(2, recipient=parent)

    response = login_as(world.actor("parent_a")).post(
        reverse("messaging:notification_read", args=[first.pk]), headers={"HX-Request": "true"}
    )

    text = response.content.decode()
    first.refresh_from_db()
    assert first.read_at is not None
    assert text.lstrip().startswith(f'<li id="notification-{first.pk}" class="notification">')
    assert 'hx-swap-oob="true"' in text
    assert '<span class="badge badge-count" data-testid="unread-count">1</span>' in text


def test_notification_read_without_javascript_redirects_back(world, login_as) -> None:  # type: ignore[no-untyped-def]
    n = NotificationFactory(recipient=world.user("parent_a"))

    response = login_as(world.actor("parent_a")).post(
        reverse("messaging:notification_read", args=[n.pk])
    )

    assert (response.status_code, response["Location"]) == (302, LIST)


def test_notification_read_of_someone_elses_is_404(world, login_as) -> None:  # type: ignore[no-untyped-def]
    n = NotificationFactory(recipient=world.user("parent_b"))

    response = login_as(world.actor("parent_a")).post(
        reverse("messaging:notification_read", args=[n.pk])
    )

    n.refresh_from_db()
    assert response.status_code == 404
    assert n.read_at is None


def test_notifications_read_all_marks_only_the_actors_own(world, login_as) -> None:  # type: ignore[no-untyped-def]
    NotificationFactory.create_batch(3, recipient=world.user("parent_a"))
    other = NotificationFactory(recipient=world.user("parent_b"))

    response = login_as(world.actor("parent_a")).post(
        reverse("messaging:notifications_read_all"), headers={"HX-Request": "true"}
    )

    text = response.content.decode()
    assert text.lstrip().startswith('<div id="notification-list"')
    assert "badge-count" not in text
    assert Notification.objects.filter(read_at__isnull=True).get() == other


def test_notification_open_marks_read_and_follows_the_link(world, login_as) -> None:  # type: ignore[no-untyped-def]
    n = NotificationFactory(recipient=world.user("parent_a"), url="/messages/conversations/7/")

    response = login_as(world.actor("parent_a")).get(
        reverse("messaging:notification_open", args=[n.pk])
    )

    n.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/messages/conversations/7/")
    assert n.read_at is not None


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_notification_open_never_leaves_the_site(world, login_as, url) -> None:  # type: ignore[no-untyped-def]
    n = NotificationFactory(recipient=world.user("parent_a"), url=url)

    response = login_as(world.actor("parent_a")).get(
        reverse("messaging:notification_open", args=[n.pk])
    )

    assert response["Location"] == LIST


def test_notification_open_of_someone_elses_is_404(world, login_as) -> None:  # type: ignore[no-untyped-def]
    n = NotificationFactory(recipient=world.user("parent_b"))

    response = login_as(world.actor("parent_a")).get(
        reverse("messaging:notification_open", args=[n.pk])
    )

    assert response.status_code == 404


def test_preferences_page_lists_every_kind_with_the_current_choice(world, login_as) -> None:  # type: ignore[no-untyped-def]
    NotificationPreference.objects.create(
        user=world.user("teacher_a"), kind="messaging.message", delivery=Delivery.DIGEST
    )

    text = login_as(world.actor("teacher_a")).get(reverse("messaging:preferences")).content.decode()

    assert "A new message in the conversation about a placement" in text
    assert "A placement ends: fill in the evaluation" in text
    checked = [line for line in text.splitlines() if "checked" in line and "messaging." in line]
    assert len(checked) == 2
    assert 'name="messaging.message" value="digest"' in checked[0] + checked[1]
    assert 'name="messaging.evaluation_requested" value="immediate"' in checked[0] + checked[1]


def test_preferences_post_saves_and_audits_the_changes(world, login_as) -> None:  # type: ignore[no-untyped-def]
    from sen.messaging.kinds import all_kinds

    data = dict.fromkeys(all_kinds(), Delivery.IMMEDIATE)
    data["messaging.message"] = Delivery.DIGEST

    response = login_as(world.actor("teacher_a")).post(reverse("messaging:preferences"), data)

    assert response.status_code == 302
    assert list(NotificationPreference.objects.values_list("user__email", "kind", "delivery")) == [
        ("tim@ludger.test", "messaging.message", "digest")
    ]
    event = AuditEvent.objects.get(action="messaging.preferences.changed")
    assert event.changes == {"messaging.message": ["immediate", "digest"]}


def test_preferences_post_with_an_unknown_choice_saves_nothing(world, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("teacher_a")).post(
        reverse("messaging:preferences"), {"messaging.message": "pigeon"}
    )

    assert response.status_code == 200
    assert NotificationPreference.objects.count() == 0


@pytest.mark.parametrize("count", [1, 3])
def test_notifications_list_query_count_does_not_grow(  # type: ignore[no-untyped-def]
    world, login_as, count, django_assert_max_num_queries
) -> None:
    NotificationFactory.create_batch(count, recipient=world.user("parent_a"))
    client = login_as(world.actor("parent_a"))
    client.get(LIST)

    with django_assert_max_num_queries(9):
        response = client.get(LIST)

    assert response.content.decode().count('<li id="notification-') == count


def test_header_badge_is_not_fetched_before_the_second_login_step(
    world, login_as, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = True
    client = login_as(world.actor("coordinator_a"))

    page = client.get(reverse("accounts:mfa_setup")).content.decode()

    assert 'id="header-notifications"' in page
    assert "hx-get" not in _badge(page)
