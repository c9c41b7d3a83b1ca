"""Invitations: the only way into SEN (no self-registration, no default accounts).

The e-mailed link carries a random token (sen.core.tokens, 256 bits); only its
SHA-256 is stored, so a database leak gives no working links. A link expires
after settings.SEN_INVITATION_DAYS, works once, can be withdrawn, and
resending makes a new token (the old link stops working). Every step is audited.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sen.accounts.models import Invitation, InvitationStatus, Membership, User
from sen.accounts.rules import may_invite
from sen.audit.services import record
from sen.core.actor import COMPANY_ROLES, REGION_ROLES, SCHOOL_ROLES, Actor, Role
from sen.core.tokens import hash_token, new_token
from sen.network.models import Company, Guardianship, Region, School, Student

MAX_TOKEN_LENGTH = 100


class InvitationUnusable(Exception):
    """The link is unknown, expired, used or withdrawn: nothing may change."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        if self.reason == InvitationStatus.EXPIRED.value:
            return _(
                "This invitation has expired. Ask the person who invited you to send a new one."
            )
        if self.reason == InvitationStatus.ACCEPTED.value:
            return _("This invitation has already been used. If that was you, just log in.")
        if self.reason == InvitationStatus.REVOKED.value:
            return _(
                "This invitation was withdrawn. Ask your school or company if you think "
                "that is a mistake."
            )
        return _(
            "This invitation link is not valid. Check that you opened the whole link "
            "from the e-mail, or ask for a new invitation."
        )


def invitation_url(token: str) -> str:
    path = reverse("accounts:invitation_accept", kwargs={"token": token})
    return settings.SEN_BASE_URL.rstrip("/") + path


def _pending(token: str, *, lock: bool = False) -> Invitation:
    """The pending invitation for `token`; raises InvitationUnusable otherwise."""
    invitation = None
    if token and len(token) <= MAX_TOKEN_LENGTH:
        invitations = Invitation.objects.select_related(
            "school", "company", "region", "student", "invited_by"
        )
        if lock:
            invitations = invitations.select_for_update(of=("self",))
        invitation = invitations.filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise InvitationUnusable("unknown")
    if invitation.status != InvitationStatus.PENDING:
        raise InvitationUnusable(invitation.status.value)
    return invitation


def find_invitation(token: str) -> Invitation:
    """The pending invitation for `token`; raises InvitationUnusable otherwise."""
    return _pending(token)


def _new_token(invitation: Invitation) -> str:
    token = new_token()
    invitation.token_hash = hash_token(token)
    invitation.expires_at = timezone.now() + timedelta(days=settings.SEN_INVITATION_DAYS)
    return token


def _send(invitation: Invitation, token: str) -> None:
    context: dict[str, Any] = {
        "invitation": invitation,
        "role": Role(invitation.role).label,
        "organisation": invitation.organisation,
        "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "",
        "url": invitation_url(token),
        "days": settings.SEN_INVITATION_DAYS,
    }
    subject = " ".join(
        render_to_string("accounts/email/invitation_subject.txt", context).splitlines()
    ).strip()
    body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


def _organisations(
    role: str,
    school: School | None,
    company: Company | None,
    region: Region | None,
    student: Student | None,
) -> tuple[School | None, Company | None, Region | None]:
    """The organisation an invitation for `role` belongs to; ValidationError if it does not fit."""
    if role in (Role.STUDENT, Role.GUARDIAN):
        if student is None:
            raise ValidationError(
                {"student": _("Choose the student this account belongs with.")}, code="student"
            )
        if school is not None and school.pk != student.school_id:
            raise ValidationError(
                {"student": _("This student is not at that school.")}, code="student"
            )
        school = student.school
    elif student is not None:
        raise ValidationError(_("Only student and parent invitations name a student."))
    wanted = (
        "school"
        if role in SCHOOL_ROLES or role == Role.GUARDIAN
        else "company"
        if role in COMPANY_ROLES
        else "region"
        if role in REGION_ROLES
        else None
    )
    given = {"school": school, "company": company, "region": region}
    for name, value in given.items():
        if value is not None and name != wanted:
            raise ValidationError(
                {name: _("This role does not belong to this kind of organisation.")}, code="org"
            )
        if value is None and name == wanted:
            raise ValidationError({name: _("This role needs an organisation.")}, code="org")
    return school, company, region


