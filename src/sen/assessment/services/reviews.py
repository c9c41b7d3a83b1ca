"""Reviews of a placement: each party writes and submits its part; the teacher holds the
three-party review, reopens a submitted part (with a reason) and decides what parents see.

A review exists once somebody first saves a part of it (reading a page writes nothing);
it is bound to the elective's rubric at that moment. A part moves `open → submitted`
when its writer submits it, after which it is locked; only a teacher moves it back to
`open` (`reopen_part`, audited with the reason). See `sen.assessment.parts` for who
writes and reads which part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sen.assessment.errors import field_error
from sen.assessment.models import (
    ASSESSABLE_STATUSES,
    PART_TRANSITIONS,
    PartRole,
    PartStatus,
    Phase,
    Review,
    ReviewPart,
    Score,
)
from sen.assessment.parts import writer_role
from sen.assessment.selectors.rubrics import rubric_for_placement
from sen.assessment.services.rubrics import settings_for
from sen.audit.services import record
from sen.core.actor import Actor, Role
from sen.placements.models import Placement

MAX_TEXT = 5000
MAX_COMMENT = 1000

TEXT_REQUIRED = {
    PartRole.STUDENT: gettext_lazy("Write your reflection before you submit."),
    PartRole.SUPERVISOR: gettext_lazy("Write your feedback before you submit."),
    PartRole.TEACHER: gettext_lazy("Write your assessment before you submit."),
}


def _check_phase(phase: str) -> None:
    if phase not in Phase.values:
        raise ValidationError(_("Choose the mid-term or the final review."), code="phase")


def _check_assessable(placement: Placement) -> None:
    if placement.status not in ASSESSABLE_STATUSES:
        raise ValidationError(
            _("This placement has not started or was cancelled, so it cannot be assessed yet."),
            code="status",
        )


def _check_move(current: str, target: str) -> None:
    if target not in PART_TRANSITIONS[current]:
        raise ValidationError(
            _("A part that is %(current)s cannot become %(target)s.")
            % {"current": PartStatus(current).label, "target": PartStatus(target).label},
            code="transition",
        )


def _review(placement: Placement, phase: str) -> Review:
    """The placement's review of `phase`, created (and locked) on first use."""
    existing = Review.objects.select_for_update().filter(placement=placement, phase=phase).first()
    if existing is not None:
        return existing
    rubric = rubric_for_placement(placement)
    if rubric is None:
        raise ValidationError(
            _(
                "There is no rubric for this elective yet. A teacher or coordinator of the "
                "school makes one under Assessment → Rubrics."
            ),
            code="no_rubric",
        )
    review, _created = Review.objects.get_or_create(
        placement=placement,
        phase=phase,
        defaults={
            "rubric": rubric,
            "visible_to_parents": settings_for(placement.student.school_id).parents_see_feedback,
        },
    )
    return Review.objects.select_for_update().get(pk=review.pk)


def _teacher(actor: Actor, placement: Placement) -> None:
    if actor.role != Role.TEACHER or placement.student.school_id != actor.school_id:
        raise ValidationError(_("Only a teacher of the student's school can do this."), code="role")


def save_part(
    *,
    actor: Actor,
    placement: Placement,
    phase: str,
    levels: Mapping[int, int],
    comments: Mapping[int, str] | None = None,
    text: str = "",
    submit: bool = False,
) -> ReviewPart:
    """Save the actor's part of a review: a level per criterion (criterion id → level id),
    optional comments per criterion, and the text. `submit=True` locks it, and needs a
    level for every criterion and a text."""
    _check_phase(phase)
    role = writer_role(actor, placement)
    if role is None:
        raise ValidationError(_("You do not write a part of this review."), code="role")
    _check_assessable(placement)
    comments = comments or {}
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise field_error(
            "text", _("Write at most %(max)s characters.") % {"max": MAX_TEXT}, "length"
        )
    with transaction.atomic():
        review = _review(placement, phase)
        part, _created = ReviewPart.objects.get_or_create(review=review, role=role)
        if part.status == PartStatus.SUBMITTED:
            raise ValidationError(
                _("You submitted this part, so it is locked. Ask the teacher to reopen it."),
                code="locked",
            )
        criteria = {c.pk: c for c in review.rubric.criteria.prefetch_related("levels")}
        chosen: dict[int, int] = {}
        for criterion_id, level_id in levels.items():
            criterion = criteria.get(int(criterion_id))
            if criterion is None:
                raise ValidationError(
                    _("A criterion you scored is not part of this rubric. Reload the page."),
                    code="criterion",
                )
            if int(level_id) not in {lv.pk for lv in criterion.levels.all()}:
                raise ValidationError(
                    _("Choose one of the levels of “%(criterion)s”.")
                    % {"criterion": criterion.title},
                    code="level",
                )
            chosen[criterion.pk] = int(level_id)
        for criterion_id, comment in comments.items():
            if len(comment) > MAX_COMMENT:
                raise ValidationError(
                    _("A comment has at most %(max)s characters.") % {"max": MAX_COMMENT},
                    code="length",
                )
            if int(criterion_id) not in criteria:
                raise ValidationError(
                    _("A criterion you scored is not part of this rubric. Reload the page."),
                    code="criterion",
                )
        if submit:
            missing = [c.title for pk, c in criteria.items() if pk not in chosen]
            if missing:
                raise ValidationError(
                    _("Choose a level for every criterion before you submit: %(missing)s.")
                    % {"missing": ", ".join(missing)},
                    code="incomplete",
                )
            if not text:
                raise field_error("text", TEXT_REQUIRED[PartRole(role)], "required")
        existing = {s.criterion_id: s for s in part.scores.all()}
        Score.objects.filter(part=part).exclude(criterion_id__in=list(chosen)).delete()
        for criterion_id, level_id in chosen.items():
            comment = comments.get(criterion_id, "").strip()
            score = existing.get(criterion_id)
            if score is None:
                Score.objects.create(
                    part=part, criterion_id=criterion_id, level_id=level_id, comment=comment
                )
            elif (score.level_id, score.comment) != (level_id, comment):
                score.level_id, score.comment = level_id, comment
                score.save(update_fields=["level", "comment"])
        text_changed = part.text != text
        part.text = text
        fields = ["text", "updated_at"]
        if submit:
            _check_move(part.status, PartStatus.SUBMITTED)
            part.status = PartStatus.SUBMITTED
            part.submitted_at = timezone.now()
            part.submitted_by = actor.user
            fields += ["status", "submitted_at", "submitted_by"]
        part.save(update_fields=fields)
        labels = {lv.pk: lv.label for c in criteria.values() for lv in c.levels.all()}
        record(
            "assessment.review_part.submitted" if submit else "assessment.review_part.saved",
            actor=actor,
            obj=part,
            changes={
                "phase": phase,
                "part": role,
                "levels": {criteria[c].title: labels[lv] for c, lv in chosen.items()},
                "text_changed": text_changed,
            },
        )
        if submit and role != PartRole.TEACHER and placement.teacher_id:
            _tell_teacher(placement, phase, role)
    return part


