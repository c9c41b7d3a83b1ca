"""Assignments, rubrics, reviews and grades (DOMAIN.md: "Assignment and rubric", "Review / Grade").

A school keeps one rubric (beoordelingsformulier) per elective, made from a built-in
template (`sen.assessment.rubric_templates`) or copied from another rubric, with
criteria and the levels a criterion can be scored at. Each placement has at most
two reviews (mid-term and final); a review has three parts — the student's
self-assessment, the workplace supervisor's scores and feedback, the teacher's
assessment — each open until its writer submits it, then locked. The teacher gives
the final grade per placement; a grade once set changes only with a reason
(`GradeChange`). Every change goes through `sen.assessment.services`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sen.core.models import TimeStampedModel
from sen.core.scoping import Scope, ScopedManager

# Placements that can be assessed: running or finished (DOMAIN.md: the placement's life).
ASSESSABLE_STATUSES = ("active", "completed")
# Supervisors see assessment records only of placements that run or ran (ASVS 8.3.2).
_RUNNING = (("placement__status__in", ASSESSABLE_STATUSES),)

GRADE_MIN = Decimal("1.0")
GRADE_MAX = Decimal("10.0")
# DOMAIN.md, art. 49 Eindexamenbesluit VO (examenblad.nl): in BB and KB no keuzevak
# may end below 4 (the combinatiecijfer rule). See sen.assessment.grading.
EXAM_MINIMUM = Decimal("4.0")


class Phase(models.TextChoices):
    MIDTERM = "midterm", _("Mid-term")
    FINAL = "final", _("Final")


class PartRole(models.TextChoices):
    """Who writes a part of a review."""

    STUDENT = "student", _("Self-assessment")
    SUPERVISOR = "supervisor", _("Workplace supervisor")
    TEACHER = "teacher", _("Teacher")


class PartStatus(models.TextChoices):
    OPEN = "open", _("Not submitted yet")
    SUBMITTED = "submitted", _("Submitted")


# A part is written, then submitted (locked); only a teacher's audited reopen opens it again.
PART_TRANSITIONS: dict[str, frozenset[str]] = {
    PartStatus.OPEN: frozenset({PartStatus.SUBMITTED}),
    PartStatus.SUBMITTED: frozenset({PartStatus.OPEN}),
}


class AssessmentSettings(TimeStampedModel):
    """A school's assessment settings (one row per school, created when first changed)."""

    school = models.OneToOneField(
        "network.School", on_delete=models.CASCADE, related_name="assessment_settings"
    )
    parents_see_feedback = models.BooleanField(
        _("parents see the feedback of reviews"),
        default=True,
        help_text=_("The starting value for each new review; a teacher can change it per review."),
    )

    scope = Scope(school="school")

    class Meta:
        verbose_name = _("assessment settings")
        verbose_name_plural = _("assessment settings")

    def __str__(self) -> str:
        return str(self.school)

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.school_id}


class Rubric(TimeStampedModel):
    """A school's rubric (beoordelingsformulier) for one elective."""

    school = models.ForeignKey("network.School", on_delete=models.CASCADE, related_name="rubrics")
    elective = models.ForeignKey(
        "catalogue.Elective",
        on_delete=models.PROTECT,
        related_name="rubrics",
        verbose_name=_("elective"),
    )
    title = models.CharField(_("title"), max_length=200)
    pta_code = models.CharField(
        _("PTA code of the final grade"),
        max_length=40,
        blank=True,
        help_text=_("The code of this elective's final grade in the school's PTA, e.g. K/PIE/3."),
    )
    template = models.CharField(_("made from template"), max_length=40, blank=True)
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        verbose_name=_("copied from"),
    )

    # Staff of the school; students (and their parents) see their school's rubrics from
    # day one. Supervisors read a rubric only through a placement they supervise.
    scope = Scope(school="school", student="school__students", many=True)

    class Meta:
        ordering = ["elective__name", "pk"]
        verbose_name = _("rubric")
        constraints = [
            models.UniqueConstraint(fields=["school", "elective"], name="rubric_school_elective")
        ]

    def __str__(self) -> str:
        return self.title

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.school_id}


