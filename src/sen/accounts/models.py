"""People and their roles: User, Membership (role at an organisation), invitations, MFA codes."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from sen.core.actor import COMPANY_ROLES, REGION_ROLES, SCHOOL_ROLES, Role
from sen.core.scoping import Scope, ScopedQuerySet


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> ScopedQuerySet[User]:
        return ScopedQuerySet(self.model, using=self._db)

    def visible_to(self, actor: Any) -> ScopedQuerySet[User]:
        return self.get_queryset().visible_to(actor)

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(default=False)  # Django admin is not installed; kept for auth
    date_joined = models.DateTimeField(_("joined"), auto_now_add=True)
    language = models.CharField(_("language"), max_length=8, default="nl")
    # Changing this logs the user out everywhere: it is part of the session hash.
    session_token = models.CharField(max_length=64, default=secrets.token_hex, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    # People see themselves; staff see people through memberships and students.
    scope = Scope(
        owner="pk",
        school="memberships__school",
        company="memberships__company",
        region="memberships__region",
        many=True,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_session_auth_hash(self) -> str:
        # Django checks this hash on every request; including session_token lets
        # "log out everywhere" invalidate every session at once (ASVS 7.4.3).
        return salted_hmac(
            "sen.accounts.User.session",
            f"{self.password}:{self.session_token}",
            algorithm="sha256",
        ).hexdigest()


class Membership(models.Model):
    """A role at an organisation: the unit of access (DOMAIN.md, roles)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    school = models.ForeignKey(
        "network.School",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    company = models.ForeignKey(
        "network.Company",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    region = models.ForeignKey(
        "network.Region",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(school="school", company="company", region="region", owner="user")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="membership_org_matches_role",
                condition=(
                    Q(
                        role__in=sorted(r.value for r in SCHOOL_ROLES),
                        school__isnull=False,
                        company__isnull=True,
                        region__isnull=True,
                    )
                    | Q(
                        role__in=sorted(r.value for r in COMPANY_ROLES),
                        company__isnull=False,
                        school__isnull=True,
                        region__isnull=True,
                    )
                    | Q(
                        role__in=sorted(r.value for r in REGION_ROLES),
                        region__isnull=False,
                        school__isnull=True,
                        company__isnull=True,
                    )
                    | Q(
                        role__in=[Role.GUARDIAN.value, Role.ADMINISTRATOR.value],
                        school__isnull=True,
                        company__isnull=True,
                        region__isnull=True,
                    )
                ),
            ),
            # One membership per role and organisation (written per kind, as
            # SQLite has no NULLS NOT DISTINCT).
            models.UniqueConstraint(
                fields=["user", "role", "school"],
                condition=Q(school__isnull=False),
                name="membership_unique_school",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "company"],
                condition=Q(company__isnull=False),
                name="membership_unique_company",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(region__isnull=False),
                name="membership_unique_region",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(school__isnull=True, company__isnull=True, region__isnull=True),
                name="membership_unique_unattached",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "role", "is_active"], name="membership_school_idx"),
            models.Index(fields=["company", "role", "is_active"], name="membership_company_idx"),
        ]

    def __str__(self) -> str:
        org = self.organisation
        return f"{self.get_role_display()} — {org}" if org else str(self.get_role_display())

    @property
    def organisation(self) -> Any:
        return self.school or self.company or self.region

    @property
    def organisation_key(self) -> str:
        if self.school_id:
            return f"school:{self.school_id}"
        if self.company_id:
            return f"company:{self.company_id}"
        if self.region_id:
            return f"region:{self.region_id}"
        return ""

    def clean(self) -> None:
        role = self.role
        wants = (
            "school"
            if role in SCHOOL_ROLES
            else "company"
            if role in COMPANY_ROLES
            else "region"
            if role in REGION_ROLES
            else None
        )
        for name in ("school", "company", "region"):
            has = getattr(self, f"{name}_id") is not None
            if has and name != wants:
                raise ValidationError(
                    {name: _("This role does not belong to this kind of organisation.")}
                )
            if not has and name == wants:
                raise ValidationError({name: _("This role needs an organisation.")})

    def audit_context(self) -> dict[str, int | None]:
        return {
            "school_id": self.school_id,
            "company_id": self.company_id,
            "region_id": self.region_id,
        }


class RecoveryCode(models.Model):
    """A single-use two-factor recovery code, stored only as a hash (ASVS 6.5.1/6.5.2)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(owner="user")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"recovery code of {self.user_id}"


class CodeFailure(models.Model):
    """A wrong two-factor or recovery code, counted to rate-limit code entry (ASVS 6.6.3).

    Kept in the database, not a per-process cache, so the limit holds across
    workers; rows are removed when the person next enters a right code.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    occurred_at = models.DateTimeField()

    scope = Scope()  # internal bookkeeping: administrators only
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("wrong code")
        verbose_name_plural = _("wrong codes")
        indexes = [models.Index(fields=["user", "occurred_at"], name="codefailure_user_at_idx")]

    def __str__(self) -> str:
        return f"wrong code of {self.user_id} at {self.occurred_at:%Y-%m-%d %H:%M}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Invited")
    EXPIRED = "expired", _("Expired")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Withdrawn")


class Invitation(models.Model):
    """An e-mail invitation to take a role: single-use, expiring, stored as a token hash.

    For a guardian invitation `school` is the student's school, so that the
    school's coordinators see and manage it; the guardian membership itself
    belongs to no organisation.
    """

    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    school = models.ForeignKey("network.School", null=True, blank=True, on_delete=models.CASCADE)
    company = models.ForeignKey("network.Company", null=True, blank=True, on_delete=models.CASCADE)
    region = models.ForeignKey("network.Region", null=True, blank=True, on_delete=models.CASCADE)
    student = models.ForeignKey(
        "network.Student",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        help_text=_("For a student or guardian invitation: the student the account is linked to."),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    scope = Scope(school="school", company="company", region="region", owner="invited_by")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["email"], name="invitation_email_idx"),
            models.Index(
                fields=["school", "accepted_at", "revoked_at"], name="invitation_school_idx"
            ),
            models.Index(
                fields=["company", "accepted_at", "revoked_at"], name="invitation_company_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"

    @property
    def status(self) -> InvitationStatus:
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.revoked_at is not None:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def organisation(self) -> Any:
        return self.school or self.company or self.region

    def audit_context(self) -> dict[str, int | None]:
        return {
            "school_id": self.school_id,
            "company_id": self.company_id,
            "region_id": self.region_id,
        }