def invite(
    *,
    by: Actor,
    email: str,
    full_name: str,
    role: str,
    school: School | None = None,
    company: Company | None = None,
    region: Region | None = None,
    student: Student | None = None,
) -> Invitation:
    """Invite someone by e-mail to take `role`; the e-mail goes out when this returns.

    Raises ValidationError when `by` may not invite for this role and
    organisation, the organisation does not fit the role, the person already
    has the role, or an open invitation exists (resend that one instead).
    """
    email = User.objects.normalize_email(email.strip()).lower()
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")}, code="role")
    school, company, region = _organisations(role, school, company, region, student)
    if not may_invite(
        by,
        role=role,
        school_id=school.pk if school else None,
        company_id=company.pk if company else None,
        region_id=region.pk if region else None,
        student=student,
    ):
        raise ValidationError(
            _("You cannot invite someone for this role at this organisation."), code="forbidden"
        )
    membership_org = {
        "school": school if role in SCHOOL_ROLES else None,
        "company": company,
        "region": region,
    }
    existing = User.objects.filter(email__iexact=email).first()
    if role == Role.STUDENT and student is not None and student.user_id is not None:
        raise ValidationError(_("This student already has an account."), code="has_account")
    if role == Role.GUARDIAN and existing is not None and student is not None:
        if Guardianship.objects.filter(student=student, user=existing).exists():
            raise ValidationError(
                _("This parent is already linked to this student."), code="has_role"
            )
    elif (
        existing is not None
        and Membership.objects.filter(
            user=existing, role=role, is_active=True, **membership_org
        ).exists()
    ):
        raise ValidationError(_("This person already has this role."), code="has_role")
    if Invitation.objects.filter(
        email=email,
        role=role,
        school=school,
        company=company,
        region=region,
        student=student,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists():
        raise ValidationError(
            _("This person has an open invitation for this role already. Resend that one."),
            code="already_invited",
        )
    invitation = Invitation(
        email=email,
        full_name=full_name.strip(),
        role=role,
        school=school,
        company=company,
        region=region,
        student=student,
        invited_by=by.user,
    )
    token = _new_token(invitation)
    with transaction.atomic():
        invitation.save()
        record(
            "accounts.invitation.created",
            actor=by,
            obj=invitation,
            changes={"role": role, "student": student.pk if student else None},
        )
    _send(invitation, token)
    return invitation


def _ensure_open(invitation: Invitation) -> None:
    if invitation.status in (InvitationStatus.ACCEPTED, InvitationStatus.REVOKED):
        raise ValidationError(_("This invitation was already used or withdrawn."), code="closed")


def resend_invitation(invitation: Invitation, *, by: Actor) -> Invitation:
    """Send a new link with a new expiry date; the old link stops working."""
    _ensure_open(invitation)
    token = _new_token(invitation)
    with transaction.atomic():
        invitation.save(update_fields=["token_hash", "expires_at"])
        record(
            "accounts.invitation.resent",
            actor=by,
            obj=invitation,
            changes={"expires_at": invitation.expires_at},
        )
    _send(invitation, token)
    return invitation


def revoke_invitation(invitation: Invitation, *, by: Actor) -> None:
    """Withdraw an invitation: its link stops working."""
    _ensure_open(invitation)
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record("accounts.invitation.revoked", actor=by, obj=invitation)


def _grant(invitation: Invitation, user: User) -> tuple[Membership, str]:
    """The membership the invitation gives, and "created", "reactivated" or "" (unchanged)."""
    role = invitation.role
    membership, created = Membership.objects.get_or_create(
        user=user,
        role=role,
        school=invitation.school if role in SCHOOL_ROLES else None,
        company=invitation.company,
        region=invitation.region,
    )
    if created:
        return membership, "created"
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        return membership, "reactivated"
    return membership, ""


def _link_student(invitation: Invitation, user: User, actor: Actor) -> None:
    if invitation.student_id is None:
        return
    student = Student.objects.select_for_update().get(pk=invitation.student_id)
    if invitation.role == Role.STUDENT:
        if student.user_id not in (None, user.pk):
            raise ValidationError(
                _("This student already has another account. Ask the school."), code="linked"
            )
        if Student.objects.filter(user=user).exclude(pk=student.pk).exists():
            raise ValidationError(
                _("Your account already belongs to another student. Ask the school."),
                code="linked",
            )
        if student.user_id is None:
            student.user = user
            student.save(update_fields=["user", "updated_at"])
            record("network.student.account_linked", actor=actor, obj=student)
        return
    guardianship = (
        Guardianship.objects.filter(student=student, user=user).first()
        or Guardianship.objects.filter(student=student, email__iexact=invitation.email).first()
    )
    if guardianship is None:
        guardianship = Guardianship.objects.create(
            student=student, email=invitation.email, full_name=user.full_name, user=user
        )
        record("network.guardianship.created", actor=actor, obj=guardianship)
    elif guardianship.user_id is None:
        guardianship.user = user
        guardianship.save(update_fields=["user", "updated_at"])
        record("network.guardianship.account_linked", actor=actor, obj=guardianship)
    elif guardianship.user_id != user.pk:
        raise ValidationError(
            _("This parent is linked to another account already. Ask the school."),
            code="linked",
        )


def accept_invitation(
    *,
    token: str,
    user: User | None = None,
    full_name: str = "",
    password: str = "",
) -> Membership:
    """Take the role an invitation offers; returns the membership.

    Without `user`, a new account is made for the invited address with
    `full_name` and `password` (Django's validators apply). With `user`, who
    must own the invited address, the role is added to that account: one
    person, several roles. Raises InvitationUnusable for a link that is
    unknown, expired, used or withdrawn, and ValidationError for bad input;
    nothing changes then.
    """
    with transaction.atomic():
        invitation = _pending(token, lock=True)
        created_user = user is None
        if user is None:
            if User.objects.filter(email__iexact=invitation.email).exists():
                raise ValidationError(
                    _("An account with this e-mail address exists. Log in to accept."),
                    code="account_exists",
                )
            user = User(email=invitation.email, full_name=full_name.strip())
            if not user.full_name:
                raise ValidationError({"full_name": _("Enter your name.")}, code="required")
            validate_password(password, user=user)
            user.set_password(password)
            user.save()
        elif user.email.lower() != invitation.email.lower() or not user.is_active:
            raise ValidationError(
                _("This invitation is for another e-mail address."), code="other_account"
            )
        membership, change = _grant(invitation, user)
        actor = Actor(user=user, membership=membership, memberships=(membership,))
        if created_user:
            record("accounts.user.created", actor=actor, obj=user, object_label=user.email)
        if change:
            record(f"accounts.membership.{change}", actor=actor, obj=membership)
        _link_student(invitation, user, actor)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        record("accounts.invitation.accepted", actor=actor, obj=invitation)
    return membership
