"""Rubric management pages for teachers and coordinators; other schools get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sen.assessment.models import AssessmentSettings, Assignment, Criterion, Rubric
from sen.assessment.services import rubrics as services
from tests.factories.offers import national
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubric(world):  # type: ignore[no-untyped-def]
    return services.create_rubric(
        actor=world.actor("teacher_a"), elective=national(), template="vmbo_practical"
    )


def test_rubrics_page_lists_electives_with_placements_and_rubrics(world, login_as) -> None:  # type: ignore[no-untyped-def]
    placement_for(world, "a")

    response = login_as(world.actor("teacher_a")).get(reverse("assessment:rubrics"))

    rows = response.context["rows"]
    assert [(r.elective.code, r.rubric, r.placements) for r in rows] == [("1206", None, 1)]
    assert "No rubric yet" in response.content.decode()


def test_create_rubric_from_a_template_through_the_form(world, login_as) -> None:  # type: ignore[no-untyped-def]
    elective = national()

    response = login_as(world.actor("coordinator_a")).post(
        reverse("assessment:rubric_create"),
        {"elective": elective.pk, "source": "template:technical_work", "title": ""},
    )

    rubric = Rubric.objects.get()
    assert response["Location"] == reverse("assessment:rubric", args=[rubric.pk])
    assert (rubric.school, rubric.elective, rubric.template) == (
        world.school_a,
        elective,
        "technical_work",
    )


def test_copy_rubric_through_the_form(world, rubric, login_as) -> None:  # type: ignore[no-untyped-def]
    other = national("1207")

    login_as(world.actor("teacher_a")).post(
        reverse("assessment:rubric_create"),
        {"elective": other.pk, "source": f"copy:{rubric.pk}", "title": ""},
    )

    assert Rubric.objects.get(elective=other).copied_from == rubric


def test_create_rubric_twice_shows_the_error(world, rubric, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("teacher_a")).post(
        reverse("assessment:rubric_create"),
        {"elective": rubric.elective_id, "source": "template:vmbo_practical"},
    )

    assert response.status_code == 200
    assert response.context["create_form"].non_field_errors() == [
        "This elective already has a rubric at your school."
    ]


def test_rubric_page_edits_title_criteria_and_levels(world, rubric, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("teacher_a"))
    first = rubric.criteria.first()
    level = first.levels.first()

    page = client.get(reverse("assessment:rubric", args=[rubric.pk]))
    client.post(
        reverse("assessment:rubric", args=[rubric.pk]), {"title": "Eind", "pta_code": "K/BWI/2"}
    )
    client.post(
        reverse("assessment:criterion_add", args=[rubric.pk]),
        {"new-title": "Klantcontact", "new-description": "", "new-weight": "1"},
    )
    client.post(
        reverse("assessment:criterion_edit", args=[first.pk]),
        {
            f"c{first.pk}-title": "Vakmanschap",
            f"c{first.pk}-weight": "3",
            f"c{first.pk}-order": "0",
        },
    )
    client.post(
        reverse("assessment:level_edit", args=[level.pk]),
        {f"l{level.pk}-label": "Nog niet", f"l{level.pk}-points": "0"},
    )
    client.post(reverse("assessment:criterion_remove", args=[rubric.criteria.last().pk]))

    rubric.refresh_from_db()
    first.refresh_from_db()
    level.refresh_from_db()
    assert page.status_code == 200
    assert (rubric.title, rubric.pta_code) == ("Eind", "K/BWI/2")
    assert (first.title, first.weight) == ("Vakmanschap", 3)
    assert (level.label, level.points) == ("Nog niet", 0)
    assert [c.title for c in rubric.criteria.all()] == [
        "Vakmanschap",
        "Veiligheid en werkhouding",
        "Samenwerken en communiceren",
        "Reflectie en ontwikkeling",
        "Zelfstandigheid",
    ]


def test_assignments_through_the_forms(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("teacher_a"))
    elective = national()

    client.post(
        reverse("assessment:assignment_add"),
        {
            "elective": elective.pk,
            "title": "Werkstuk",
            "phase": "final",
            "pta_code": "K/1",
            "due_week": "46",
        },
    )
    assignment = Assignment.objects.get()
    client.post(
        reverse("assessment:assignment_edit", args=[assignment.pk]),
        {"title": "Werkstuk 2", "phase": "midterm", "instructions": "", "pta_code": ""},
    )
    assignment.refresh_from_db()
    assert (assignment.title, assignment.phase, assignment.due_week) == (
        "Werkstuk 2",
        "midterm",
        None,
    )

    client.post(reverse("assessment:assignment_remove", args=[assignment.pk]))
    assert Assignment.objects.count() == 0


def test_settings_by_the_coordinator(world, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as(world.actor("coordinator_a")).post(reverse("assessment:settings"), {})

    assert AssessmentSettings.objects.get(school=world.school_a).parents_see_feedback is False


def test_settings_by_a_teacher_is_404(world, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("teacher_a")).post(reverse("assessment:settings"), {})

    assert response.status_code == 404


def test_rubric_of_another_school_is_404(world, rubric, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("teacher_b"))
    criterion = rubric.criteria.first()

    assert client.get(reverse("assessment:rubric", args=[rubric.pk])).status_code == 404
    assert (
        client.post(reverse("assessment:criterion_remove", args=[criterion.pk])).status_code == 404
    )
    assert Criterion.objects.filter(pk=criterion.pk).exists()


@pytest.mark.parametrize("count", [1, 3])
def test_rubrics_page_query_count_is_bounded(
    world, login_as, django_assert_max_num_queries, count
) -> None:  # type: ignore[no-untyped-def]
    teacher = world.actor("teacher_a")
    for code in ("1205", "1206", "1207")[:count]:
        services.create_rubric(actor=teacher, elective=national(code), template="vmbo_practical")
    client = login_as(teacher)

    with django_assert_max_num_queries(16):
        response = client.get(reverse("assessment:rubrics"))

    assert len(response.context["rows"]) == count
