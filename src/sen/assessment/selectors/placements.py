"""Placements to assess: the teacher's overview ("Beoordelen"), the student's, the
supervisor's and the parents' lists, each with the state of its reviews and grade.

Every list starts from `Placement.objects.visible_to(actor)` and costs a bounded
number of queries: the page of placements (with student, elective, company and
grade joined), and one query each for the reviews and their parts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from sen.assessment.grading import below_exam_minimum
from sen.assessment.models import (
    ASSESSABLE_STATUSES,
    Grade,
    PartRole,
    PartStatus,
    Phase,
    Review,
    ReviewPart,
)
from sen.catalogue.models import Elective
from sen.core.actor import Actor, Role
from sen.core.scoping import get_visible_or_404
from sen.placements.models import Placement

PARTS = len(PartRole.values)


def assessable_placements(actor: Actor) -> QuerySet[Placement]:
    """Running or finished placements the actor sees (a supervisor: their own only)."""
    qs = Placement.objects.visible_to(actor).filter(status__in=ASSESSABLE_STATUSES)
    if actor.role == Role.SUPERVISOR:
        qs = qs.filter(supervisor_id=actor.user_id or 0, offer__company_id=actor.company_id or 0)
    return qs.select_related(
        "student__school", "offer__elective", "offer__company", "supervisor", "teacher"
    )


def get_assessable_placement(actor: Actor, pk: int) -> Placement:
    """One running or finished placement within the actor's scope; 404 otherwise."""
    return get_visible_or_404(assessable_placements(actor), actor, pk=pk)


def _with_reviews(qs: QuerySet[Placement]) -> QuerySet[Placement]:
    return qs.prefetch_related(
        Prefetch(
            "reviews",
            queryset=Review.objects.order_by("phase").prefetch_related(
                Prefetch(
                    "parts", queryset=ReviewPart.objects.only("pk", "review_id", "role", "status")
                )
            ),
        )
    )


@dataclass(frozen=True)
class PhaseState:
    phase: str
    label: str
    submitted: frozenset[str]  # roles whose part is submitted
    meeting_held_on: dt.date | None
    exists: bool

    @property
    def done(self) -> int:
        return len(self.submitted)

    @property
    def total(self) -> int:
        return PARTS

    @property
    def complete(self) -> bool:
        return self.done == PARTS

    @property
    def badge(self) -> str:
        """ok: every part submitted; warn: started; muted: nothing yet."""
        if self.complete:
            return "ok"
        return "warn" if self.done or self.exists else "muted"

    def has(self, role: str) -> bool:
        return role in self.submitted

    @property
    def student_done(self) -> bool:
        return PartRole.STUDENT in self.submitted

    @property
    def supervisor_done(self) -> bool:
        return PartRole.SUPERVISOR in self.submitted

    @property
    def teacher_done(self) -> bool:
        return PartRole.TEACHER in self.submitted


@dataclass(frozen=True)
class Row:
    placement: Placement
    midterm: PhaseState
    final: PhaseState
    grade: Grade | None
    below_exam_minimum: bool


def _phase_state(reviews: dict[str, Review], phase: Phase) -> PhaseState:
    review = reviews.get(phase.value)
    parts = list(review.parts.all()) if review is not None else []
    return PhaseState(
        phase=phase.value,
        label=str(phase.label),
        submitted=frozenset(p.role for p in parts if p.status == PartStatus.SUBMITTED),
        meeting_held_on=review.meeting_held_on if review else None,
        exists=review is not None,
    )


def grade_of(placement: Placement) -> Grade | None:
    # A missing reverse one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    grade: Grade | None = getattr(placement, "grade", None)
    return grade


def rows(placements: list[Placement], *, with_grades: bool) -> list[Row]:
    """The review and grade state of placements fetched with `_with_reviews` (and the
    grade joined when `with_grades`)."""
    result = []
    for placement in placements:
        reviews = {r.phase: r for r in placement.reviews.all()}
        grade = grade_of(placement) if with_grades else None
        result.append(
            Row(
                placement=placement,
                midterm=_phase_state(reviews, Phase.MIDTERM),
                final=_phase_state(reviews, Phase.FINAL),
                grade=grade,
                below_exam_minimum=grade is not None
                and below_exam_minimum(grade.value, placement.student.track),
            )
        )
    return result


# --- The teacher's overview ---------------------------------------------------------------

TODO_CHOICES = ("no_grade", "final_open", "below_minimum", "mine")


def overview(
    actor: Actor,
    *,
    status: str = "",
    elective_id: int | None = None,
    todo: str = "",
    query: str = "",
) -> QuerySet[Placement]:
    """The school's running and finished placements, for teachers and coordinators."""
    qs = _with_reviews(
        assessable_placements(actor)
        .filter(student__school_id=actor.school_id or 0)
        .select_related("grade")
    )
    if status in ASSESSABLE_STATUSES:
        qs = qs.filter(status=status)
    if elective_id:
        qs = qs.filter(offer__elective_id=elective_id)
    if query:
        qs = qs.filter(
            Q(student__first_name__icontains=query)
            | Q(student__last_name__icontains=query)
            | Q(student__student_number__iexact=query)
            | Q(student__class_name__iexact=query)
            | Q(offer__company__name__icontains=query)
        )
    if todo == "no_grade":
        qs = qs.filter(grade__isnull=True)
    elif todo == "final_open":
        qs = qs.annotate(
            final_done=Count(
                "reviews__parts",
                filter=Q(reviews__phase=Phase.FINAL, reviews__parts__status=PartStatus.SUBMITTED),
            )
        ).filter(final_done__lt=PARTS)
    elif todo == "below_minimum":
        qs = qs.filter(student__track__in=("BB", "KB"), grade__value__lt=4)
    elif todo == "mine":
        qs = qs.filter(teacher_id=actor.user_id or 0)
    return qs.order_by("student__last_name", "student__first_name", "pk")


def overview_electives(actor: Actor) -> list[tuple[int, str]]:
    """The electives of the school's assessable placements, for the filter."""
    ids = (
        assessable_placements(actor)
        .filter(student__school_id=actor.school_id or 0)
        .values("offer__elective_id")
    )
    return list(Elective.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name"))


# --- The student's, supervisor's and parents' lists ---------------------------------------


def own_rows(actor: Actor) -> list[Row]:
    """The placements of the student, of the supervisor, or of the parent's children.

    Supervisors never get the grade (sen.assessment.rules: view_grade)."""
    qs: QuerySet[Placement] = _with_reviews(assessable_placements(actor))
    with_grades = actor.role in (Role.STUDENT, Role.GUARDIAN)
    if with_grades:
        qs = qs.select_related("grade")
    ordered = qs.order_by("-starts_on", "student__last_name", "pk")
    return rows(list(ordered), with_grades=with_grades)