class Criterion(TimeStampedModel):
    """One thing a rubric assesses, with a weight and the levels it can be scored at."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope = Scope(school="rubric__school", student="rubric__school__students", many=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=10), name="criterion_weight_range"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.rubric.school_id}


class Level(TimeStampedModel):
    """A level a criterion can be scored at (onvoldoende, voldoende, goed, uitstekend)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="levels")
    label = models.CharField(_("level"), max_length=60)
    points = models.PositiveSmallIntegerField(
        _("points"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope = Scope(
        school="criterion__rubric__school",
        student="criterion__rubric__school__students",
        many=True,
    )

    class Meta:
        ordering = ["order", "points", "pk"]
        verbose_name = _("level")

    def __str__(self) -> str:
        return self.label

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.criterion.rubric.school_id}


class Assignment(TimeStampedModel):
    """An assignment (opdracht) of an elective at a school, with its PTA code."""

    school = models.ForeignKey(
        "network.School", on_delete=models.CASCADE, related_name="assignments"
    )
    elective = models.ForeignKey(
        "catalogue.Elective",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("elective"),
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True)
    pta_code = models.CharField(_("PTA code"), max_length=40, blank=True)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    due_week = models.PositiveSmallIntegerField(
        _("due in week"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(53)],
        help_text=_("Week number of the year, from 1 to 53."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope = Scope(school="school", student="school__students", many=True)

    class Meta:
        ordering = ["elective__name", "order", "pk"]
        verbose_name = _("assignment")
        indexes = [models.Index(fields=["school", "elective"], name="assignment_school_elec_idx")]

    def __str__(self) -> str:
        return self.title

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.school_id}


class Review(TimeStampedModel):
    """The mid-term or final review of a placement, against the elective's rubric."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="reviews"
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="reviews")
    visible_to_parents = models.BooleanField(_("parents see the feedback"), default=True)
    meeting_held_on = models.DateField(_("three-party review held on"), null=True, blank=True)
    meeting_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    # The school, the student and their parents, and the placement's own supervisor
    # (company contacts see no reviews); never another company's.
    scope = Scope(
        school="placement__student__school",
        supervisor="placement__supervisor",
        student="placement__student",
        company_when=_RUNNING,
    )

    class Meta:
        ordering = ["placement", "phase"]
        verbose_name = _("review")
        constraints = [
            models.UniqueConstraint(fields=["placement", "phase"], name="review_placement_phase")
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} · {self.placement_id}"

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.placement.student.school_id}


class ReviewPart(TimeStampedModel):
    """One party's part of a review: levels per criterion and a text; locked once submitted."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="parts")
    role = models.CharField(_("part"), max_length=12, choices=PartRole.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PartStatus.choices, default=PartStatus.OPEN
    )
    # The student's reflection, the supervisor's feedback or the teacher's assessment.
    text = models.TextField(_("text"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    scope = Scope(
        school="review__placement__student__school",
        supervisor="review__placement__supervisor",
        student="review__placement__student",
        company_when=(("review__placement__status__in", ASSESSABLE_STATUSES),),
    )

    class Meta:
        ordering = ["review", "role"]
        verbose_name = _("review part")
        constraints = [
            models.UniqueConstraint(fields=["review", "role"], name="review_part_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == PartStatus.SUBMITTED

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.review.placement.student.school_id}


class Score(models.Model):
    """The level a part gives one criterion, with an optional comment."""

    part = models.ForeignKey(ReviewPart, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="scores")
    comment = models.TextField(_("comment"), blank=True)

    scope = Scope(
        school="part__review__placement__student__school",
        supervisor="part__review__placement__supervisor",
        student="part__review__placement__student",
        company_when=(("part__review__placement__status__in", ASSESSABLE_STATUSES),),
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("score")
        constraints = [
            models.UniqueConstraint(fields=["part", "criterion"], name="score_part_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.level_id}"


class Grade(TimeStampedModel):
    """The final grade of a placement (1.0 to 10.0, one decimal), given by a teacher.

    Never overwritten silently: a change needs a reason and leaves a `GradeChange`.
    Supervisors and companies do not see grades (SECURITY-CHECKLIST 8.1.2).
    """

    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.PROTECT, related_name="grade"
    )
    value = models.DecimalField(
        _("grade"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(GRADE_MIN), MaxValueValidator(GRADE_MAX)],
    )
    # The PTA code of the elective's final grade when the grade was given (from the rubric).
    pta_code = models.CharField(_("PTA code"), max_length=40, blank=True)
    graded_on = models.DateField(_("date"))
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("given by"),
    )

    scope = Scope(school="placement__student__school", student="placement__student")

    class Meta:
        ordering = ["-graded_on", "pk"]
        verbose_name = _("grade")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=GRADE_MIN, value__lte=GRADE_MAX), name="grade_value_range"
            )
        ]
        indexes = [models.Index(fields=["graded_on"], name="grade_graded_on_idx")]

    def __str__(self) -> str:
        return str(self.value).replace(".", ",")

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.placement.student.school_id}


class GradeChange(models.Model):
    """A change of a grade: the old and new value, why, by whom, when. Append-only."""

    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="changes")
    old_value = models.DecimalField(_("old grade"), max_digits=3, decimal_places=1)
    new_value = models.DecimalField(_("new grade"), max_digits=3, decimal_places=1)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    scope = Scope(school="grade__placement__student__school", student="grade__placement__student")
    objects = ScopedManager()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("grade change")

    def __str__(self) -> str:
        return f"{self.old_value} → {self.new_value}"

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.grade.placement.student.school_id}
