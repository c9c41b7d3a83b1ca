"""The coordinator's signing board: rows, filters, progress, reminders and re-sent links."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from sen.agreements.models import SigningLink, VersionStatus
from sen.agreements.services import signing_links as links
from sen.audit.models import AuditEvent
from sen.messaging.models import Notification
from tests.agreements.test_signing_support import (
    classmate,
    make_link,
    pending_version,
    placement_of,
    sign_as,
)
from tests.factories.agreements import agreement_version_for, sign_all
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db

BOARD = reverse("agreements:signing_board")
REMIND = reverse("agreements:signing_remind")


@pytest.fixture(autouse=True)
def _password_login_is_enough(settings):  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def coordinator(world, login_as):  # type: ignore[no-untyped-def]
    return login_as(world.actor("coordinator_a"))


def test_board_shows_each_placement_with_its_seats_and_progress(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    sign_as(world, version, "student_a")
    placement_for(world, "a", status="proposed")  # a second placement, no agreement yet

    response = coordinator.get(BOARD)

    text = response.content.decode()
    assert response.status_code == 200
    assert "0 of 2 agreements complete" in text
    assert "1 of 4" in text
    assert "Student: Anna Achterberg" in text
    assert "signed:</span> Student: Anna Achterberg · " in text
    assert text.count("not signed yet:") == 3
    assert "No agreement yet" in text
    assert f'name="placements" value="{version.agreement.placement_id}"' in text
    assert 'value="guardian"' in text  # "New link" for the parent's seat
    assert 'value="company"' in text


def test_board_counts_complete_agreements(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    pending_version(world)
    sign_all(agreement_version_for(placement_for(world, "a", status="proposed")))

    text = coordinator.get(BOARD).content.decode()

    assert "1 of 2 agreements complete" in text
    assert '<progress value="1" max="2"' in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "signed"}, {"Daan"}),
        ({"state": "awaiting"}, {"Anna"}),
        ({"state": "none"}, set()),
        ({"class_name": "3B"}, {"Daan"}),
        ({"class_name": "3B", "state": "bogus"}, {"Daan"}),  # a bad filter is left out
    ],
)
def test_board_filters(world, coordinator, query, expected) -> None:  # type: ignore[no-untyped-def]
    world.student_a.class_name = "3A"
    world.student_a.save(update_fields=["class_name"])
    pending_version(world)
    sign_all(agreement_version_for(placement_of(world, classmate(world))))

    text = coordinator.get(BOARD, query).content.decode()

    shown = {name for name in ("Anna", "Daan") if f"{name} " in text}
    assert shown == expected


def test_board_filters_by_company(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)

    text = coordinator.get(BOARD, {"company": world.company_a.pk}).content.decode()

    assert "Anna Achterberg" in text
    assert version.agreement.placement.offer.company.name in text


@pytest.mark.parametrize("name", ["teacher_a", "student_a", "parent_a", "contact_a"])
def test_board_is_not_found_for_others(world, login_as, name) -> None:  # type: ignore[no-untyped-def]
    pending_version(world)

    assert login_as(world.actor(name)).get(BOARD).status_code == 404
    assert login_as(world.actor(name)).post(REMIND, {"placements": [1]}).status_code == 404


def test_board_of_another_school_does_not_show_our_placements(world, login_as) -> None:  # type: ignore[no-untyped-def]
    pending_version(world)

    text = login_as(world.actor("coordinator_b")).get(BOARD).content.decode()

    assert "Anna" not in text
    assert "0 of 0 agreements complete" in text


def _rows(world, count: int) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        student = classmate(world, parent_email=f"ouder{n}@ouder.test")
        student.student_number = f"R{n}"
        student.save(update_fields=["student_number"])
        version = agreement_version_for(placement_of(world, student))
        sign_as(world, version, "coordinator_a")


@pytest.mark.parametrize("count", [1, 3])
def test_board_queries_are_bounded(
    world, coordinator, django_assert_max_num_queries, count
) -> None:  # type: ignore[no-untyped-def]
    _rows(world, count)
    coordinator.get(BOARD)

    with django_assert_max_num_queries(12):
        response = coordinator.get(BOARD)

    assert response.content.decode().count('name="placements"') == count


def test_remind_one_placement_asks_every_open_seat(
    world, coordinator, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    sign_as(world, version, "student_a")

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(REMIND, {"only": version.agreement.placement_id})

    assert response.status_code == 302
    assert response["Location"] == BOARD
    notified = set(
        Notification.objects.filter(kind="agreements.signature_requested").values_list(
            "recipient__email", flat=True
        )
    )
    assert notified == {"carla@ludger.test", "karin@jansen.test"}
    link_mails = [m for m in mail.outbox if m.to == ["paula@ouder.test"]]
    assert len(link_mails) == 1
    assert "/agreements/sign/link/" in link_mails[0].body
    version.refresh_from_db()
    assert version.last_reminded_at is not None
    event = AuditEvent.objects.get(action="agreements.version.signatures_requested")
    assert event.changes["seats"] == ["guardian", "school", "company"]


def test_remind_twice_on_one_day_is_skipped(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    coordinator.post(REMIND, {"only": version.agreement.placement_id})

    response = coordinator.post(REMIND, {"only": version.agreement.placement_id}, follow=True)

    assert "1 agreement was skipped" in response.content.decode()
    assert SigningLink.objects.count() == 1


def test_remind_in_bulk_with_htmx_returns_the_board(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    first = pending_version(world)
    second = agreement_version_for(placement_of(world, classmate(world)))

    response = coordinator.post(
        REMIND,
        {
            "placements": [first.agreement.placement_id, second.agreement.placement_id],
            "query": "state=awaiting",
        },
        HTTP_HX_REQUEST="true",
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert text.lstrip().startswith('<div id="board"')
    assert "Reminders sent for 2 agreements." in text
    assert AuditEvent.objects.filter(action="agreements.version.signatures_requested").count() == 2


def test_remind_without_a_choice_says_so(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    response = coordinator.post(REMIND, {}, follow=True)

    assert "Tick at least one agreement to remind." in response.content.decode()


def test_remind_another_schools_placement_is_ignored(world, login_as) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)

    login_as(world.actor("coordinator_b")).post(REMIND, {"only": version.agreement.placement_id})

    version.refresh_from_db()
    assert version.last_reminded_at is None
    assert not AuditEvent.objects.filter(action__startswith="agreements.version.").exists()


def test_remind_signed_agreement_is_skipped(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    version = sign_all(pending_version(world))
    assert version.status == VersionStatus.SIGNED

    response = coordinator.post(REMIND, {"only": version.agreement.placement_id}, follow=True)

    assert "1 agreement was skipped" in response.content.decode()


def test_resend_link_sends_a_new_link_and_retires_the_old_one(
    world, coordinator, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    _old, old_token = make_link(version)

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("agreements:signing_resend_link", kwargs={"pk": version.pk}),
            {"seat": "guardian"},
        )

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["paula@ouder.test"]]
    with pytest.raises(links.LinkRefused):
        links.find_link(links.hash_token(old_token))
    new_token = mail.outbox[0].body.split("/agreements/sign/link/")[1].split("/")[0]
    assert links.find_link(links.hash_token(new_token)).email == "paula@ouder.test"


def test_resend_link_to_the_company_contacts(
    world, coordinator, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)

    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(
            reverse("agreements:signing_resend_link", kwargs={"pk": version.pk}),
            {"seat": "company"},
        )

    assert [m.to for m in mail.outbox] == [["karin@jansen.test"]]


def test_resend_link_for_a_signed_seat_is_refused(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    sign_as(world, version, "parent_a")

    response = coordinator.post(
        reverse("agreements:signing_resend_link", kwargs={"pk": version.pk}),
        {"seat": "guardian"},
        follow=True,
    )

    assert "This party has already signed." in response.content.decode()
    assert SigningLink.objects.count() == 0


@pytest.mark.parametrize("seat", ["student", "school", "guardian:999", ""])
def test_resend_link_for_a_seat_without_links_is_not_found(world, coordinator, seat) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)

    response = coordinator.post(
        reverse("agreements:signing_resend_link", kwargs={"pk": version.pk}), {"seat": seat}
    )

    assert response.status_code == 404


def test_resend_link_by_another_schools_coordinator_is_not_found(world, login_as) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)

    response = login_as(world.actor("coordinator_b")).post(
        reverse("agreements:signing_resend_link", kwargs={"pk": version.pk}), {"seat": "guardian"}
    )

    assert response.status_code == 404
