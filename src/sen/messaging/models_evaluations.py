"""Evaluations at the end of a placement: the student and the company each answer a few
questions from 1 to 5 and may add a remark (DOMAIN.md: "Evaluation — student and
company evaluate each placement; feeds network quality").

The questions per party are in `sen.messaging.evaluations.questions`; the window
and the one-per-party rule are checked in `sen.messaging.evaluations.services`
(and the database refuses a second evaluation by the same party).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sen.core.scoping import Scope, ScopedManager

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Party(models.TextChoices):
    STUDENT = "student", _("Student")
    COMPANY = "company", _("Company")


class Evaluation(models.Model):
    placement = models.ForeignKey(
        "placements.Placement",
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("placement"),
    )
    party = models.CharField(_("by"), max_length=10, choices=Party.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("filled in by"),
    )
    score_1 = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    score_2 = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    score_3 = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    comment = models.TextField(_("remarks"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("filled in"), default=timezone.now, editable=False)

    # Their author; the school's staff (the quality view narrows it to coordinators);
    # the region's coordinators, who only ever get aggregates (evaluations.selectors).
    # Companies do not read students' evaluations one by one.
    scope = Scope(
        owner="author",
        school="placement__student__school",
        region="placement__offer__company__regions",
        many=True,
    )
    objects = ScopedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("evaluation")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "party"], name="evaluation_once_per_party"
            ),
            models.CheckConstraint(
                condition=Q(score_1__gte=1, score_1__lte=5)
                & Q(score_2__gte=1, score_2__lte=5)
                & Q(score_3__gte=1, score_3__lte=5),
                name="evaluation_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} ({self.party})"

    @property
    def scores(self) -> tuple[int, int, int]:
        return (self.score_1, self.score_2, self.score_3)

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.placement.student.school_id}
