"""The choice-round screens: happy paths, outsiders (404), htmx ranking and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sen.placements.models import ChoiceList, ChoiceRound, ChoiceStatus, RoundStatus
from sen.placements.selectors import choices as selectors
from tests.factories import PeriodFactory, StudentFactory
from tests.placements.test_choices_support import make_list, make_offer, round_with_offers


@pytest.fixture(autouse=True)
def _no_mfa(settings):  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False


def _offer_ids(choice_round):  # type: ignore[no-untyped-def]
    return [o.pk for o in selectors.round_offers(choice_round)]


# --- Coordinator --------------------------------------------------------------------------


def test_round_create_happy_path(world, login_as):
    client = login_as(world.actor("coordinator_a"))
    period = PeriodFactory(school=world.school_a)
    offer = make_offer(world.company_a)
    now = timezone.localtime()

    response = client.post(
        reverse("placements:round_create"),
        {
            "name": "Keuzeronde najaar",
            "period": period.pk,
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "deadline": (now + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
            "min_choices": 2,
            "max_choices": 4,
            "requires_mentor_approval": "on",
            "years": ["3"],
            "offers": [offer.pk],
        },
    )

    choice_round = ChoiceRound.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("placements:round", args=[choice_round.pk])
    assert (choice_round.name, choice_round.years, choice_round.school_id) == (
        "Keuzeronde najaar",
        [3],
        world.school_a.pk,
    )


def test_round_create_shows_errors_next_to_fields(world, login_as):
    client = login_as(world.actor("coordinator_a"))
    period = PeriodFactory(school=world.school_a)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        reverse("placements:round_create"),
        {
            "name": "X",
            "period": period.pk,
            "opens_at": now,
            "deadline": now,
            "min_choices": 3,
            "max_choices": 2,
        },
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"deadline", "max_choices"}
    assert ChoiceRound.objects.count() == 0


def test_round_page_shows_progress_and_popularity(world, login_as):
    choice_round = round_with_offers(world)
    offers = list(selectors.round_offers(choice_round))
    make_list(choice_round, world.student_a, offers[:2])
    StudentFactory(school=world.school_a, first_name="Zoë")
    client = login_as(world.actor("coordinator_a"))

    response = client.get(reverse("placements:round", args=[choice_round.pk]))

    assert response.status_code == 200
    progress = response.context["progress"]
    assert (progress.eligible, progress.done, progress.counts["not_started"]) == (2, 1, 1)
    firsts = {row.offer.pk: row.first for row in response.context["popularity"]}
    assert firsts == {offers[0].pk: 1, offers[1].pk: 0, offers[2].pk: 0}


def test_round_page_filters_by_status(world, login_as):
    choice_round = round_with_offers(world)
    make_list(choice_round, world.student_a, list(selectors.round_offers(choice_round))[:2])
    other = StudentFactory(school=world.school_a)
    client = login_as(world.actor("coordinator_a"))

    response = client.get(
        reverse("placements:round", args=[choice_round.pk]), {"status": "not_started"}
    )

    assert [s.pk for s, _label in response.context["rows"]] == [other.pk]


@pytest.mark.parametrize("students", [1, 3])
def test_round_page_query_count_is_bounded(
    world, login_as, django_assert_max_num_queries, students
):
    choice_round = round_with_offers(world)
    offers = list(selectors.round_offers(choice_round))
    for _ in range(students):
        make_list(choice_round, StudentFactory(school=world.school_a), offers[:2])
    client = login_as(world.actor("coordinator_a"))

    with django_assert_max_num_queries(17):
        response = client.get(reverse("placements:round", args=[choice_round.pk]))
    assert response.status_code == 200


def test_round_open_and_close(world, login_as):
    choice_round = round_with_offers(world, status=RoundStatus.DRAFT)
    client = login_as(world.actor("coordinator_a"))

    client.post(reverse("placements:round_open", args=[choice_round.pk]))
    choice_round.refresh_from_db()
    assert choice_round.status == RoundStatus.OPEN
    client.post(reverse("placements:round_close", args=[choice_round.pk]))
    choice_round.refresh_from_db()
    assert choice_round.status == RoundStatus.CLOSED


def test_round_page_of_other_school_is_404(world, login_as):
    choice_round = round_with_offers(world)
    client = login_as(world.actor("coordinator_b"))

    assert client.get(reverse("placements:round", args=[choice_round.pk])).status_code == 404
    assert client.post(reverse("placements:round_close", args=[choice_round.pk])).status_code == 404
    choice_round.refresh_from_db()
    assert choice_round.status == RoundStatus.OPEN


# --- Student ------------------------------------------------------------------------------


def test_my_choices_lists_open_round_with_time_left(world, login_as):
    round_with_offers(world, days_left=3)
    client = login_as(world.actor("student_a"))

    response = client.get(reverse("placements:my_choices"))

    assert response.status_code == 200
    assert "Keuzeronde blok 1" in response.content.decode()
    assert "left" in response.content.decode()


def test_choose_add_move_remove_with_htmx(world, login_as):
    choice_round = round_with_offers(world)
    o1, o2, o3 = _offer_ids(choice_round)
    client = login_as(world.actor("student_a"))
    url = reverse("placements:choose_change", args=[choice_round.pk])
    htmx = {"HTTP_HX_REQUEST": "true"}

    for offer in (o1, o2, o3):
        client.post(url, {"action": "add", "offer": offer}, **htmx)
    response = client.post(url, {"action": "up", "offer": o3}, **htmx)

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert [row["card"]["pk"] for row in response.context["ranking"]] == [o1, o3, o2]
    client.post(url, {"action": "remove", "offer": o1}, **htmx)
    items = ChoiceList.objects.get().items.order_by("rank").values_list("offer_id", flat=True)
    assert list(items) == [o3, o2]


def test_choose_submit_happy_path(world, login_as):
    choice_round = round_with_offers(world)
    ids = _offer_ids(choice_round)
    make_list(choice_round, world.student_a, [], status=ChoiceStatus.DRAFT)
    client = login_as(world.actor("student_a"))
    url = reverse("placements:choose_change", args=[choice_round.pk])
    for offer in ids[:2]:
        client.post(url, {"action": "add", "offer": offer})

    response = client.post(reverse("placements:choose_submit", args=[choice_round.pk]))

    assert response.status_code == 302
    assert ChoiceList.objects.get().status == ChoiceStatus.SUBMITTED


def test_choose_after_deadline_changes_nothing(world, login_as):
    choice_round = round_with_offers(world, days_left=-1)
    ids = _offer_ids(choice_round)
    make_list(choice_round, world.student_a, [], status=ChoiceStatus.DRAFT)
    client = login_as(world.actor("student_a"))

    response = client.post(
        reverse("placements:choose_change", args=[choice_round.pk]),
        {"action": "add", "offer": ids[0]},
        follow=True,
    )

    assert "The deadline has passed; your choices can no longer be changed." in (
        response.content.decode()
    )
    assert ChoiceList.objects.get().items.count() == 0


def test_choose_shows_mentor_comment_of_returned_list(world, login_as):
    choice_round = round_with_offers(world)
    choice_list = make_list(
        choice_round,
        world.student_a,
        list(selectors.round_offers(choice_round))[:2],
        status=ChoiceStatus.RETURNED,
    )
    choice_list.mentor_comment = "Kies ook iets in Doetinchem."
    choice_list.save()
    client = login_as(world.actor("student_a"))

    response = client.get(reverse("placements:choose", args=[choice_round.pk]))

    assert "Kies ook iets in Doetinchem." in response.content.decode()


def test_choose_round_of_other_school_is_404(world, login_as):
    choice_round = round_with_offers(world)
    client = login_as(world.actor("student_b"))

    assert client.get(reverse("placements:choose", args=[choice_round.pk])).status_code == 404
    response = client.post(
        reverse("placements:choose_change", args=[choice_round.pk]),
        {"action": "add", "offer": _offer_ids(choice_round)[0]},
    )
    assert response.status_code == 404
    assert ChoiceList.objects.count() == 0


# --- Mentor -------------------------------------------------------------------------------


def test_review_approve_one_and_return_one(world, login_as):
    choice_round = round_with_offers(world)
    offers = list(selectors.round_offers(choice_round))
    first = make_list(choice_round, world.student_a, offers[:2])
    second = make_list(choice_round, StudentFactory(school=world.school_a), offers[:2])
    client = login_as(world.actor("teacher_a"))

    client.post(reverse("placements:review_approve", args=[first.pk]))
    client.post(
        reverse("placements:review_return", args=[second.pk]), {"comment": "Eén dichterbij"}
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.mentor_comment) == (
        ChoiceStatus.APPROVED,
        ChoiceStatus.RETURNED,
        "Eén dichterbij",
    )


def test_review_approve_all(world, login_as):
    choice_round = round_with_offers(world)
    offers = list(selectors.round_offers(choice_round))
    for _ in range(3):
        make_list(choice_round, StudentFactory(school=world.school_a), offers[:2])
    client = login_as(world.actor("teacher_a"))

    response = client.post(reverse("placements:review_round", args=[choice_round.pk]))

    assert response.status_code == 302
    assert set(ChoiceList.objects.values_list("status", flat=True)) == {ChoiceStatus.APPROVED}


@pytest.mark.parametrize("lists", [1, 3])
def test_review_round_query_count_is_bounded(world, login_as, django_assert_max_num_queries, lists):
    choice_round = round_with_offers(world)
    offers = list(selectors.round_offers(choice_round))
    for _ in range(lists):
        make_list(choice_round, StudentFactory(school=world.school_a), offers[:2])
    client = login_as(world.actor("teacher_a"))

    with django_assert_max_num_queries(11):
        response = client.get(reverse("placements:review_round", args=[choice_round.pk]))
    assert len(response.context["rows"]) == lists


def test_review_of_other_school_is_404(world, login_as):
    choice_round = round_with_offers(world)
    choice_list = make_list(
        choice_round, world.student_a, list(selectors.round_offers(choice_round))[:2]
    )
    client = login_as(world.actor("teacher_b"))

    assert client.get(reverse("placements:review_round", args=[choice_round.pk])).status_code == 404
    assert (
        client.post(reverse("placements:review_approve", args=[choice_list.pk])).status_code == 404
    )
    choice_list.refresh_from_db()
    assert choice_list.status == ChoiceStatus.SUBMITTED


# --- Parent -------------------------------------------------------------------------------


def test_parent_sees_childs_choices(world, login_as):
    choice_round = round_with_offers(world)
    offers = list(selectors.round_offers(choice_round))
    make_list(choice_round, world.student_a, offers[:2])
    client = login_as(world.actor("parent_a"))

    response = client.get(reverse("placements:child_choices", args=[world.student_a.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert offers[0].elective.name in content
    assert "Submitted" in content


def test_parent_of_other_child_gets_404(world, login_as):
    round_with_offers(world)
    client = login_as(world.actor("parent_b"))

    response = client.get(reverse("placements:child_choices", args=[world.student_a.pk]))

    assert response.status_code == 404
