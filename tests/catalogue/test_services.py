"""A school's electives and periods: every path of every service, with its audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from sen.audit.models import AuditEvent
from sen.catalogue import services
from sen.catalogue.models import Elective, Period, Profile, SchoolElective
from tests.factories import ElectiveFactory, PeriodFactory


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


@pytest.fixture
def national(db) -> Elective:  # type: ignore[no-untyped-def]
    return Elective.objects.get(school=None, code="1206")  # Schoonmetselwerk


def _events(action: str) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    return [(e.object_id, e.changes) for e in AuditEvent.objects.filter(action=action)]


def _messages(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


# --- Rename -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rename_gives_a_national_elective_the_schools_name(world, national) -> None:  # type: ignore[no-untyped-def]
    setting = services.rename_elective(
        actor=world.actor("coordinator_a"), elective=national, local_name="  Metselen  vakwerk "
    )

    assert (setting.school_id, setting.local_name) == (world.school_a.pk, "Metselen vakwerk")
    national.refresh_from_db()
    assert national.name == "Schoonmetselwerk"
    assert _events("catalogue.school_elective.renamed") == [
        (str(setting.pk), {"local_name": ["", "Metselen vakwerk"]})
    ]


@pytest.mark.django_db
def test_rename_to_the_national_name_goes_back_to_it(world, national) -> None:  # type: ignore[no-untyped-def]
    actor = world.actor("coordinator_a")
    services.rename_elective(actor=actor, elective=national, local_name="Metselen")

    setting = services.rename_elective(actor=actor, elective=national, local_name=national.name)

    assert setting.local_name == ""
    assert len(_events("catalogue.school_elective.renamed")) == 2


@pytest.mark.django_db
def test_rename_without_change_writes_no_event(world, national) -> None:  # type: ignore[no-untyped-def]
    services.rename_elective(actor=world.actor("coordinator_a"), elective=national, local_name="")

    assert _events("catalogue.school_elective.renamed") == []


@pytest.mark.django_db
def test_rename_refuses_an_own_elective(world) -> None:  # type: ignore[no-untyped-def]
    own = ElectiveFactory(school=world.school_a)

    with pytest.raises(ValidationError):
        services.rename_elective(actor=world.actor("coordinator_a"), elective=own, local_name="X")


@pytest.mark.django_db
def test_rename_refuses_a_name_that_is_too_long(world, national) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as raised:
        services.rename_elective(
            actor=world.actor("coordinator_a"), elective=national, local_name="x" * 201
        )
    assert _messages(raised) == {"local_name": ["A name has at most 200 characters."]}


@pytest.mark.django_db
def test_services_refuse_another_schools_own_elective(world) -> None:  # type: ignore[no-untyped-def]
    own_b = ElectiveFactory(school=world.school_b)
    actor = world.actor("coordinator_a")

    for call in (
        lambda: services.retire_elective(actor=actor, elective=own_b),
        lambda: services.reinstate_elective(actor=actor, elective=own_b),
        lambda: services.update_own_elective(actor=actor, elective=own_b, name="X", code="X"),
    ):
        with pytest.raises(PermissionDenied):
            call()


@pytest.mark.django_db
def test_services_refuse_an_actor_without_a_school(world, national) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.retire_elective(actor=world.actor("administrator"), elective=national)


# --- Retire and reinstate -----------------------------------------------------------------


@pytest.mark.django_db
def test_retire_and_reinstate_a_national_elective_for_one_school(world, national) -> None:  # type: ignore[no-untyped-def]
    actor = world.actor("coordinator_a")
    today = timezone.localdate()

    services.retire_elective(actor=actor, elective=national)
    setting = SchoolElective.objects.get(school=world.school_a, elective=national)
    assert setting.retired_on == today
    assert not SchoolElective.objects.filter(school=world.school_b).exists()

    services.reinstate_elective(actor=actor, elective=national)
    setting.refresh_from_db()
    assert setting.retired_on is None
    assert _events("catalogue.school_elective.retired") == [
        (str(setting.pk), {"retired_on": today.isoformat()})
    ]
    assert _events("catalogue.school_elective.reinstated") == [
        (str(setting.pk), {"retired_on": [today.isoformat(), None]})
    ]


@pytest.mark.django_db
def test_retire_twice_is_refused(world, national) -> None:  # type: ignore[no-untyped-def]
    actor = world.actor("coordinator_a")
    services.retire_elective(actor=actor, elective=national)

    with pytest.raises(ValidationError, match="already no longer offered"):
        services.retire_elective(actor=actor, elective=national)


@pytest.mark.django_db
def test_reinstate_an_offered_elective_is_refused(world, national) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="already offered"):
        services.reinstate_elective(actor=world.actor("coordinator_a"), elective=national)


@pytest.mark.django_db
def test_retire_and_reinstate_an_own_elective(world) -> None:  # type: ignore[no-untyped-def]
    own = ElectiveFactory(school=world.school_a)
    actor = world.actor("coordinator_a")

    services.retire_elective(actor=actor, elective=own, on=dt.date(2026, 8, 1))
    own.refresh_from_db()
    assert own.retired_on == dt.date(2026, 8, 1)
    with pytest.raises(ValidationError):
        services.retire_elective(actor=actor, elective=own)

    services.reinstate_elective(actor=actor, elective=own)
    own.refresh_from_db()
    assert own.retired_on is None
    with pytest.raises(ValidationError):
        services.reinstate_elective(actor=actor, elective=own)
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "catalogue.elective.retired",
        "catalogue.elective.reinstated",
    ]


# --- Own electives ------------------------------------------------------------------------


@pytest.mark.django_db
def test_create_own_elective(world) -> None:  # type: ignore[no-untyped-def]
    pie = Profile.objects.get(code="PIE")

    elective = services.create_own_elective(
        actor=world.actor("coordinator_a"),
        name=" Drones  bouwen ",
        code="vk-drones",
        profile=pie,
        duo_code="",
    )

    assert (elective.school_id, elective.name, elective.code, elective.profile) == (
        world.school_a.pk,
        "Drones bouwen",
        "VK-DRONES",
        pie,
    )
    assert _events("catalogue.elective.created") == [
        (
            str(elective.pk),
            {"name": "Drones bouwen", "code": "VK-DRONES", "profile_id": pie.pk, "duo_code": ""},
        )
    ]


@pytest.mark.django_db
def test_create_own_elective_checks_every_field(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as raised:
        services.create_own_elective(
            actor=world.actor("coordinator_a"), name=" ", code="met spatie", duo_code="12a"
        )

    assert _messages(raised) == {
        "name": ["Give the elective a name."],
        "code": [
            "A code has at most 40 letters, digits, dots, dashes or underscores, without spaces."
        ],
        "duo_code": ["A DUO subject code has only digits, e.g. 1205."],
    }


@pytest.mark.django_db
def test_own_elective_code_is_unique_within_the_school_only(world) -> None:  # type: ignore[no-untyped-def]
    services.create_own_elective(actor=world.actor("coordinator_a"), name="A", code="VK-1")

    with pytest.raises(ValidationError) as raised:
        services.create_own_elective(actor=world.actor("coordinator_a"), name="B", code="vk-1")
    other = services.create_own_elective(actor=world.actor("coordinator_b"), name="B", code="VK-1")

    assert _messages(raised) == {"code": ["Your school already has an elective with this code."]}
    assert other.school_id == world.school_b.pk


@pytest.mark.django_db
def test_own_elective_code_may_not_be_a_national_code(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as raised:
        services.create_own_elective(actor=world.actor("coordinator_a"), name="M", code="1206")

    assert _messages(raised) == {
        "code": ["This code belongs to the national elective “Schoonmetselwerk”."]
    }


@pytest.mark.django_db
def test_update_own_elective_records_what_changed(world) -> None:  # type: ignore[no-untyped-def]
    actor = world.actor("coordinator_a")
    own = services.create_own_elective(actor=actor, name="Drones", code="VK-D")

    services.update_own_elective(actor=actor, elective=own, name="Drones 2", code="VK-D")
    services.update_own_elective(actor=actor, elective=own, name="Drones 2", code="VK-D")

    own.refresh_from_db()
    assert own.name == "Drones 2"
    assert _events("catalogue.elective.updated") == [
        (str(own.pk), {"name": ["Drones", "Drones 2"]})
    ]


@pytest.mark.django_db
def test_update_refuses_a_national_elective(world, national) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.update_own_elective(
            actor=world.actor("coordinator_a"), elective=national, name="X", code="X"
        )


# --- Periods ------------------------------------------------------------------------------


def _create(world, actor="coordinator_a", **overrides):  # type: ignore[no-untyped-def]
    fields = {
        "school_year": "2026-2027",
        "name": "Blok 1",
        "starts_on": dt.date(2026, 8, 24),
        "ends_on": dt.date(2026, 10, 30),
    }
    fields.update(overrides)
    return services.create_period(actor=world.actor(actor), **fields)


@pytest.mark.django_db
def test_create_period(world) -> None:  # type: ignore[no-untyped-def]
    period = _create(world, name=" Blok  1 ")

    assert (period.school_id, period.name, period.school_year) == (
        world.school_a.pk,
        "Blok 1",
        "2026-2027",
    )
    assert _events("catalogue.period.created") == [
        (
            str(period.pk),
            {
                "school_year": "2026-2027",
                "name": "Blok 1",
                "starts_on": "2026-08-24",
                "ends_on": "2026-10-30",
            },
        )
    ]


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"school_year": "2026-2028"},
            {"school_year": ["Write the school year as two consecutive years, e.g. 2026-2027."]},
        ),
        ({"school_year": "26/27"}, None),
        ({"name": ""}, {"name": ["Give the period a name, e.g. Blok 1."]}),
        (
            {"ends_on": dt.date(2026, 8, 24)},
            {"ends_on": ["The end date must be after the start date."]},
        ),
        (
            {"starts_on": dt.date(2026, 7, 31)},
            {"starts_on": ["The school year 2026-2027 runs from 01-08-2026 to 31-07-2027."]},
        ),
        (
            {"ends_on": dt.date(2027, 8, 1)},
            {"ends_on": ["The school year 2026-2027 runs from 01-08-2026 to 31-07-2027."]},
        ),
    ],
)
@pytest.mark.django_db
def test_create_period_refuses_bad_input(world, overrides, errors) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as raised:
        _create(world, **overrides)

    if errors is not None:
        assert _messages(raised) == errors
    assert not Period.objects.exists()


@pytest.mark.django_db
def test_periods_of_one_year_may_not_overlap(world) -> None:  # type: ignore[no-untyped-def]
    _create(world)

    with pytest.raises(ValidationError) as raised:
        _create(world, name="Blok 2", starts_on=dt.date(2026, 10, 30), ends_on=dt.date(2027, 1, 1))
    _create(world, name="Blok 2", starts_on=dt.date(2026, 10, 31), ends_on=dt.date(2027, 1, 1))
    _create(world, actor="coordinator_b")  # another school may use the same dates

    assert _messages(raised) == {
        "starts_on": ["This overlaps with Blok 1 (24-08-2026 to 30-10-2026)."]
    }


@pytest.mark.django_db
def test_period_names_are_unique_within_a_year(world) -> None:  # type: ignore[no-untyped-def]
    _create(world)

    with pytest.raises(ValidationError) as raised:
        _create(world, name="blok 1", starts_on=dt.date(2027, 1, 4), ends_on=dt.date(2027, 3, 1))
    _create(
        world,
        school_year="2027-2028",
        starts_on=dt.date(2027, 8, 30),
        ends_on=dt.date(2027, 10, 29),
    )

    assert _messages(raised) == {"name": ["This school year already has a period with this name."]}


@pytest.mark.django_db
def test_update_period_may_keep_its_own_dates_and_records_changes(world) -> None:  # type: ignore[no-untyped-def]
    period = _create(world)

    services.update_period(
        actor=world.actor("coordinator_a"),
        period=period,
        school_year="2026-2027",
        name="Blok 1",
        starts_on=dt.date(2026, 8, 31),
        ends_on=dt.date(2026, 10, 30),
    )

    period.refresh_from_db()
    assert period.starts_on == dt.date(2026, 8, 31)
    assert _events("catalogue.period.updated") == [
        (str(period.pk), {"starts_on": ["2026-08-24", "2026-08-31"]})
    ]


@pytest.mark.django_db
def test_update_period_refuses_an_overlap(world) -> None:  # type: ignore[no-untyped-def]
    _create(world)
    second = _create(
        world, name="Blok 2", starts_on=dt.date(2026, 11, 2), ends_on=dt.date(2027, 1, 29)
    )

    with pytest.raises(ValidationError):
        services.update_period(
            actor=world.actor("coordinator_a"),
            period=second,
            school_year="2026-2027",
            name="Blok 2",
            starts_on=dt.date(2026, 10, 1),
            ends_on=dt.date(2027, 1, 29),
        )


@pytest.mark.django_db
def test_period_services_refuse_another_schools_period(world) -> None:  # type: ignore[no-untyped-def]
    period = PeriodFactory(school=world.school_b)
    actor = world.actor("coordinator_a")

    with pytest.raises(PermissionDenied):
        services.delete_period(actor=actor, period=period)
    with pytest.raises(PermissionDenied):
        services.update_period(
            actor=actor,
            period=period,
            school_year="2026-2027",
            name="X",
            starts_on=dt.date(2026, 9, 1),
            ends_on=dt.date(2026, 10, 1),
        )


@pytest.mark.django_db
def test_delete_period(world) -> None:  # type: ignore[no-untyped-def]
    period = _create(world)
    pk = period.pk

    services.delete_period(actor=world.actor("coordinator_a"), period=period)

    assert not Period.objects.filter(pk=pk).exists()
    (event,) = AuditEvent.objects.filter(action="catalogue.period.deleted")
    assert (event.object_id, event.object_label) == (str(pk), "Blok 1 2026-2027")
