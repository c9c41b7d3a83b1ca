"""Choice rounds, choices, allocation runs and placements (DOMAIN.md: the year, steps 2-3)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sen.core.models import TimeStampedModel
from sen.core.scoping import Scope, ScopedManager


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for choices")
    CLOSED = "closed", _("Closed")
    ALLOCATED = "allocated", _("Allocated")


ROUND_TRANSITIONS: dict[str, frozenset[str]] = {
    RoundStatus.DRAFT: frozenset({RoundStatus.OPEN}),
    RoundStatus.OPEN: frozenset({RoundStatus.CLOSED}),
    RoundStatus.CLOSED: frozenset({RoundStatus.OPEN, RoundStatus.ALLOCATED}),
    RoundStatus.ALLOCATED: frozenset(),
}


class ChoiceRound(TimeStampedModel):
    """A school's round in which students rank offers for a period (keuzeronde)."""

    school = models.ForeignKey(
        "network.School", on_delete=models.CASCADE, related_name="choice_rounds"
    )
    period = models.ForeignKey(
        "catalogue.Period", on_delete=models.PROTECT, related_name="choice_rounds"
    )
    name = models.CharField(_("name"), max_length=120)
    opens_at = models.DateTimeField(_("opens"))
    deadline = models.DateTimeField(_("deadline"))
    min_choices = models.PositiveSmallIntegerField(
        _("minimum number of choices"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    max_choices = models.PositiveSmallIntegerField(
        _("maximum number of choices"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    max_distance_km = models.PositiveSmallIntegerField(
        _("maximum travel distance (km)"), null=True, blank=True
    )
    requires_mentor_approval = models.BooleanField(_("a mentor approves the choices"), default=True)
    # Which students take part (empty list: all of the school's students).
    years = models.JSONField(_("years"), default=list, blank=True)
    class_names = models.JSONField(_("classes"), default=list, blank=True)
    tracks = models.JSONField(_("tracks"), default=list, blank=True)
    profiles = models.ManyToManyField("catalogue.Profile", blank=True, related_name="+")
    # Which offers can be chosen (none: every published offer whose dates fall in the period).
    offers = models.ManyToManyField("catalogue.Offer", blank=True, related_name="choice_rounds")
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )

    scope = Scope(school="school", student="school__students", many=True)

    class Meta:
        ordering = ["-deadline"]
        verbose_name = _("choice round")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("opens_at")), name="round_deadline_after_open"
            ),
            models.CheckConstraint(
                condition=Q(max_choices__gte=models.F("min_choices")), name="round_choices_ordered"
            ),
        ]
        indexes = [models.Index(fields=["school", "status"], name="round_school_status_idx")]

    def __str__(self) -> str:
        return self.name

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.school_id}


class ChoiceStatus(models.TextChoices):
    DRAFT = "draft", _("Not submitted")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved by mentor")
    RETURNED = "returned", _("Sent back by mentor")


CHOICE_TRANSITIONS: dict[str, frozenset[str]] = {
    ChoiceStatus.DRAFT: frozenset({ChoiceStatus.SUBMITTED}),
    ChoiceStatus.SUBMITTED: frozenset(
        {ChoiceStatus.APPROVED, ChoiceStatus.RETURNED, ChoiceStatus.DRAFT}
    ),
    ChoiceStatus.RETURNED: frozenset({ChoiceStatus.SUBMITTED, ChoiceStatus.DRAFT}),
    ChoiceStatus.APPROVED: frozenset({ChoiceStatus.DRAFT}),
}


class ChoiceList(TimeStampedModel):
    """A student's ranked choices in one round (keuze)."""

    round = models.ForeignKey(ChoiceRound, on_delete=models.CASCADE, related_name="choice_lists")
    student = models.ForeignKey(
        "network.Student", on_delete=models.CASCADE, related_name="choice_lists"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ChoiceStatus.choices, default=ChoiceStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    mentor_comment = models.TextField(_("mentor's comment"), blank=True)

    scope = Scope(school="round__school", student="student")

    class Meta:
        verbose_name = _("choices")
        constraints = [
            models.UniqueConstraint(fields=["round", "student"], name="choice_list_unique")
        ]
        indexes = [models.Index(fields=["round", "status"], name="choice_list_round_status_idx")]

    def __str__(self) -> str:
        return f"{self.student} — {self.round}"

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.round.school_id}


class ChoiceItem(models.Model):
    choice_list = models.ForeignKey(ChoiceList, on_delete=models.CASCADE, related_name="items")
    rank = models.PositiveSmallIntegerField(
        _("rank"), validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    offer = models.ForeignKey(
        "catalogue.Offer", on_delete=models.PROTECT, related_name="choice_items"
    )

    scope = Scope(school="choice_list__round__school", student="choice_list__student")
    objects = ScopedManager()

    class Meta:
        ordering = ["choice_list", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["choice_list", "rank"], name="choice_item_rank_unique"),
            models.UniqueConstraint(
                fields=["choice_list", "offer"], name="choice_item_offer_unique"
            ),
        ]
        indexes = [models.Index(fields=["offer"], name="choice_item_offer_idx")]

    def __str__(self) -> str:
        return f"{self.rank}. {self.offer_id}"


class Mechanism(models.TextChoices):
    DEFERRED_ACCEPTANCE = "deferred_acceptance", _("Fair and strategy-proof (deferred acceptance)")
    RANK_OPTIMAL = "rank_optimal", _("Best overall ranks")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    PROPOSAL = "proposal", _("Proposal (dry run)")
    PUBLISHED = "published", _("Published")
    DISCARDED = "discarded", _("Discarded")
    FAILED = "failed", _("Failed")


