"""Allocation and placement pages: happy paths, outsiders (404) and query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sen.placements.models import AllocationRun, Placement, PlacementStatus, RunStatus
from tests.placements.test_allocation_support import (
    closed_round,
    computed_run,
    published,
    rank_all,
    scenario,
    students,
)


@pytest.fixture(autouse=True)
def _no_mfa(settings):  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False


def test_round_runs_start_run_redirects_to_proposal(
    world, login_as, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    choice_round, offers = closed_round(world)
    rank_all(choice_round, students(world, 2), offers)
    client = login_as(world.actor("coordinator_a"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("placements:allocation_round", args=[choice_round.pk]),
            {"mechanism": "deferred_acceptance"},
        )

    run = AllocationRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("placements:allocation_run", args=[run.pk])
    run.refresh_from_db()
    assert run.status == RunStatus.PROPOSAL


def test_round_runs_page_explains_both_mechanisms(world, login_as):  # type: ignore[no-untyped-def]
    choice_round, _ = closed_round(world)

    response = login_as(world.actor("coordinator_a")).get(
        reverse("placements:allocation_round", args=[choice_round.pk])
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "Nobody can gain by ranking dishonestly" in text
    assert "could sometimes gain by ranking strategically" in text


def test_run_detail_shows_figures_chart_and_students(world, login_as):  # type: ignore[no-untyped-def]
    run = scenario(world)

    response = login_as(world.actor("coordinator_a")).get(
        reverse("placements:allocation_run", args=[run.pk])
    )

    text = response.content.decode()
    assert response.status_code == 200
    for label in ("Fair and strategy-proof", "Best overall ranks", "First come, first served"):
        assert label in text
    assert "Anna Achterberg" in text
    assert 'role="img"' in text


def test_run_detail_other_school_404(world, login_as):  # type: ignore[no-untyped-def]
    run = scenario(world)

    response = login_as(world.actor("coordinator_b")).get(
        reverse("placements:allocation_run", args=[run.pk])
    )

    assert response.status_code == 404


def test_adjust_over_capacity_shows_message(world, login_as):  # type: ignore[no-untyped-def]
    run = scenario(world)
    a, b = run.assignments.exclude(offer__isnull=True).values_list("pk", "offer_id")[:2]
    target = b[1] if b[1] != a[1] else run.assignments.exclude(offer_id=a[1]).first().offer_id  # type: ignore[union-attr]

    response = login_as(world.actor("coordinator_a")).post(
        reverse("placements:allocation_adjust", args=[run.pk]),
        {"assignment": a[0], "offer": target},
        follow=True,
    )

    assert "has no place left for this student" in response.content.decode()
    assert run.assignments.get(pk=a[0]).offer_id == a[1]


def test_publish_view_creates_placements(world, login_as):  # type: ignore[no-untyped-def]
    run = scenario(world)

    response = login_as(world.actor("coordinator_a")).post(
        reverse("placements:allocation_publish", args=[run.pk]), follow=True
    )

    assert "Published: 4 students have a proposed place." in response.content.decode()
    assert Placement.objects.filter(run=run).count() == 4


def test_publish_view_outsider_404(world, login_as):  # type: ignore[no-untyped-def]
    run = scenario(world)

    response = login_as(world.actor("coordinator_c")).post(
        reverse("placements:allocation_publish", args=[run.pk])
    )

    assert response.status_code == 404
    assert Placement.objects.count() == 0


def test_my_outcome_shows_why(world, login_as):  # type: ignore[no-untyped-def]
    published(world)

    response = login_as(world.actor("parent_a")).get(reverse("placements:my_outcome"))

    text = response.content.decode()
    assert "Why this place?" in text
    assert "You got your choice number" in text


def test_company_decline_view(world, login_as):  # type: ignore[no-untyped-def]
    choice_round, offers = closed_round(world)
    rank_all(choice_round, students(world, 2), offers)
    from sen.placements.services import allocation as services

    services.publish(
        actor=world.actor("coordinator_a"),
        run=computed_run(world.actor("coordinator_a"), choice_round),
    )
    placement = Placement.objects.order_by("pk").first()
    assert placement is not None

    response = login_as(world.actor("contact_a")).post(
        reverse("placements:placement_decline", args=[placement.pk]),
        {"note": "Geen begeleider"},
    )

    placement.refresh_from_db()
    assert response.status_code == 302
    assert placement.status == PlacementStatus.CANCELLED


def test_company_decline_other_company_404(world, login_as):  # type: ignore[no-untyped-def]
    run = published(world)
    placement = run.placements.first()

    response = login_as(world.actor("contact_b")).post(
        reverse("placements:placement_decline", args=[placement.pk]), {"note": "Nee"}
    )

    assert response.status_code == 404


def _published_with(world, count):  # type: ignore[no-untyped-def]
    from sen.placements.services import allocation as services

    choice_round, offers = closed_round(world, places=(count, count, count))
    rank_all(choice_round, students(world, count), offers)
    run = computed_run(world.actor("coordinator_a"), choice_round)
    services.publish(actor=world.actor("coordinator_a"), run=run)
    return run


@pytest.mark.parametrize("count", [1, 3])
def test_school_placements_query_count(world, login_as, django_assert_max_num_queries, count):  # type: ignore[no-untyped-def]
    _published_with(world, count)
    client = login_as(world.actor("coordinator_a"))

    with django_assert_max_num_queries(14):
        response = client.get(reverse("placements:school_placements"))

    assert response.status_code == 200
    assert response.content.decode().count("badge-muted") >= count


@pytest.mark.parametrize("count", [1, 3])
def test_company_placements_query_count(world, login_as, django_assert_max_num_queries, count):  # type: ignore[no-untyped-def]
    _published_with(world, count)
    client = login_as(world.actor("contact_a"))

    with django_assert_max_num_queries(14):
        response = client.get(reverse("placements:company_placements"))

    assert response.status_code == 200
    assert response.content.decode().count("Decline this student") == count


@pytest.mark.parametrize("count", [1, 3])
def test_run_detail_query_count(world, login_as, django_assert_max_num_queries, count):  # type: ignore[no-untyped-def]
    choice_round, offers = closed_round(world, places=(1, 1, 1))
    rank_all(choice_round, students(world, count), offers)
    run = computed_run(world.actor("coordinator_a"), choice_round)
    client = login_as(world.actor("coordinator_a"))

    with django_assert_max_num_queries(22):
        response = client.get(reverse("placements:allocation_run", args=[run.pk]))

    assert response.status_code == 200
