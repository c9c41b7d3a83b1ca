"""Invitations: who may invite whom, the token, accepting with a new or an existing account,
and links that are expired, used, withdrawn or unknown."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from sen.accounts.models import Invitation, Membership, User
from sen.accounts.services import (
    InvitationUnusable,
    accept_invitation,
    invite,
    resend_invitation,
    revoke_invitation,
)
from sen.audit.models import AuditEvent
from sen.core.actor import Role
from sen.network.models import Guardianship
from tests.factories import GuardianshipFactory, StudentFactory
from tests.factories.accounts import link_in, login_verified

NEW_PASSWORD = "ijsvogel aan de beek"
pytestmark = pytest.mark.django_db


def _token() -> str:
    """The token in the last invitation e-mail."""
    return link_in(mail.outbox[-1].body, "/account/invitation/").rstrip("/").rsplit("/", 1)[1]


def _path(token: str) -> str:
    return f"/account/invitation/{token}/"


def _accept_new(token: str, name: str = "Nieuwe Collega") -> Membership:
    return accept_invitation(token=token, full_name=name, password=NEW_PASSWORD)


def _actions(obj) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- Who may invite whom -------------------------------------------------------------------


def test_coordinator_invites_a_teacher_who_makes_an_account(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEN_BASE_URL = "https://sen.example.nl"
    invitation = invite(
        by=world.actor("coordinator_a"),
        email="Nina.Nieuw@Ludger.test",
        full_name="Nina Nieuw",
        role=Role.TEACHER,
        school=world.school_a,
    )

    [message] = mail.outbox
    token = _token()
    assert message.to == ["nina.nieuw@ludger.test"]
    assert link_in(message.body, "/account/invitation/").startswith(
        "https://sen.example.nl/account/invitation/"
    )
    assert "Carla Claassen" in message.body and "Ludger College" in message.body
    assert len(token) >= 43
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Invitation.objects.values().get(pk=invitation.pk))
    assert invitation.expires_at - timezone.now() > timedelta(days=settings.SEN_INVITATION_DAYS - 1)

    membership = _accept_new(token, "Nina Nieuw")

    user = User.objects.get(email="nina.nieuw@ludger.test")
    assert (membership.user, membership.role, membership.school) == (
        user,
        Role.TEACHER,
        world.school_a,
    )
    assert user.check_password(NEW_PASSWORD)
    invitation.refresh_from_db()
    assert (invitation.accepted_by, invitation.status) == (user, "accepted")
    assert _actions(invitation) == ["accounts.invitation.created", "accounts.invitation.accepted"]
    assert _actions(user) == ["accounts.user.created"]
    assert _actions(membership) == ["accounts.membership.created"]


def test_coordinator_invites_a_student_linked_to_their_record(world) -> None:  # type: ignore[no-untyped-def]
    student = StudentFactory(school=world.school_a, first_name="Sem", student_number="A777")
    invite(
        by=world.actor("coordinator_a"),
        email="sem@leerling.test",
        full_name="Sem de Vries",
        role=Role.STUDENT,
        student=student,
    )

    membership = _accept_new(_token(), "Sem de Vries")

    student.refresh_from_db()
    assert student.user == membership.user
    assert (membership.role, membership.school) == (Role.STUDENT, world.school_a)
    assert _actions(student) == ["network.student.account_linked"]


def test_coordinator_invites_a_new_parent_and_the_guardianship_is_made(world) -> None:  # type: ignore[no-untyped-def]
    invite(
        by=world.actor("coordinator_a"),
        email="peter@ouder.test",
        full_name="Peter Achterberg",
        role=Role.GUARDIAN,
        student=world.student_a,
    )

    membership = _accept_new(_token(), "Peter Achterberg")

    guardianship = Guardianship.objects.get(student=world.student_a, email="peter@ouder.test")
    assert guardianship.user == membership.user
    assert (membership.role, membership.school_id) == (Role.GUARDIAN, None)


def test_accepting_links_an_existing_guardianship_record(world) -> None:  # type: ignore[no-untyped-def]
    record = GuardianshipFactory(student=world.student_a, email="oma@ouder.test", user=None)
    invite(
        by=world.actor("coordinator_a"),
        email="oma@ouder.test",
        full_name="Oma Achterberg",
        role=Role.GUARDIAN,
        student=world.student_a,
    )

    membership = _accept_new(_token(), "Oma Achterberg")

    record.refresh_from_db()
    assert record.user == membership.user
    assert Guardianship.objects.filter(student=world.student_a).count() == 2


@pytest.mark.parametrize(
    ("inviter", "role", "org"),
    [
        ("coordinator_a", Role.COORDINATOR, {"school": "school_a"}),
        ("contact_a", Role.SUPERVISOR, {"company": "company_a"}),
        ("contact_a", Role.COMPANY_CONTACT, {"company": "company_a"}),
        ("region_coordinator", Role.REGION_COORDINATOR, {"region": "region"}),
        ("administrator", Role.ADMINISTRATOR, {}),
        ("administrator", Role.COORDINATOR, {"school": "school_c"}),
        ("administrator", Role.SUPERVISOR, {"company": "company_b"}),
    ],
)
def test_allowed_invitations_give_the_role(world, inviter, role, org) -> None:  # type: ignore[no-untyped-def]
    orgs = {key: getattr(world, name) for key, name in org.items()}

    invite(
        by=world.actor(inviter), email="nieuw@example.test", full_name="Nieuw", role=role, **orgs
    )
    membership = _accept_new(_token())

    assert membership.role == role
    assert {k: getattr(membership, k) for k in ("school", "company", "region") if k in orgs} == orgs


@pytest.mark.parametrize(
    ("inviter", "role", "org"),
    [
        ("coordinator_a", Role.TEACHER, {"school": "school_b"}),
        ("coordinator_a", Role.SUPERVISOR, {"company": "company_a"}),
        ("coordinator_a", Role.ADMINISTRATOR, {}),
        ("coordinator_b", Role.STUDENT, {"student": "student_a"}),
        ("coordinator_b", Role.GUARDIAN, {"student": "student_a"}),
        ("contact_a", Role.SUPERVISOR, {"company": "company_b"}),
        ("contact_a", Role.TEACHER, {"school": "school_a"}),
        ("region_coordinator", Role.REGION_COORDINATOR, {"region": "other_region"}),
        ("region_coordinator", Role.COORDINATOR, {"school": "school_a"}),
        ("teacher_a", Role.TEACHER, {"school": "school_a"}),
        ("supervisor_a", Role.SUPERVISOR, {"company": "company_a"}),
        ("student_a", Role.GUARDIAN, {"student": "student_a"}),
        ("parent_a", Role.GUARDIAN, {"student": "student_a"}),
    ],
)
def test_forbidden_invitations_are_refused(world, inviter, role, org) -> None:  # type: ignore[no-untyped-def]
    orgs = {key: getattr(world, name) for key, name in org.items()}

    with pytest.raises(ValidationError):
        invite(by=world.actor(inviter), email="x@example.test", full_name="X", role=role, **orgs)

    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_the_organisation_must_fit_the_role(world) -> None:  # type: ignore[no-untyped-def]
    admin = world.actor("administrator")
    with pytest.raises(ValidationError, match="needs an organisation"):
        invite(by=admin, email="x@example.test", full_name="X", role=Role.TEACHER)
    with pytest.raises(ValidationError, match="does not belong"):
        invite(
            by=admin,
            email="x@example.test",
            full_name="X",
            role=Role.TEACHER,
            company=world.company_a,
            school=world.school_a,
        )
    with pytest.raises(ValidationError, match="Choose the student"):
        invite(by=admin, email="x@example.test", full_name="X", role=Role.GUARDIAN)


def test_nobody_is_invited_twice_for_the_same_role(world) -> None:  # type: ignore[no-untyped-def]
    coordinator = world.actor("coordinator_a")
    invite(
        by=coordinator, email="a@b.test", full_name="A", role=Role.TEACHER, school=world.school_a
    )

    with pytest.raises(ValidationError, match="open invitation"):
        invite(
            by=coordinator,
            email="A@b.test",
            full_name="A",
            role=Role.TEACHER,
            school=world.school_a,
        )
    with pytest.raises(ValidationError, match="already has this role"):
        invite(
            by=coordinator,
            email="tim@ludger.test",
            full_name="Tim",
            role=Role.TEACHER,
            school=world.school_a,
        )
    with pytest.raises(ValidationError, match="already has an account"):
        invite(
            by=coordinator,
            email="anna2@example.test",
            full_name="Anna",
            role=Role.STUDENT,
            student=world.student_a,
        )
    with pytest.raises(ValidationError, match="already linked"):
        invite(
            by=coordinator,
            email="paula@ouder.test",
            full_name="Paula",
            role=Role.GUARDIAN,
            student=world.student_a,
        )


# --- Accepting with an existing account ------------------------------------------------------


def test_existing_account_logs_in_and_gets_a_second_role(world, client) -> None:  # type: ignore[no-untyped-def]
    tim = world.user("teacher_a")
    invite(
        by=world.actor("coordinator_a"),
        email=tim.email,
        full_name="Tim Teunissen",
        role=Role.COORDINATOR,
        school=world.school_a,
    )
    path = _path(_token())

    anonymous = client.get(path)
    assert "Log in to accept" in anonymous.content.decode()
    assert client.post(path).status_code == 200  # nothing happens without logging in
    assert Membership.objects.filter(user=tim).count() == 1

    login_verified(client, world.actor("teacher_a"))
    response = client.post(path)

    assert response.status_code == 302
    assert set(Membership.objects.filter(user=tim).values_list("role", flat=True)) == {
        Role.TEACHER,
        Role.COORDINATOR,
    }
    assert User.objects.filter(email=tim.email).count() == 1
    active = Membership.objects.get(user=tim, role=Role.COORDINATOR)
    assert client.session["sen_membership_id"] == active.pk


def test_someone_else_logged_in_cannot_accept(world, login_as) -> None:  # type: ignore[no-untyped-def]
    invite(
        by=world.actor("coordinator_a"),
        email="nina@ludger.test",
        full_name="Nina",
        role=Role.TEACHER,
        school=world.school_a,
    )
    client = login_as(world.actor("parent_a"))
    path = _path(_token())

    page = client.get(path).content.decode()
    client.post(path, {"full_name": "X", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert "logged in with another account" in page
    assert not User.objects.filter(email="nina@ludger.test").exists()
    assert Invitation.objects.get().accepted_at is None


def test_accepting_as_another_user_is_refused_by_the_service(world) -> None:  # type: ignore[no-untyped-def]
    invite(
        by=world.actor("coordinator_a"),
        email="nina@ludger.test",
        full_name="Nina",
        role=Role.TEACHER,
        school=world.school_a,
    )

    with pytest.raises(ValidationError, match="another e-mail address"):
        accept_invitation(token=_token(), user=world.user("parent_a"))


def test_new_account_through_the_page_logs_in_and_asks_staff_for_2fa(world, client) -> None:  # type: ignore[no-untyped-def]
    invite(
        by=world.actor("coordinator_a"),
        email="nina@ludger.test",
        full_name="Nina Nieuw",
        role=Role.TEACHER,
        school=world.school_a,
    )
    path = _path(_token())

    weak = client.post(
        path, {"full_name": "Nina", "password1": "vmbo2026", "password2": "vmbo2026"}
    )
    assert "too easy to guess" in weak.content.decode()
    assert not User.objects.filter(email="nina@ludger.test").exists()

    response = client.post(
        path, {"full_name": "Nina Nieuw", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response["Location"] == "/"
    assert client.get("/")["Location"].startswith("/account/security/2fa/setup/")
    assert "accounts.user.logged_in" in AuditEvent.objects.values_list("action", flat=True)


def test_new_parent_through_the_page_sees_their_home(world, client) -> None:  # type: ignore[no-untyped-def]
    invite(
        by=world.actor("coordinator_a"),
        email="peter@ouder.test",
        full_name="Peter",
        role=Role.GUARDIAN,
        student=world.student_a,
    )
    path = _path(_token())
    page = client.get(path).content.decode()
    assert "Anna Achterberg" in page and "Make my account" in page

    client.post(path, {"full_name": "Peter", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert client.get("/").status_code == 200


# --- Links that do not work ----------------------------------------------------------------


def _teacher_invitation(world) -> tuple[Invitation, str]:  # type: ignore[no-untyped-def]
    invitation = invite(
        by=world.actor("coordinator_a"),
        email="nina@ludger.test",
        full_name="Nina",
        role=Role.TEACHER,
        school=world.school_a,
    )
    return invitation, _token()


def test_unknown_link_shows_a_clear_page(db, client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(_path("bogus-token"))

    assert response.status_code == 404
    assert "This invitation link does not work" in response.content.decode()


def test_expired_link_changes_nothing(world, client) -> None:  # type: ignore[no-untyped-def]
    invitation, token = _teacher_invitation(world)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    response = client.post(
        _path(token), {"full_name": "Nina", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 404
    assert "This invitation has expired" in response.content.decode()
    assert not User.objects.filter(email="nina@ludger.test").exists()
    with pytest.raises(InvitationUnusable) as error:
        _accept_new(token)
    assert error.value.reason == "expired"


def test_used_link_works_only_once(world, client) -> None:  # type: ignore[no-untyped-def]
    _invitation, token = _teacher_invitation(world)
    _accept_new(token)

    response = Client().get(_path(token))

    assert response.status_code == 404
    assert "already used" in response.content.decode()
    with pytest.raises(InvitationUnusable):
        _accept_new(token, "Someone Else")
    assert Membership.objects.filter(user__email="nina@ludger.test").count() == 1


def test_revoked_link_changes_nothing(world, client) -> None:  # type: ignore[no-untyped-def]
    invitation, token = _teacher_invitation(world)

    revoke_invitation(invitation, by=world.actor("coordinator_a"))

    assert "withdrawn" in client.get(_path(token)).content.decode()
    with pytest.raises(InvitationUnusable):
        _accept_new(token)
    with pytest.raises(ValidationError):
        resend_invitation(invitation, by=world.actor("coordinator_a"))
    assert _actions(invitation)[-1] == "accounts.invitation.revoked"


def test_resend_makes_a_new_token_and_the_old_link_stops(world, client) -> None:  # type: ignore[no-untyped-def]
    invitation, old_token = _teacher_invitation(world)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    invitation.refresh_from_db()

    resend_invitation(invitation, by=world.actor("coordinator_a"))

    new_token = _token()
    assert len(mail.outbox) == 2 and new_token != old_token
    assert invitation.status == "pending"
    assert client.get(_path(old_token)).status_code == 404
    assert client.get(_path(new_token)).status_code == 200
    assert _actions(invitation)[-1] == "accounts.invitation.resent"
