"""Who sees which assessment and portfolio rows (`visible_to`), stated per role."""

from __future__ import annotations

import pytest

from sen.assessment.models import Grade, Phase, Review, Rubric
from sen.assessment.services import grades as grade_services
from sen.assessment.services import reviews as review_services
from sen.placements.models import PlacementStatus
from sen.portfolio.models import Evidence
from tests.factories.assessment import all_at, rubric_for_placement
from tests.factories.placements import placement_for
from tests.factories.portfolio import EvidenceFactory

pytestmark = pytest.mark.django_db

EVERYONE = (
    "student_a",
    "student_b",
    "parent_a",
    "parent_b",
    "teacher_a",
    "teacher_b",
    "coordinator_a",
    "coordinator_b",
    "coordinator_c",
    "supervisor_a",
    "supervisor_b",
    "contact_a",
    "contact_b",
    "region_coordinator",
    "administrator",
)


@pytest.fixture
def assessed(world):  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")
    rubric = rubric_for_placement(placement)
    review_services.save_part(
        actor=world.actor("student_a"),
        placement=placement,
        phase=Phase.FINAL,
        levels=all_at(rubric, "Goed"),
    )
    grade_services.set_grade(actor=world.actor("teacher_a"), placement=placement, value="7")
    from_placement = EvidenceFactory(student=world.student_a, placement=placement)
    general = EvidenceFactory(student=world.student_a)
    return placement, rubric, from_placement, general


def _seen(world, model) -> dict[str, set[object]]:  # type: ignore[no-untyped-def]
    return {who: set(model.objects.visible_to(world.actor(who))) for who in EVERYONE}


def test_reviews_are_seen_by_school_family_and_own_supervisor_only(world, assessed) -> None:  # type: ignore[no-untyped-def]
    review = Review.objects.get()
    seen = _seen(world, Review)

    assert {who for who, rows in seen.items() if rows == {review}} == {
        "student_a",
        "parent_a",
        "teacher_a",
        "coordinator_a",
        "supervisor_a",
        "administrator",
    }
    assert {who for who, rows in seen.items() if not rows} == set(EVERYONE) - {
        "student_a",
        "parent_a",
        "teacher_a",
        "coordinator_a",
        "supervisor_a",
        "administrator",
    }


def test_grades_are_never_seen_by_companies(world, assessed) -> None:  # type: ignore[no-untyped-def]
    grade = Grade.objects.get()
    seen = _seen(world, Grade)

    assert {who for who, rows in seen.items() if rows == {grade}} == {
        "student_a",
        "parent_a",
        "teacher_a",
        "coordinator_a",
        "administrator",
    }


def test_evidence_of_a_placement_reaches_its_supervisor_only_while_it_runs(world, assessed) -> None:  # type: ignore[no-untyped-def]
    placement, _rubric, from_placement, general = assessed

    running = _seen(world, Evidence)
    placement.status = PlacementStatus.CANCELLED
    placement.save(update_fields=["status"])
    cancelled = Evidence.objects.visible_to(world.actor("supervisor_a"))

    assert running["supervisor_a"] == {from_placement}
    assert running["teacher_a"] == running["parent_a"] == {from_placement, general}
    assert running["contact_a"] == running["supervisor_b"] == running["parent_b"] == set()
    assert set(cancelled) == set()


def test_rubrics_are_seen_by_their_school_and_its_families(world, assessed) -> None:  # type: ignore[no-untyped-def]
    _placement, rubric, _e, _g = assessed
    seen = _seen(world, Rubric)

    assert {who for who, rows in seen.items() if rows == {rubric}} == {
        "student_a",
        "parent_a",
        "teacher_a",
        "coordinator_a",
        "administrator",
    }