def _tell_teacher(placement: Placement, phase: str, role: str) -> None:
    from sen.messaging.services import notify

    who = (
        _("%(student)s submitted the self-assessment")
        if role == PartRole.STUDENT
        else _("The workplace supervisor of %(student)s submitted the scores")
    ) % {"student": placement.student.full_name}
    notify(
        kind="assessment.part_submitted",
        key=f"assessment-part:{placement.pk}:{phase}:{role}:{timezone.now():%Y%m%d%H%M%S}",
        recipients=[placement.teacher],
        subject=f"{who} ({Phase(phase).label.lower()})",
        url=reverse("assessment:placement", args=[placement.pk]),
        placement=placement,
    )


def reopen_part(
    *, actor: Actor, placement: Placement, phase: str, role: str, reason: str
) -> ReviewPart:
    """Open a submitted part again so that its writer can change it (a teacher, with a reason)."""
    _teacher(actor, placement)
    _check_phase(phase)
    if role not in PartRole.values:
        raise ValidationError(_("Choose which part to reopen."), code="part")
    reason = reason.strip()
    if not reason:
        raise field_error("reason", _("Say why the part is reopened."), "required")
    with transaction.atomic():
        part = (
            ReviewPart.objects.select_for_update()
            .filter(review__placement=placement, review__phase=phase, role=role)
            .first()
        )
        if part is None or part.status != PartStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted part can be reopened."), code="not_submitted")
        _check_move(part.status, PartStatus.OPEN)
        submitted_at = part.submitted_at
        part.status = PartStatus.OPEN
        part.submitted_at = None
        part.submitted_by = None
        part.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        record(
            "assessment.review_part.reopened",
            actor=actor,
            obj=part,
            changes={
                "phase": phase,
                "part": role,
                "status": [PartStatus.SUBMITTED, PartStatus.OPEN],
                "submitted_at": submitted_at,
                "reason": reason,
            },
        )
    return part


def record_meeting(*, actor: Actor, placement: Placement, phase: str, held_on: dt.date) -> Review:
    """Mark the three-party review (driegesprek) of `phase` as held on `held_on`."""
    _teacher(actor, placement)
    _check_phase(phase)
    _check_assessable(placement)
    if held_on > timezone.localdate():
        raise field_error(
            "held_on", _("The three-party review cannot be held in the future."), "future"
        )
    if held_on < placement.starts_on:
        raise field_error(
            "held_on",
            _("The three-party review cannot be before the placement started."),
            "before_start",
        )
    with transaction.atomic():
        review = _review(placement, phase)
        before = review.meeting_held_on
        review.meeting_held_on = held_on
        review.meeting_recorded_by = actor.user
        review.save(update_fields=["meeting_held_on", "meeting_recorded_by", "updated_at"])
        record(
            "assessment.review.meeting_held",
            actor=actor,
            obj=review,
            changes={"phase": phase, "meeting_held_on": [before, held_on]},
        )
    return review


def set_visible_to_parents(
    *, actor: Actor, placement: Placement, phase: str, visible: bool
) -> Review:
    """Whether parents read the submitted parts of this review."""
    _teacher(actor, placement)
    _check_phase(phase)
    _check_assessable(placement)
    with transaction.atomic():
        review = _review(placement, phase)
        if review.visible_to_parents == visible:
            return review
        review.visible_to_parents = visible
        review.save(update_fields=["visible_to_parents", "updated_at"])
        record(
            "assessment.review.visibility_changed",
            actor=actor,
            obj=review,
            changes={"phase": phase, "visible_to_parents": [not visible, visible]},
        )
    return review
