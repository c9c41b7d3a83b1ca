"""Rubrics from templates or copies, criteria, levels, assignments and the school setting."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sen.assessment.models import AssessmentSettings, Assignment, Criterion, Level, Phase, Rubric
from sen.assessment.rubric_templates import VMBO_PRACTICAL
from sen.assessment.services import reviews as review_services
from sen.assessment.services import rubrics as services
from sen.audit.models import AuditEvent
from tests.factories import ElectiveFactory
from tests.factories.assessment import all_at, rubric_for_placement
from tests.factories.offers import national
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db


def test_create_rubric_copies_the_template_with_levels_and_assignments(world) -> None:  # type: ignore[no-untyped-def]
    elective = national()

    rubric = services.create_rubric(
        actor=world.actor("teacher_a"), elective=elective, template="vmbo_practical"
    )

    assert (rubric.school, rubric.template, rubric.title) == (
        world.school_a,
        "vmbo_practical",
        f"Praktijkbeoordeling vmbo (algemeen) · {elective.name}",
    )
    assert [c.title for c in rubric.criteria.all()] == [
        "Vakkennis en vaardigheden",
        "Veiligheid en werkhouding",
        "Samenwerken en communiceren",
        "Reflectie en ontwikkeling",
        "Zelfstandigheid",
    ]
    assert [
        (lv.label, lv.points)
        for lv in rubric.criteria.first().levels.all()  # type: ignore[union-attr]
    ] == [("Onvoldoende", 1), ("Voldoende", 2), ("Goed", 3), ("Uitstekend", 4)]
    assert list(
        Assignment.objects.filter(school=world.school_a, elective=elective).values_list(
            "title", "phase"
        )
    ) == [(a.title, a.phase) for a in VMBO_PRACTICAL.assignments]
    assert AuditEvent.objects.get(action="assessment.rubric.created").changes == {
        "elective": elective.pk,
        "template": "vmbo_practical",
        "criteria": 5,
        "assignments": 3,
    }


def test_create_rubric_twice_for_an_elective_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    teacher = world.actor("teacher_a")
    services.create_rubric(actor=teacher, elective=national(), template="vmbo_practical")

    with pytest.raises(ValidationError) as error:
        services.create_rubric(actor=teacher, elective=national(), template="technical_work")

    assert error.value.messages == ["This elective already has a rubric at your school."]


def test_create_rubric_with_an_unknown_template_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.create_rubric(
            actor=world.actor("coordinator_a"), elective=national(), template="nope"
        )

    assert error.value.message_dict == {"template": ["Choose one of the templates."]}


def test_create_rubric_for_another_schools_own_elective_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    own = ElectiveFactory(school=world.school_b)

    with pytest.raises(ValidationError) as error:
        services.create_rubric(
            actor=world.actor("teacher_a"), elective=own, template="vmbo_practical"
        )

    assert error.value.messages == ["This elective belongs to another school."]


@pytest.mark.parametrize("who", ["student_a", "supervisor_a", "parent_a", "region_coordinator"])
def test_create_rubric_by_anyone_but_school_staff_is_refused(world, who) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.create_rubric(
            actor=world.actor(who), elective=national(), template="vmbo_practical"
        )

    assert error.value.messages == ["Only teachers and coordinators of the school manage rubrics."]
    assert Rubric.objects.count() == 0


def test_copy_rubric_copies_criteria_and_levels(world) -> None:  # type: ignore[no-untyped-def]
    teacher = world.actor("teacher_a")
    source = services.create_rubric(actor=teacher, elective=national(), template="technical_work")
    target = national("1207")

    copy = services.copy_rubric(actor=teacher, source=source, elective=target)

    assert copy.copied_from == source
    assert [(c.title, c.weight) for c in copy.criteria.all()] == [
        (c.title, c.weight) for c in source.criteria.all()
    ]
    assert Level.objects.filter(criterion__rubric=copy).count() == 20


def test_copy_rubric_of_another_school_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    source = services.create_rubric(
        actor=world.actor("teacher_b"), elective=national(), template="vmbo_practical"
    )

    with pytest.raises(ValidationError) as error:
        services.copy_rubric(actor=world.actor("teacher_a"), source=source, elective=national())

    assert error.value.messages == ["This rubric belongs to another school."]


def test_update_rubric_sets_title_and_pta_code(world) -> None:  # type: ignore[no-untyped-def]
    teacher = world.actor("coordinator_a")
    rubric = services.create_rubric(actor=teacher, elective=national(), template="vmbo_practical")

    services.update_rubric(
        actor=teacher, rubric=rubric, title="Eindbeoordeling", pta_code=" K/PIE/3 "
    )

    rubric.refresh_from_db()
    assert (rubric.title, rubric.pta_code) == ("Eindbeoordeling", "K/PIE/3")
    assert AuditEvent.objects.get(action="assessment.rubric.updated").changes["pta_code"] == [
        "",
        "K/PIE/3",
    ]


def test_update_rubric_without_title_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    teacher = world.actor("teacher_a")
    rubric = services.create_rubric(actor=teacher, elective=national(), template="vmbo_practical")

    with pytest.raises(ValidationError) as error:
        services.update_rubric(actor=teacher, rubric=rubric, title="  ", pta_code="")

    assert error.value.message_dict == {"title": ["Give a title."]}


def test_add_criterion_takes_the_levels_of_the_first_criterion(world) -> None:  # type: ignore[no-untyped-def]
    teacher = world.actor("teacher_a")
    rubric = services.create_rubric(actor=teacher, elective=national(), template="vmbo_practical")

    criterion = services.add_criterion(
        actor=teacher,
        rubric=rubric,
        data=services.CriterionData(title="Klantgericht werken", weight=2),
    )

    assert (criterion.title, criterion.weight, criterion.order) == ("Klantgericht werken", 2, 5)
    assert [lv.label for lv in criterion.levels.all()] == [
        "Onvoldoende",
        "Voldoende",
        "Goed",
        "Uitstekend",
    ]


def test_add_criterion_with_weight_out_of_range_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    teacher = world.actor("teacher_a")
    rubric = services.create_rubric(actor=teacher, elective=national(), template="vmbo_practical")

    with pytest.raises(ValidationError) as error:
        services.add_criterion(
            actor=teacher, rubric=rubric, data=services.CriterionData(title="X", weight=11)
        )

    assert error.value.message_dict == {"weight": ["A weight is from 1 to 10."]}


def test_add_criterion_beyond_twelve_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    teacher = world.actor("teacher_a")
    rubric = services.create_rubric(actor=teacher, elective=national(), template="vmbo_practical")
    for n in range(7):
        services.add_criterion(
            actor=teacher, rubric=rubric, data=services.CriterionData(title=f"C{n}")
        )

    with pytest.raises(ValidationError) as error:
        services.add_criterion(
            actor=teacher, rubric=rubric, data=services.CriterionData(title="C13")
        )

    assert error.value.messages == ["A rubric has at most 12 criteria."]


def test_remove_criterion_that_nobody_scored(world) -> None:  # type: ignore[no-untyped-def]
    teacher = world.actor("teacher_a")
    rubric = services.create_rubric(actor=teacher, elective=national(), template="vmbo_practical")
    criterion = rubric.criteria.last()

    services.remove_criterion(actor=teacher, criterion=criterion)  # type: ignore[arg-type]

    assert rubric.criteria.count() == 4
    assert AuditEvent.objects.filter(action="assessment.criterion.removed").count() == 1


def test_remove_criterion_that_was_scored_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")
    rubric = rubric_for_placement(placement)
    review_services.save_part(
        actor=world.actor("student_a"),
        placement=placement,
        phase=Phase.FINAL,
        levels=all_at(rubric, "Goed"),
    )
    criterion = rubric.criteria.get(title="Veiligheid")

    with pytest.raises(ValidationError) as error:
        services.remove_criterion(actor=world.actor("teacher_a"), criterion=criterion)

    assert error.value.messages == [
        "“Veiligheid” has been scored in a review, so it stays. Change its text instead."
    ]
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_update_criterion_and_level(world) -> None:  # type: ignore[no-untyped-def]
    teacher = world.actor("teacher_a")
    rubric = services.create_rubric(actor=teacher, elective=national(), template="vmbo_practical")
    criterion = rubric.criteria.first()
    assert criterion is not None

    services.update_criterion(
        actor=teacher,
        criterion=criterion,
        data=services.CriterionData(title="Vakmanschap", description="Nieuw", weight=4),
        order=9,
    )
    first = criterion.levels.first()
    assert first is not None
    services.update_level(actor=teacher, level=first, label="Nog niet", points=0, description="")

    criterion.refresh_from_db()
    first.refresh_from_db()
    assert (criterion.title, criterion.weight, criterion.order) == ("Vakmanschap", 4, 9)
    assert (first.label, first.points) == ("Nog niet", 0)


def test_update_level_with_points_out_of_range_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    teacher = world.actor("teacher_a")
    rubric = services.create_rubric(actor=teacher, elective=national(), template="vmbo_practical")
    first = Level.objects.filter(criterion__rubric=rubric).first()

    with pytest.raises(ValidationError) as error:
        services.update_level(actor=teacher, level=first, label="X", points=101, description="")  # type: ignore[arg-type]

    assert error.value.message_dict == {"points": ["Points are from 0 to 100."]}


def test_assignments_are_added_changed_and_removed(world) -> None:  # type: ignore[no-untyped-def]
    teacher = world.actor("teacher_a")
    data = services.AssignmentData(
        title="Werkstuk", instructions="Maak het", pta_code="K/PIE/3.2", phase="final", due_week=47
    )

    assignment = services.add_assignment(actor=teacher, elective=national(), data=data)
    services.update_assignment(
        actor=teacher,
        assignment=assignment,
        data=services.AssignmentData(
            title="Werkstuk 2", instructions="", pta_code="", phase="midterm", due_week=None
        ),
    )
    assignment.refresh_from_db()
    assert (assignment.title, assignment.phase, assignment.due_week) == (
        "Werkstuk 2",
        "midterm",
        None,
    )

    services.remove_assignment(actor=teacher, assignment=assignment)
    assert Assignment.objects.count() == 0
    assert list(
        AuditEvent.objects.filter(action__startswith="assessment.assignment.")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == [
        "assessment.assignment.created",
        "assessment.assignment.updated",
        "assessment.assignment.removed",
    ]


@pytest.mark.parametrize(
    ("phase", "week", "field"), [("always", None, "phase"), ("final", 54, "due_week")]
)
def test_add_assignment_with_a_wrong_phase_or_week_is_refused(world, phase, week, field) -> None:  # type: ignore[no-untyped-def]
    data = services.AssignmentData(
        title="X", instructions="", pta_code="", phase=phase, due_week=week
    )

    with pytest.raises(ValidationError) as error:
        services.add_assignment(actor=world.actor("teacher_a"), elective=national(), data=data)

    assert list(error.value.message_dict) == [field]


def test_set_parents_see_feedback_by_the_coordinator(world) -> None:  # type: ignore[no-untyped-def]
    services.set_parents_see_feedback(actor=world.actor("coordinator_a"), value=False)

    assert AssessmentSettings.objects.get(school=world.school_a).parents_see_feedback is False
    assert services.settings_for(world.school_b).parents_see_feedback is True


def test_set_parents_see_feedback_by_a_teacher_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.set_parents_see_feedback(actor=world.actor("teacher_a"), value=False)

    assert AssessmentSettings.objects.count() == 0
