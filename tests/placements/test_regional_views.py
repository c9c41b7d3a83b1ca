"""Regional allocation pages: happy paths, outsiders (404), scope per school, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sen.placements.models import AllocationRun, Placement, RoundStatus, RunStatus
from tests.factories import SchoolFactory
from tests.placements.test_regional_support import (
    closed_round_of,
    computed,
    pupils,
    rank,
    regional_proposal,
    shared_offers,
    two_schools,
)


@pytest.fixture(autouse=True)
def _no_mfa(settings):  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False


def test_region_rounds_lists_closed_rounds_of_own_region_only(world, login_as):  # type: ignore[no-untyped-def]
    offers = shared_offers(world)
    closed_round_of(world.school_a, offers)
    closed_round_of(world.school_c, offers)

    response = login_as(world.actor("region_coordinator")).get(
        reverse("placements:regional_rounds")
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "Ronde Ludger College" in text
    assert "Ronde Twents Vakcollege" not in text


def test_region_rounds_post_starts_and_computes_run(
    world, login_as, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    round_a, round_b, _ = two_schools(world)
    client = login_as(world.actor("region_coordinator"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("placements:regional_rounds"),
            {"rounds": [round_a.pk, round_b.pk], "mechanism": "deferred_acceptance"},
        )

    run = AllocationRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("placements:regional_run", args=[run.pk])
    assert run.status == RunStatus.PROPOSAL
    assert run.assignments.count() == 6


def test_region_rounds_post_of_other_regions_round_is_refused(world, login_as):  # type: ignore[no-untyped-def]
    offers = shared_offers(world)
    round_a = closed_round_of(world.school_a, offers)
    round_c = closed_round_of(world.school_c, offers)

    response = login_as(world.actor("region_coordinator")).post(
        reverse("placements:regional_rounds"),
        {"rounds": [round_a.pk, round_c.pk], "mechanism": "deferred_acceptance"},
    )

    assert response.status_code == 200
    assert AllocationRun.objects.count() == 0


def test_regional_run_shows_figures_per_school_without_names(world, login_as):  # type: ignore[no-untyped-def]
    run = regional_proposal(world)

    response = login_as(world.actor("region_coordinator")).get(
        reverse("placements:regional_run", args=[run.pk])
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "Ludger College" in text
    assert "Staring College" in text
    assert "First come, first served" in text
    assert "Anna Achterberg" not in text
    assert "Bram Bosman" not in text


@pytest.mark.parametrize("name", ["region_coordinator_other", "coordinator_a", "administrator"])
def test_regional_run_for_outsider_is_404(world, login_as, name):  # type: ignore[no-untyped-def]
    run = regional_proposal(world)

    response = login_as(world.actor(name)).get(reverse("placements:regional_run", args=[run.pk]))

    assert response.status_code == 404


def test_school_run_page_of_regional_run_is_404_for_school_coordinator(world, login_as):  # type: ignore[no-untyped-def]
    run = regional_proposal(world)

    response = login_as(world.actor("coordinator_a")).get(
        reverse("placements:allocation_run", args=[run.pk])
    )

    assert response.status_code == 404


def test_school_regional_run_shows_own_students_only(world, login_as):  # type: ignore[no-untyped-def]
    run = regional_proposal(world)

    response = login_as(world.actor("coordinator_b")).get(
        reverse("placements:school_regional_run", args=[run.pk])
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "Bram Bosman" in text
    assert "Anna Achterberg" not in text
    assert response.context["current"]["students"] == 3


def test_school_regional_run_for_school_outside_run_is_404(world, login_as):  # type: ignore[no-untyped-def]
    run = regional_proposal(world)

    response = login_as(world.actor("coordinator_c")).get(
        reverse("placements:school_regional_run", args=[run.pk])
    )

    assert response.status_code == 404


def test_school_regional_runs_lists_runs_covering_own_school(world, login_as):  # type: ignore[no-untyped-def]
    run = regional_proposal(world)

    response_a = login_as(world.actor("coordinator_a")).get(
        reverse("placements:school_regional_runs")
    )
    response_c = login_as(world.actor("coordinator_c")).get(
        reverse("placements:school_regional_runs")
    )

    assert list(response_a.context["runs"]) == [run]
    assert list(response_c.context["runs"]) == []


def test_regional_publish_view_places_both_schools(world, login_as):  # type: ignore[no-untyped-def]
    run = regional_proposal(world)

    response = login_as(world.actor("region_coordinator")).post(
        reverse("placements:regional_publish", args=[run.pk])
    )

    assert response.status_code == 302
    assert {p.student.school_id for p in Placement.objects.filter(run=run)} == {
        world.school_a.pk,
        world.school_b.pk,
    }
    assert set(run.rounds.values_list("status", flat=True)) == {RoundStatus.ALLOCATED}


def test_regional_publish_by_other_region_is_404(world, login_as):  # type: ignore[no-untyped-def]
    run = regional_proposal(world)

    response = login_as(world.actor("region_coordinator_other")).post(
        reverse("placements:regional_publish", args=[run.pk])
    )

    run.refresh_from_db()
    assert response.status_code == 404
    assert run.status == RunStatus.PROPOSAL


def test_regional_discard_view_redirects_to_region_page(world, login_as):  # type: ignore[no-untyped-def]
    run = regional_proposal(world)

    response = login_as(world.actor("region_coordinator")).post(
        reverse("placements:regional_discard", args=[run.pk])
    )

    run.refresh_from_db()
    assert response.url == reverse("placements:regional_rounds")
    assert run.status == RunStatus.DISCARDED


def test_student_of_school_b_sees_published_regional_outcome(world, login_as):  # type: ignore[no-untyped-def]
    from sen.placements.services import regional as services

    run = regional_proposal(world)
    services.publish_regional(actor=world.actor("region_coordinator"), run=run)

    response = login_as(world.actor("student_b")).get(reverse("placements:my_outcome"))

    assert response.status_code == 200
    assert len(response.context["outcomes"]) == 1


# --- Query counts --------------------------------------------------------------------------


def _schools(world, count):  # type: ignore[no-untyped-def]
    extra = [SchoolFactory(regions=[world.region]) for _ in range(max(0, count - 2))]
    return [world.school_a, world.school_b, *extra][:count]


@pytest.mark.parametrize("count", [1, 3])
def test_region_rounds_query_count(world, login_as, django_assert_max_num_queries, count):  # type: ignore[no-untyped-def]
    offers = shared_offers(world)
    rounds = [closed_round_of(school, offers) for school in _schools(world, count)]
    for choice_round in rounds:
        rank(choice_round, pupils(choice_round.school, 2), offers)
    if count > 1:
        computed(world, rounds)
    client = login_as(world.actor("region_coordinator"))

    with django_assert_max_num_queries(10):
        response = client.get(reverse("placements:regional_rounds"))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 3])
def test_regional_run_query_count(world, login_as, django_assert_max_num_queries, count):  # type: ignore[no-untyped-def]
    offers = shared_offers(world)
    rounds = [closed_round_of(school, offers) for school in _schools(world, count)]
    for choice_round in rounds:
        rank(choice_round, pupils(choice_round.school, 2), offers)
    run = computed(world, rounds)
    client = login_as(world.actor("region_coordinator"))

    with django_assert_max_num_queries(13):
        response = client.get(reverse("placements:regional_run", args=[run.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_school_regional_run_query_count(world, login_as, django_assert_max_num_queries, count):  # type: ignore[no-untyped-def]
    offers = shared_offers(world, places=(1, 1, 1))
    round_a = closed_round_of(world.school_a, offers)
    round_b = closed_round_of(world.school_b, offers)
    rank(round_a, pupils(world.school_a, count), offers)
    rank(round_b, pupils(world.school_b, 1), offers)
    run = computed(world, [round_a, round_b])
    client = login_as(world.actor("coordinator_a"))

    with django_assert_max_num_queries(12):
        response = client.get(reverse("placements:school_regional_run", args=[run.pk]))

    assert response.status_code == 200
