"""Evidence (bewijsstukken): the student's photos, files and reflections, linked to rubric
criteria, and what goes into the portfolio export (DOMAIN.md: "Evidence / portfolio").

Files are checked by their content and stored under server-generated names
(`sen.portfolio.uploads`); they are served only through an authorised view.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sen.core.models import TimeStampedModel
from sen.core.scoping import Scope


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    FILE = "file", _("File")
    REFLECTION = "reflection", _("Reflection")


class Evidence(TimeStampedModel):
    """One piece of evidence of a student, optionally from a placement."""

    student = models.ForeignKey(
        "network.Student", on_delete=models.CASCADE, related_name="evidence"
    )
    placement = models.ForeignKey(
        "placements.Placement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence",
        verbose_name=_("placement"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    # Server-generated names under MEDIA_ROOT/portfolio/; never the uploaded name.
    file = models.FileField(_("file"), upload_to="portfolio/", max_length=200, blank=True)
    thumbnail = models.FileField(_("thumbnail"), upload_to="portfolio/", max_length=200, blank=True)
    # What the content check found: "jpg", "png", "pdf", "docx", "xlsx", "pptx", "odt", "txt".
    file_type = models.CharField(_("file type"), max_length=8, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    criteria = models.ManyToManyField(
        "assessment.Criterion",
        blank=True,
        related_name="evidence",
        verbose_name=_("criteria"),
    )
    include_in_export = models.BooleanField(_("in my portfolio export"), default=True)

    # The student and their parents, the school's staff, and the supervisor of the
    # placement the evidence comes from while it runs or ran; nobody else (company
    # contacts neither).
    scope = Scope(
        school="student__school",
        supervisor="placement__supervisor",
        student="student",
        company_when=(("placement__status__in", ("active", "completed")),),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        indexes = [models.Index(fields=["student", "-created_at"], name="evidence_student_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_image(self) -> bool:
        return self.kind == EvidenceKind.PHOTO

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.student.school_id}
