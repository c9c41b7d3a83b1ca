"""Practice agreements (praktijkovereenkomsten), their versions and signatures.

An `Agreement` belongs to one placement. Its content lives in numbered
`AgreementVersion`s: the terms (a JSON snapshot of every fact the document names),
the rendered document and its PDF, and the SHA-256 of that exact PDF. Parties sign
a version (`Signature`), never the agreement in general; a change of terms makes a
new version that must be signed again, and the old one stays readable with its
evidence. Parties without an account sign through a `SigningLink` sent to their
e-mail address, confirmed with a one-time code.

Lifecycle of a version (one table, VERSION_TRANSITIONS, checked in the services):
awaiting signatures → signed (the last required signature is in) or superseded
(a new version replaced it before it was signed) or void (the placement ended).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sen.core.models import TimeStampedModel
from sen.core.scoping import Scope


class AgreementTemplate(TimeStampedModel):
    """A school's agreement template; its texts are versioned in TemplateVersion."""

    school = models.ForeignKey(
        "network.School", on_delete=models.CASCADE, related_name="agreement_templates"
    )
    name = models.CharField(_("name"), max_length=200)
    is_default = models.BooleanField(_("used for new agreements"), default=False)

    scope = Scope(school="school")

    class Meta:
        ordering = ["name"]
        verbose_name = _("agreement template")
        constraints = [
            models.UniqueConstraint(
                fields=["school"], condition=Q(is_default=True), name="one_default_template"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TemplateVersion(TimeStampedModel):
    """One frozen text of a template, in Dutch and English. Never edited once used."""

    template = models.ForeignKey(
        AgreementTemplate, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    body_nl = models.TextField(_("text (Dutch)"))
    body_en = models.TextField(_("text (English)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope = Scope(school="template__school")

    class Meta:
        ordering = ["template", "-number"]
        verbose_name = _("template version")
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class AgreementSettings(TimeStampedModel):
    """A school's signing settings."""

    school = models.OneToOneField(
        "network.School", on_delete=models.CASCADE, related_name="agreement_settings"
    )
    both_guardians_sign = models.BooleanField(
        _("both parents/guardians of a minor sign"), default=False
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind signers after this many days"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )

    scope = Scope(school="school")

    class Meta:
        verbose_name = _("agreement settings")

    def __str__(self) -> str:
        return f"{self.school_id}"


class Agreement(TimeStampedModel):
    """The agreement of one placement; its content is in its versions."""

    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.PROTECT, related_name="agreement"
    )
    template = models.ForeignKey(
        AgreementTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope = Scope(
        school="placement__student__school",
        company="placement__offer__company",
        supervisor="placement__supervisor",
        student="placement__student",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("agreement")

    def __str__(self) -> str:
        return f"{self.placement}"

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.placement.student.school_id}


class VersionStatus(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting signatures")
    SIGNED = "signed", _("Signed by everyone")
    SUPERSEDED = "superseded", _("Replaced by a newer version")
    VOID = "void", _("Void")


VERSION_TRANSITIONS: dict[str, frozenset[str]] = {
    VersionStatus.AWAITING: frozenset(
        {VersionStatus.SIGNED, VersionStatus.SUPERSEDED, VersionStatus.VOID}
    ),
    VersionStatus.SIGNED: frozenset({VersionStatus.SUPERSEDED, VersionStatus.VOID}),
    VersionStatus.SUPERSEDED: frozenset(),
    VersionStatus.VOID: frozenset(),
}


class AgreementVersion(TimeStampedModel):
    """One version of an agreement: what exactly the parties sign."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.AWAITING
    )
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="agreement_versions"
    )
    # Every fact the document names, as strings/numbers: the parties, supervisor,
    # teacher, dates, hours, schedule, elective, hazards, supervision.
    terms = models.JSONField(default=dict)
    change_reason = models.TextField(_("reason for the change"), blank=True)
    document_html = models.TextField()  # the rendered document (Dutch), shown to signers
    document_pdf = models.FileField(upload_to="agreements/documents/", blank=True)
    document_sha256 = models.CharField(max_length=64, db_index=True)
    signed_pdf = models.FileField(upload_to="agreements/signed/", blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope = Scope(
        school="agreement__placement__student__school",
        company="agreement__placement__offer__company",
        supervisor="agreement__placement__supervisor",
        student="agreement__placement__student",
    )

    class Meta:
        ordering = ["agreement", "-number"]
        verbose_name = _("agreement version")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_unique")
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="agreement_version_status_idx")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.agreement.placement.student.school_id}


class Party(models.TextChoices):
    STUDENT = "student", _("Student")
    GUARDIAN = "guardian", _("Parent/guardian")
    SCHOOL = "school", _("School")
    COMPANY = "company", _("Company")


class AuthMethod(models.TextChoices):
    LOGIN = "login", _("Signed in with password")
    LOGIN_MFA = "login_mfa", _("Signed in with password and two-factor code")
    EMAIL_CODE = "email_code", _("E-mail link and one-time code sent to that address")


class Signature(TimeStampedModel):
    """One party's signature on one version, with its evidence.

    The evidence is also written to the audit trail (agreements.signature.signed).
    A withdrawn signature keeps its row (withdrawn_at set) and no longer counts.
    """

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="signatures"
    )
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    guardianship = models.ForeignKey(
        "network.Guardianship", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(blank=True)
    typed_name = models.CharField(_("name"), max_length=200)
    role_label = models.CharField(max_length=100)
    auth_method = models.CharField(max_length=20, choices=AuthMethod.choices)
    signed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    document_sha256 = models.CharField(max_length=64)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    scope = Scope(
        school="version__agreement__placement__student__school",
        company="version__agreement__placement__offer__company",
        supervisor="version__agreement__placement__supervisor",
        student="version__agreement__placement__student",
    )

    class Meta:
        ordering = ["signed_at"]
        verbose_name = _("signature")
        constraints = [
            # One counting signature per party seat: a guardian seat is per guardianship.
            models.UniqueConstraint(
                fields=["version", "party"],
                condition=Q(withdrawn_at__isnull=True, guardianship__isnull=True),
                name="signature_once_per_party",
            ),
            models.UniqueConstraint(
                fields=["version", "guardianship"],
                condition=Q(withdrawn_at__isnull=True, guardianship__isnull=False),
                name="signature_once_per_guardian",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} — {self.party} — {self.typed_name}"


class SigningLink(TimeStampedModel):
    """A single-use, expiring link for a party without an account (or not signed in).

    Only hashes are stored: the token in the link and the one-time code sent to the
    same address. `code_attempts` limits guessing; `used_at` makes the link single-use.
    """

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="signing_links"
    )
    party = models.CharField(max_length=20, choices=Party.choices)
    guardianship = models.ForeignKey(
        "network.Guardianship", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    code_hash = models.CharField(max_length=128, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)

    scope = Scope(
        school="version__agreement__placement__student__school",
        company="version__agreement__placement__offer__company",
    )

    class Meta:
        verbose_name = _("signing link")
        indexes = [models.Index(fields=["version", "party"], name="signing_link_party_idx")]

    def __str__(self) -> str:
        return f"{self.version} — {self.party} — {self.email}"
