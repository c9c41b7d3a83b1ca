"""post_message: every exit path, who is told, and what the audit trail keeps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sen.audit.models import AuditEvent
from sen.messaging.models import Message, Notification, Thread
from sen.messaging.threads.services import parties, post_message
from sen.placements.models import PlacementStatus
from tests.factories import GuardianshipFactory, UserFactory
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db


def _codes(exc: pytest.ExceptionInfo[ValidationError]) -> list[str | None]:
    return [error.code for error in exc.value.error_list]


def test_post_message_stores_the_message_and_tells_the_other_parties(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")

    message = post_message(
        actor=world.actor("supervisor_a"),
        placement=placement,
        body="  Anna deed het goed vandaag.  ",
    )

    assert (message.body, message.author, message.author_role) == (
        "Anna deed het goed vandaag.",
        world.user("supervisor_a"),
        "supervisor",
    )
    thread = Thread.objects.get()
    assert thread.placement == placement
    assert thread.last_message_at == message.created_at
    told = Notification.objects.filter(key=f"message:{message.pk}")
    assert set(told.values_list("recipient__email", flat=True)) == {
        "anna@leerling.test",
        "paula@ouder.test",
        "tim@ludger.test",
    }
    sample = told.get(recipient=world.user("parent_a"))
    assert sample.kind == "messaging.message"
    assert sample.placement == placement
    assert sample.url == f"/messages/conversations/{placement.pk}/"
    assert sample.subject == "Nieuw bericht: plaatsing van Anna bij Installatiebedrijf Jansen"
    assert sample.body == "Sjaak Smit (Praktijkbegeleider) schreef:\nAnna deed het goed vandaag."


def test_post_message_notifies_each_person_in_their_language(world) -> None:  # type: ignore[no-untyped-def]
    teacher = world.user("teacher_a")
    teacher.language = "en"
    teacher.save(update_fields=["language"])
    placement = placement_for(world, "a")

    message = post_message(actor=world.actor("student_a"), placement=placement, body="Hoi!")

    told = Notification.objects.get(key=f"message:{message.pk}", recipient=teacher)
    assert told.subject == "New message: placement of Anna at Installatiebedrijf Jansen"
    assert told.body == "Anna Achterberg (Student) wrote:\nHoi!"


def test_post_message_second_message_uses_the_same_thread(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")

    post_message(actor=world.actor("student_a"), placement=placement, body="Vraag")
    post_message(actor=world.actor("teacher_a"), placement=placement, body="Antwoord")

    assert Thread.objects.count() == 1
    assert list(Message.objects.order_by("pk").values_list("body", flat=True)) == [
        "Vraag",
        "Antwoord",
    ]


def test_post_message_long_text_is_shortened_in_the_notification(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")

    message = post_message(actor=world.actor("teacher_a"), placement=placement, body="woord " * 60)

    told = Notification.objects.filter(key=f"message:{message.pk}").first()
    assert told is not None
    excerpt = told.body.split("\n", 1)[1]
    assert len(excerpt) == 140
    assert excerpt.endswith("…")


def test_post_message_is_audited_without_its_text(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")

    message = post_message(actor=world.actor("parent_a"), placement=placement, body="Geheim")

    event = AuditEvent.objects.get(action="messaging.message.posted")
    assert event.object_id == str(message.pk)
    assert event.changes == {"placement": placement.pk, "characters": 6}
    assert event.chain == f"school:{world.school_a.pk}"


@pytest.mark.parametrize(("body", "code"), [("   ", "empty"), ("x" * 2001, "too_long")])
def test_post_message_refuses_bad_text(world, body, code) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")

    with pytest.raises(ValidationError) as exc:
        post_message(actor=world.actor("student_a"), placement=placement, body=body)

    assert _codes(exc) == [code]
    assert Message.objects.count() == 0


def test_post_message_in_a_cancelled_placement_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a", status=PlacementStatus.CANCELLED)

    with pytest.raises(ValidationError) as exc:
        post_message(actor=world.actor("student_a"), placement=placement, body="Hallo?")

    assert _codes(exc) == ["closed"]


@pytest.mark.parametrize(
    "who",
    [
        "coordinator_a",  # reads along, does not write
        "contact_a",  # reads along, does not write
        "student_b",
        "parent_b",
        "supervisor_b",
        "teacher_b",
        "region_coordinator",
        "administrator",
    ],
)
def test_post_message_by_someone_outside_the_conversation_is_refused(world, who) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")

    with pytest.raises(ValidationError) as exc:
        post_message(actor=world.actor(who), placement=placement, body="Hallo")

    assert _codes(exc) == ["not_a_party"]
    assert Message.objects.count() == 0


def test_post_message_by_a_supervisor_of_the_same_company_not_on_the_placement_is_refused(  # type: ignore[no-untyped-def]
    world,
) -> None:
    placement = placement_for(world, "a")
    placement.supervisor = UserFactory()
    placement.save(update_fields=["supervisor"])

    with pytest.raises(ValidationError) as exc:
        post_message(actor=world.actor("supervisor_a"), placement=placement, body="Hallo")

    assert _codes(exc) == ["not_a_party"]


def test_parties_of_an_adult_who_does_not_share_leave_out_the_parents(world) -> None:  # type: ignore[no-untyped-def]
    anna = world.student_a
    anna.date_of_birth = dt.date(2000, 1, 1)
    anna.shares_with_guardians = False
    anna.save(update_fields=["date_of_birth", "shares_with_guardians"])
    placement = placement_for(world, "a")

    names = {person.email for person in parties(placement)}

    assert names == {"anna@leerling.test", "sjaak@jansen.test", "tim@ludger.test"}


def test_parties_of_an_adult_who_shares_include_the_parents(world) -> None:  # type: ignore[no-untyped-def]
    anna = world.student_a
    anna.date_of_birth = dt.date(2000, 1, 1)
    anna.save(update_fields=["date_of_birth"])
    placement = placement_for(world, "a")

    assert "paula@ouder.test" in {person.email for person in parties(placement)}


def test_parties_leave_out_parents_without_an_account_and_deactivated_people(world) -> None:  # type: ignore[no-untyped-def]
    GuardianshipFactory(student=world.student_a, email="opa@example.test", user=None)
    placement = placement_for(world, "a")
    teacher = world.user("teacher_a")
    teacher.is_active = False
    teacher.save(update_fields=["is_active"])

    names = {person.email for person in parties(placement)}

    assert names == {"anna@leerling.test", "paula@ouder.test", "sjaak@jansen.test"}