RUN_TRANSITIONS: dict[str, frozenset[str]] = {
    RunStatus.RUNNING: frozenset({RunStatus.PROPOSAL, RunStatus.FAILED}),
    RunStatus.PROPOSAL: frozenset({RunStatus.PUBLISHED, RunStatus.DISCARDED}),
    RunStatus.PUBLISHED: frozenset(),
    RunStatus.DISCARDED: frozenset(),
    RunStatus.FAILED: frozenset(),
}


class AllocationRun(TimeStampedModel):
    """One allocation over a round (indeling): always a dry run first, then published."""

    round = models.ForeignKey(ChoiceRound, on_delete=models.CASCADE, related_name="runs")
    mechanism = models.CharField(_("mechanism"), max_length=30, choices=Mechanism.choices)
    seed = models.BigIntegerField(_("lottery seed"))
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Figures per mechanism for the comparison chart (computed once, stored with the run).
    figures = models.JSONField(default=dict, blank=True)
    job = models.ForeignKey(
        "core.BackgroundJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A regional run (sen.placements.services.regional) allocates several schools' rounds
    # together: `region` is set and `rounds` lists every round it covers (`round` is the
    # first of them). A school's own run has no region and no `rounds`.
    region = models.ForeignKey(
        "network.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocation_runs",
        verbose_name=_("region"),
    )
    rounds = models.ManyToManyField(ChoiceRound, blank=True, related_name="regional_runs")

    scope = Scope(school="round__school", region="region")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("allocation run")

    def __str__(self) -> str:
        return f"{self.round} — {self.get_mechanism_display()}"

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.round.school_id, "region_id": self.region_id}


class Assignment(models.Model):
    """One student's outcome in a run, with the data to explain it."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="assignments")
    student = models.ForeignKey(
        "network.Student", on_delete=models.CASCADE, related_name="assignments"
    )
    offer = models.ForeignKey(
        "catalogue.Offer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    lottery_number = models.PositiveIntegerField()
    manual = models.BooleanField(default=False)
    explanation = models.JSONField(default=dict, blank=True)

    # Through the student's own school: a regional run holds several schools' students.
    scope = Scope(school="student__school", student="student")
    objects = ScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "student"], name="assignment_unique")]
        indexes = [models.Index(fields=["run", "offer"], name="assignment_run_offer_idx")]

    def __str__(self) -> str:
        return f"{self.student_id} → {self.offer_id}"


class PlacementStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREEMENT_PENDING = "agreement_pending", _("Awaiting agreement")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# DOMAIN.md: proposed → agreement pending → active → completed (or cancelled, with a reason).
PLACEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    PlacementStatus.PROPOSED: frozenset(
        {PlacementStatus.AGREEMENT_PENDING, PlacementStatus.CANCELLED}
    ),
    PlacementStatus.AGREEMENT_PENDING: frozenset(
        {PlacementStatus.ACTIVE, PlacementStatus.CANCELLED}
    ),
    PlacementStatus.ACTIVE: frozenset({PlacementStatus.COMPLETED, PlacementStatus.CANCELLED}),
    PlacementStatus.COMPLETED: frozenset(),
    PlacementStatus.CANCELLED: frozenset(),
}
# Placements that hold a seat of their offer.
SEAT_HOLDING = frozenset(
    {
        PlacementStatus.PROPOSED,
        PlacementStatus.AGREEMENT_PENDING,
        PlacementStatus.ACTIVE,
        PlacementStatus.COMPLETED,
    }
)


class CancelReason(models.TextChoices):
    DECLINED_BY_COMPANY = "declined_by_company", _("Declined by the company")
    WITHDRAWN_BY_SCHOOL = "withdrawn_by_school", _("Withdrawn by the school")
    STUDENT_LEFT = "student_left", _("The student left")
    ENDED_EARLY = "ended_early", _("Ended early")
    OTHER = "other", _("Other")


class Placement(TimeStampedModel):
    """A student at an offer for a period (plaatsing)."""

    student = models.ForeignKey(
        "network.Student", on_delete=models.PROTECT, related_name="placements"
    )
    offer = models.ForeignKey(
        "catalogue.Offer", on_delete=models.PROTECT, related_name="placements"
    )
    run = models.ForeignKey(
        AllocationRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=PlacementStatus.choices,
        default=PlacementStatus.PROPOSED,
    )
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    cancel_reason = models.CharField(
        _("reason"), max_length=30, choices=CancelReason.choices, blank=True
    )
    cancel_note = models.TextField(_("explanation"), blank=True)
    decline_deadline = models.DateTimeField(
        _("the company can decline until"), null=True, blank=True
    )
    # The terms of this placement (copied from the offer when it is created). The
    # agreement fixes them; a change of terms is a new agreement version
    # (sen.agreements), and attendance and the logbook follow these, not the offer.
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    schedule = models.JSONField(_("weekly schedule"), default=list)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_placements",
        verbose_name=_("workplace supervisor"),
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="taught_placements",
        verbose_name=_("teacher"),
    )

    scope = Scope(
        school="student__school",
        company="offer__company",
        supervisor="supervisor",
        student="student",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("placement")
        indexes = [
            models.Index(fields=["offer", "status"], name="placement_offer_status_idx"),
            models.Index(fields=["student", "status"], name="placement_student_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.student} @ {self.offer}"

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.student.school_id}
