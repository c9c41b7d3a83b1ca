"""Reviews: each party saves and submits its part; submitted parts are locked until a
teacher reopens them (with a reason); the three-party review and what parents see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sen.assessment.models import PartRole, PartStatus, Phase, Review, ReviewPart, Score
from sen.assessment.services import reviews as services
from sen.assessment.services.rubrics import set_parents_see_feedback
from sen.audit.models import AuditEvent
from sen.placements.models import PlacementStatus
from tests.factories.assessment import all_at, level, rubric_for_placement
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")
    rubric = rubric_for_placement(placement)
    return placement, rubric


def _submit(world, placement, rubric, who: str, phase: str = Phase.FINAL) -> ReviewPart:  # type: ignore[no-untyped-def]
    return services.save_part(
        actor=world.actor(who),
        placement=placement,
        phase=phase,
        levels=all_at(rubric, "Goed"),
        text="Ging goed.",
        submit=True,
    )


@pytest.mark.parametrize(
    ("who", "role"),
    [
        ("student_a", PartRole.STUDENT),
        ("supervisor_a", PartRole.SUPERVISOR),
        ("teacher_a", PartRole.TEACHER),
    ],
)
def test_save_part_writes_the_actors_own_part_as_a_draft(world, setup, who, role) -> None:  # type: ignore[no-untyped-def]
    placement, rubric = setup
    vakkennis = rubric.criteria.get(title="Vakkennis")

    part = services.save_part(
        actor=world.actor(who),
        placement=placement,
        phase=Phase.MIDTERM,
        levels={vakkennis.pk: level(vakkennis, "Voldoende").pk},
        comments={vakkennis.pk: "Netjes"},
        text=" Eerste indruk ",
    )

    assert (part.role, part.status, part.text) == (role, PartStatus.OPEN, "Eerste indruk")
    assert [(s.criterion.title, s.level.label, s.comment) for s in part.scores.all()] == [
        ("Vakkennis", "Voldoende", "Netjes")
    ]
    event = AuditEvent.objects.get(action="assessment.review_part.saved")
    assert event.changes == {
        "phase": "midterm",
        "part": role,
        "levels": {"Vakkennis": "Voldoende"},
        "text_changed": True,
    }


def test_first_save_creates_the_review_with_the_school_setting_for_parents(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, rubric = setup
    set_parents_see_feedback(actor=world.actor("coordinator_a"), value=False)

    _submit(world, placement, rubric, "student_a")

    review = Review.objects.get(placement=placement, phase=Phase.FINAL)
    assert (review.rubric, review.visible_to_parents) == (rubric, False)


def test_save_part_again_replaces_levels_and_drops_unscored_criteria(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, rubric = setup
    student = world.actor("student_a")
    services.save_part(
        actor=student, placement=placement, phase=Phase.FINAL, levels=all_at(rubric, "Goed")
    )
    vakkennis = rubric.criteria.get(title="Vakkennis")

    part = services.save_part(
        actor=student,
        placement=placement,
        phase=Phase.FINAL,
        levels={vakkennis.pk: level(vakkennis, "Uitstekend").pk},
    )

    assert [(s.criterion.title, s.level.label) for s in part.scores.all()] == [
        ("Vakkennis", "Uitstekend")
    ]


def test_submit_locks_the_part(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, rubric = setup

    part = _submit(world, placement, rubric, "supervisor_a")

    assert (part.status, part.submitted_by) == (PartStatus.SUBMITTED, world.user("supervisor_a"))
    assert part.submitted_at is not None
    with pytest.raises(ValidationError) as error:
        services.save_part(
            actor=world.actor("supervisor_a"),
            placement=placement,
            phase=Phase.FINAL,
            levels=all_at(rubric, "Onvoldoende"),
            text="Toch niet",
        )
    assert error.value.messages == [
        "You submitted this part, so it is locked. Ask the teacher to reopen it."
    ]
    assert {s.level.label for s in Score.objects.filter(part=part)} == {"Goed"}


def test_submit_needs_a_level_for_every_criterion(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, rubric = setup
    vakkennis = rubric.criteria.get(title="Vakkennis")

    with pytest.raises(ValidationError) as error:
        services.save_part(
            actor=world.actor("student_a"),
            placement=placement,
            phase=Phase.FINAL,
            levels={vakkennis.pk: level(vakkennis, "Goed").pk},
            text="Reflectie",
            submit=True,
        )

    assert error.value.messages == [
        "Choose a level for every criterion before you submit: Veiligheid."
    ]
    assert ReviewPart.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("student_a", "Write your reflection before you submit."),
        ("supervisor_a", "Write your feedback before you submit."),
        ("teacher_a", "Write your assessment before you submit."),
    ],
)
def test_submit_needs_a_text(world, setup, who, message) -> None:  # type: ignore[no-untyped-def]
    placement, rubric = setup

    with pytest.raises(ValidationError) as error:
        services.save_part(
            actor=world.actor(who),
            placement=placement,
            phase=Phase.FINAL,
            levels=all_at(rubric, "Goed"),
            text=" ",
            submit=True,
        )

    assert error.value.message_dict == {"text": [message]}
    assert error.value.error_dict["text"][0].code == "required"


def test_save_part_refuses_a_level_of_another_criterion(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, rubric = setup
    vakkennis = rubric.criteria.get(title="Vakkennis")
    veiligheid = rubric.criteria.get(title="Veiligheid")

    with pytest.raises(ValidationError) as error:
        services.save_part(
            actor=world.actor("student_a"),
            placement=placement,
            phase=Phase.FINAL,
            levels={vakkennis.pk: level(veiligheid, "Goed").pk},
        )

    assert error.value.messages == ["Choose one of the levels of “Vakkennis”."]


def test_save_part_refuses_a_criterion_of_another_rubric(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, _rubric = setup
    other = rubric_for_placement(placement_for(world, "b"))
    criterion = other.criteria.first()

    with pytest.raises(ValidationError) as error:
        services.save_part(
            actor=world.actor("student_a"),
            placement=placement,
            phase=Phase.FINAL,
            levels={criterion.pk: level(criterion, "Goed").pk},
        )

    assert error.value.code == "criterion"


def test_save_part_without_a_rubric_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")

    with pytest.raises(ValidationError) as error:
        services.save_part(
            actor=world.actor("student_a"), placement=placement, phase=Phase.FINAL, levels={}
        )

    assert error.value.code == "no_rubric"
    assert Review.objects.count() == 0


@pytest.mark.parametrize(
    "who", ["supervisor_b", "teacher_b", "student_b", "contact_a", "coordinator_a", "parent_a"]
)
def test_save_part_by_somebody_who_writes_no_part_is_refused(world, setup, who) -> None:  # type: ignore[no-untyped-def]
    placement, _rubric = setup

    with pytest.raises(ValidationError) as error:
        services.save_part(
            actor=world.actor(who), placement=placement, phase=Phase.FINAL, levels={}
        )

    assert error.value.messages == ["You do not write a part of this review."]


def test_save_part_on_a_cancelled_placement_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a", status=PlacementStatus.CANCELLED)
    rubric_for_placement(placement)

    with pytest.raises(ValidationError) as error:
        services.save_part(
            actor=world.actor("student_a"), placement=placement, phase=Phase.FINAL, levels={}
        )

    assert error.value.code == "status"


def test_save_part_refuses_an_unknown_phase(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, _rubric = setup

    with pytest.raises(ValidationError) as error:
        services.save_part(
            actor=world.actor("student_a"), placement=placement, phase="halfway", levels={}
        )

    assert error.value.code == "phase"


def test_save_part_refuses_a_text_that_is_too_long(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, _rubric = setup

    with pytest.raises(ValidationError) as error:
        services.save_part(
            actor=world.actor("student_a"),
            placement=placement,
            phase=Phase.FINAL,
            levels={},
            text="x" * 5001,
        )

    assert error.value.message_dict == {"text": ["Write at most 5000 characters."]}


# --- Reopen --------------------------------------------------------------------------------


def test_reopen_part_opens_a_submitted_part_and_audits_the_reason(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, rubric = setup
    _submit(world, placement, rubric, "supervisor_a")

    part = services.reopen_part(
        actor=world.actor("teacher_a"),
        placement=placement,
        phase=Phase.FINAL,
        role=PartRole.SUPERVISOR,
        reason="Verkeerde leerling gescoord",
    )

    assert (part.status, part.submitted_at, part.submitted_by) == (PartStatus.OPEN, None, None)
    event = AuditEvent.objects.get(action="assessment.review_part.reopened")
    assert (event.changes["reason"], event.changes["status"]) == (
        "Verkeerde leerling gescoord",
        ["submitted", "open"],
    )
    services.save_part(
        actor=world.actor("supervisor_a"),
        placement=placement,
        phase=Phase.FINAL,
        levels=all_at(rubric, "Voldoende"),
    )


def test_reopen_part_needs_a_reason(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, rubric = setup
    _submit(world, placement, rubric, "student_a")

    with pytest.raises(ValidationError) as error:
        services.reopen_part(
            actor=world.actor("teacher_a"),
            placement=placement,
            phase=Phase.FINAL,
            role=PartRole.STUDENT,
            reason="",
        )

    assert error.value.message_dict == {"reason": ["Say why the part is reopened."]}
    assert ReviewPart.objects.get().status == PartStatus.SUBMITTED


def test_reopen_part_that_is_open_is_refused(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, _rubric = setup
    services.save_part(
        actor=world.actor("student_a"), placement=placement, phase=Phase.FINAL, levels={}
    )

    with pytest.raises(ValidationError) as error:
        services.reopen_part(
            actor=world.actor("teacher_a"),
            placement=placement,
            phase=Phase.FINAL,
            role=PartRole.STUDENT,
            reason="Waarom niet",
        )

    assert error.value.messages == ["Only a submitted part can be reopened."]


def test_reopen_part_refuses_an_unknown_part(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, _rubric = setup

    with pytest.raises(ValidationError) as error:
        services.reopen_part(
            actor=world.actor("teacher_a"),
            placement=placement,
            phase=Phase.FINAL,
            role="parent",
            reason="x",
        )

    assert error.value.code == "part"


@pytest.mark.parametrize("who", ["student_a", "supervisor_a", "coordinator_a", "teacher_b"])
def test_reopen_part_by_anyone_but_a_teacher_of_the_school_is_refused(world, setup, who) -> None:  # type: ignore[no-untyped-def]
    placement, rubric = setup
    _submit(world, placement, rubric, "student_a")

    with pytest.raises(ValidationError) as error:
        services.reopen_part(
            actor=world.actor(who),
            placement=placement,
            phase=Phase.FINAL,
            role=PartRole.STUDENT,
            reason="Graag",
        )

    assert error.value.messages == ["Only a teacher of the student's school can do this."]


# --- Three-party review and parents ------------------------------------------------------------


def test_record_meeting_marks_the_review_as_held(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, _rubric = setup
    today = timezone.localdate()

    review = services.record_meeting(
        actor=world.actor("teacher_a"), placement=placement, phase=Phase.MIDTERM, held_on=today
    )

    assert (review.meeting_held_on, review.meeting_recorded_by) == (
        today,
        world.user("teacher_a"),
    )
    assert AuditEvent.objects.get(action="assessment.review.meeting_held").changes == {
        "phase": "midterm",
        "meeting_held_on": [None, today.isoformat()],
    }


def test_record_meeting_in_the_future_is_refused(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, _rubric = setup

    with pytest.raises(ValidationError) as error:
        services.record_meeting(
            actor=world.actor("teacher_a"),
            placement=placement,
            phase=Phase.MIDTERM,
            held_on=timezone.localdate() + dt.timedelta(days=1),
        )

    assert error.value.message_dict == {
        "held_on": ["The three-party review cannot be held in the future."]
    }


def test_record_meeting_before_the_placement_started_is_refused(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, _rubric = setup

    with pytest.raises(ValidationError) as error:
        services.record_meeting(
            actor=world.actor("teacher_a"),
            placement=placement,
            phase=Phase.MIDTERM,
            held_on=placement.starts_on - dt.timedelta(days=1),
        )

    assert error.value.message_dict == {
        "held_on": ["The three-party review cannot be before the placement started."]
    }


def test_record_meeting_by_a_supervisor_is_refused(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, _rubric = setup

    with pytest.raises(ValidationError):
        services.record_meeting(
            actor=world.actor("supervisor_a"),
            placement=placement,
            phase=Phase.MIDTERM,
            held_on=timezone.localdate(),
        )

    assert Review.objects.count() == 0


def test_set_visible_to_parents_changes_and_audits(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, _rubric = setup

    review = services.set_visible_to_parents(
        actor=world.actor("teacher_a"), placement=placement, phase=Phase.FINAL, visible=False
    )

    assert review.visible_to_parents is False
    assert AuditEvent.objects.get(action="assessment.review.visibility_changed").changes == {
        "phase": "final",
        "visible_to_parents": [True, False],
    }


def test_set_visible_to_parents_unchanged_writes_no_event(world, setup) -> None:  # type: ignore[no-untyped-def]
    placement, _rubric = setup

    services.set_visible_to_parents(
        actor=world.actor("teacher_a"), placement=placement, phase=Phase.FINAL, visible=True
    )

    assert not AuditEvent.objects.filter(action="assessment.review.visibility_changed").exists()


def test_submitting_tells_the_teacher(world, setup, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from sen.messaging.models import Notification

    placement, rubric = setup

    _submit(world, placement, rubric, "supervisor_a")

    notice = Notification.objects.get(kind="assessment.part_submitted")
    assert notice.recipient == world.user("teacher_a")
    assert notice.subject == (
        "The workplace supervisor of Anna Achterberg submitted the scores (final)"
    )
