"""Base pieces shared by SEN's models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sen.core.scoping import Scope, ScopedManager


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        abstract = True


class OutboxMessage(models.Model):
    """An e-mail as the demo's outbox backend stored it (demo mode only)."""

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    html = models.TextField(_("HTML body"), blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    # Only administrators through the policy; the demo mailbox view has its own rule.
    scope = Scope()
    objects = ScopedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outbox message")

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class JobStatus(models.TextChoices):
    """The life of a background job: queued → running → succeeded or failed."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


# The only moves a job may make; `sen.core.jobs` refuses every other one.
JOB_TRANSITIONS: dict[str, frozenset[str]] = {
    JobStatus.QUEUED: frozenset({JobStatus.RUNNING, JobStatus.FAILED}),
    JobStatus.RUNNING: frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED}),
    JobStatus.SUCCEEDED: frozenset(),
    JobStatus.FAILED: frozenset(),
}


class BackgroundJob(TimeStampedModel):
    """Long work (an import, an allocation run) that a person starts and follows.

    A task (`django.tasks`) does the work and reports through `sen.core.jobs`;
    the page polls the job for its progress. `payload` holds input that the task
    needs and the web request received (an uploaded file), kept in the database
    so that a worker on another machine can read it; it is cleared once used.
    """

    kind = models.CharField(_("kind"), max_length=60)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)  # 0: not known yet
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    payload = models.BinaryField(_("input data"), blank=True, default=b"", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    school = models.ForeignKey(
        "network.School",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("school"),
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    # The creator, and the school's staff through the scope; `sen.core.jobs.visible_jobs`
    # narrows the school part to coordinators (teachers see only their own jobs).
    scope = Scope(owner="created_by", school="school")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        indexes = [
            models.Index(fields=["school", "kind", "-created_at"], name="job_school_kind_idx"),
            models.Index(fields=["created_by", "-created_at"], name="job_creator_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.school_id}
