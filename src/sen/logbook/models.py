"""Attendance, logbook entries, hours and the school calendar (DOMAIN.md: sessions and
attendance, logbook entries).

The planned days of a placement are not stored: they follow from the placement's weekly
schedule between its first and last day, minus the school's holidays
(`sen.logbook.schedule`). Attendance and logbook entries are keyed by
(placement, date), one of each per day. See docs/concepts.md, "Attendance and logbook".
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sen.core.models import TimeStampedModel
from sen.core.scoping import Scope, ScopedManager

# Companies and supervisors see attendance and entries of placements that run or ran;
# a proposed or cancelled placement gives them nothing (ASVS 8.3.2).
RUNNING_OR_RAN = ("active", "completed")


def _placement_scope(prefix: str = "placement") -> Scope:
    return Scope(
        school=f"{prefix}__student__school",
        company=f"{prefix}__offer__company",
        supervisor=f"{prefix}__supervisor",
        student=f"{prefix}__student",
        company_when=((f"{prefix}__status__in", RUNNING_OR_RAN),),
    )


# --- The school calendar ----------------------------------------------------------------


class SchoolHoliday(TimeStampedModel):
    """A school holiday (schoolvakantie): no planned placement days from first to last day."""

    school = models.ForeignKey("network.School", on_delete=models.CASCADE, related_name="holidays")
    name = models.CharField(_("name"), max_length=100)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))

    scope = Scope(school="school")

    class Meta:
        ordering = ["first_day", "pk"]
        verbose_name = _("school holiday")
        verbose_name_plural = _("school holidays")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")), name="holiday_days_ordered"
            )
        ]
        indexes = [models.Index(fields=["school", "last_day"], name="holiday_school_last_idx")]

    def __str__(self) -> str:
        return self.name

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.school_id}


class RequiredHours(TimeStampedModel):
    """The hours a school requires for an elective at a company; without it, the planned
    hours of each placement count as required."""

    school = models.ForeignKey(
        "network.School", on_delete=models.CASCADE, related_name="required_hours"
    )
    elective = models.ForeignKey(
        "catalogue.Elective",
        on_delete=models.CASCADE,
        related_name="required_hours",
        verbose_name=_("elective"),
    )
    hours = models.PositiveSmallIntegerField(_("required hours"), validators=[MinValueValidator(1)])

    scope = Scope(school="school")

    class Meta:
        ordering = ["elective__name", "pk"]
        verbose_name = _("required hours")
        verbose_name_plural = _("required hours")
        constraints = [
            models.UniqueConstraint(fields=["school", "elective"], name="required_hours_unique"),
            models.CheckConstraint(condition=Q(hours__gte=1), name="required_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.elective}: {self.hours}"

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.school_id}


# --- Attendance -------------------------------------------------------------------------


class AttendanceStatus(models.TextChoices):
    CHECKED_IN = "checked_in", _("Checked in, to be confirmed")
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Absent with permission")
    SICK = "sick", _("Sick")
    UNEXCUSED = "unexcused", _("Absent without permission")


# The statuses a supervisor registers (the student only checks in).
SUPERVISOR_STATUSES = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.SICK,
    AttendanceStatus.UNEXCUSED,
)
# Absences: they count for the repeated-absence flag.
ABSENT = frozenset({AttendanceStatus.EXCUSED, AttendanceStatus.SICK, AttendanceStatus.UNEXCUSED})
# What the teacher and the parents hear about on the same day.
NOTIFIED = frozenset({*ABSENT, AttendanceStatus.LATE})


class Attendance(TimeStampedModel):
    """Whether a student was at the workplace on one planned day (aanwezigheid)."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.CASCADE, related_name="attendance"
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)

    scope = _placement_scope()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["placement", "date"], name="attendance_once_a_day")
        ]
        indexes = [
            models.Index(fields=["placement", "status", "date"], name="attendance_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.date}: {self.status}"

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.placement.student.school_id}


# --- Logbook entries --------------------------------------------------------------------


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


# The lifecycle of an entry; approved is final (a later change is an EntryCorrection).
ENTRY_TRANSITIONS: dict[str, frozenset[str]] = {
    EntryStatus.DRAFT: frozenset({EntryStatus.SUBMITTED}),
    EntryStatus.SUBMITTED: frozenset({EntryStatus.APPROVED, EntryStatus.RETURNED}),
    EntryStatus.RETURNED: frozenset({EntryStatus.SUBMITTED}),
    EntryStatus.APPROVED: frozenset(),
}
# The student may change an entry only in these states.
EDITABLE = frozenset({EntryStatus.DRAFT, EntryStatus.RETURNED})

HOURS_STEP = Decimal("0.25")


class LogEntry(TimeStampedModel):
    """One day in the logbook (logboekregel): hours, activities, reflection, photos."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.CASCADE, related_name="log_entries"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    activities = models.TextField(_("what did you do?"))
    reflection = models.TextField(_("what did you learn or find difficult?"), blank=True)
    # Required when the hours exceed the hours planned for the day.
    hours_note = models.CharField(_("why more hours than planned?"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("supervisor's comment"), blank=True)

    scope = _placement_scope()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")
        constraints = [
            models.UniqueConstraint(fields=["placement", "date"], name="entry_once_a_day"),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=24), name="entry_hours_in_a_day"
            ),
        ]
        indexes = [
            models.Index(fields=["placement", "status", "date"], name="entry_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.date}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.placement.student.school_id}


class EntryCorrection(TimeStampedModel):
    """A change of the hours of an approved entry, with its reason: the only way approved
    hours change (DOMAIN.md: nothing is silently changed)."""

    entry = models.ForeignKey(LogEntry, on_delete=models.CASCADE, related_name="corrections")
    hours_before = models.DecimalField(_("hours before"), max_digits=4, decimal_places=2)
    hours_after = models.DecimalField(_("hours after"), max_digits=4, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope = _placement_scope("entry__placement")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction of hours")
        verbose_name_plural = _("corrections of hours")
        indexes = [models.Index(fields=["entry", "created_at"], name="correction_entry_idx")]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.hours_before} → {self.hours_after}"

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.entry.placement.student.school_id}


class EntryPhoto(TimeStampedModel):
    """A photo with an entry, re-encoded without metadata under a generated name.

    Served only through the authorised views `logbook:photo` and `logbook:photo_thumbnail`.
    """

    entry = models.ForeignKey(LogEntry, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("image"), upload_to="logbook/", max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to="logbook/", max_length=200)
    format = models.CharField(_("format"), max_length=4)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))

    scope = _placement_scope("entry__placement")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("logbook photo")
        verbose_name_plural = _("logbook photos")
        indexes = [models.Index(fields=["entry"], name="entry_photo_entry_idx")]

    def __str__(self) -> str:
        return f"{self.entry_id}/{self.pk}"

    @property
    def content_type(self) -> str:
        return f"image/{self.format}"

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.entry.placement.student.school_id}


# --- Approval by e-mail -----------------------------------------------------------------


class ApprovalDigest(models.Model):
    """The daily e-mail to a supervisor with the entries waiting for approval; one a day."""

    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="approval_digests"
    )
    day = models.DateField(_("day"))
    entry_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(owner="supervisor")
    objects = ScopedManager()

    class Meta:
        ordering = ["-day", "pk"]
        verbose_name = _("approval digest")
        constraints = [
            models.UniqueConstraint(fields=["supervisor", "day"], name="digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.supervisor_id} {self.day}"


class ApprovalLink(models.Model):
    """A link in a digest that approves exactly its entries, for exactly its supervisor,
    without logging in: only the SHA-256 of its token is stored; single use; it expires."""

    digest = models.ForeignKey(ApprovalDigest, on_delete=models.CASCADE, related_name="links")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    entries = models.ManyToManyField(LogEntry, related_name="+")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(owner="supervisor")
    objects = ScopedManager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("approval link")

    def __str__(self) -> str:
        return f"link {self.pk}"
