"""The region coordinator's screens: overview, filters, map, adding schools and companies."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sen.network.models import Company, School
from tests.factories import (
    CompanyFactory,
    CompanyLocationFactory,
    SchoolFactory,
    SchoolLocationFactory,
)

REGION = reverse("network:region")


def _count_queries(client, url, **extra):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_region_shows_tiles_of_the_coordinators_region(world, login) -> None:  # type: ignore[no-untyped-def]
    CompanyFactory(name="Oud Bedrijf", regions=[world.region], is_active=False)
    CompanyLocationFactory(company=world.company_a)
    CompanyLocationFactory(company=world.company_a, name="Magazijn")
    CompanyFactory(name="Twents Bedrijf", regions=[world.other_region])

    response = login(world.actor("region_coordinator")).get(REGION)

    tiles = response.context["tiles"]
    assert (tiles.schools, tiles.companies, tiles.active_companies, tiles.company_locations) == (
        2,
        3,
        2,
        2,
    )
    content = response.content.decode()
    assert "Ludger College" in content and "Twents Vakcollege" not in content


@pytest.mark.django_db
def test_region_of_another_coordinator_shows_their_region(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("region_coordinator_other")).get(REGION)

    assert [s.name for s in response.context["page"]] == ["Twents Vakcollege"]
    assert response.context["region"] == world.other_region


@pytest.mark.django_db
def test_region_lists_companies_filtered_by_sector_sbb_and_town(world, login) -> None:  # type: ignore[no-untyped-def]
    wanted = CompanyFactory(
        name="Bouw Zutphen", sector="Bouw", sbb_accredited=True, regions=[world.region]
    )
    CompanyLocationFactory(company=wanted, city="Zutphen")
    elsewhere = CompanyFactory(
        name="Bouw Doetinchem", sector="Bouw", sbb_accredited=True, regions=[world.region]
    )
    CompanyLocationFactory(company=elsewhere, city="Doetinchem")
    unaccredited = CompanyFactory(name="Bouw Zonder", sector="Bouw", regions=[world.region])
    CompanyLocationFactory(company=unaccredited, city="Zutphen")

    response = login(world.actor("region_coordinator")).get(
        REGION, {"show": "companies", "sector": "Bouw", "sbb": "yes", "town": "Zutphen"}
    )

    assert [c.name for c in response.context["page"]] == ["Bouw Zutphen"]
    # The filters stay in the URL of the page links and the form.
    assert 'value="Zutphen" selected' in response.content.decode()


@pytest.mark.django_db
def test_region_searches_schools_by_name_or_brin(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("region_coordinator"))

    by_name = client.get(REGION, {"q": "staring"}).context["page"]
    by_brin = client.get(REGION, {"q": "01aa"}).context["page"]

    assert [s.name for s in by_name] == ["Staring College"]
    assert [s.name for s in by_brin] == ["Ludger College"]


@pytest.mark.django_db
def test_region_paginates_and_keeps_filters_in_page_links(world, login) -> None:  # type: ignore[no-untyped-def]
    for n in range(26):
        SchoolFactory(name=f"School {n:02d}", city="Zutphen", regions=[world.region])

    response = login(world.actor("region_coordinator")).get(REGION, {"town": "Zutphen", "page": 2})

    assert [s.name for s in response.context["page"]] == ["School 25"]
    assert "?town=Zutphen&amp;page=1" in response.content.decode()


@pytest.mark.django_db
def test_region_htmx_request_gets_only_the_results(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("region_coordinator")).get(
        REGION, {"show": "companies"}, HTTP_HX_REQUEST="true"
    )

    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results"')
    assert "<html" not in content
    assert "Garage Wolters" in content


@pytest.mark.django_db
def test_region_map_plots_locations_with_a_text_alternative(world, login, settings) -> None:  # type: ignore[no-untyped-def]
    SchoolLocationFactory(school=world.school_a)
    CompanyLocationFactory(
        company=world.company_b,
        city="Zutphen",
        latitude=Decimal("52.138"),
        longitude=Decimal("6.201"),
    )
    # Another region's school stays off this map.
    SchoolLocationFactory(
        school=world.school_c, city="Enschede", latitude=Decimal("52.22"), longitude=Decimal("6.89")
    )

    response = login(world.actor("region_coordinator")).get(REGION)

    region_map = response.context["map"]
    assert sorted((m.kind, m.label) for m in region_map.markers) == [
        ("company", "Garage Wolters (Zutphen)"),
        ("school", "Ludger College (Doetinchem)"),
    ]
    content = response.content.decode()
    assert 'role="img"' in content and '<title id="region-map-title">' in content
    assert "<summary>" in content and "Zutphen" in content
    # Coordinates are written with a decimal point whatever the language (nl uses a comma).
    assert "," not in content.split('viewBox="')[1].split('"')[0]
    marker = region_map.markers[0]
    assert f'cx="{marker.x}"' in content or f'x="{marker.corner_x}"' in content


@pytest.mark.django_db
def test_region_map_follows_the_town_filter(world, login) -> None:  # type: ignore[no-untyped-def]
    SchoolLocationFactory(school=world.school_a)
    CompanyLocationFactory(company=world.company_b, city="Zutphen")

    response = login(world.actor("region_coordinator")).get(REGION, {"town": "Zutphen"})

    assert [(m.kind, m.label) for m in response.context["map"].markers] == [
        ("company", "Garage Wolters (Zutphen)")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("show", ["schools", "companies"])
def test_region_costs_the_same_queries_for_1_and_3_rows(world, login, show) -> None:  # type: ignore[no-untyped-def]
    world.school_b.regions.clear()
    world.company_b.regions.clear()
    SchoolLocationFactory(school=world.school_a)
    CompanyLocationFactory(company=world.company_a)
    client = login(world.actor("region_coordinator"))
    url = f"{REGION}?show={show}"
    client.get(url)  # the first request of a session writes the session once
    one = _count_queries(client, url)

    for _ in range(2):
        company = CompanyFactory(regions=[world.region])
        CompanyLocationFactory(company=company)
        CompanyLocationFactory(company=company)
        SchoolLocationFactory(school=SchoolFactory(regions=[world.region]))
    response = client.get(url)
    three = _count_queries(client, url)

    assert len(response.context["page"]) == 3
    assert one == three
    assert three <= 20


# --- adding schools and companies ---------------------------------------------------------


@pytest.mark.django_db
def test_school_add_creates_the_school_in_the_region(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("region_coordinator")).post(
        reverse("network:school_add"),
        {
            "name": "Almende College",
            "brin": "04dd",
            "city": "Silvolde",
            "regions": [world.region.pk],
        },
    )

    school = School.objects.get(brin="04DD")
    assert response.status_code == 302
    assert response["Location"] == reverse("network:school", kwargs={"pk": school.pk})
    assert set(school.regions.all()) == {world.region}


@pytest.mark.django_db
def test_school_add_offers_only_the_coordinators_regions(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("region_coordinator")).get(reverse("network:school_add"))

    content = response.content.decode()
    assert "Achterhoek" in content and "Twente" not in content


@pytest.mark.django_db
def test_school_add_refuses_another_region_with_a_message_by_the_field(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("region_coordinator")).post(
        reverse("network:school_add"),
        {"name": "X", "brin": "04DD", "city": "Y", "regions": [world.other_region.pk]},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["regions"]
    assert not School.objects.filter(brin="04DD").exists()


@pytest.mark.django_db
def test_school_add_shows_errors_next_to_fields(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("region_coordinator")).post(
        reverse("network:school_add"),
        {"name": "", "brin": "X1", "city": "Y", "regions": [world.region.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert sorted(response.context["form"].errors) == ["brin", "name"]
    assert 'class="field-error" id="id_brin_error"' in response.content.decode()


@pytest.mark.django_db
def test_company_add_creates_the_company(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("region_coordinator")).post(
        reverse("network:company_add"),
        {
            "name": "Bouwbedrijf Klein Gunnewiek",
            "kvk_number": "3333 3333",
            "sector": "Bouw",
            "sbb_accredited": "on",
            "is_active": "on",
            "regions": [world.region.pk],
        },
    )

    company = Company.objects.get(kvk_number="33333333")
    assert response["Location"] == reverse("network:company", kwargs={"pk": company.pk})
    assert (company.sbb_accredited, company.is_active) == (True, True)


@pytest.mark.django_db
def test_company_add_refuses_a_known_kvk_number(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("region_coordinator")).post(
        reverse("network:company_add"),
        {"name": "Kopie", "kvk_number": "11111111", "regions": [world.region.pk]},
    )

    assert list(response.context["form"].errors) == ["kvk_number"]
    assert Company.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["coordinator_a", "contact_a", "administrator"])
def test_adding_is_404_for_others_than_region_coordinators(world, login, name) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor(name))

    school = client.post(reverse("network:school_add"), {"name": "X", "brin": "04DD", "city": "Y"})
    company = client.post(reverse("network:company_add"), {"name": "X", "kvk_number": "33333333"})

    assert (school.status_code, company.status_code) == (404, 404)
    assert not School.objects.filter(brin="04DD").exists()


@pytest.mark.django_db
def test_region_join_adds_a_school_of_another_region(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("region_coordinator")).post(
        reverse("network:region_join"), {"code": "03CC"}
    )

    assert response["Location"] == reverse("network:school", kwargs={"pk": world.school_c.pk})
    assert set(world.school_c.regions.all()) == {world.region, world.other_region}


@pytest.mark.django_db
def test_region_join_from_the_company_page(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("region_coordinator_other"))
    page = client.get(reverse("network:company", kwargs={"pk": world.company_a.pk}))
    assert 'action="/network/region/join/"' in page.content.decode()

    response = client.post(reverse("network:region_join"), {"code": "11111111"})

    assert response["Location"] == reverse("network:company", kwargs={"pk": world.company_a.pk})
    assert set(world.company_a.regions.all()) == {world.region, world.other_region}


@pytest.mark.django_db
def test_region_join_explains_an_unknown_code(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("region_coordinator")).post(
        reverse("network:region_join"), {"code": "99ZZ"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["code"]
