"""Offer services: create, edit, publish (minors' rules), withdraw, back to draft."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sen.audit.models import AuditEvent
from sen.catalogue import offers_services as services
from sen.catalogue.models import Offer, OfferQuota, OfferStatus, Profile
from sen.catalogue.offers_selectors import check_offer_worktime
from tests.factories import CompanyLocationFactory
from tests.factories.offers import LIGHT_WEEK, OfferFactory, national

LONG_DAYS = [  # 8 working hours a day: too long for 14-15, fine for 16-17
    {"weekday": day, "start": "08:00", "end": "16:30", "break_minutes": 30} for day in (0, 1)
]
NIGHT = [{"weekday": 2, "start": "22:00", "end": "23:59", "break_minutes": 0}]  # no minor


def _data(world, **changes) -> services.OfferData:  # type: ignore[no-untyped-def]
    location = changes.pop("location", None) or CompanyLocationFactory(company=world.company_a)
    data = services.OfferData(
        elective=national(),
        location=location,
        supervisor_id=world.user("supervisor_a").pk,
        title="Metselen bij Jansen",
        school_year="2026-2027",
        starts_on=dt.date(2026, 9, 7),
        ends_on=dt.date(2026, 11, 27),
        places=4,
        schedule=LIGHT_WEEK,
        min_age=14,
        tracks=["KB", "BB"],
        profiles=[Profile.objects.get(code="BWI")],
        hazards=["machines"],
        supervision="supervised",
        quotas={world.school_a.pk: 2},
    )
    return dataclasses.replace(data, **changes)


def _actions(offer: Offer) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(offer.pk), action__startswith="catalogue.offer.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.mark.django_db
def test_create_offer_saves_a_draft_with_quotas_and_audit(world) -> None:  # type: ignore[no-untyped-def]
    offer = services.create_offer(actor=world.actor("contact_a"), data=_data(world))

    assert offer.status == OfferStatus.DRAFT
    assert offer.company_id == world.company_a.pk
    assert offer.tracks == ["BB", "KB"]
    assert set(offer.profiles.values_list("code", flat=True)) == {"BWI"}
    assert list(offer.quotas.values_list("school_id", "places")) == [(world.school_a.pk, 2)]
    assert _actions(offer) == ["catalogue.offer.created"]


@pytest.mark.django_db
def test_create_offer_refuses_quotas_over_places(world) -> None:  # type: ignore[no-untyped-def]
    data = _data(world, places=3, quotas={world.school_a.pk: 2, world.school_b.pk: 2})

    with pytest.raises(ValidationError) as caught:
        services.create_offer(actor=world.actor("contact_a"), data=data)

    assert caught.value.message_dict == {
        "quotas": ["4 places are reserved, more than the 3 places offered."]
    }
    assert Offer.objects.count() == 0 and OfferQuota.objects.count() == 0


@pytest.mark.django_db
def test_create_offer_refuses_a_school_outside_the_region_and_foreign_location(world) -> None:  # type: ignore[no-untyped-def]
    data = _data(
        world,
        location=CompanyLocationFactory(company=world.company_b),
        supervisor_id=world.user("supervisor_b").pk,
        quotas={world.school_c.pk: 1},
        places=0,
    )

    with pytest.raises(ValidationError) as caught:
        services.create_offer(actor=world.actor("contact_a"), data=data)

    assert set(caught.value.message_dict) == {"location", "supervisor", "quotas", "places"}
    assert Offer.objects.count() == 0


@pytest.mark.django_db
def test_create_offer_refuses_a_supervisor_and_no_company_contact(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        services.create_offer(actor=world.actor("supervisor_a"), data=_data(world))

    assert caught.value.messages == ["Only a contact of the company manages its offers."]


@pytest.mark.django_db
def test_create_offer_refuses_an_unreadable_schedule(world) -> None:  # type: ignore[no-untyped-def]
    bad = [{"weekday": 0, "start": "15:00", "end": "08:00", "break_minutes": 0}]

    with pytest.raises(ValidationError) as caught:
        services.create_offer(actor=world.actor("contact_a"), data=_data(world, schedule=bad))

    assert caught.value.message_dict == {
        "schedule": ["A shift must end after it starts, on the same day."]
    }


@pytest.mark.django_db
def test_update_offer_changes_a_draft_and_audits_the_diff(world) -> None:  # type: ignore[no-untyped-def]
    contact = world.actor("contact_a")
    offer = services.create_offer(actor=contact, data=_data(world))

    services.update_offer(
        actor=contact, offer=offer, data=_data(world, location=offer.location, places=6, quotas={})
    )

    offer.refresh_from_db()
    assert offer.places == 6 and offer.quotas.count() == 0
    event = AuditEvent.objects.get(action="catalogue.offer.updated")
    assert set(event.changes) == {"places", "quotas"}


@pytest.mark.django_db
def test_update_offer_by_another_company_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)

    with pytest.raises(ValidationError) as caught:
        services.update_offer(actor=world.actor("contact_b"), offer=offer, data=_data(world))

    assert caught.value.messages == ["This offer belongs to another company."]


@pytest.mark.django_db
def test_update_offer_refuses_a_published_offer(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a, status=OfferStatus.PUBLISHED)

    with pytest.raises(ValidationError) as caught:
        services.update_offer(
            actor=world.actor("contact_a"),
            offer=offer,
            data=_data(world, location=offer.location),
        )

    assert caught.value.messages == [
        "Only a draft can be changed. Withdraw the offer and put it back to draft first."
    ]


@pytest.mark.django_db
def test_publish_offer_publishes_a_fitting_draft(world) -> None:  # type: ignore[no-untyped-def]
    offer = services.create_offer(actor=world.actor("contact_a"), data=_data(world))

    services.publish_offer(actor=world.actor("contact_a"), offer=offer)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED and offer.published_at is not None
    assert _actions(offer) == ["catalogue.offer.created", "catalogue.offer.published"]


@pytest.mark.django_db
def test_publish_offer_refuses_a_schedule_no_minor_may_work(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a, location__company=world.company_a, schedule=NIGHT)

    with pytest.raises(ValidationError) as caught:
        services.publish_offer(actor=world.actor("contact_a"), offer=offer)

    messages = caught.value.message_dict["schedule"]
    assert messages[0].startswith("No student of 14 to 17 may do this work.")
    assert any("no work between 23:00 and 06:00" in m and "Arboportaal" in m for m in messages[1:])
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT
    assert _actions(offer) == []


@pytest.mark.django_db
def test_publish_offer_refuses_a_minimum_age_below_the_rules(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a, schedule=LONG_DAYS, min_age=14)

    with pytest.raises(ValidationError) as caught:
        services.publish_offer(actor=world.actor("contact_a"), offer=offer)

    source = "(source: Rijksoverheid, 'Mogen kinderen van 14 en 15 jaar een beroepsstage lopen?')."
    assert caught.value.message_dict == {
        "min_age": [
            "Students younger than 16 may not do this work: set the minimum age to at least 16, "
            "or change the schedule, the hazards or the supervision:",
            "On Monday, 8 h of work is not allowed for 14- and 15-year-olds: at most 7 h a day "
            + source,
            "On Tuesday, 8 h of work is not allowed for 14- and 15-year-olds: at most 7 h a day "
            + source,
        ]
    }


@pytest.mark.django_db
def test_publish_offer_refuses_hazards_for_the_minimum_age(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a, hazards=["heights"], supervision="expert")

    with pytest.raises(ValidationError) as caught:
        services.publish_offer(actor=world.actor("contact_a"), offer=offer)

    assert caught.value.message_dict["min_age"][0].startswith("Students younger than 16")


@pytest.mark.django_db
def test_publish_offer_accepts_the_minimum_age_the_rules_need(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a, schedule=LONG_DAYS, min_age=16)

    services.publish_offer(actor=world.actor("contact_a"), offer=offer)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED


@pytest.mark.django_db
def test_publish_offer_refuses_an_empty_schedule(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a, schedule=[])

    with pytest.raises(ValidationError) as caught:
        services.publish_offer(actor=world.actor("contact_a"), offer=offer)

    assert caught.value.message_dict == {
        "schedule": ["Add at least one working day to the schedule."]
    }


@pytest.mark.django_db
def test_publish_offer_refuses_an_illegal_transition(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a, status=OfferStatus.WITHDRAWN)

    with pytest.raises(ValidationError) as caught:
        services.publish_offer(actor=world.actor("contact_a"), offer=offer)

    assert caught.value.messages == ["An offer that is withdrawn cannot become published."]


@pytest.mark.django_db
def test_publish_offer_by_another_company_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)

    with pytest.raises(ValidationError):
        services.publish_offer(actor=world.actor("contact_b"), offer=offer)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT


@pytest.mark.django_db
def test_withdraw_and_reopen_follow_the_transition_table(world) -> None:  # type: ignore[no-untyped-def]
    contact = world.actor("contact_a")
    offer = OfferFactory(company=world.company_a, status=OfferStatus.PUBLISHED)

    services.withdraw_offer(actor=contact, offer=offer)
    services.reopen_offer(actor=contact, offer=offer)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT and offer.published_at is None
    assert _actions(offer) == ["catalogue.offer.withdrawn", "catalogue.offer.reopened"]


@pytest.mark.django_db
def test_withdraw_refuses_a_withdrawn_offer_and_reopen_a_draft(world) -> None:  # type: ignore[no-untyped-def]
    contact = world.actor("contact_a")
    withdrawn = OfferFactory(company=world.company_a, status=OfferStatus.WITHDRAWN)
    draft = OfferFactory(company=world.company_a)

    with pytest.raises(ValidationError) as first:
        services.withdraw_offer(actor=contact, offer=withdrawn)
    with pytest.raises(ValidationError) as second:
        services.reopen_offer(actor=contact, offer=draft)

    assert first.value.messages == ["An offer that is withdrawn cannot become withdrawn."]
    assert second.value.messages == ["An offer that is draft cannot become draft."]


def test_check_offer_worktime_names_the_youngest_age() -> None:
    check = check_offer_worktime(
        schedule=LONG_DAYS,
        sunday_required=False,
        hazards=[],
        supervision="supervised",
        min_age=15,
        starts_on=dt.date(2026, 9, 7),
        ends_on=dt.date(2026, 9, 30),
    )

    assert check.youngest == 16 and not check.ok


def test_check_offer_worktime_accepts_an_adult_offer() -> None:
    check = check_offer_worktime(
        schedule=NIGHT,
        sunday_required=False,
        hazards=["dangerous_substances"],
        supervision="supervised",
        min_age=18,
        starts_on=dt.date(2026, 9, 7),
        ends_on=dt.date(2026, 9, 30),
    )

    assert check.ok
