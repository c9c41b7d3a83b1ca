"""Catalogue pages: browse, a school's electives, periods; happy paths, outsiders, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from sen.catalogue.models import Elective, Period, SchoolElective
from sen.catalogue.selectors import current_school_year
from tests.factories import ElectiveFactory, PeriodFactory
from tests.factories.imports import SchoolElectiveFactory


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def _national(code: str = "1206") -> Elective:
    return Elective.objects.get(school=None, code=code)


# --- Browse the catalogue -------------------------------------------------------------------


@pytest.mark.django_db
def test_catalogue_lists_the_ten_profiles_and_national_electives(world, login) -> None:  # type: ignore[no-untyped-def]
    html = login(world.actor("student_a")).get(reverse("catalogue:index")).content.decode()

    for code in (
        "BWI",
        "PIE",
        "M&amp;T",
        "MVI",
        "MaT",
        "Z&amp;W",
        "E&amp;O",
        "HBR",
        "Groen",
        "D&amp;P",
    ):
        assert f">{code} <small>" in html
    assert "Schoonmetselwerk" in html
    assert "111 electives" in html
    assert 'href="https://wetten.overheid.nl/BWBR0036964"' in html
    assert ">slo.nl<" in html


@pytest.mark.django_db
def test_catalogue_filters_by_profile_and_search(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("contact_a"))

    by_profile = client.get(reverse("catalogue:index"), {"profiel": "BWI"}).content.decode()
    by_search = client.get(reverse("catalogue:index"), {"q": "1206"}).content.decode()

    assert "Schoonmetselwerk" in by_profile and "19 electives" in by_profile
    assert "Schoonmetselwerk" in by_search and "1 elective<" in by_search


@pytest.mark.django_db
def test_catalogue_live_search_returns_only_the_results(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("student_a")).get(
        reverse("catalogue:index"),
        {"q": "zzzz-nothing"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "No elective matches your search." in html


@pytest.mark.django_db
def test_catalogue_shows_own_electives_to_their_school_only(world, login) -> None:  # type: ignore[no-untyped-def]
    ElectiveFactory(school=world.school_a, name="Drones bouwen", code="VK-DRONES")

    seen_a = login(world.actor("teacher_a")).get(reverse("catalogue:index")).content.decode()
    seen_b = login(world.actor("teacher_b")).get(reverse("catalogue:index")).content.decode()

    assert "Drones bouwen" in seen_a
    assert "Drones bouwen" not in seen_b


@pytest.mark.django_db
def test_catalogue_needs_a_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("catalogue:index"))

    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.django_db
def test_catalogue_queries_do_not_grow_with_electives(
    world, login, django_assert_max_num_queries, count
) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        SchoolElectiveFactory(
            school=world.school_a,
            elective=ElectiveFactory(school=world.school_a),
            local_name=f"Eigen {n}",
        )
    client = login(world.actor("coordinator_a"))

    with django_assert_max_num_queries(15):
        response = client.get(reverse("catalogue:index"))

    assert response.content.decode().count("At your school: Eigen") == count


# --- The school's electives -----------------------------------------------------------------


@pytest.mark.django_db
def test_school_electives_show_status_badges(world, login) -> None:  # type: ignore[no-untyped-def]
    SchoolElectiveFactory(school=world.school_a, elective=_national("1206"), local_name="Metselen")
    SchoolElectiveFactory(
        school=world.school_a, elective=_national("1205"), retired_on=dt.date(2026, 1, 1)
    )
    SchoolElectiveFactory(
        school=world.school_b, elective=_national("1207"), local_name="Schilderen"
    )
    client = login(world.actor("coordinator_a"))

    renamed = client.get(reverse("catalogue:school_electives"), {"status": "renamed"})
    retired = client.get(reverse("catalogue:school_electives"), {"status": "retired"})

    assert renamed.context["counts"] == {"offered": 109, "renamed": 1, "retired": 1, "own": 0}
    assert [row.name for row in renamed.context["rows"]] == ["Metselen"]
    assert "National name: Schoonmetselwerk" in renamed.content.decode()
    assert [row.elective.code for row in retired.context["rows"]] == ["1205"]
    assert "No longer offered" in retired.content.decode()


@pytest.mark.django_db
def test_teacher_sees_school_electives_without_actions(world, login) -> None:  # type: ignore[no-untyped-def]
    html = (
        login(world.actor("teacher_a")).get(reverse("catalogue:school_electives")).content.decode()
    )

    assert "Schoonmetselwerk" in html
    assert "Stop offering" not in html and "Add an own elective" not in html


@pytest.mark.django_db
def test_school_electives_are_not_for_companies(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("contact_a")).get(reverse("catalogue:school_electives"))

    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.django_db
def test_school_electives_queries_do_not_grow(
    world, login, django_assert_max_num_queries, count
) -> None:  # type: ignore[no-untyped-def]
    for code in ("1205", "1206", "1207")[:count]:
        SchoolElectiveFactory(
            school=world.school_a, elective=_national(code), local_name=f"N{code}"
        )
    client = login(world.actor("coordinator_a"))

    with django_assert_max_num_queries(18):
        response = client.get(reverse("catalogue:school_electives"))

    assert response.context["counts"]["renamed"] == count


@pytest.mark.django_db
def test_coordinator_renames_a_national_elective(world, login) -> None:  # type: ignore[no-untyped-def]
    elective = _national()
    url = reverse("catalogue:school_elective_edit", kwargs={"pk": elective.pk})
    client = login(world.actor("coordinator_a"))

    form = client.get(url)
    response = client.post(url, {"local_name": "Metselen"})

    assert form.status_code == 200 and "National name" in form.content.decode()
    assert response.status_code == 302
    assert SchoolElective.objects.get(school=world.school_a, elective=elective).local_name == (
        "Metselen"
    )


@pytest.mark.django_db
def test_coordinator_adds_and_edits_an_own_elective(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("coordinator_a"))

    created = client.post(
        reverse("catalogue:own_elective_create"),
        {"name": "Drones", "code": "vk-drones", "profile": "", "duo_code": ""},
    )
    own = Elective.objects.get(school=world.school_a)
    edited = client.post(
        reverse("catalogue:school_elective_edit", kwargs={"pk": own.pk}),
        {"name": "Drones vliegen", "code": "VK-DRONES", "profile": "", "duo_code": "9999"},
    )

    assert (created.status_code, edited.status_code) == (302, 302)
    own.refresh_from_db()
    assert (own.name, own.code, own.duo_code) == ("Drones vliegen", "VK-DRONES", "9999")


@pytest.mark.django_db
def test_own_elective_form_shows_errors_next_to_fields(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("coordinator_a"))

    response = client.post(
        reverse("catalogue:own_elective_create"), {"name": "Metselen", "code": "1206"}
    )

    assert response.status_code == 200
    assert 'class="field-error" id="id_code_error">This code belongs to the national' in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_coordinator_retires_and_reinstates(world, login) -> None:  # type: ignore[no-untyped-def]
    elective = _national()
    client = login(world.actor("coordinator_a"))

    retire = client.post(reverse("catalogue:school_elective_retire", kwargs={"pk": elective.pk}))
    again = client.post(
        reverse("catalogue:school_elective_retire", kwargs={"pk": elective.pk}), follow=True
    )
    reinstate = client.post(
        reverse("catalogue:school_elective_reinstate", kwargs={"pk": elective.pk})
    )

    assert (retire.status_code, reinstate.status_code) == (302, 302)
    assert "already no longer offered" in again.content.decode()
    assert SchoolElective.objects.get(school=world.school_a, elective=elective).retired_on is None


@pytest.mark.django_db
def test_other_schools_coordinator_cannot_touch_an_own_elective(world, login) -> None:  # type: ignore[no-untyped-def]
    own = ElectiveFactory(school=world.school_a)
    client = login(world.actor("coordinator_b"))

    responses = [
        client.get(reverse("catalogue:school_elective_edit", kwargs={"pk": own.pk})),
        client.post(reverse("catalogue:school_elective_retire", kwargs={"pk": own.pk})),
    ]

    assert [r.status_code for r in responses] == [404, 404]
    own.refresh_from_db()
    assert own.retired_on is None


@pytest.mark.django_db
def test_teacher_cannot_change_electives(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.actor("teacher_a")).post(
        reverse("catalogue:school_elective_retire", kwargs={"pk": _national().pk})
    )

    assert response.status_code == 404
    assert not SchoolElective.objects.exists()


# --- Periods --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_periods_are_listed_per_school_year(world, login) -> None:  # type: ignore[no-untyped-def]
    PeriodFactory(school=world.school_a, school_year="2026-2027", name="Blok 1")
    PeriodFactory(
        school=world.school_a,
        school_year="2025-2026",
        name="Oud blok",
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2025, 11, 1),
    )
    PeriodFactory(school=world.school_b, school_year="2026-2027", name="Blok B")
    client = login(world.actor("teacher_a"))

    response = client.get(reverse("catalogue:periods"), {"year": "2026-2027"})

    assert [p.name for p in response.context["periods"]] == ["Blok 1"]
    assert set(response.context["years"]) >= {"2025-2026", "2026-2027", current_school_year()}
    assert "Add a period" not in response.content.decode()


@pytest.mark.django_db
def test_coordinator_creates_edits_and_deletes_a_period(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("coordinator_a"))
    data = {
        "school_year": "2026-2027",
        "name": "Blok 1",
        "starts_on": "2026-08-24",
        "ends_on": "2026-10-30",
    }

    created = client.post(reverse("catalogue:period_create"), data)
    period = Period.objects.get(school=world.school_a)
    edited = client.post(
        reverse("catalogue:period_edit", kwargs={"pk": period.pk}), {**data, "name": "Periode 1"}
    )
    confirm_page = client.get(reverse("catalogue:period_delete", kwargs={"pk": period.pk}))
    deleted = client.post(reverse("catalogue:period_delete", kwargs={"pk": period.pk}))

    assert created["Location"] == reverse("catalogue:periods") + "?year=2026-2027"
    assert edited.status_code == 302
    assert "Delete Periode 1 of 2026-2027" in confirm_page.content.decode()
    assert deleted.status_code == 302
    assert not Period.objects.exists()


@pytest.mark.django_db
def test_period_form_shows_the_overlap_next_to_the_start_date(world, login) -> None:  # type: ignore[no-untyped-def]
    PeriodFactory(
        school=world.school_a,
        name="Blok 1",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 11, 1),
    )
    client = login(world.actor("coordinator_a"))

    response = client.post(
        reverse("catalogue:period_create"),
        {
            "school_year": "2026-2027",
            "name": "Blok 2",
            "starts_on": "2026-10-01",
            "ends_on": "2026-12-01",
        },
    )

    assert response.status_code == 200
    assert "This overlaps with Blok 1 (01-09-2026 to 01-11-2026)." in response.content.decode()
    assert Period.objects.count() == 1


@pytest.mark.django_db
def test_other_schools_coordinator_gets_404_for_a_period(world, login) -> None:  # type: ignore[no-untyped-def]
    period = PeriodFactory(school=world.school_a)
    client = login(world.actor("coordinator_b"))

    responses = [
        client.get(reverse("catalogue:period_edit", kwargs={"pk": period.pk})),
        client.post(reverse("catalogue:period_delete", kwargs={"pk": period.pk})),
    ]

    assert [r.status_code for r in responses] == [404, 404]
    assert Period.objects.filter(pk=period.pk).exists()


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.django_db
def test_periods_queries_do_not_grow(world, login, django_assert_max_num_queries, count) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        PeriodFactory(
            school=world.school_a,
            name=f"Blok {n + 1}",
            starts_on=dt.date(2026, 9 + n, 1),
            ends_on=dt.date(2026, 9 + n, 20),
        )
    client = login(world.actor("coordinator_a"))

    with django_assert_max_num_queries(12):
        response = client.get(reverse("catalogue:periods"), {"year": "2026-2027"})

    assert len(response.context["periods"]) == count


@pytest.mark.django_db
def test_menu_shows_catalogue_items_per_role(world, login) -> None:  # type: ignore[no-untyped-def]
    coordinator = login(world.actor("coordinator_a")).get(reverse("catalogue:index"))
    names = {item["name"] for item in coordinator.context["nav_items"]}
    student = login(world.actor("student_a")).get(reverse("catalogue:index"))
    student_names = {item["name"] for item in student.context["nav_items"]}

    assert {
        "catalogue:index",
        "catalogue:school_electives",
        "catalogue:periods",
        "imports:start",
    } <= names
    assert "catalogue:index" in student_names
    assert not {"catalogue:school_electives", "catalogue:periods", "imports:start"} & student_names
