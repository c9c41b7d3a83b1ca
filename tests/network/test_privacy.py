"""Data minimisation per role (sen.network.privacy)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sen.core.actor import ANONYMOUS
from sen.network.privacy import (
    ALL_FIELDS,
    EN_DASH,
    LIMITED_FIELDS,
    Access,
    access_to,
    age_band,
    student_fields,
)
from tests.factories import StudentFactory

PERSONAL = {"date_of_birth", "home_postcode", "email", "student_number"}


def _years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - dt.timedelta(days=days)


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (12, "13 or younger"),
        (13, "13 or younger"),
        (14, f"14{EN_DASH}15"),
        (15, f"14{EN_DASH}15"),
        (16, f"16{EN_DASH}17"),
        (17, f"16{EN_DASH}17"),
        (18, "18+"),
        (40, "18+"),
    ],
)
def test_age_band_groups_ages(age, band) -> None:  # type: ignore[no-untyped-def]
    assert age_band(age) == band


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["coordinator_a", "teacher_a"])
def test_school_staff_see_every_field(world, name) -> None:  # type: ignore[no-untyped-def]
    world.student_a.email = "anna@example.test"
    world.student_a.home_postcode = "7001 AB"

    card = student_fields(world.actor(name), world.student_a)

    assert card.access is Access.FULL
    assert card.shown == ALL_FIELDS | {"guardian_contacts"}
    assert (card.date_of_birth, card.home_postcode, card.email, card.student_number) == (
        dt.date(2011, 3, 1),
        "7001 AB",
        "anna@example.test",
        "A001",
    )


@pytest.mark.django_db
def test_staff_of_another_school_see_nothing(world) -> None:  # type: ignore[no-untyped-def]
    card = student_fields(world.actor("coordinator_b"), world.student_a)

    assert card.access is Access.NONE
    assert card.as_dict() == {}
    assert card.pk is None


@pytest.mark.django_db
def test_staff_of_another_school_see_nothing_even_when_told_it_is_scoped(world) -> None:  # type: ignore[no-untyped-def]
    assert access_to(world.actor("teacher_b"), world.student_a, scoped=True) is Access.NONE


@pytest.mark.django_db
def test_student_sees_own_record(world) -> None:  # type: ignore[no-untyped-def]
    card = student_fields(world.actor("student_a"), world.student_a)

    assert card.access is Access.OWN
    assert card.shown == ALL_FIELDS
    assert "guardian_contacts" not in card.shown
    assert card.date_of_birth == dt.date(2011, 3, 1)


@pytest.mark.django_db
def test_student_sees_nothing_of_another_student(world) -> None:  # type: ignore[no-untyped-def]
    other = StudentFactory(school=world.school_a)

    assert student_fields(world.actor("student_a"), other).access is Access.NONE
    assert access_to(world.actor("student_a"), other, scoped=True) is Access.NONE


@pytest.mark.django_db
def test_guardian_sees_own_child(world) -> None:  # type: ignore[no-untyped-def]
    card = student_fields(world.actor("parent_a"), world.student_a)

    assert card.access is Access.OWN
    assert card.as_dict()["full_name"] == "Anna Achterberg"


@pytest.mark.django_db
def test_guardian_sees_nothing_of_another_family(world) -> None:  # type: ignore[no-untyped-def]
    assert student_fields(world.actor("parent_a"), world.student_b).access is Access.NONE


@pytest.mark.django_db
def test_guardian_sees_nothing_of_an_adult_who_does_not_share(world) -> None:  # type: ignore[no-untyped-def]
    adult = StudentFactory(
        school=world.school_a, date_of_birth=_years_ago(19), shares_with_guardians=False
    )
    adult.guardianships.create(email="paula@ouder.test", user=world.user("parent_a"))

    assert student_fields(world.actor("parent_a"), adult).access is Access.NONE


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["supervisor_a", "contact_a"])
def test_company_people_see_only_name_age_band_school_and_class(world, name) -> None:  # type: ignore[no-untyped-def]
    world.student_a.home_postcode = "7001 AB"
    world.student_a.email = "anna@example.test"

    # Placements (a later issue) make students visible to their company; `scoped`
    # stands for that here.
    card = student_fields(world.actor(name), world.student_a, scoped=True)

    assert card.access is Access.LIMITED
    assert card.shown == LIMITED_FIELDS
    assert card.as_dict() == {
        "first_name": "Anna",
        "last_name": "Achterberg",
        "full_name": "Anna Achterberg",
        "age_band": age_band(world.student_a.age),
        "school": "Ludger College",
        "class_name": "3B",
    }
    assert (card.date_of_birth, card.home_postcode, card.email) == (None, None, None)
    assert not PERSONAL & card.shown


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["supervisor_a", "contact_a"])
def test_company_people_see_nothing_of_students_out_of_their_scope(world, name) -> None:  # type: ignore[no-untyped-def]
    assert student_fields(world.actor(name), world.student_a).access is Access.NONE


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["region_coordinator", "administrator"])
def test_region_coordinators_and_administrators_see_no_individual_students(world, name) -> None:  # type: ignore[no-untyped-def]
    card = student_fields(world.actor(name), world.student_a, scoped=True)

    assert card.access is Access.NONE
    assert card.as_dict() == {}


@pytest.mark.django_db
def test_anonymous_sees_nothing(world) -> None:  # type: ignore[no-untyped-def]
    assert student_fields(ANONYMOUS, world.student_a, scoped=True).access is Access.NONE


@pytest.mark.django_db
def test_card_tells_an_adult_from_a_minor(world) -> None:  # type: ignore[no-untyped-def]
    adult = StudentFactory(school=world.school_a, date_of_birth=_years_ago(18))

    coordinator = world.actor("coordinator_a")

    assert student_fields(coordinator, adult).is_adult is True
    assert student_fields(coordinator, world.student_a).is_adult is False
