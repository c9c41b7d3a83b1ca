"""Waiting-list pages: happy paths, outsiders (404), refusals and query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sen.placements.models import Placement, PlacementStatus
from sen.placements.selectors import waiting_list as selectors
from tests.placements.test_waiting_list_support import (
    all_withdrawn,
    published_round,
    withdraw_all,
)


@pytest.fixture(autouse=True)
def _no_mfa(settings):  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False


def _offer_url(setup, offer, name="placements:waiting_list"):  # type: ignore[no-untyped-def]
    return reverse(name, kwargs={"pk": setup.round.pk, "offer_pk": offer.pk})


def test_waiting_lists_overview_shows_offers_with_free_places(world, login_as):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)
    x, y = setup.offers

    response = login_as(world.actor("coordinator_a")).get(reverse("placements:waiting_lists"))

    text = response.content.decode()
    assert response.status_code == 200
    assert setup.round.name in text
    assert selectors.offer_label(x) in text
    assert selectors.offer_label(y) in text
    assert text.count("3 students waiting") == 2


def test_waiting_lists_overview_empty_for_other_school(world, login_as):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)

    response = login_as(world.actor("coordinator_b")).get(reverse("placements:waiting_lists"))

    assert response.status_code == 200
    assert setup.round.name not in response.content.decode()
    assert "There is no published allocation yet." in response.content.decode()


def test_waiting_list_page_lists_students_in_order(world, login_as):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)
    p1, p2, p3 = setup.people

    response = login_as(world.actor("coordinator_a")).get(_offer_url(setup, setup.offers[0]))

    text = response.content.decode()
    assert response.status_code == 200
    positions = [text.index(p.full_name) for p in (p2, p1, p3)]
    assert positions == sorted(positions)
    assert "1 free place" in text


def test_waiting_list_page_outsider_gets_404(world, login_as):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)

    response = login_as(world.actor("coordinator_b")).get(_offer_url(setup, setup.offers[0]))

    assert response.status_code == 404


def test_waiting_list_page_offer_outside_round_gets_404(world, login_as):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)
    other = published_round(world, places=(1,), rankings=[[0]]).offers[0]

    response = login_as(world.actor("coordinator_a")).get(_offer_url(setup, other))

    assert response.status_code == 404


def test_place_view_places_student_and_redirects(world, login_as):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)
    p2 = setup.people[1]
    x = setup.offers[0]
    client = login_as(world.actor("coordinator_a"))

    response = client.post(
        _offer_url(setup, x, "placements:waiting_list_place"), {"student": p2.pk}
    )

    assert response.status_code == 302
    assert response.url == _offer_url(setup, x)
    assert list(
        Placement.objects.filter(status=PlacementStatus.PROPOSED).values_list(
            "student_id", "offer_id"
        )
    ) == [(p2.pk, x.pk)]
    page = client.get(response.url).content.decode()
    assert "has a proposed place at" in page
    assert "No free place" in page


def test_place_view_refusal_shows_message_and_changes_nothing(world, login_as):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)
    x = setup.offers[0]
    client = login_as(world.actor("coordinator_a"))

    response = client.post(
        _offer_url(setup, x, "placements:waiting_list_place"),
        {"student": world.student_b.pk},
        follow=True,
    )

    assert response.status_code == 200
    assert "This student is not on the waiting list of" in response.content.decode()
    assert not Placement.objects.filter(status=PlacementStatus.PROPOSED).exists()


def test_place_view_outsider_gets_404(world, login_as):  # type: ignore[no-untyped-def]
    setup = all_withdrawn(world)
    p2 = setup.people[1]

    response = login_as(world.actor("coordinator_b")).post(
        _offer_url(setup, setup.offers[0], "placements:waiting_list_place"), {"student": p2.pk}
    )

    assert response.status_code == 404
    assert not Placement.objects.filter(status=PlacementStatus.PROPOSED).exists()


def _waiting(world, count):  # type: ignore[no-untyped-def]
    rankings = [[0, 1]] * count
    setup = published_round(world, places=(count, count), rankings=rankings)
    withdraw_all(world, setup.people)
    return setup


@pytest.mark.parametrize("count", [1, 3])
def test_waiting_list_page_query_count(world, login_as, django_assert_max_num_queries, count):  # type: ignore[no-untyped-def]
    setup = _waiting(world, count)
    client = login_as(world.actor("coordinator_a"))

    with django_assert_max_num_queries(18):
        response = client.get(_offer_url(setup, setup.offers[0]))

    assert response.status_code == 200
    assert response.content.decode().count('name="student"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_waiting_lists_overview_query_count(world, login_as, django_assert_max_num_queries, count):  # type: ignore[no-untyped-def]
    setup = _waiting(world, count)
    client = login_as(world.actor("coordinator_a"))

    with django_assert_max_num_queries(18):
        response = client.get(reverse("placements:waiting_lists"))

    assert response.status_code == 200
    assert selectors.offer_label(setup.offers[0]) in response.content.decode()


def test_outcome_page_shows_offer_title_and_waiting_list_reason(world, login_as):  # type: ignore[no-untyped-def]
    from sen.placements.services import waiting_list as services

    setup = published_round(world, places=(1, 1), rankings=[[0, 1], [0, 1]], with_anna=True)
    withdraw_all(world, setup.people)
    x = setup.offers[0]
    x.title = "Meelopen in de werkplaats"
    x.save(update_fields=["title"])
    services.place_from_waiting_list(
        actor=world.actor("coordinator_a"),
        choice_round=setup.round,
        offer_id=x.pk,
        student_id=world.student_a.pk,
    )

    response = login_as(world.actor("student_a")).get(reverse("placements:my_outcome"))

    text = response.content.decode()
    assert response.status_code == 200
    assert f"{x.elective.name} — {x.company.name}" in text
    assert "Meelopen in de werkplaats" in text
    assert "you were next on its waiting list" in text
