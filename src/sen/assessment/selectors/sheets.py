"""The assessment sheet of one placement, as one actor may see it: the elective's
assignments and rubric, both reviews with the parts this actor reads or writes, and
the grade (for those who see grades).

What each role reads is decided in `sen.assessment.parts`; the grade follows the
rule `assessment.view_grade` and `Grade.objects.visible_to` (supervisors never).
The placement must have been fetched within the actor's scope
(`selectors.placements.get_assessable_placement`). About 10 queries in all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from sen.assessment.grading import below_exam_minimum
from sen.assessment.models import (
    Assignment,
    Criterion,
    Grade,
    GradeChange,
    Level,
    PartRole,
    PartStatus,
    Phase,
    Review,
    ReviewPart,
    Rubric,
)
from sen.assessment.parts import reads_part, writer_role
from sen.assessment.selectors.rubrics import assignments_for, rubric_for_placement
from sen.core.actor import Actor, Role
from sen.placements.models import Placement


@dataclass(frozen=True)
class LevelChoice:
    level: Level
    checked: bool


@dataclass(frozen=True)
class Reading:
    """What another part gave a criterion."""

    role: str
    label: str
    level: str
    points: int
    comment: str


@dataclass
class CriterionRow:
    criterion: Criterion
    choices: list[LevelChoice]  # the actor's own part: the levels, with the chosen one checked
    comment: str  # the actor's own comment
    readings: list[Reading] = field(default_factory=list)


@dataclass
class PartView:
    role: str
    label: str
    status: str  # "open", "submitted", or "" when nobody wrote anything yet
    readable: bool
    text: str = ""
    submitted_at: dt.datetime | None = None
    submitted_by: str = ""
    scored: int = 0
    percent: int | None = None  # weighted score, once every criterion has a level

    @property
    def is_submitted(self) -> bool:
        return self.status == PartStatus.SUBMITTED

    @property
    def status_label(self) -> str:
        return str(PartStatus(self.status).label) if self.status else str(PartStatus.OPEN.label)


@dataclass
class ReviewSheet:
    phase: str
    label: str
    review: Review | None
    parts: list[PartView]
    own: PartView | None
    writable: bool  # the actor may save their own part now
    rows: list[CriterionRow]

    @property
    def meeting_held_on(self) -> dt.date | None:
        return self.review.meeting_held_on if self.review else None

    @property
    def visible_to_parents(self) -> bool | None:
        return self.review.visible_to_parents if self.review else None

    @property
    def submitted_count(self) -> int:
        return sum(1 for p in self.parts if p.is_submitted)

    @property
    def reopenable(self) -> list[PartView]:
        return [p for p in self.parts if p.is_submitted]


@dataclass
class Sheet:
    placement: Placement
    rubric: Rubric | None
    criteria: list[Criterion]
    assignments: list[Assignment]
    reviews: list[ReviewSheet]
    writer: str | None
    grade: Grade | None = None
    grade_changes: list[GradeChange] = field(default_factory=list)
    shows_grade: bool = False

    @property
    def below_exam_minimum(self) -> bool:
        return self.grade is not None and below_exam_minimum(
            self.grade.value, self.placement.student.track
        )

    @property
    def midterm_assignments(self) -> list[Assignment]:
        return [a for a in self.assignments if a.phase == Phase.MIDTERM]

    @property
    def final_assignments(self) -> list[Assignment]:
        return [a for a in self.assignments if a.phase == Phase.FINAL]


def _percent(criteria: list[Criterion], scores: dict[int, tuple[Level, str]]) -> int | None:
    if not criteria or any(c.pk not in scores for c in criteria):
        return None
    got = Decimal(0)
    best = Decimal(0)
    for criterion in criteria:
        top = max((lv.points for lv in criterion.levels.all()), default=0)
        got += criterion.weight * scores[criterion.pk][0].points
        best += criterion.weight * top
    return int((got * 100 / best).to_integral_value()) if best else None


def _reviews(placement: Placement) -> dict[str, Review]:
    queryset = Review.objects.filter(placement=placement).prefetch_related(
        Prefetch(
            "parts",
            queryset=ReviewPart.objects.select_related("submitted_by").prefetch_related("scores"),
        )
    )
    return {r.phase: r for r in queryset}


def _review_sheet(
    actor: Actor,
    placement: Placement,
    phase: Phase,
    review: Review | None,
    criteria: list[Criterion],
    writer: str | None,
) -> ReviewSheet:
    levels = {lv.pk: lv for c in criteria for lv in c.levels.all()}
    parts_by_role = {p.role: p for p in review.parts.all()} if review else {}
    views: list[PartView] = []
    scores_by_role: dict[str, dict[int, tuple[Level, str]]] = {}
    for role in PartRole:
        part = parts_by_role.get(role.value)
        status = part.status if part else ""
        readable = part is not None and reads_part(
            actor,
            placement,
            role.value,
            submitted=status == PartStatus.SUBMITTED,
            visible_to_parents=bool(review and review.visible_to_parents),
        )
        view = PartView(role=role.value, label=str(role.label), status=status, readable=readable)
        if part is not None and (readable or writer == role.value):
            scores = {
                s.criterion_id: (levels[s.level_id], s.comment)
                for s in part.scores.all()
                if s.level_id in levels
            }
            scores_by_role[role.value] = scores
            view.text = part.text
            view.submitted_at = part.submitted_at
            view.submitted_by = part.submitted_by.get_full_name() if part.submitted_by else ""
            view.scored = len(scores)
            view.percent = _percent(criteria, scores)
        views.append(view)
    own = next((v for v in views if v.role == writer), None)
    writable = writer is not None and bool(criteria) and not (own is not None and own.is_submitted)
    own_scores = scores_by_role.get(writer or "", {})
    rows = []
    for criterion in criteria:
        chosen = own_scores.get(criterion.pk)
        rows.append(
            CriterionRow(
                criterion=criterion,
                choices=[
                    LevelChoice(level=lv, checked=chosen is not None and chosen[0].pk == lv.pk)
                    for lv in criterion.levels.all()
                ],
                comment=chosen[1] if chosen else "",
                readings=[
                    Reading(
                        role=v.role,
                        label=v.label,
                        level=scores_by_role[v.role][criterion.pk][0].label,
                        points=scores_by_role[v.role][criterion.pk][0].points,
                        comment=scores_by_role[v.role][criterion.pk][1],
                    )
                    for v in views
                    if v.readable
                    and v.role != writer
                    and criterion.pk in scores_by_role.get(v.role, {})
                ],
            )
        )
    return ReviewSheet(
        phase=phase.value,
        label=str(phase.label),
        review=review,
        parts=views,
        own=own,
        writable=writable,
        rows=rows,
    )


def assessment_sheet(actor: Actor, placement: Placement) -> Sheet:
    """The sheet of `placement` (fetched within scope) for `actor`."""
    school_id = placement.student.school_id
    rubric = rubric_for_placement(placement)
    criteria: list[Criterion] = list(rubric.criteria.all()) if rubric else []
    writer = writer_role(actor, placement)
    reviews = _reviews(placement)
    sheets = []
    for phase in Phase:
        review = reviews.get(phase.value)
        # A review keeps the rubric it was started with.
        review_criteria = criteria
        if review is not None and rubric is not None and review.rubric_id != rubric.pk:
            review_criteria = list(
                Criterion.objects.filter(rubric_id=review.rubric_id).prefetch_related("levels")
            )
        sheets.append(_review_sheet(actor, placement, phase, review, review_criteria, writer))
    sheet = Sheet(
        placement=placement,
        rubric=rubric,
        criteria=criteria,
        assignments=assignments_for(school_id, placement.offer.elective_id),
        reviews=sheets,
        writer=writer,
    )
    if actor.role in (Role.TEACHER, Role.COORDINATOR, Role.STUDENT, Role.GUARDIAN):
        sheet.shows_grade = True
        sheet.grade = Grade.objects.visible_to(actor).filter(placement=placement).first()
        if sheet.grade is not None and actor.role in (Role.TEACHER, Role.COORDINATOR):
            sheet.grade_changes = list(
                GradeChange.objects.visible_to(actor)
                .filter(grade=sheet.grade)
                .select_related("changed_by")
            )
    return sheet
