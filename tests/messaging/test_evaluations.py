"""Evaluations: the window, one per party, who may evaluate, asking for them, the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sen.audit.models import AuditEvent
from sen.messaging.evaluations.services import request_evaluations, submit_evaluation
from sen.messaging.models import Evaluation, Notification, Party
from sen.placements.models import PlacementStatus
from tests.factories.messaging import classmate_placement, ending_placement
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings):  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False


def _codes(exc: pytest.ExceptionInfo[ValidationError]) -> list[str | None]:
    return [error.code for error in exc.value.error_list]


# --- The service -------------------------------------------------------------------------


def test_submit_evaluation_by_the_student(world) -> None:  # type: ignore[no-untyped-def]
    placement = ending_placement(world, "a")

    evaluation = submit_evaluation(
        actor=world.actor("student_a"), placement=placement, scores=[5, 4, 3], comment=" Leuk! "
    )

    assert (evaluation.party, evaluation.scores, evaluation.comment, evaluation.author) == (
        Party.STUDENT,
        (5, 4, 3),
        "Leuk!",
        world.user("student_a"),
    )
    event = AuditEvent.objects.get(action="messaging.evaluation.submitted")
    assert event.changes == {"placement": placement.pk, "party": "student"}


@pytest.mark.parametrize("who", ["supervisor_a", "contact_a"])
def test_submit_evaluation_by_the_company(world, who) -> None:  # type: ignore[no-untyped-def]
    placement = ending_placement(world, "a")

    evaluation = submit_evaluation(actor=world.actor(who), placement=placement, scores=[2, 3, 4])

    assert evaluation.party == Party.COMPANY


def test_submit_evaluation_on_a_completed_placement_is_open_any_time(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(
        world,
        "a",
        status=PlacementStatus.COMPLETED,
        starts_on=timezone.localdate() - dt.timedelta(days=260),
        ends_on=timezone.localdate() - dt.timedelta(days=200),
    )

    assert submit_evaluation(actor=world.actor("student_a"), placement=placement, scores=[3, 3, 3])


def test_submit_evaluation_opens_fourteen_days_before_the_end(world) -> None:  # type: ignore[no-untyped-def]
    placement = ending_placement(world, "a", days_left=14)

    assert submit_evaluation(actor=world.actor("student_a"), placement=placement, scores=[3, 3, 3])


def test_submit_evaluation_before_the_window_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    placement = ending_placement(world, "a", days_left=15)

    with pytest.raises(ValidationError) as exc:
        submit_evaluation(actor=world.actor("student_a"), placement=placement, scores=[3, 3, 3])

    opens = placement.ends_on - dt.timedelta(days=14)
    assert _codes(exc) == ["too_early"]
    assert exc.value.messages == [
        f"You can evaluate this placement from {opens:%a} {opens.day} {opens:%B %Y}."
    ]
    assert Evaluation.objects.count() == 0


@pytest.mark.parametrize(
    "status",
    [PlacementStatus.PROPOSED, PlacementStatus.AGREEMENT_PENDING, PlacementStatus.CANCELLED],
)
def test_submit_evaluation_of_a_placement_not_running_is_refused(world, status) -> None:  # type: ignore[no-untyped-def]
    placement = ending_placement(world, "a", status=status)

    with pytest.raises(ValidationError) as exc:
        submit_evaluation(actor=world.actor("student_a"), placement=placement, scores=[3, 3, 3])

    assert _codes(exc) == ["status"]


@pytest.mark.parametrize("who", ["supervisor_a", "contact_a", "student_a"])
def test_submit_evaluation_twice_by_the_same_party_is_refused(world, who) -> None:  # type: ignore[no-untyped-def]
    placement = ending_placement(world, "a")
    first = "contact_a" if who == "supervisor_a" else who
    submit_evaluation(actor=world.actor(first), placement=placement, scores=[3, 3, 3])

    with pytest.raises(ValidationError) as exc:
        submit_evaluation(actor=world.actor(who), placement=placement, scores=[5, 5, 5])

    assert _codes(exc) == ["duplicate"]
    assert Evaluation.objects.get().scores == (3, 3, 3)


def test_submit_evaluation_each_party_once(world) -> None:  # type: ignore[no-untyped-def]
    placement = ending_placement(world, "a")

    submit_evaluation(actor=world.actor("student_a"), placement=placement, scores=[3, 3, 3])
    submit_evaluation(actor=world.actor("supervisor_a"), placement=placement, scores=[4, 4, 4])

    assert sorted(Evaluation.objects.values_list("party", flat=True)) == ["company", "student"]


@pytest.mark.parametrize(
    "who", ["parent_a", "teacher_a", "coordinator_a", "student_b", "supervisor_b", "contact_b"]
)
def test_submit_evaluation_by_someone_else_is_refused(world, who) -> None:  # type: ignore[no-untyped-def]
    placement = ending_placement(world, "a")

    with pytest.raises(ValidationError) as exc:
        submit_evaluation(actor=world.actor(who), placement=placement, scores=[3, 3, 3])

    assert _codes(exc) == ["not_a_party"]


@pytest.mark.parametrize("scores", [[3, 3], [0, 3, 3], [3, 3, 6], [3, True, 3], ["3", 3, 3]])
def test_submit_evaluation_with_bad_scores_is_refused(world, scores) -> None:  # type: ignore[no-untyped-def]
    placement = ending_placement(world, "a")

    with pytest.raises(ValidationError) as exc:
        submit_evaluation(actor=world.actor("student_a"), placement=placement, scores=scores)

    assert _codes(exc) == ["scores"]


def test_submit_evaluation_with_too_long_remarks_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    placement = ending_placement(world, "a")

    with pytest.raises(ValidationError) as exc:
        submit_evaluation(
            actor=world.actor("student_a"),
            placement=placement,
            scores=[3, 3, 3],
            comment="x" * 2001,
        )

    assert _codes(exc) == ["too_long"]


# --- Asking for evaluations ---------------------------------------------------------------


def test_request_evaluations_asks_each_party_once(world) -> None:  # type: ignore[no-untyped-def]
    ending = ending_placement(world, "a")
    placement_for(world, "b")  # eight weeks to go: not asked yet

    first = request_evaluations()
    again = request_evaluations()

    asked = set(Notification.objects.values_list("key", "recipient__email"))
    assert (first, again) == (2, 0)
    assert asked == {
        (f"evaluation:{ending.pk}:student", "anna@leerling.test"),
        (f"evaluation:{ending.pk}:company", "sjaak@jansen.test"),
    }
    assert set(Notification.objects.values_list("url", flat=True)) == {
        reverse("messaging:evaluate", args=[ending.pk])
    }


def test_request_evaluations_skips_parties_that_evaluated(world) -> None:  # type: ignore[no-untyped-def]
    ending = ending_placement(world, "a")
    submit_evaluation(actor=world.actor("student_a"), placement=ending, scores=[4, 4, 4])

    assert request_evaluations() == 1
    assert Notification.objects.get().recipient == world.user("supervisor_a")


def test_request_evaluations_asks_the_contacts_when_there_is_no_supervisor(world) -> None:  # type: ignore[no-untyped-def]
    ending = ending_placement(world, "a")
    ending.supervisor = None
    ending.save(update_fields=["supervisor"])

    request_evaluations()

    assert set(
        Notification.objects.filter(key=f"evaluation:{ending.pk}:company").values_list(
            "recipient__email", flat=True
        )
    ) == {"karin@jansen.test"}


def test_request_evaluations_forgets_placements_completed_long_ago(world) -> None:  # type: ignore[no-untyped-def]
    placement_for(
        world,
        "a",
        status=PlacementStatus.COMPLETED,
        starts_on=timezone.localdate() - dt.timedelta(days=90),
        ends_on=timezone.localdate() - dt.timedelta(days=31),
    )

    assert request_evaluations() == 0


# --- The pages -----------------------------------------------------------------------------


def test_evaluations_list_shows_what_is_still_to_do(world, login_as) -> None:  # type: ignore[no-untyped-def]
    ending = ending_placement(world, "a")
    placement_for(world, "a")  # eight weeks to go: not listed

    text = login_as(world.actor("student_a")).get(reverse("messaging:evaluations")).content.decode()

    assert text.count('class="thread-item"') == 1
    assert reverse("messaging:evaluate", args=[ending.pk]) in text
    assert "! to do" in text


def test_evaluate_page_posts_the_answers(world, login_as) -> None:  # type: ignore[no-untyped-def]
    ending = ending_placement(world, "a")
    client = login_as(world.actor("supervisor_a"))
    url = reverse("messaging:evaluate", args=[ending.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"score_1": "4", "score_2": "5", "score_3": "2", "comment": "Top"})

    assert "The student was well prepared" in page
    assert "How did the placement of Anna Achterberg go?" in page
    assert (response.status_code, response["Location"]) == (302, reverse("messaging:evaluations"))
    assert Evaluation.objects.get().scores == (4, 5, 2)


def test_evaluate_page_without_every_answer_shows_the_errors(world, login_as) -> None:  # type: ignore[no-untyped-def]
    ending = ending_placement(world, "a")

    response = login_as(world.actor("student_a")).post(
        reverse("messaging:evaluate", args=[ending.pk]), {"score_1": "4"}
    )

    assert response.content.decode().count("Choose an answer from 1 to 5.") == 2
    assert Evaluation.objects.count() == 0


def test_evaluate_page_after_evaluating_shows_the_answers_not_the_form(world, login_as) -> None:  # type: ignore[no-untyped-def]
    ending = ending_placement(world, "a")
    submit_evaluation(actor=world.actor("student_a"), placement=ending, scores=[5, 4, 3])

    text = (
        login_as(world.actor("student_a"))
        .get(reverse("messaging:evaluate", args=[ending.pk]))
        .content.decode()
    )

    assert "Thank you!" in text
    assert "<dt>I learned a lot</dt><dd>5 of 5</dd>" in text
    assert 'name="score_1"' not in text


def test_evaluate_page_before_the_window_says_when(world, login_as) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")

    text = (
        login_as(world.actor("student_a"))
        .get(reverse("messaging:evaluate", args=[placement.pk]))
        .content.decode()
    )

    assert "You can evaluate this placement from" in text
    assert 'name="score_1"' not in text


@pytest.mark.parametrize(
    "who", ["parent_a", "teacher_a", "coordinator_a", "supervisor_b", "student_b"]
)
def test_evaluate_page_for_others_is_404(world, login_as, who) -> None:  # type: ignore[no-untyped-def]
    ending = ending_placement(world, "a")

    response = login_as(world.actor(who)).get(reverse("messaging:evaluate", args=[ending.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_evaluations_list_query_count_does_not_grow(  # type: ignore[no-untyped-def]
    world, login_as, count, django_assert_max_num_queries
) -> None:
    for name in ["Daan", "Eva", "Finn"][:count]:
        classmate_placement(world, first_name=name, days_left=5)
    client = login_as(world.actor("supervisor_a"))
    client.get(reverse("messaging:evaluations"))

    with django_assert_max_num_queries(9):
        response = client.get(reverse("messaging:evaluations"))

    assert response.content.decode().count('class="thread-item"') == count
