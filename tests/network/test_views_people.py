"""Students and families: the list, the detail, "Mijn gegevens" and "Mijn kinderen"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sen.audit.models import AuditEvent
from sen.core.actor import Role
from sen.network.models import Track
from tests.factories import (
    GuardianshipFactory,
    MembershipFactory,
    ProfileFactory,
    StudentFactory,
    UserFactory,
    actor_for,
)

STUDENTS = reverse("network:students")
ME = reverse("network:me")
CHILDREN = reverse("network:children")


def _student_url(student) -> str:  # type: ignore[no-untyped-def]
    return reverse("network:student", kwargs={"pk": student.pk})


def _names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [row["student"].full_name for row in response.context["rows"]]


def _queries(client, url, **extra) -> int:  # type: ignore[no-untyped-def]
    client.get(url, **extra)  # the first request of a session writes the session once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(queries)


def _adult(world, *, shares: bool = True):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    user = UserFactory(email="daan@leerling.test", full_name="Daan Dijkman")
    student = StudentFactory(
        school=world.school_a,
        user=user,
        first_name="Daan",
        last_name="Dijkman",
        date_of_birth=today.replace(year=today.year - 18) - dt.timedelta(days=3),
        shares_with_guardians=shares,
    )
    GuardianshipFactory(student=student, email="paula@ouder.test", user=world.user("parent_a"))
    membership = MembershipFactory(user=user, role=Role.STUDENT, school=world.school_a)
    return student, membership


# --- the student list ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["coordinator_a", "teacher_a"])
def test_students_lists_the_schools_students_only(world, login, name) -> None:  # type: ignore[no-untyped-def]
    StudentFactory(school=world.school_a, first_name="Bas", last_name="Bakker")

    response = login(world.actor(name)).get(STUDENTS)

    assert _names(response) == ["Anna Achterberg", "Bas Bakker"]


@pytest.mark.django_db
def test_students_filters_year_class_track_and_profile(world, login) -> None:  # type: ignore[no-untyped-def]
    pie = ProfileFactory()
    StudentFactory(
        school=world.school_a,
        first_name="Wanted",
        year=4,
        class_name="4K",
        track=Track.KB,
        profile=pie,
    )
    StudentFactory(
        school=world.school_a, first_name="Other", year=4, class_name="4K", track=Track.BB
    )
    client = login(world.actor("coordinator_a"))

    response = client.get(
        STUDENTS, {"year": 4, "class_name": "4K", "track": "KB", "profile": pie.pk}
    )

    assert _names(response) == ["Wanted de Vries"]
    assert 'value="4K" selected' in response.content.decode()


@pytest.mark.django_db
def test_students_searches_by_name_and_student_number(world, login) -> None:  # type: ignore[no-untyped-def]
    StudentFactory(
        school=world.school_a, first_name="Bas", last_name="Bakker", student_number="A777"
    )
    client = login(world.actor("teacher_a"))

    assert _names(client.get(STUDENTS, {"q": "anna achter"})) == ["Anna Achterberg"]
    assert _names(client.get(STUDENTS, {"q": "a777"})) == ["Bas Bakker"]


@pytest.mark.django_db
def test_students_shows_guardian_and_account_counts(world, login) -> None:  # type: ignore[no-untyped-def]
    GuardianshipFactory(student=world.student_a)  # invited, not signed up

    response = login(world.actor("coordinator_a")).get(STUDENTS)

    [row] = response.context["rows"]
    assert (row["guardians"], row["guardians_signed_up"], row["has_account"]) == (2, 1, True)


@pytest.mark.django_db
def test_students_pages_by_50_keeping_filters(world, login) -> None:  # type: ignore[no-untyped-def]
    for n in range(50):
        StudentFactory(school=world.school_a, last_name=f"Zz{n:02d}", year=3)

    response = login(world.actor("coordinator_a")).get(STUDENTS, {"year": 3, "page": 2})

    assert [row["student"].last_name for row in response.context["rows"]] == ["Zz49"]
    assert response.context["page"].paginator.count == 51
    assert "?year=3&amp;page=1" in response.content.decode()


@pytest.mark.django_db
def test_students_htmx_request_gets_only_the_results(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("coordinator_a")).get(STUDENTS, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results"')
    assert "Achterberg, Anna" in content


@pytest.mark.django_db
def test_students_list_costs_the_same_queries_for_1_and_3_students(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("coordinator_a"))
    one = _queries(client, STUDENTS)

    for n in range(2):
        student = StudentFactory(
            school=world.school_a, profile=ProfileFactory(), class_name=f"3{n}"
        )
        GuardianshipFactory(student=student)
        GuardianshipFactory(student=student, user=UserFactory())
    three = _queries(client, STUDENTS)

    assert len(client.get(STUDENTS).context["rows"]) == 3
    assert one == three
    assert three <= 15


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["student_a", "parent_a", "supervisor_a", "contact_a", "region_coordinator", "administrator"],
)
def test_students_list_is_404_for_others_than_school_staff(world, login, name) -> None:  # type: ignore[no-untyped-def]
    assert login(world.actor(name)).get(STUDENTS).status_code == 404


# --- the student detail -------------------------------------------------------------------


@pytest.mark.django_db
def test_student_detail_for_staff_shows_everything_and_logs_the_view(world, login) -> None:  # type: ignore[no-untyped-def]
    world.student_a.home_postcode = "7001 AB"
    world.student_a.save()

    response = login(world.actor("teacher_a")).get(_student_url(world.student_a))

    content = response.content.decode()
    expected = ["Anna Achterberg", "A001", "7001 AB", "Paula Achterberg", "paula@ouder.test"]
    assert [text for text in expected if text not in content] == []
    [event] = AuditEvent.objects.filter(action="network.student.viewed")
    assert (event.object_id, event.actor_user_id) == (
        str(world.student_a.pk),
        world.user("teacher_a").pk,
    )
    # The history panel shows that very view.
    assert [e.action for e in response.context["history"]] == ["network.student.viewed"]
    assert 'data-testid="audit-history"' in content


@pytest.mark.django_db
def test_student_detail_offers_the_coordinator_a_guardian_invitation(world, login) -> None:  # type: ignore[no-untyped-def]
    coordinator = login(world.actor("coordinator_a")).get(_student_url(world.student_a))
    teacher = login(world.actor("teacher_a")).get(_student_url(world.student_a))

    link = f"?student={world.student_a.pk}&amp;role=guardian"
    assert link in coordinator.content.decode()
    assert link not in teacher.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["student_a", "parent_a"])
def test_student_detail_for_the_family_names_guardians_without_addresses(
    world, login, name
) -> None:  # type: ignore[no-untyped-def]
    GuardianshipFactory(
        student=world.student_a, full_name="Peter Achterberg", email="peter@ouder.test"
    )

    content = login(world.actor(name)).get(_student_url(world.student_a)).content.decode()

    assert "Peter Achterberg" in content and "Paula Achterberg" in content
    assert "peter@ouder.test" not in content and "paula@ouder.test" not in content


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["student_a", "parent_a"])
def test_student_detail_for_the_family_is_not_logged_as_a_view(world, login, name) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor(name)).get(_student_url(world.student_a))

    assert response.status_code == 200
    assert response.context["card"].date_of_birth == dt.date(2011, 3, 1)
    assert not AuditEvent.objects.filter(action="network.student.viewed").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "coordinator_b",
        "teacher_b",
        "student_b",
        "parent_b",
        "region_coordinator",
        "contact_a",
        "administrator",
    ],
)
def test_student_detail_is_404_for_outsiders(world, login, name) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor(name)).get(_student_url(world.student_a))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="network.student.viewed").exists()


@pytest.mark.django_db
def test_student_detail_is_404_for_parents_of_an_adult_who_does_not_share(world, login) -> None:  # type: ignore[no-untyped-def]
    student, _membership = _adult(world, shares=False)

    assert login(world.actor("parent_a")).get(_student_url(student)).status_code == 404


# --- my details, sharing ------------------------------------------------------------------


@pytest.mark.django_db
def test_me_shows_the_students_school_and_class_without_a_switch_for_minors(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("student_a")).get(ME)

    content = response.content.decode()
    assert [
        t
        for t in ["Anna Achterberg", "Ludger College", "3B", "Paula Achterberg"]
        if t not in content
    ] == []
    assert reverse("network:me_sharing") not in content
    assert response.context["can_change_sharing"] is False


@pytest.mark.django_db
def test_me_lets_an_adult_stop_and_restart_sharing(world, login) -> None:  # type: ignore[no-untyped-def]
    student, membership = _adult(world)
    client = login(actor_for(membership))

    page = client.get(ME)
    stopped = client.post(reverse("network:me_sharing"), {})
    student.refresh_from_db()
    after_stop = student.shares_with_guardians
    parent_sees = login(world.actor("parent_a")).get(_student_url(student)).status_code
    client = login(actor_for(membership))
    client.post(reverse("network:me_sharing"), {"shares": "on"})
    student.refresh_from_db()

    assert reverse("network:me_sharing") in page.content.decode()
    assert stopped["Location"] == ME
    assert (after_stop, parent_sees, student.shares_with_guardians) == (False, 404, True)
    assert [
        e.changes for e in AuditEvent.objects.filter(action="network.student.sharing_changed")
    ] == [
        {"shares_with_guardians": [True, False]},
        {"shares_with_guardians": [False, True]},
    ]


@pytest.mark.django_db
def test_me_sharing_is_404_for_a_minor(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("student_a")).post(reverse("network:me_sharing"), {})

    assert response.status_code == 404
    world.student_a.refresh_from_db()
    assert world.student_a.shares_with_guardians is True


@pytest.mark.django_db
def test_me_is_404_for_a_student_account_without_a_record(world, login) -> None:  # type: ignore[no-untyped-def]
    membership = MembershipFactory(role=Role.STUDENT, school=world.school_a)

    assert login(actor_for(membership)).get(ME).status_code == 404


# --- my children --------------------------------------------------------------------------


@pytest.mark.django_db
def test_children_lists_only_the_guardians_own_children(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("parent_a")).get(CHILDREN)

    assert [card.full_name for card in response.context["children"]] == ["Anna Achterberg"]
    content = response.content.decode()
    assert _student_url(world.student_a) in content and "Bram" not in content


@pytest.mark.django_db
def test_children_leaves_out_an_adult_who_does_not_share(world, login) -> None:  # type: ignore[no-untyped-def]
    _adult(world, shares=False)

    response = login(world.actor("parent_a")).get(CHILDREN)

    assert [card.full_name for card in response.context["children"]] == ["Anna Achterberg"]


@pytest.mark.django_db
def test_children_costs_the_same_queries_for_1_and_3_children(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("parent_a"))
    one = _queries(client, CHILDREN)

    for school in (world.school_a, world.school_b):
        child = StudentFactory(school=school, profile=ProfileFactory())
        GuardianshipFactory(student=child, email="paula@ouder.test", user=world.user("parent_a"))
    three = _queries(client, CHILDREN)

    assert len(client.get(CHILDREN).context["children"]) == 3
    assert one == three


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["student_a", "coordinator_a", "contact_a"])
def test_children_is_404_for_others_than_guardians(world, login, name) -> None:  # type: ignore[no-untyped-def]
    assert login(world.actor(name)).get(CHILDREN).status_code == 404


@pytest.mark.django_db
def test_students_links_the_import_for_coordinators_only(world, login) -> None:  # type: ignore[no-untyped-def]
    coordinator = login(world.actor("coordinator_a")).get(STUDENTS)
    teacher = login(world.actor("teacher_a")).get(STUDENTS)

    assert coordinator.context["import_url"] == reverse("imports:start")
    assert 'data-testid="import-students"' in coordinator.content.decode()
    assert teacher.context["import_url"] is None
    assert 'data-testid="import-students"' not in teacher.content.decode()
