"""The conversation pages: who reads, who writes, outsiders 404, htmx posting, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sen.messaging.models import Message, Notification
from sen.messaging.urls import urlpatterns
from sen.placements.models import PlacementStatus
from tests.factories.messaging import classmate_placement, message
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db

READERS_A = {"student_a", "parent_a", "teacher_a", "coordinator_a", "supervisor_a", "contact_a"}
WRITERS_A = {"student_a", "parent_a", "teacher_a", "supervisor_a"}
EVERYONE = {
    "student_a",
    "student_b",
    "parent_a",
    "parent_b",
    "teacher_a",
    "teacher_b",
    "coordinator_a",
    "coordinator_b",
    "coordinator_c",
    "supervisor_a",
    "supervisor_b",
    "contact_a",
    "contact_b",
    "region_coordinator",
    "region_coordinator_other",
    "administrator",
}


@pytest.fixture(autouse=True)
def _no_mfa(settings):  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False


def _url(placement) -> str:  # type: ignore[no-untyped-def]
    return reverse("messaging:thread", args=[placement.pk])


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_thread_page_answers_each_role(world, login_as, who) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")
    message(placement, world.user("supervisor_a"), "Anna was op tijd.", "supervisor")

    response = login_as(world.actor(who)).get(_url(placement))

    if who in READERS_A:
        assert response.status_code == 200
        text = response.content.decode()
        assert "Anna was op tijd." in text
        assert ('data-testid="message-form"' in text) == (who in WRITERS_A)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_thread_post_answers_each_role(world, login_as, who) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")

    response = login_as(world.actor(who)).post(
        reverse("messaging:thread_post", args=[placement.pk]), {"body": "Hallo allemaal"}
    )

    if who in WRITERS_A:
        assert (response.status_code, response["Location"]) == (302, _url(placement))
        assert list(Message.objects.values_list("body", "author_role")) == [
            ("Hallo allemaal", world.actor(who).role)
        ]
    else:
        assert response.status_code == 404
        assert Message.objects.count() == 0


def test_thread_page_of_another_childs_placement_is_404_for_a_parent(world, login_as) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "b")

    response = login_as(world.actor("parent_a")).get(_url(placement))

    assert response.status_code == 404


def test_thread_page_of_another_supervisors_placement_at_the_same_company_is_404(  # type: ignore[no-untyped-def]
    world, login_as
) -> None:
    from tests.factories import UserFactory

    placement = placement_for(world, "a")
    placement.supervisor = UserFactory()
    placement.save(update_fields=["supervisor"])

    response = login_as(world.actor("supervisor_a")).get(_url(placement))

    assert response.status_code == 404


def test_thread_post_with_htmx_returns_the_conversation_with_the_new_message(  # type: ignore[no-untyped-def]
    world, login_as
) -> None:
    placement = placement_for(world, "a")

    response = login_as(world.actor("parent_a")).post(
        reverse("messaging:thread_post", args=[placement.pk]),
        {"body": "Dank je wel, Sjaak!"},
        headers={"HX-Request": "true"},
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert text.lstrip().startswith('<section id="conversation"')
    assert "Dank je wel, Sjaak!" in text
    assert '<textarea name="body"' in text
    assert "<html" not in text


def test_thread_post_empty_message_shows_the_error_next_to_the_field(world, login_as) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")

    response = login_as(world.actor("student_a")).post(
        reverse("messaging:thread_post", args=[placement.pk]), {"body": "   "}
    )

    assert response.status_code == 200
    assert "Write a message first." in response.content.decode()
    assert Message.objects.count() == 0


def test_thread_of_a_cancelled_placement_is_readable_but_closed(world, login_as) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a", status=PlacementStatus.CANCELLED)
    message(placement, world.user("teacher_a"), "Jammer dat het stopt.", "teacher")
    client = login_as(world.actor("student_a"))

    page = client.get(_url(placement))
    post = client.post(
        reverse("messaging:thread_post", args=[placement.pk]), {"body": "Nog een vraag"}
    )

    text = page.content.decode()
    assert "Jammer dat het stopt." in text
    assert "its conversation is closed" in text
    assert 'data-testid="message-form"' not in text
    assert post.status_code == 200
    assert "its conversation is closed" in post.content.decode()
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "logged"), [("coordinator_a", 1), ("contact_a", 1), ("teacher_a", 0)]
)
def test_thread_page_logs_a_view_by_someone_reading_along(world, login_as, who, logged) -> None:  # type: ignore[no-untyped-def]
    from sen.audit.models import AuditEvent

    placement = placement_for(world, "a")

    login_as(world.actor(who)).get(_url(placement))

    views = AuditEvent.objects.filter(action="placements.placement.viewed", object_id=placement.pk)
    assert views.count() == logged


def test_thread_page_marks_the_readers_message_notifications_read(world, login_as) -> None:  # type: ignore[no-untyped-def]
    from sen.messaging.threads.services import post_message

    placement = placement_for(world, "a")
    post_message(actor=world.actor("supervisor_a"), placement=placement, body="Goed gedaan")

    login_as(world.actor("parent_a")).get(_url(placement))

    unread = Notification.objects.filter(read_at__isnull=True).values_list(
        "recipient__email", flat=True
    )
    assert set(unread) == {"anna@leerling.test", "tim@ludger.test"}


def test_messages_cannot_be_edited_or_deleted_there_is_no_url(world, login_as) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")
    sent = message(placement, world.user("student_a"), "Origineel", "student")
    client = login_as(world.actor("coordinator_a"))
    routes = [(p.name, str(p.pattern)) for p in urlpatterns]

    responses = [
        client.post(f"{_url(placement)}{sent.pk}/edit/", {"body": "Veranderd"}).status_code,
        client.post(f"{_url(placement)}{sent.pk}/delete/").status_code,
        client.post(f"/messages/messages/{sent.pk}/", {"body": "Veranderd"}).status_code,
    ]

    assert [r for r in routes if any(w in " ".join(r) for w in ("edit", "delete", "remove"))] == []
    assert responses == [404, 404, 404]
    sent.refresh_from_db()
    assert sent.body == "Origineel"


def test_thread_pagination_shows_the_newest_page_first(world, login_as) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")
    for n in range(25):
        message(placement, world.user("teacher_a"), f"Bericht nummer {n:02d}", "teacher")
    client = login_as(world.actor("student_a"))

    first = client.get(_url(placement)).content.decode()
    second = client.get(_url(placement) + "?page=2").content.decode()

    assert "Bericht nummer 24" in first and "Bericht nummer 05" in first
    assert "Bericht nummer 04" not in first
    assert first.index("Bericht nummer 05") < first.index("Bericht nummer 24")
    assert "Earlier messages" in first
    assert "Bericht nummer 04" in second and "Bericht nummer 05" not in second


@pytest.mark.parametrize("count", [1, 3])
def test_thread_page_query_count_does_not_grow(  # type: ignore[no-untyped-def]
    world, login_as, count, django_assert_max_num_queries
) -> None:
    placement = placement_for(world, "a")
    for n in range(count):
        message(placement, world.user("supervisor_a"), f"Bericht {n}", "supervisor")
    client = login_as(world.actor("parent_a"))
    client.get(_url(placement))

    with django_assert_max_num_queries(14):
        response = client.get(_url(placement))

    assert response.content.decode().count('class="message-bubble') == count


def test_threads_list_shows_the_actors_conversations_with_unread_counts(world, login_as) -> None:  # type: ignore[no-untyped-def]
    from sen.messaging.threads.services import post_message

    mine = placement_for(world, "a")
    classmate_placement(world)  # no conversation: the coordinator does not list it
    post_message(actor=world.actor("supervisor_a"), placement=mine, body="Vraagje")
    post_message(actor=world.actor("teacher_a"), placement=mine, body="Nog een")

    parent = login_as(world.actor("parent_a")).get(reverse("messaging:threads")).content.decode()

    assert "Anna Achterberg" in parent
    assert "2 new messages" in parent
    assert "Daan" not in parent


def test_threads_list_of_the_coordinator_holds_only_conversations(world, login_as) -> None:  # type: ignore[no-untyped-def]
    from sen.messaging.threads.services import post_message

    talked = classmate_placement(world, first_name="Daan")
    classmate_placement(world, first_name="Eva")
    post_message(actor=world.actor("teacher_a"), placement=talked, body="Hoi Daan")

    text = login_as(world.actor("coordinator_a")).get(reverse("messaging:threads")).content.decode()

    assert "Daan Klein" in text
    assert "Eva Klein" not in text


@pytest.mark.parametrize("count", [1, 3])
def test_threads_list_query_count_does_not_grow(  # type: ignore[no-untyped-def]
    world, login_as, count, django_assert_max_num_queries
) -> None:
    names = ["Daan", "Eva", "Finn"]
    for n in range(count):
        placement = classmate_placement(world, first_name=names[n])
        message(placement, world.user("teacher_a"), "Hallo", "teacher")
    client = login_as(world.actor("supervisor_a"))
    client.get(reverse("messaging:threads"))

    with django_assert_max_num_queries(10):
        response = client.get(reverse("messaging:threads"))

    assert response.content.decode().count('class="thread-item') == count
