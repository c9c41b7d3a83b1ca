"""The people page: who sees whom, filters, pages, status badges, (de)activating roles,
and the invite form."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sen.accounts.models import Invitation, Membership
from sen.audit.models import AuditEvent
from sen.core.actor import Role
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    StudentFactory,
    UserFactory,
    actor_for,
)
from tests.factories.accounts import login_verified

PEOPLE = "/account/people/"
pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    return re.findall(r'<td data-label="Name">([^<]*)</td>', html)


def _teachers(school, count: int) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        user = UserFactory(email=f"docent{n}@{school.brin}.test", full_name=f"Docent {n:02d}")
        MembershipFactory(user=user, role=Role.TEACHER, school=school)


def test_coordinator_sees_the_people_of_their_school(world, client) -> None:  # type: ignore[no-untyped-def]
    InvitationFactory(
        email="nina@ludger.test", full_name="Nina Nieuw", role=Role.TEACHER, school=world.school_a
    )
    InvitationFactory(
        email="ivo@staring.test", full_name="Ivo Ander", role=Role.TEACHER, school=world.school_b
    )
    login_verified(client, world.actor("coordinator_a"))

    response = client.get(PEOPLE)

    assert response.status_code == 200
    assert _names(response) == ["Anna Achterberg", "Carla Claassen", "Nina Nieuw", "Tim Teunissen"]
    html = response.content.decode()
    assert "Tess Tromp" not in html and "Ivo Ander" not in html and "Sjaak Smit" not in html


def test_coordinator_of_another_school_does_not_see_them(world, client) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, world.actor("coordinator_b"))

    names = _names(client.get(PEOPLE))

    assert names == ["Bram Bosman", "Cees Cornelissen", "Tess Tromp"]


def test_company_contact_sees_their_company(world, client) -> None:  # type: ignore[no-untyped-def]
    assert _names(client.get(PEOPLE)) == []  # anonymous: sent to log in
    client.force_login(world.user("contact_a"))

    assert _names(client.get(PEOPLE)) == ["Karin Jansen", "Sjaak Smit"]


def test_region_coordinator_sees_their_region(world, client) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, world.actor("region_coordinator"))

    assert _names(client.get(PEOPLE)) == ["Rita Rensen"]


def test_administrator_sees_everyone(world, client) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, world.actor("administrator"))

    names = _names(client.get(PEOPLE))

    assert len(names) == Membership.objects.count() == 16


@pytest.mark.parametrize("name", ["teacher_a", "supervisor_a", "student_a", "parent_a"])
def test_other_roles_have_no_people_page(world, client, name) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, world.actor(name))

    assert client.get(PEOPLE).status_code == 404
    assert client.get("/account/people/invite/").status_code == 404


def test_filter_by_role_and_search_by_name(world, client) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, world.actor("coordinator_a"))

    assert _names(client.get(PEOPLE, {"role": "teacher"})) == ["Tim Teunissen"]
    assert _names(client.get(PEOPLE, {"q": "claas"})) == ["Carla Claassen"]
    assert _names(client.get(PEOPLE, {"role": "teacher", "q": "claas"})) == []
    assert len(_names(client.get(PEOPLE, {"role": "not-a-role"}))) == 3


def test_people_are_paged_by_25(world, client) -> None:  # type: ignore[no-untyped-def]
    _teachers(world.school_a, 30)
    login_verified(client, world.actor("coordinator_a"))

    first = client.get(PEOPLE, {"role": "teacher"})
    second = client.get(PEOPLE, {"role": "teacher", "page": 2})

    assert len(_names(first)) == 25
    assert len(_names(second)) == 6
    assert "?role=teacher&amp;page=2" in first.content.decode()


def test_status_badges(world, client) -> None:  # type: ignore[no-untyped-def]
    InvitationFactory(email="open@x.test", full_name="Open Uitnodiging", school=world.school_a)
    InvitationFactory(
        email="old@x.test",
        full_name="Oude Uitnodiging",
        school=world.school_a,
        expires_at=timezone.now() - timedelta(days=1),
    )
    InvitationFactory(
        email="used@x.test",
        full_name="Gebruikte Uitnodiging",
        school=world.school_a,
        accepted_at=timezone.now(),
    )
    Membership.objects.filter(pk=world.actor("teacher_a").membership.pk).update(is_active=False)
    login_verified(client, world.actor("coordinator_a"))

    html = client.get(PEOPLE).content.decode()

    assert "Gebruikte Uitnodiging" not in html
    for name, label in [
        ("Open Uitnodiging", "Invited"),
        ("Oude Uitnodiging", "Invitation expired"),
        ("Tim Teunissen", "Deactivated"),
        ("Carla Claassen", "Active"),
    ]:
        row = html[html.index(f'<td data-label="Name">{name}</td>') :].split("</tr>", 1)[0]
        assert label in row, (name, row)


@pytest.mark.parametrize("count", [1, 3])
def test_people_page_query_count_does_not_grow(
    world, client, count, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    school = StudentFactory().school
    coordinator = MembershipFactory(role=Role.COORDINATOR, school=school)
    _teachers(school, count - 1)
    login_verified(client, actor_for(coordinator))
    client.get(PEOPLE)  # warm up the session

    with django_assert_num_queries(6):
        response = client.get(PEOPLE)

    assert len(_names(response)) == count


def test_deactivate_and_reactivate_a_teacher(world, client) -> None:  # type: ignore[no-untyped-def]
    teacher = world.actor("teacher_a").membership
    login_verified(client, world.actor("coordinator_a"))

    response = client.post(
        f"/account/people/membership/{teacher.pk}/deactivate/", {"next": "/account/people/?q=tim"}
    )

    teacher.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/account/people/?q=tim")
    assert teacher.is_active is False
    tim = login_verified(type(client)(), world.actor("teacher_a"))
    assert tim.get("/").status_code == 200
    assert "sen_membership_id" in tim.session
    assert b"Teacher" not in tim.get("/").content.split(b"<main")[0]

    client.post(f"/account/people/membership/{teacher.pk}/reactivate/")

    teacher.refresh_from_db()
    assert teacher.is_active is True
    assert list(
        AuditEvent.objects.filter(object_type="accounts.membership", object_id=str(teacher.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["accounts.membership.deactivated", "accounts.membership.reactivated"]


def test_own_membership_cannot_be_deactivated(world, client) -> None:  # type: ignore[no-untyped-def]
    own = world.actor("coordinator_a").membership
    login_verified(client, world.actor("coordinator_a"))

    response = client.post(f"/account/people/membership/{own.pk}/deactivate/", follow=True)

    own.refresh_from_db()
    assert own.is_active is True
    assert "cannot change your own role" in response.content.decode()


def test_outsider_cannot_deactivate(world, client) -> None:  # type: ignore[no-untyped-def]
    teacher = world.actor("teacher_a").membership
    login_verified(client, world.actor("coordinator_b"))

    response = client.post(f"/account/people/membership/{teacher.pk}/deactivate/")

    teacher.refresh_from_db()
    assert response.status_code == 404
    assert teacher.is_active is True


def _role_options(response) -> list[str]:  # type: ignore[no-untyped-def]
    select = response.content.decode().split('name="role"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="(\w+)"', select)


def test_invite_form_offers_only_allowed_roles(world, client) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, world.actor("coordinator_a"))
    coordinator_roles = _role_options(client.get("/account/people/invite/"))
    client.force_login(world.user("contact_a"))
    contact_roles = _role_options(client.get("/account/people/invite/"))

    assert coordinator_roles == ["teacher", "coordinator", "student", "guardian"]
    assert contact_roles == ["supervisor", "company_contact"]


def test_invite_a_parent_from_a_student_page(world, client) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, world.actor("coordinator_a"))
    url = f"/account/people/invite/?student={world.student_a.pk}"

    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "email": "peter@ouder.test",
            "full_name": "Peter Achterberg",
            "role": "guardian",
            "student_number": "A001",
        },
    )

    assert 'value="A001"' in page and "Anna Achterberg" in page
    assert response["Location"] == PEOPLE
    invitation = Invitation.objects.get()
    assert (invitation.student, invitation.school, invitation.role) == (
        world.student_a,
        world.school_a,
        "guardian",
    )
    assert mail.outbox[0].to == ["peter@ouder.test"]


def test_invite_for_a_student_of_another_school_is_not_found(world, client) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, world.actor("coordinator_a"))

    page = client.get(f"/account/people/invite/?student={world.student_b.pk}")
    posted = client.post(
        "/account/people/invite/",
        {"email": "p@x.test", "full_name": "P", "role": "guardian", "student_number": "B001"},
    )

    assert page.status_code == 404
    assert "no student with this number" in posted.content.decode()
    assert Invitation.objects.count() == 0


def test_invite_form_shows_service_errors(world, client) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, world.actor("coordinator_a"))

    response = client.post(
        "/account/people/invite/",
        {"email": "tim@ludger.test", "full_name": "Tim", "role": "teacher"},
    )

    assert response.status_code == 200
    assert "already has this role" in response.content.decode()


def test_resend_and_withdraw_from_the_people_page(world, client) -> None:  # type: ignore[no-untyped-def]
    invitation = InvitationFactory(email="nina@ludger.test", school=world.school_a)
    login_verified(client, world.actor("coordinator_a"))

    client.post(f"/account/people/invitation/{invitation.pk}/resend/")
    client.post(f"/account/people/invitation/{invitation.pk}/revoke/")

    invitation.refresh_from_db()
    assert len(mail.outbox) == 1
    assert invitation.status == "revoked"


def test_outsider_cannot_touch_an_invitation(world, client) -> None:  # type: ignore[no-untyped-def]
    invitation = InvitationFactory(email="nina@ludger.test", school=world.school_a)
    login_verified(client, world.actor("coordinator_b"))

    assert client.post(f"/account/people/invitation/{invitation.pk}/revoke/").status_code == 404
    assert client.post(f"/account/people/invitation/{invitation.pk}/resend/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert mail.outbox == []


def test_administrator_invites_for_any_organisation(world, client) -> None:  # type: ignore[no-untyped-def]
    login_verified(client, world.actor("administrator"))

    missing = client.post(
        "/account/people/invite/",
        {"email": "c@twents.test", "full_name": "Co Twente", "role": "coordinator"},
    )
    response = client.post(
        "/account/people/invite/",
        {
            "email": "c@twents.test",
            "full_name": "Co Twente",
            "role": "coordinator",
            "school": world.school_c.pk,
            "company": world.company_a.pk,  # ignored: a coordinator belongs to a school
        },
    )

    assert "needs an organisation" in missing.content.decode()
    assert response["Location"] == PEOPLE
    invitation = Invitation.objects.get()
    assert (invitation.school, invitation.company, invitation.role) == (
        world.school_c,
        None,
        "coordinator",
    )
