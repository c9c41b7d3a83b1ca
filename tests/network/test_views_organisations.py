"""School and company pages, their edit forms and locations: happy paths and outsiders."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sen.audit.models import AuditEvent
from sen.network.models import CompanyLocation, SchoolLocation
from tests.factories import CompanyLocationFactory, SchoolLocationFactory

LOCATION_POST = {
    "name": "Techniekhuis",
    "street": "Keppelseweg 2",
    "postcode": "7001ce",
    "city": "Doetinchem",
    "latitude": "51,9601",
    "longitude": "6.29",
}


def _url(name: str, **kwargs: int) -> str:
    return reverse(f"network:{name}", kwargs=kwargs)


# --- schools ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_my_school_leads_staff_to_their_school(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("teacher_b")).get(_url("my_school"))

    assert response["Location"] == _url("school", pk=world.school_b.pk)


@pytest.mark.django_db
def test_school_page_shows_details_and_locations(world, login) -> None:  # type: ignore[no-untyped-def]
    SchoolLocationFactory(school=world.school_a, name="Hoofdgebouw", street="Varsseveldseweg 20")

    response = login(world.actor("coordinator_a")).get(_url("school", pk=world.school_a.pk))

    content = response.content.decode()
    expected = ["Ludger College", "01AA", "Hoofdgebouw", "Varsseveldseweg 20", "Achterhoek"]
    assert [text for text in expected if text not in content] == []
    assert _url("school_edit", pk=world.school_a.pk) in content
    assert _url("students") in content


@pytest.mark.django_db
def test_school_page_for_a_teacher_has_no_edit_links(world, login) -> None:  # type: ignore[no-untyped-def]
    SchoolLocationFactory(school=world.school_a)

    content = (
        login(world.actor("teacher_a")).get(_url("school", pk=world.school_a.pk)).content.decode()
    )

    assert _url("school_edit", pk=world.school_a.pk) not in content
    assert _url("school_location_add", pk=world.school_a.pk) not in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["coordinator_b", "teacher_b", "region_coordinator_other", "student_a", "contact_a"]
)
def test_school_page_is_404_for_outsiders(world, login, name) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor(name)).get(_url("school", pk=world.school_a.pk))

    assert response.status_code == 404


@pytest.mark.django_db
def test_school_edit_by_its_coordinator_offers_only_the_schools_own_details(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("coordinator_a"))

    form = client.get(_url("school_edit", pk=world.school_a.pk)).context["form"]
    response = client.post(
        _url("school_edit", pk=world.school_a.pk),
        {
            "name": "Ludger College",
            "city": "Doetinchem",
            "website": "https://ludger.test",
            "require_both_guardians": "on",
            "brin": "99ZZ",  # not on the form: ignored
        },
    )

    assert list(form.fields) == ["name", "city", "website", "require_both_guardians"]
    assert response["Location"] == _url("school", pk=world.school_a.pk)
    world.school_a.refresh_from_db()
    assert (world.school_a.brin, world.school_a.website, world.school_a.require_both_guardians) == (
        "01AA",
        "https://ludger.test",
        True,
    )
    [event] = AuditEvent.objects.filter(action="network.school.updated")
    assert event.changes == {
        "require_both_guardians": [False, True],
        "website": ["", "https://ludger.test"],
    }


@pytest.mark.django_db
def test_school_edit_by_region_coordinator_sets_brin_and_regions(world, login) -> None:  # type: ignore[no-untyped-def]
    world.school_a.regions.add(world.other_region)
    client = login(world.actor("region_coordinator"))

    response = client.post(
        _url("school_edit", pk=world.school_a.pk),
        {"name": "Ludger College", "brin": "01ab", "city": "Doetinchem", "regions": []},
    )

    # The school left the coordinator's region, so the coordinator goes back to the region.
    assert response["Location"] == _url("region")
    world.school_a.refresh_from_db()
    assert (world.school_a.brin, set(world.school_a.regions.all())) == (
        "01AB",
        {world.other_region},
    )


@pytest.mark.django_db
def test_school_edit_keeps_the_input_and_explains_errors(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("coordinator_a")).post(
        _url("school_edit", pk=world.school_a.pk),
        {"name": "Nieuwe naam", "city": "", "website": "geen url"},
    )

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["city", "website"]
    assert 'value="Nieuwe naam"' in response.content.decode()
    world.school_a.refresh_from_db()
    assert world.school_a.name == "Ludger College"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["coordinator_b", "teacher_a", "region_coordinator_other"])
def test_school_edit_is_404_for_outsiders(world, login, name) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor(name)).post(
        _url("school_edit", pk=world.school_a.pk), {"name": "Gekaapt", "city": "X"}
    )

    assert response.status_code == 404
    world.school_a.refresh_from_db()
    assert world.school_a.name == "Ludger College"


@pytest.mark.django_db
def test_school_location_add_saves_a_normalised_address(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("coordinator_a")).post(
        _url("school_location_add", pk=world.school_a.pk), LOCATION_POST
    )

    assert response["Location"] == _url("school", pk=world.school_a.pk)
    location = SchoolLocation.objects.get(school=world.school_a)
    assert (location.postcode, location.latitude, location.longitude) == (
        "7001 CE",
        Decimal("51.960100"),
        Decimal("6.290000"),
    )


@pytest.mark.django_db
def test_school_location_add_explains_coordinates_outside_nl(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("region_coordinator")).post(
        _url("school_location_add", pk=world.school_a.pk),
        {**LOCATION_POST, "latitude": "40.4", "longitude": "-3.7"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert sorted(response.context["form"].errors) == ["latitude", "longitude"]
    assert "outside the Netherlands" in response.content.decode()
    assert SchoolLocation.objects.count() == 0


@pytest.mark.django_db
def test_school_location_edit_and_remove(world, login) -> None:  # type: ignore[no-untyped-def]
    location = SchoolLocationFactory(school=world.school_a)
    client = login(world.actor("coordinator_a"))

    edited = client.post(
        _url("school_location_edit", pk=world.school_a.pk, location_pk=location.pk),
        {**LOCATION_POST, "name": "Nieuwbouw"},
    )
    confirm = client.get(
        _url("school_location_remove", pk=world.school_a.pk, location_pk=location.pk)
    )
    removed = client.post(
        _url("school_location_remove", pk=world.school_a.pk, location_pk=location.pk)
    )

    assert edited.status_code == removed.status_code == 302
    assert "Nieuwbouw" in confirm.content.decode()
    assert not SchoolLocation.objects.exists()
    assert list(
        AuditEvent.objects.filter(action__startswith="network.location.").values_list(
            "action", flat=True
        )
    ) == ["network.location.updated", "network.location.removed"]


@pytest.mark.django_db
def test_school_location_of_another_school_is_404(world, login) -> None:  # type: ignore[no-untyped-def]
    other = SchoolLocationFactory(school=world.school_b)

    response = login(world.actor("coordinator_a")).post(
        _url("school_location_remove", pk=world.school_a.pk, location_pk=other.pk)
    )

    assert response.status_code == 404
    assert SchoolLocation.objects.filter(pk=other.pk).exists()


# --- companies ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_my_company_leads_to_the_company_page(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("supervisor_b")).get(_url("my_company"))

    assert response["Location"] == _url("company", pk=world.company_b.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["student_b", "parent_a", "coordinator_c", "contact_b"])
def test_company_profile_is_public_without_personal_data(world, login, name) -> None:  # type: ignore[no-untyped-def]
    world.company_a.description = "Wij installeren warmtepompen."
    world.company_a.save()
    CompanyLocationFactory(company=world.company_a, street="Industrieweg 10")

    content = login(world.actor(name)).get(_url("company", pk=world.company_a.pk)).content.decode()

    assert "Wij installeren warmtepompen." in content and "Industrieweg 10" in content
    for private in ("Sjaak Smit", "sjaak@jansen.test", "Karin Jansen", "karin@jansen.test"):
        assert private not in content
    assert _url("company_edit", pk=world.company_a.pk) not in content


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["contact_a", "supervisor_a"])
def test_company_page_shows_supervisor_names_to_the_company_itself(world, login, name) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor(name)).get(_url("company", pk=world.company_a.pk))

    assert response.context["supervisors"] == ["Sjaak Smit"]
    assert "sjaak@jansen.test" not in response.content.decode()


@pytest.mark.django_db
def test_company_edit_by_contact_changes_the_profile_only(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("contact_a"))

    form = client.get(_url("company_edit", pk=world.company_a.pk)).context["form"]
    response = client.post(
        _url("company_edit", pk=world.company_a.pk),
        {
            "name": "Installatiebedrijf Jansen",
            "sector": "Installatietechniek",
            "description": "Stageplekken voor PIE.",
            "website": "",
            "sbb_accredited": "on",  # not on the form: ignored
        },
    )

    assert list(form.fields) == ["name", "sector", "description", "website"]
    assert response["Location"] == _url("company", pk=world.company_a.pk)
    world.company_a.refresh_from_db()
    assert (world.company_a.description, world.company_a.sbb_accredited) == (
        "Stageplekken voor PIE.",
        False,
    )


@pytest.mark.django_db
def test_company_edit_by_region_coordinator_sets_register_data(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("region_coordinator")).post(
        _url("company_edit", pk=world.company_a.pk),
        {
            "name": "Installatiebedrijf Jansen",
            "kvk_number": "11111111",
            "sector": "Installatietechniek",
            "sbb_accredited": "on",
            "regions": [world.region.pk],
        },
    )

    assert response.status_code == 302
    world.company_a.refresh_from_db()
    assert (world.company_a.sbb_accredited, world.company_a.is_active) == (True, False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["contact_b", "supervisor_a", "region_coordinator_other", "coordinator_a"]
)
def test_company_edit_is_404_for_outsiders(world, login, name) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor(name)).post(
        _url("company_edit", pk=world.company_a.pk), {"name": "Gekaapt"}
    )

    assert response.status_code == 404
    world.company_a.refresh_from_db()
    assert world.company_a.name == "Installatiebedrijf Jansen"


@pytest.mark.django_db
def test_company_location_add_edit_remove_by_contact(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("contact_a"))

    client.post(_url("company_location_add", pk=world.company_a.pk), LOCATION_POST)
    location = CompanyLocation.objects.get(company=world.company_a)
    client.post(
        _url("company_location_edit", pk=world.company_a.pk, location_pk=location.pk),
        {**LOCATION_POST, "street": "Keppelseweg 4"},
    )
    location.refresh_from_db()
    street = location.street
    client.post(_url("company_location_remove", pk=world.company_a.pk, location_pk=location.pk))

    assert street == "Keppelseweg 4"
    assert not CompanyLocation.objects.exists()


@pytest.mark.django_db
def test_company_location_is_404_for_another_companys_contact(world, login) -> None:  # type: ignore[no-untyped-def]
    location = CompanyLocationFactory(company=world.company_a)

    response = login(world.actor("contact_b")).post(
        _url("company_location_edit", pk=world.company_a.pk, location_pk=location.pk),
        LOCATION_POST,
    )

    assert response.status_code == 404
    location.refresh_from_db()
    assert location.name == "Werkplaats"


def _queries(client, url) -> int:  # type: ignore[no-untyped-def]
    client.get(url)  # the first request of a session writes the session once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_company_page_costs_the_same_queries_for_1_and_3_locations(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("contact_a"))
    url = _url("company", pk=world.company_a.pk)
    CompanyLocationFactory(company=world.company_a)
    one = _queries(client, url)

    CompanyLocationFactory.create_batch(2, company=world.company_a)
    three = _queries(client, url)

    assert one == three


@pytest.mark.django_db
def test_school_page_costs_the_same_queries_for_1_and_3_locations(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("region_coordinator"))
    url = _url("school", pk=world.school_a.pk)
    SchoolLocationFactory(school=world.school_a)
    one = _queries(client, url)

    SchoolLocationFactory.create_batch(2, school=world.school_a)
    three = _queries(client, url)

    assert one == three
