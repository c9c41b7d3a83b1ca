"""Offer pages: browse with filters, distance, map and eligibility; detail; the company's forms."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sen.catalogue.models import Offer, OfferStatus, Profile
from tests.factories import CompanyLocationFactory, ElectiveFactory, SchoolLocationFactory
from tests.factories.offers import OfferFactory, national

PUBLISHED = OfferStatus.PUBLISHED
NEAR = {"city": "Doetinchem", "latitude": Decimal("51.970000"), "longitude": Decimal("6.300000")}
FAR = {"city": "Hengelo", "latitude": Decimal("52.150000"), "longitude": Decimal("6.750000")}


def _published(company, **kwargs):  # type: ignore[no-untyped-def]
    where = kwargs.pop("where", NEAR)
    location = CompanyLocationFactory(company=company, **where)
    return OfferFactory(company=company, location=location, status=PUBLISHED, **kwargs)


def _titles(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {card.offer.title for card in response.context["browse"].page}


@pytest.fixture
def school_a_location(world):  # type: ignore[no-untyped-def]
    return SchoolLocationFactory(school=world.school_a)


# --- Browse ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_offers_lists_published_offers_and_own_drafts(world, login) -> None:  # type: ignore[no-untyped-def]
    _published(world.company_a, title="Open A")
    OfferFactory(company=world.company_a, title="Draft A")
    OfferFactory(company=world.company_b, title="Draft B")

    as_contact = login(world.actor("contact_a")).get(reverse("catalogue:offers"))
    as_student = login(world.actor("student_b")).get(reverse("catalogue:offers"))

    assert _titles(as_contact) == {"Open A", "Draft A"}
    assert _titles(as_student) == {"Open A"}
    assert 'data-testid="region-map"' in as_student.content.decode()


@pytest.mark.django_db
def test_offers_are_not_for_parents(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("parent_a")).get(reverse("catalogue:offers"))

    assert response.status_code == 404


@pytest.mark.django_db
def test_offers_filter_by_profile_elective_weekday_and_company(world, login) -> None:  # type: ignore[no-untyped-def]
    bwi = _published(world.company_a, title="Metselen")
    pie = _published(
        world.company_b,
        title="Installeren",
        elective=ElectiveFactory(profile=Profile.objects.get(code="PIE")),
        schedule=[{"weekday": 4, "start": "09:00", "end": "13:00", "break_minutes": 0}],
    )
    client = login(world.actor("student_a"))
    url = reverse("catalogue:offers")

    assert _titles(client.get(url, {"profiel": "PIE"})) == {"Installeren"}
    assert _titles(client.get(url, {"keuzevak": bwi.elective_id})) == {"Metselen"}
    assert _titles(client.get(url, {"weekday": 4})) == {"Installeren"}
    assert _titles(client.get(url, {"weekday": 1})) == {"Metselen"}
    assert _titles(client.get(url, {"company": pie.company_id})) == {"Installeren"}


@pytest.mark.django_db
def test_offers_filter_by_distance_from_the_school(world, login, school_a_location) -> None:  # type: ignore[no-untyped-def]
    _published(world.company_a, title="Dichtbij", where=NEAR)
    _published(world.company_b, title="Ver weg", where=FAR)
    client = login(world.actor("student_a"))

    within_10 = client.get(reverse("catalogue:offers"), {"max_km": 10})
    within_50 = client.get(reverse("catalogue:offers"), {"max_km": 50})

    assert _titles(within_10) == {"Dichtbij"}
    assert [c.offer.title for c in within_50.context["browse"].page] == ["Dichtbij", "Ver weg"]
    assert [c.distance_km for c in within_50.context["browse"].page] == [1.0, 37.7]


@pytest.mark.django_db
def test_offers_without_a_school_have_no_distance_filter(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("contact_a")).get(reverse("catalogue:offers"))

    assert "max_km" not in response.context["form"].fields


@pytest.mark.django_db
def test_offers_live_filter_returns_only_the_results(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("student_a")).get(
        reverse("catalogue:offers"),
        {"profiel": "HBR"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "No offer matches these filters." in html


@pytest.mark.django_db
def test_offers_paginate_with_the_filters_in_the_url(world, login) -> None:  # type: ignore[no-untyped-def]
    for _ in range(13):
        _published(world.company_a)

    response = login(world.actor("student_a")).get(
        reverse("catalogue:offers"), {"profiel": "BWI", "page": 2}
    )

    assert len(response.context["browse"].page) == 1
    assert "?profiel=BWI&amp;page=1" in response.content.decode()


@pytest.mark.django_db
def test_offers_mark_what_a_student_may_not_choose(world, login) -> None:  # type: ignore[no-untyped-def]
    long_days = [
        {"weekday": d, "start": "08:00", "end": "16:30", "break_minutes": 30} for d in (0, 1)
    ]
    _published(world.company_a, title="Past", tracks=["KB"])
    _published(world.company_a, title="Lange dagen", schedule=long_days, min_age=14)
    _published(world.company_a, title="Vanaf 16", min_age=16)
    _published(world.company_a, title="Alleen TL", tracks=["TL"])

    response = login(world.actor("student_a")).get(reverse("catalogue:offers"))

    reasons = {card.offer.title: card.reasons for card in response.context["browse"].page}
    assert reasons["Past"] == []
    assert reasons["Vanaf 16"] == [
        "You are 15 on the first day; this offer is for students of 16 and older."
    ]
    assert reasons["Alleen TL"] == ["This offer is for the tracks TL; you follow KB."]
    assert len(reasons["Lange dagen"]) == 2
    assert "at most 7 h a day" in reasons["Lange dagen"][0]
    assert "Not for you" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_offers_list_queries_do_not_grow(
    world, login, school_a_location, count, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for _ in range(count):
        _published(world.company_a)
    client = login(world.actor("student_a"))

    # Light rows for filters, distances and the map, then only the page's offers as objects.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("catalogue:offers"))

    assert len(response.context["browse"].page) == count


# --- Detail ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_offer_detail_shows_schedule_requirements_and_eligibility(world, login) -> None:  # type: ignore[no-untyped-def]
    offer = _published(world.company_a, min_age=16, hazards=["machines"])
    offer.quotas.create(school=world.school_a, places=2)

    response = login(world.actor("student_a")).get(
        reverse("catalogue:offer_detail", args=[offer.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tuesday" in html and "08:30\u201315:00" in html
    assert "work with or near machines" in html
    assert "2 places for Ludger College" in html
    assert "You are 15 on the first day" in html


@pytest.mark.django_db
def test_offer_detail_hides_another_companys_draft(world, login) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)

    response = login(world.actor("contact_b")).get(
        reverse("catalogue:offer_detail", args=[offer.pk])
    )

    assert response.status_code == 404


@pytest.mark.django_db
def test_offer_detail_shows_the_worktime_problems_of_a_draft(world, login) -> None:  # type: ignore[no-untyped-def]
    night = [{"weekday": 2, "start": "22:00", "end": "23:59", "break_minutes": 0}]
    offer = OfferFactory(company=world.company_a, schedule=night)

    html = (
        login(world.actor("contact_a"))
        .get(reverse("catalogue:offer_detail", args=[offer.pk]))
        .content.decode()
    )

    assert "Before you can publish:" in html
    assert "No student of 14 to 17 may do this work." in html


# --- Create, edit, publish ------------------------------------------------------------------


def _form_data(world, location, **changes):  # type: ignore[no-untyped-def]
    data = {
        "elective": national().pk,
        "title": "Metselen",
        "description": "Muren bouwen.",
        "location": location.pk,
        "supervisor": world.user("supervisor_a").pk,
        "school_year": "2026-2027",
        "starts_on": "2026-09-07",
        "ends_on": "2026-11-27",
        "places": 4,
        "min_age": 14,
        "tracks": ["KB"],
        "profiles": [Profile.objects.get(code="BWI").pk],
        "hazards": ["machines"],
        "supervision": "supervised",
        "day1_start": "08:30",
        "day1_end": "15:00",
        "day1_break": 30,
        f"quota_{world.school_a.pk}": 2,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_offer_create_saves_a_draft(world, login) -> None:  # type: ignore[no-untyped-def]
    location = CompanyLocationFactory(company=world.company_a)
    client = login(world.actor("contact_a"))

    form_page = client.get(reverse("catalogue:offer_create"))
    response = client.post(reverse("catalogue:offer_create"), _form_data(world, location))

    offer = Offer.objects.get()
    assert form_page.status_code == 200
    assert response.status_code == 302 and response["Location"] == reverse(
        "catalogue:offer_detail", args=[offer.pk]
    )
    assert offer.schedule == [{"weekday": 1, "start": "08:30", "end": "15:00", "break_minutes": 30}]
    assert offer.quotas.get().places == 2


@pytest.mark.django_db
def test_offer_create_shows_quota_errors_beside_the_quotas(world, login) -> None:  # type: ignore[no-untyped-def]
    location = CompanyLocationFactory(company=world.company_a)
    data = _form_data(world, location, places=1)

    response = login(world.actor("contact_a")).post(reverse("catalogue:offer_create"), data)

    assert response.status_code == 200
    assert "2 places are reserved, more than the 1 places offered." in response.content.decode()
    assert Offer.objects.count() == 0


@pytest.mark.django_db
def test_offer_create_is_not_for_supervisors(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("supervisor_a")).get(reverse("catalogue:offer_create"))

    assert response.status_code == 404


@pytest.mark.django_db
def test_offer_edit_changes_the_draft(world, login) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)
    client = login(world.actor("contact_a"))

    page = client.get(reverse("catalogue:offer_edit", args=[offer.pk]))
    response = client.post(
        reverse("catalogue:offer_edit", args=[offer.pk]),
        _form_data(world, offer.location, places=9),
    )

    offer.refresh_from_db()
    assert page.status_code == 200 and 'value="08:30"' in page.content.decode()
    assert response.status_code == 302 and offer.places == 9


@pytest.mark.django_db
def test_offer_edit_by_another_company_is_not_found(world, login) -> None:  # type: ignore[no-untyped-def]
    offer = _published(world.company_a)

    response = login(world.actor("contact_b")).get(reverse("catalogue:offer_edit", args=[offer.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_offer_publish_then_withdraw_then_reopen(world, login) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)
    client = login(world.actor("contact_a"))

    statuses = []
    for name in ("catalogue:offer_publish", "catalogue:offer_withdraw", "catalogue:offer_reopen"):
        assert client.post(reverse(name, args=[offer.pk])).status_code == 302
        offer.refresh_from_db()
        statuses.append(offer.status)

    assert statuses == [OfferStatus.PUBLISHED, OfferStatus.WITHDRAWN, OfferStatus.DRAFT]


@pytest.mark.django_db
def test_offer_publish_refused_shows_the_rules_beside_the_schedule(world, login) -> None:  # type: ignore[no-untyped-def]
    night = [{"weekday": 2, "start": "22:00", "end": "23:59", "break_minutes": 0}]
    offer = OfferFactory(company=world.company_a, schedule=night)

    response = login(world.actor("contact_a")).post(
        reverse("catalogue:offer_publish", args=[offer.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="publish-errors"' in html
    assert "no work between 23:00 and 06:00" in html
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT


@pytest.mark.django_db
def test_offer_publish_by_another_company_is_not_found(world, login) -> None:  # type: ignore[no-untyped-def]
    offer = _published(world.company_a)

    response = login(world.actor("contact_b")).post(
        reverse("catalogue:offer_withdraw", args=[offer.pk])
    )

    assert response.status_code == 404


# --- The company page -----------------------------------------------------------------------


@pytest.mark.django_db
def test_company_page_loads_its_published_offers(world, login) -> None:  # type: ignore[no-untyped-def]
    _published(world.company_a, title="Open A")
    OfferFactory(company=world.company_a, title="Draft A")
    client = login(world.actor("student_a"))

    page = client.get(reverse("network:company", args=[world.company_a.pk])).content.decode()
    section = client.get(reverse("catalogue:company_offers", args=[world.company_a.pk]))

    assert reverse("catalogue:company_offers", args=[world.company_a.pk]) in page
    assert [o.title for o in section.context["offers"]] == ["Open A"]
