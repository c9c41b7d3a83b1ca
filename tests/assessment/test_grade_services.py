"""set_grade: every exit path; a change needs a reason and leaves a GradeChange and an event."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sen.assessment.models import Grade, GradeChange
from sen.assessment.services.grades import set_grade
from sen.audit.models import AuditEvent
from sen.network.models import Track
from sen.placements.models import PlacementStatus
from tests.factories.assessment import rubric_for_placement
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db


def _events(action: str) -> list[dict[str, object]]:
    return [e.changes for e in AuditEvent.objects.filter(action=action).order_by("seq")]


def test_set_grade_stores_the_first_grade_with_the_rubrics_pta_code(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")
    rubric_for_placement(placement, pta_code="K/PIE/3")

    result = set_grade(actor=world.actor("teacher_a"), placement=placement, value="6,5")

    grade = Grade.objects.get(placement=placement)
    assert (grade.value, grade.pta_code, grade.graded_by) == (
        Decimal("6.5"),
        "K/PIE/3",
        world.user("teacher_a"),
    )
    assert (result.changed, result.below_exam_minimum) == (True, False)
    assert _events("assessment.grade.set") == [
        {"value": [None, "6.5"], "below_exam_minimum": False}
    ]


def test_set_grade_without_a_rubric_stores_no_pta_code(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")

    set_grade(actor=world.actor("teacher_a"), placement=placement, value="7")

    assert Grade.objects.get(placement=placement).pta_code == ""


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0,9", "A grade is from 1,0 to 10,0; 0,9 is outside that."),
        ("10,1", "A grade is from 1,0 to 10,0; 10,1 is outside that."),
        ("abc", "Write the grade as a number, e.g. 6,5."),
        ("6,55", "A grade has at most one decimal, e.g. 6,5."),
    ],
)
def test_set_grade_refuses_a_wrong_grade_and_stores_nothing(world, raw: str, message: str) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")

    with pytest.raises(ValidationError) as error:
        set_grade(actor=world.actor("teacher_a"), placement=placement, value=raw)

    assert error.value.messages == [message]
    assert Grade.objects.count() == 0
    assert _events("assessment.grade.set") == []


def test_set_grade_change_without_reason_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")
    teacher = world.actor("teacher_a")
    set_grade(actor=teacher, placement=placement, value="6,5")

    with pytest.raises(ValidationError) as error:
        set_grade(actor=teacher, placement=placement, value="7,0", reason="  ")

    assert error.value.message_dict == {
        "reason": [
            "This placement already has the grade 6,5. Say why it changes: a grade never "
            "changes without a reason."
        ]
    }
    assert Grade.objects.get(placement=placement).value == Decimal("6.5")
    assert GradeChange.objects.count() == 0


def test_set_grade_change_with_reason_is_recorded_and_audited(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")
    teacher = world.actor("teacher_a")
    set_grade(actor=teacher, placement=placement, value="6,5")

    result = set_grade(actor=teacher, placement=placement, value="7.5", reason="Herkansing")

    change = GradeChange.objects.get()
    assert (change.old_value, change.new_value, change.reason, change.changed_by) == (
        Decimal("6.5"),
        Decimal("7.5"),
        "Herkansing",
        world.user("teacher_a"),
    )
    assert result.grade.value == Decimal("7.5")
    assert Grade.objects.get(placement=placement).value == Decimal("7.5")
    assert _events("assessment.grade.changed") == [
        {"value": ["6.5", "7.5"], "reason": "Herkansing", "below_exam_minimum": False}
    ]


def test_set_grade_same_value_again_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")
    teacher = world.actor("teacher_a")
    set_grade(actor=teacher, placement=placement, value="6,5")

    result = set_grade(actor=teacher, placement=placement, value="6.5")

    assert result.changed is False
    assert GradeChange.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="assessment.grade.").count() == 1


@pytest.mark.parametrize(
    ("track", "flagged"), [(Track.BB, True), (Track.KB, True), (Track.GL, False), (Track.TL, False)]
)
def test_set_grade_below_four_is_stored_and_flagged_only_for_bb_and_kb(
    world, track: str, flagged: bool
) -> None:  # type: ignore[no-untyped-def]
    world.student_a.track = track
    world.student_a.save(update_fields=["track"])
    placement = placement_for(world, "a")

    result = set_grade(actor=world.actor("teacher_a"), placement=placement, value="3,5")

    assert result.below_exam_minimum is flagged
    assert Grade.objects.get(placement=placement).value == Decimal("3.5")
    assert _events("assessment.grade.set") == [
        {"value": [None, "3.5"], "below_exam_minimum": flagged}
    ]


@pytest.mark.parametrize("who", ["coordinator_a", "teacher_b", "supervisor_a", "student_a"])
def test_set_grade_by_someone_other_than_a_teacher_of_the_school_is_refused(
    world, who: str
) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")

    with pytest.raises(ValidationError) as error:
        set_grade(actor=world.actor(who), placement=placement, value="7")

    assert error.value.messages == ["Only a teacher of the student's school gives a grade."]
    assert Grade.objects.count() == 0


def test_set_grade_on_a_placement_that_did_not_start_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a", status=PlacementStatus.AGREEMENT_PENDING)

    with pytest.raises(ValidationError) as error:
        set_grade(actor=world.actor("teacher_a"), placement=placement, value="7")

    assert error.value.code == "status"


def test_set_grade_reason_longer_than_1000_characters_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")
    teacher = world.actor("teacher_a")
    set_grade(actor=teacher, placement=placement, value="6")

    with pytest.raises(ValidationError) as error:
        set_grade(actor=teacher, placement=placement, value="7", reason="x" * 1001)

    assert error.value.message_dict == {"reason": ["Write at most 1000 characters."]}
