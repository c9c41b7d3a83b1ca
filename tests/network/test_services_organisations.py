"""Services for schools and companies: every exit path, and the audit trail they leave."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sen.audit.models import AuditEvent
from sen.core.actor import Actor, Role
from sen.network import services
from sen.network.models import Company, School
from tests.factories import MembershipFactory, RegionFactory, actor_for


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- create_school ------------------------------------------------------------------------


@pytest.mark.django_db
def test_create_school_adds_it_to_the_region_and_audits(world) -> None:  # type: ignore[no-untyped-def]
    rc = world.actor("region_coordinator")

    school = services.create_school(
        by=rc, name="Almende College", brin="04DD", city="Silvolde", regions=[world.region]
    )

    assert set(school.regions.all()) == {world.region}
    [event] = _events("network.school.created")
    assert event.changes == {
        "brin": [None, "04DD"],
        "city": [None, "Silvolde"],
        "name": [None, "Almende College"],
        "regions": [None, [world.region.pk]],
    }
    assert (event.school_id, event.region_id, event.actor_user_id) == (
        school.pk,
        world.region.pk,
        world.user("region_coordinator").pk,
    )


@pytest.mark.django_db
def test_create_school_refuses_a_school_coordinator(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.create_school(
            by=world.actor("coordinator_a"),
            name="X",
            brin="04DD",
            city="Y",
            regions=[world.region],
        )
    assert not School.objects.filter(brin="04DD").exists()


@pytest.mark.django_db
def test_create_school_refuses_a_region_the_coordinator_does_not_coordinate(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.create_school(
            by=world.actor("region_coordinator"),
            name="X",
            brin="04DD",
            city="Y",
            regions=[world.other_region],
        )
    assert list(_errors(exc)) == ["regions"]
    assert not School.objects.filter(brin="04DD").exists()


@pytest.mark.django_db
def test_create_school_needs_a_region(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.create_school(
            by=world.actor("region_coordinator"), name="X", brin="04DD", city="Y", regions=[]
        )
    assert _errors(exc) == {"regions": ["A school belongs to at least one region."]}


@pytest.mark.django_db
def test_create_school_rejects_a_bad_brin_and_saves_nothing(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.create_school(
            by=world.actor("region_coordinator"),
            name="X",
            brin="4D",
            city="Y",
            regions=[world.region],
        )
    assert list(_errors(exc)) == ["brin"]
    assert School.objects.count() == 3
    assert _events("network.school.created") == []


@pytest.mark.django_db
def test_create_school_rejects_a_brin_that_exists(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.create_school(
            by=world.actor("region_coordinator"),
            name="X",
            brin="01AA",
            city="Y",
            regions=[world.region],
        )
    assert list(_errors(exc)) == ["brin"]


@pytest.mark.django_db
def test_create_school_may_use_any_region_the_user_coordinates(world) -> None:  # type: ignore[no-untyped-def]
    rc = world.actor("region_coordinator")
    second = MembershipFactory(
        user=rc.user, role=Role.REGION_COORDINATOR, region=world.other_region
    )
    both = Actor(user=rc.user, membership=rc.membership, memberships=(rc.membership, second))

    school = services.create_school(
        by=both, name="X", brin="04DD", city="Y", regions=[world.region, world.other_region]
    )

    assert set(school.regions.all()) == {world.region, world.other_region}


# --- update_school ------------------------------------------------------------------------


@pytest.mark.django_db
def test_update_school_by_its_coordinator_audits_the_changed_fields(world) -> None:  # type: ignore[no-untyped-def]
    services.update_school(
        world.school_a,
        by=world.actor("coordinator_a"),
        changes={"name": "Ludger College Doetinchem", "city": "Doetinchem", "website": ""},
    )

    world.school_a.refresh_from_db()
    assert world.school_a.name == "Ludger College Doetinchem"
    [event] = _events("network.school.updated")
    assert event.changes == {"name": ["Ludger College", "Ludger College Doetinchem"]}


@pytest.mark.django_db
def test_update_school_without_changes_records_nothing(world) -> None:  # type: ignore[no-untyped-def]
    services.update_school(
        world.school_a, by=world.actor("coordinator_a"), changes={"name": " Ludger College "}
    )

    assert _events("network.school.updated") == []


@pytest.mark.django_db
def test_update_school_refuses_fields_a_school_coordinator_may_not_change(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.update_school(
            world.school_a, by=world.actor("coordinator_a"), changes={"brin": "09ZZ"}
        )
    world.school_a.refresh_from_db()
    assert world.school_a.brin == "01AA"


@pytest.mark.django_db
def test_update_school_refuses_regions_from_a_school_coordinator(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.update_school(
            world.school_a, by=world.actor("coordinator_a"), changes={}, regions=[]
        )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["coordinator_b", "teacher_a", "region_coordinator_other"])
def test_update_school_refuses_outsiders(world, name) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.update_school(world.school_a, by=world.actor(name), changes={"name": "X"})
    world.school_a.refresh_from_db()
    assert world.school_a.name == "Ludger College"


@pytest.mark.django_db
def test_update_school_rejects_bad_input_and_saves_nothing(world) -> None:  # type: ignore[no-untyped-def]
    other = RegionFactory(name="Liemers", slug="liemers")
    world.school_a.regions.add(other)

    with pytest.raises(ValidationError) as exc:
        services.update_school(
            world.school_a,
            by=world.actor("region_coordinator"),
            changes={"name": "New name", "brin": "nope"},
            regions=[],
        )

    assert list(_errors(exc)) == ["brin"]
    world.school_a.refresh_from_db()
    assert (world.school_a.name, set(world.school_a.regions.all())) == (
        "Ludger College",
        {world.region, other},
    )
    assert _events("network.school.updated") == []


@pytest.mark.django_db
def test_update_school_by_region_coordinator_keeps_regions_they_do_not_coordinate(world) -> None:  # type: ignore[no-untyped-def]
    world.school_a.regions.add(world.other_region)

    services.update_school(
        world.school_a,
        by=world.actor("region_coordinator"),
        changes={"brin": "01AB"},
        regions=[],
    )

    world.school_a.refresh_from_db()
    assert (world.school_a.brin, set(world.school_a.regions.all())) == (
        "01AB",
        {world.other_region},
    )
    [event] = _events("network.school.updated")
    assert event.changes == {
        "brin": ["01AA", "01AB"],
        "regions": [
            sorted([world.region.pk, world.other_region.pk]),
            [world.other_region.pk],
        ],
    }


@pytest.mark.django_db
def test_update_school_keeps_a_school_in_at_least_one_region(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.update_school(
            world.school_a, by=world.actor("region_coordinator"), changes={}, regions=[]
        )
    assert list(_errors(exc)) == ["regions"]
    assert set(world.school_a.regions.all()) == {world.region}


# --- companies ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_create_company_audits_every_field(world) -> None:  # type: ignore[no-untyped-def]
    company = services.create_company(
        by=world.actor("region_coordinator"),
        name="Bouwbedrijf Klein Gunnewiek",
        kvk_number="33333333",
        sector="Bouw",
        sbb_accredited=True,
        regions=[world.region],
    )

    assert set(company.regions.all()) == {world.region}
    [event] = _events("network.company.created")
    assert event.changes == {
        "is_active": [None, True],
        "kvk_number": [None, "33333333"],
        "name": [None, "Bouwbedrijf Klein Gunnewiek"],
        "regions": [None, [world.region.pk]],
        "sbb_accredited": [None, True],
        "sector": [None, "Bouw"],
    }
    assert (event.company_id, event.region_id) == (company.pk, world.region.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a"])
def test_create_company_rejects_a_kvk_number_that_is_not_8_digits(world, kvk) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.create_company(
            by=world.actor("region_coordinator"), name="X", kvk_number=kvk, regions=[world.region]
        )
    assert list(_errors(exc)) == ["kvk_number"]
    assert Company.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["contact_a", "coordinator_a", "administrator"])
def test_create_company_is_for_region_coordinators(world, name) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.create_company(
            by=world.actor(name), name="X", kvk_number="33333333", regions=[world.region]
        )


@pytest.mark.django_db
def test_update_company_by_its_contact_changes_the_profile(world) -> None:  # type: ignore[no-untyped-def]
    services.update_company(
        world.company_a,
        by=world.actor("contact_a"),
        changes={"description": "Wij leren je installeren.", "website": "https://jansen.test"},
    )

    [event] = _events("network.company.updated")
    assert event.changes == {
        "description": ["", "Wij leren je installeren."],
        "website": ["", "https://jansen.test"],
    }
    assert event.company_id == world.company_a.pk


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["kvk_number", "sbb_accredited", "is_active"])
def test_update_company_keeps_register_data_from_the_contact(world, field) -> None:  # type: ignore[no-untyped-def]
    value = {"kvk_number": "99999999", "sbb_accredited": True, "is_active": False}[field]

    with pytest.raises(PermissionDenied):
        services.update_company(
            world.company_a, by=world.actor("contact_a"), changes={field: value}
        )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["contact_b", "supervisor_a", "region_coordinator_other"])
def test_update_company_refuses_outsiders(world, name) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.update_company(world.company_a, by=world.actor(name), changes={"name": "X"})


@pytest.mark.django_db
def test_update_company_by_region_coordinator_sets_accreditation_and_regions(world) -> None:  # type: ignore[no-untyped-def]
    rc = world.actor("region_coordinator")

    services.update_company(
        world.company_a,
        by=rc,
        changes={"sbb_accredited": True, "is_active": False},
        regions=[world.region],
    )

    world.company_a.refresh_from_db()
    assert (world.company_a.sbb_accredited, world.company_a.is_active) == (True, False)
    [event] = _events("network.company.updated")
    assert event.changes == {"is_active": [True, False], "sbb_accredited": [False, True]}


@pytest.mark.django_db
def test_update_company_rejects_a_bad_website_and_saves_nothing(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.update_company(
            world.company_a,
            by=world.actor("contact_a"),
            changes={"name": "Jansen Installaties", "website": "not a url"},
        )
    assert list(_errors(exc)) == ["website"]
    world.company_a.refresh_from_db()
    assert world.company_a.name == "Installatiebedrijf Jansen"


# --- join_region --------------------------------------------------------------------------


@pytest.mark.django_db
def test_join_region_adds_another_regions_school(world) -> None:  # type: ignore[no-untyped-def]
    joined = services.join_region(world.school_c, by=world.actor("region_coordinator"))

    assert joined is True
    assert set(world.school_c.regions.all()) == {world.region, world.other_region}
    [event] = _events("network.school.joined_region")
    assert event.changes == {
        "regions": [[world.other_region.pk], sorted([world.other_region.pk, world.region.pk])]
    }
    assert event.region_id == world.region.pk


@pytest.mark.django_db
def test_join_region_of_a_member_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    joined = services.join_region(world.company_a, by=world.actor("region_coordinator"))

    assert joined is False
    assert _events("network.company.joined_region") == []


@pytest.mark.django_db
def test_join_region_is_for_region_coordinators(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.join_region(world.company_a, by=world.actor("contact_b"))


@pytest.mark.django_db
def test_region_coordinator_without_an_active_membership_may_not_add(world) -> None:  # type: ignore[no-untyped-def]
    membership = world.actor("region_coordinator").membership
    membership.is_active = False
    membership.save(update_fields=["is_active"])

    with pytest.raises(ValidationError) as exc:
        services.create_school(
            by=actor_for(membership), name="X", brin="04DD", city="Y", regions=[world.region]
        )
    assert list(_errors(exc)) == ["regions"]
