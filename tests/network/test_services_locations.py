"""Services for locations and for a student's sharing switch: every exit path."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sen.audit.models import AuditEvent
from sen.core.actor import Role
from sen.network import services
from sen.network.models import CompanyLocation, SchoolLocation
from tests.factories import (
    CompanyLocationFactory,
    MembershipFactory,
    SchoolLocationFactory,
    StudentFactory,
    UserFactory,
    actor_for,
)

ADDRESS = {
    "name": "Praktijklocatie",
    "street": "Keppelseweg 2",
    "postcode": "7001 CE",
    "city": "Doetinchem",
    "latitude": Decimal("51.960000"),
    "longitude": Decimal("6.290000"),
}


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


# --- add_location -------------------------------------------------------------------------


@pytest.mark.django_db
def test_add_location_to_own_school_audits_the_address(world) -> None:  # type: ignore[no-untyped-def]
    location = services.add_location(world.school_a, by=world.actor("coordinator_a"), data=ADDRESS)

    assert isinstance(location, SchoolLocation)
    assert location.school == world.school_a
    [event] = _events("network.location.added")
    assert event.changes == {
        "city": [None, "Doetinchem"],
        "latitude": [None, "51.960000"],
        "longitude": [None, "6.290000"],
        "name": [None, "Praktijklocatie"],
        "postcode": [None, "7001 CE"],
        "street": [None, "Keppelseweg 2"],
    }
    assert (event.school_id, event.object_type) == (world.school_a.pk, "network.schoollocation")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["contact_a", "region_coordinator"])
def test_add_location_to_a_company_by_its_contact_or_region(world, name) -> None:  # type: ignore[no-untyped-def]
    location = services.add_location(world.company_a, by=world.actor(name), data=ADDRESS)

    assert isinstance(location, CompanyLocation)
    assert _events("network.location.added")[0].company_id == world.company_a.pk


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["coordinator_b", "teacher_a", "region_coordinator_other"])
def test_add_location_refuses_outsiders_of_the_school(world, name) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.add_location(world.school_a, by=world.actor(name), data=ADDRESS)
    assert SchoolLocation.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["contact_b", "supervisor_a"])
def test_add_location_refuses_outsiders_of_the_company(world, name) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.add_location(world.company_a, by=world.actor(name), data=ADDRESS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("latitude", Decimal("48.85")),  # Paris
        ("longitude", Decimal("8.1")),  # Germany
        ("postcode", "0123 AB"),
    ],
)
def test_add_location_rejects_an_address_outside_nl_and_saves_nothing(world, field, value) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.add_location(
            world.school_a, by=world.actor("coordinator_a"), data={**ADDRESS, field: value}
        )
    assert list(exc.value.message_dict) == [field]
    assert SchoolLocation.objects.count() == 0
    assert _events("network.location.added") == []


@pytest.mark.django_db
def test_add_location_needs_every_address_field(world) -> None:  # type: ignore[no-untyped-def]
    data = {key: value for key, value in ADDRESS.items() if key != "street"}

    with pytest.raises(ValidationError) as exc:
        services.add_location(world.school_a, by=world.actor("coordinator_a"), data=data)
    assert list(exc.value.message_dict) == ["street"]


# --- update_location / remove_location ----------------------------------------------------


@pytest.mark.django_db
def test_update_location_audits_before_and_after(world) -> None:  # type: ignore[no-untyped-def]
    location = SchoolLocationFactory(school=world.school_a)

    services.update_location(
        location,
        by=world.actor("coordinator_a"),
        changes={"street": "Schoolstraat 3", "latitude": Decimal("51.97")},
    )

    location.refresh_from_db()
    assert (location.street, location.latitude) == ("Schoolstraat 3", Decimal("51.970000"))
    [event] = _events("network.location.updated")
    assert event.changes == {
        "latitude": ["51.965000", "51.970000"],
        "street": ["Schoolstraat 1", "Schoolstraat 3"],
    }


@pytest.mark.django_db
def test_update_location_with_the_same_values_records_nothing(world) -> None:  # type: ignore[no-untyped-def]
    location = CompanyLocationFactory(company=world.company_a)

    services.update_location(
        location,
        by=world.actor("contact_a"),
        changes={"latitude": "51.97", "longitude": Decimal("6.3"), "city": "Doetinchem"},
    )

    assert _events("network.location.updated") == []


@pytest.mark.django_db
def test_update_location_refuses_another_company(world) -> None:  # type: ignore[no-untyped-def]
    location = CompanyLocationFactory(company=world.company_a)

    with pytest.raises(PermissionDenied):
        services.update_location(location, by=world.actor("contact_b"), changes={"name": "X"})


@pytest.mark.django_db
def test_update_location_rejects_coordinates_outside_nl_and_keeps_the_old(world) -> None:  # type: ignore[no-untyped-def]
    location = CompanyLocationFactory(company=world.company_a)

    with pytest.raises(ValidationError):
        services.update_location(
            location,
            by=world.actor("contact_a"),
            changes={"name": "Nieuw", "latitude": Decimal("55.0")},
        )
    location.refresh_from_db()
    assert (location.name, location.latitude) == ("Werkplaats", Decimal("51.970000"))


@pytest.mark.django_db
def test_update_location_refuses_fields_that_are_not_an_address(world) -> None:  # type: ignore[no-untyped-def]
    location = CompanyLocationFactory(company=world.company_a)

    with pytest.raises(PermissionDenied):
        services.update_location(
            location, by=world.actor("contact_a"), changes={"company": world.company_b}
        )


@pytest.mark.django_db
def test_remove_location_deletes_and_keeps_the_address_in_the_history(world) -> None:  # type: ignore[no-untyped-def]
    location = SchoolLocationFactory(school=world.school_a)
    pk = location.pk

    services.remove_location(location, by=world.actor("region_coordinator"))

    assert not SchoolLocation.objects.filter(pk=pk).exists()
    [event] = _events("network.location.removed")
    assert event.object_id == str(pk)
    assert event.changes["street"] == ["Schoolstraat 1", None]
    assert (event.school_id, event.region_id) == (world.school_a.pk, world.region.pk)


@pytest.mark.django_db
def test_remove_location_refuses_a_teacher(world) -> None:  # type: ignore[no-untyped-def]
    location = SchoolLocationFactory(school=world.school_a)

    with pytest.raises(PermissionDenied):
        services.remove_location(location, by=world.actor("teacher_a"))
    assert SchoolLocation.objects.filter(pk=location.pk).exists()


# --- set_sharing_with_guardians -----------------------------------------------------------


def _adult_student(world):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    user = UserFactory(email="daan@leerling.test", full_name="Daan Dijkman")
    student = StudentFactory(
        school=world.school_a,
        user=user,
        date_of_birth=today.replace(year=today.year - 18) - dt.timedelta(days=1),
    )
    actor = actor_for(MembershipFactory(user=user, role=Role.STUDENT, school=world.school_a))
    return student, actor


@pytest.mark.django_db
def test_adult_student_stops_sharing_and_it_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    student, actor = _adult_student(world)

    changed = services.set_sharing_with_guardians(student, by=actor, shares=False)

    student.refresh_from_db()
    assert (changed, student.shares_with_guardians) == (True, False)
    [event] = _events("network.student.sharing_changed")
    assert event.changes == {"shares_with_guardians": [True, False]}
    assert (event.school_id, event.actor_user_id) == (world.school_a.pk, actor.user_id)


@pytest.mark.django_db
def test_sharing_unchanged_records_nothing(world) -> None:  # type: ignore[no-untyped-def]
    student, actor = _adult_student(world)

    changed = services.set_sharing_with_guardians(student, by=actor, shares=True)

    assert changed is False
    assert _events("network.student.sharing_changed") == []


@pytest.mark.django_db
def test_minor_cannot_stop_parents_following(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.set_sharing_with_guardians(
            world.student_a, by=world.actor("student_a"), shares=False
        )
    world.student_a.refresh_from_db()
    assert world.student_a.shares_with_guardians is True


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["student_b", "parent_a", "coordinator_a"])
def test_only_the_student_decides_about_sharing(world, name) -> None:  # type: ignore[no-untyped-def]
    student, _actor = _adult_student(world)

    with pytest.raises(PermissionDenied):
        services.set_sharing_with_guardians(student, by=world.actor(name), shares=False)
