"""Assessment pages: the teacher's overview and assessment, the student's, supervisor's and
parents' pages, saving parts, the grade form; outsiders get 404."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sen.assessment.models import Grade, PartRole, PartStatus, Phase, ReviewPart
from sen.assessment.services import grades as grade_services
from sen.assessment.services import reviews as review_services
from sen.placements.models import Placement
from tests.factories import StudentFactory
from tests.factories.assessment import AssignmentFactory, all_at, rubric_for_placement
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(world):  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")
    rubric_for_placement(placement)
    AssignmentFactory(
        school=world.school_a,
        elective=placement.offer.elective,
        title="Metselwerk in halfsteens verband",
        phase=Phase.FINAL,
        due_week=47,
    )
    return placement


def _submit(
    world, placement: Placement, who: str, phase: str = Phase.FINAL, text: str = "Prima"
) -> None:  # type: ignore[no-untyped-def]
    rubric = placement.offer.elective.rubrics.get(school=placement.student.school)
    review_services.save_part(
        actor=world.actor(who),
        placement=placement,
        phase=phase,
        levels=all_at(rubric, "Goed"),
        text=text,
        submit=True,
    )


def _post_part(
    client, placement: Placement, phase: str, label: str, action: str, text: str = "Tekst"
):  # type: ignore[no-untyped-def]
    rubric = placement.offer.elective.rubrics.get(school=placement.student.school)
    data = {f"level-{c}": lv for c, lv in all_at(rubric, label).items()}
    data.update({"text": text, "action": action})
    return client.post(reverse("assessment:review_save", args=[placement.pk, phase]), data)


# --- Overview ------------------------------------------------------------------------------


def test_overview_shows_the_schools_placements_with_their_state(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    _submit(world, anna, "student_a", Phase.MIDTERM)
    grade_services.set_grade(actor=world.actor("teacher_a"), placement=anna, value="3,5")
    other = placement_for(world, "b")

    response = login_as(world.actor("teacher_a")).get(reverse("assessment:overview"))

    html = response.content.decode()
    assert [row.placement for row in response.context["rows"]] == [anna]
    assert other not in [row.placement for row in response.context["rows"]]
    assert "◐ Mid-term: 1 of 3" in html
    assert "○ Final: 0 of 3" in html
    assert "⚠ 3.5" in html
    assert "below 4: blocks the diploma" in html


@pytest.mark.parametrize(
    ("todo", "expected"),
    [("no_grade", {"Bea"}), ("below_minimum", {"Anna"}), ("final_open", {"Anna", "Bea"})],
)
def test_overview_filters_what_needs_doing(world, anna, login_as, todo, expected) -> None:  # type: ignore[no-untyped-def]
    grade_services.set_grade(actor=world.actor("teacher_a"), placement=anna, value="3,5")
    bea = placement_for(world, "a")
    bea.student = StudentFactory(school=world.school_a, first_name="Bea", track="GL")
    bea.save(update_fields=["student"])

    response = login_as(world.actor("teacher_a")).get(
        reverse("assessment:overview"), {"todo": todo}
    )

    assert {row.placement.student.first_name for row in response.context["rows"]} == expected


def test_overview_htmx_request_renders_only_the_results(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("teacher_a")).get(
        reverse("assessment:overview"), {"q": "Anna"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "Anna Achterberg" in html
    assert "<html" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_overview_query_count_is_bounded(
    world, login_as, django_assert_max_num_queries, count
) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        placement = placement_for(world, "a")
        if n:
            placement.student = StudentFactory(school=world.school_a)
            placement.save(update_fields=["student"])
        rubric_for_placement(placement) if n == 0 else None
        grade_services.set_grade(actor=world.actor("teacher_a"), placement=placement, value="7")
    _submit(world, Placement.objects.order_by("pk").first(), "student_a")  # type: ignore[arg-type]
    client = login_as(world.actor("teacher_a"))

    with django_assert_max_num_queries(14):
        response = client.get(reverse("assessment:overview"))

    assert len(response.context["rows"]) == count


def test_overview_is_404_for_students_and_companies(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    for who in ("student_a", "supervisor_a", "contact_a", "parent_a"):
        assert login_as(world.actor(who)).get(reverse("assessment:overview")).status_code == 404


# --- The teacher's page --------------------------------------------------------------------


def test_placement_page_shows_rubric_assignments_and_grade_form(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("teacher_a")).get(
        reverse("assessment:placement", args=[anna.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Metselwerk in halfsteens verband" in html
    assert "Vakkennis" in html and "Uitstekend" in html
    assert 'name="value"' in html
    assert "PTA code K/PIE/3" in html


def test_placement_page_for_a_coordinator_has_no_grade_form(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("coordinator_a")).get(
        reverse("assessment:placement", args=[anna.pk])
    )

    assert response.status_code == 200
    assert 'name="value"' not in response.content.decode()


def test_placement_page_of_another_school_is_404(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("teacher_b")).get(
        reverse("assessment:placement", args=[anna.pk])
    )

    assert response.status_code == 404


def test_teacher_reads_submitted_parts_but_no_drafts(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    _submit(world, anna, "supervisor_a", text="Werkt netjes en veilig")
    rubric = anna.offer.elective.rubrics.get()
    review_services.save_part(
        actor=world.actor("student_a"),
        placement=anna,
        phase=Phase.FINAL,
        levels=all_at(rubric, "Uitstekend"),
        text="Mijn geheime concept",
    )

    html = (
        login_as(world.actor("teacher_a"))
        .get(reverse("assessment:placement", args=[anna.pk]))
        .content.decode()
    )

    assert "Werkt netjes en veilig" in html
    assert "Mijn geheime concept" not in html


def test_grade_form_saves_a_dutch_grade(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("teacher_a")).post(
        reverse("assessment:grade", args=[anna.pk]), {"value": "6,5"}
    )

    assert response.status_code == 302
    assert Grade.objects.get(placement=anna).value == Decimal("6.5")


def test_grade_form_shows_the_error_next_to_the_field(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("teacher_a")).post(
        reverse("assessment:grade", args=[anna.pk]), {"value": "6,55"}
    )

    assert response.status_code == 200
    assert response.context["grade_form"].errors == {
        "value": ["A grade has at most one decimal, e.g. 6,5."]
    }
    assert Grade.objects.count() == 0


def test_grade_form_change_without_reason_shows_the_reason_error(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("teacher_a"))
    client.post(reverse("assessment:grade", args=[anna.pk]), {"value": "6"})

    response = client.post(reverse("assessment:grade", args=[anna.pk]), {"value": "7"})

    assert list(response.context["grade_form"].errors) == ["reason"]
    assert Grade.objects.get().value == Decimal("6.0")


def test_grade_below_four_warns_about_the_diploma(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("teacher_a")).post(
        reverse("assessment:grade", args=[anna.pk]), {"value": "3"}, follow=True
    )

    html = response.content.decode()
    assert "In BB and KB no elective may end below 4" in html
    assert "art. 49 Eindexamenbesluit VO" in html


def test_grade_by_a_coordinator_is_404(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("coordinator_a")).post(
        reverse("assessment:grade", args=[anna.pk]), {"value": "7"}
    )

    assert response.status_code == 404


def test_reopen_meeting_and_visibility_forms(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    _submit(world, anna, "student_a")
    client = login_as(world.actor("teacher_a"))
    today = timezone.localdate()

    client.post(
        reverse("assessment:review_reopen", args=[anna.pk, "final"]),
        {"role": "student", "reason": "Reflectie te kort"},
    )
    client.post(
        reverse("assessment:review_meeting", args=[anna.pk, "final"]),
        {"held_on": today.isoformat()},
    )
    client.post(reverse("assessment:review_visibility", args=[anna.pk, "final"]), {})

    part = ReviewPart.objects.get(role=PartRole.STUDENT)
    review = part.review
    assert part.status == PartStatus.OPEN
    assert (review.meeting_held_on, review.visible_to_parents) == (today, False)


def test_review_actions_with_an_unknown_phase_are_404(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("teacher_a")).post(
        reverse("assessment:review_meeting", args=[anna.pk, "halfway"]), {"held_on": "2026-01-01"}
    )

    assert response.status_code == 404


# --- Saving parts --------------------------------------------------------------------------


def test_student_saves_a_draft_then_submits(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("student_a"))

    draft = _post_part(client, anna, "midterm", "Voldoende", "save")
    part = ReviewPart.objects.get()
    assert (draft.status_code, draft["Location"]) == (
        302,
        reverse("assessment:student_placement", args=[anna.pk]) + "#review-midterm",
    )
    assert part.status == PartStatus.OPEN

    _post_part(client, anna, "midterm", "Goed", "submit", text="Ik heb veel geleerd")

    part.refresh_from_db()
    assert (part.status, part.text) == (PartStatus.SUBMITTED, "Ik heb veel geleerd")
    assert {s.level.label for s in part.scores.all()} == {"Goed"}


def test_submit_without_text_keeps_the_draft_and_says_why(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("student_a"))

    response = _post_part(client, anna, "final", "Goed", "submit", text="")

    part = ReviewPart.objects.get()
    assert part.status == PartStatus.OPEN
    assert {s.level.label for s in part.scores.all()} == {"Goed"}
    page = client.get(response["Location"]).content.decode()
    assert "Write your reflection before you submit." in page
    assert "Saved as a draft, not submitted yet." in page


def test_supervisor_submits_scores(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("supervisor_a"))

    response = _post_part(client, anna, "final", "Uitstekend", "submit", text="Top")

    assert response["Location"].startswith(
        reverse("assessment:supervisor_placement", args=[anna.pk])
    )
    assert ReviewPart.objects.get().role == PartRole.SUPERVISOR


@pytest.mark.parametrize("who", ["supervisor_b", "student_b", "teacher_b", "contact_a", "parent_a"])
def test_save_by_an_outsider_is_404(world, anna, login_as, who) -> None:  # type: ignore[no-untyped-def]
    response = _post_part(login_as(world.actor(who)), anna, "final", "Goed", "save")

    assert response.status_code == 404
    assert ReviewPart.objects.count() == 0


# --- Student, supervisor, parents ------------------------------------------------------------


def test_student_sees_assignments_and_rubric_from_day_one(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("student_a"))

    listing = client.get(reverse("assessment:mine"))
    page = client.get(reverse("assessment:student_placement", args=[anna.pk]))

    assert [row.placement for row in listing.context["rows"]] == [anna]
    html = page.content.decode()
    assert "Metselwerk in halfsteens verband" in html
    assert 'name="level-' in html
    assert "Your reflection" in html


def test_student_sees_submitted_feedback_and_the_grade(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    _submit(world, anna, "supervisor_a", text="Je werkt heel zorgvuldig")
    grade_services.set_grade(actor=world.actor("teacher_a"), placement=anna, value="8")

    html = (
        login_as(world.actor("student_a"))
        .get(reverse("assessment:student_placement", args=[anna.pk]))
        .content.decode()
    )

    assert "Je werkt heel zorgvuldig" in html
    assert "✓ 8.0" in html


def test_student_page_of_another_student_is_404(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("student_b")).get(
        reverse("assessment:student_placement", args=[anna.pk])
    )

    assert response.status_code == 404


def test_supervisor_sees_own_students_but_never_the_grade(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    grade_services.set_grade(actor=world.actor("teacher_a"), placement=anna, value="8,5")
    client = login_as(world.actor("supervisor_a"))

    listing = client.get(reverse("assessment:supervised"))
    page = client.get(reverse("assessment:supervisor_placement", args=[anna.pk]))

    assert [row.placement for row in listing.context["rows"]] == [anna]
    assert page.status_code == 200
    assert page.context["sheet"].grade is None
    assert "8.5" not in page.content.decode() and "8,5" not in page.content.decode()
    assert "A001" not in page.content.decode()


def test_supervisor_of_another_company_sees_nothing(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("supervisor_b"))

    assert client.get(reverse("assessment:supervised")).context["rows"] == []
    assert client.get(reverse("assessment:supervisor_placement", args=[anna.pk])).status_code == 404


def test_parent_sees_submitted_feedback_only_when_shared(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    _submit(world, anna, "supervisor_a", text="Anna is altijd op tijd")
    client = login_as(world.actor("parent_a"))
    url = reverse("assessment:child_placement", args=[anna.pk])

    shared = client.get(url).content.decode()
    review_services.set_visible_to_parents(
        actor=world.actor("teacher_a"), placement=anna, phase=Phase.FINAL, visible=False
    )
    hidden = client.get(url).content.decode()

    assert "Anna is altijd op tijd" in shared
    assert "Anna is altijd op tijd" not in hidden


def test_parent_of_another_child_sees_nothing(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("parent_b"))

    assert client.get(reverse("assessment:children")).context["rows"] == []
    assert client.get(reverse("assessment:child_placement", args=[anna.pk])).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_student_list_query_count_is_bounded(
    world, login_as, django_assert_max_num_queries, count
) -> None:  # type: ignore[no-untyped-def]
    for _ in range(count):
        placement = placement_for(world, "a")
        grade_services.set_grade(actor=world.actor("teacher_a"), placement=placement, value="7")
    client = login_as(world.actor("student_a"))

    with django_assert_max_num_queries(10):
        response = client.get(reverse("assessment:mine"))

    assert len(response.context["rows"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_supervisor_list_query_count_is_bounded(
    world, login_as, django_assert_max_num_queries, count
) -> None:  # type: ignore[no-untyped-def]
    for _ in range(count):
        placement_for(world, "a")
    client = login_as(world.actor("supervisor_a"))

    with django_assert_max_num_queries(10):
        response = client.get(reverse("assessment:supervised"))

    assert len(response.context["rows"]) == count


def test_assessment_page_query_count_is_bounded(
    world, anna, login_as, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for who in ("student_a", "supervisor_a", "teacher_a"):
        _submit(world, anna, who)
        _submit(world, anna, who, Phase.MIDTERM)
    grade_services.set_grade(actor=world.actor("teacher_a"), placement=anna, value="7")
    client = login_as(world.actor("teacher_a"))

    with django_assert_max_num_queries(24):
        response = client.get(reverse("assessment:placement", args=[anna.pk]))

    assert response.status_code == 200
