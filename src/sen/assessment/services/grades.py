"""The final grade of a placement: given by a teacher of the student's school.

DOMAIN.md: "Hours, signatures, grades and consents are never overwritten without a
trace." The first grade is set (`assessment.grade.set`); every later change needs a
reason and leaves a `GradeChange` row (old, new, reason, by, when) and an audit
event (`assessment.grade.changed`) in the same transaction.

A BB/KB grade below 4 is stored and flagged (`sen.assessment.grading`): the teacher
gave it and a resit may follow, but it blocks the diploma as long as it stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sen.assessment.errors import field_error
from sen.assessment.grading import below_exam_minimum, format_grade, parse_grade
from sen.assessment.models import ASSESSABLE_STATUSES, Grade, GradeChange
from sen.assessment.selectors.rubrics import rubric_for_placement
from sen.audit.services import record
from sen.core.actor import Actor, Role
from sen.placements.models import Placement

MAX_REASON = 1000


@dataclass(frozen=True)
class GradeResult:
    grade: Grade
    changed: bool  # False: the same value was given again, nothing was written
    below_exam_minimum: bool


def set_grade(
    *, actor: Actor, placement: Placement, value: str | Decimal, reason: str = ""
) -> GradeResult:
    """Give or change the placement's grade. `value` is parsed at this boundary
    ("6,5" or "6.5", 1,0-10,0, one decimal); a change needs a `reason`."""
    if actor.role != Role.TEACHER or placement.student.school_id != actor.school_id:
        raise ValidationError(
            _("Only a teacher of the student's school gives a grade."), code="role"
        )
    if placement.status not in ASSESSABLE_STATUSES:
        raise ValidationError(
            _("This placement has not started or was cancelled, so it cannot be graded."),
            code="status",
        )
    new = parse_grade(value)
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise field_error(
            "reason", _("Write at most %(max)s characters.") % {"max": MAX_REASON}, "length"
        )
    flagged = below_exam_minimum(new, placement.student.track)
    with transaction.atomic():
        # Lock the placement: two teachers grading at once are serialised.
        Placement.objects.select_for_update().filter(pk=placement.pk).first()
        grade = Grade.objects.filter(placement=placement).first()
        if grade is None:
            rubric = rubric_for_placement(placement)
            grade = Grade.objects.create(
                placement=placement,
                value=new,
                pta_code=rubric.pta_code if rubric else "",
                graded_on=timezone.localdate(),
                graded_by=actor.user,
            )
            record(
                "assessment.grade.set",
                actor=actor,
                obj=grade,
                changes={"value": [None, str(new)], "below_exam_minimum": flagged},
            )
        elif grade.value == new:
            return GradeResult(grade=grade, changed=False, below_exam_minimum=flagged)
        else:
            if not reason:
                raise field_error(
                    "reason",
                    _(
                        "This placement already has the grade %(grade)s. Say why it "
                        "changes: a grade never changes without a reason."
                    )
                    % {"grade": format_grade(grade.value)},
                    "reason_required",
                )
            old = grade.value
            GradeChange.objects.create(
                grade=grade, old_value=old, new_value=new, reason=reason, changed_by=actor.user
            )
            grade.value = new
            grade.graded_on = timezone.localdate()
            grade.graded_by = actor.user
            grade.save(update_fields=["value", "graded_on", "graded_by", "updated_at"])
            record(
                "assessment.grade.changed",
                actor=actor,
                obj=grade,
                changes={
                    "value": [str(old), str(new)],
                    "reason": reason,
                    "below_exam_minimum": flagged,
                },
            )
        _tell_student(placement, grade)
    return GradeResult(grade=grade, changed=True, below_exam_minimum=flagged)


def _tell_student(placement: Placement, grade: Grade) -> None:
    from sen.messaging.services import notify

    if placement.student.user_id is None:
        return
    notify(
        kind="assessment.grade_given",
        key=f"assessment-grade:{grade.pk}:{grade.value}:{timezone.now():%Y%m%d%H%M%S}",
        recipients=[placement.student.user],
        subject=_("Your grade for %(elective)s is in SEN") % {"elective": placement.offer.elective},
        url=reverse("assessment:student_placement", args=[placement.pk]),
        placement=placement,
    )
