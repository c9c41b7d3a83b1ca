"""Signing a version of an agreement, withdrawing a signature, and completion.

Every signature is taken with the version row locked (`select_for_update`), so
two parties signing at the same moment both count exactly once and the version
is completed once: the second signer waits for the first to commit, then sees
the first signature and (if theirs is the last one) completes the version.

A signature records its evidence (who, the seat, how they authenticated, when in
UTC, IP address, user agent and the SHA-256 of the exact document shown) on the
row and, in the same transaction, in the audit trail
(`agreements.signature.signed`). A signature is refused when the version no
longer awaits signatures (signed, superseded, void) or when its document hash
differs from the one the signer read.

When the last required seat is signed: the version becomes signed, the placement
becomes active (from agreement pending, through the placements state machine),
and after the commit a task builds the signed PDF and e-mails every party a copy
(sen.agreements.tasks_signing.finish_signed_version).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sen.agreements import signers
from sen.agreements.models import (
    VERSION_TRANSITIONS,
    AgreementVersion,
    AuthMethod,
    Party,
    Signature,
    VersionStatus,
)
from sen.agreements.selectors_signing import counting_signatures, seats_of, with_seat_data
from sen.audit.services import record
from sen.core.actor import Actor
from sen.placements.models import PlacementStatus
from sen.placements.services import placements as placement_services

if TYPE_CHECKING:
    from sen.accounts.models import User
    from sen.network.models import Guardianship

MAX_NAME = 200
# Placements whose agreement can still be signed (a cancelled or completed one cannot).
OPEN_PLACEMENTS = frozenset(
    {PlacementStatus.PROPOSED, PlacementStatus.AGREEMENT_PENDING, PlacementStatus.ACTIVE}
)
MAX_USER_AGENT = 400
MAX_REASON = 2000


@dataclass(frozen=True)
class Evidence:
    """How and from where a signer signed (taken from the request by the view)."""

    auth_method: str
    ip_address: str | None = None
    user_agent: str = ""


@dataclass(frozen=True)
class Signer:
    """Who signs: a party, and the person (an account, or a parent's record and address)."""

    party: str
    user: User | None = None
    guardianship: Guardianship | None = None
    email: str = ""


def outdated_error(version: AgreementVersion) -> ValidationError:
    if version.status == VersionStatus.SIGNED:
        return ValidationError(
            _("Everybody has already signed this version of the agreement."), code="completed"
        )
    return ValidationError(
        _(
            "This version of the agreement is no longer valid: it was replaced or cancelled. "
            "Open the current version to sign."
        ),
        code="outdated",
    )


def clean_typed_name(typed_name: str) -> str:
    """The name as typed, with spacing tidied; refused when empty, too short or too long."""
    name = " ".join(unicodedata.normalize("NFC", typed_name or "").split())
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        name = ""
    if len(name) < 2 or not re.search(r"\w", name):
        raise ValidationError(_("Type your full name to sign."), code="name")
    if len(name) > MAX_NAME:
        raise ValidationError(
            _("Your name can be at most %(max)s characters.") % {"max": MAX_NAME}, code="name"
        )
    return name


def check_transition(current: str, target: str) -> None:
    if target not in VERSION_TRANSITIONS.get(current, frozenset()):
        raise ValidationError(
            _("A version that is %(current)s cannot become %(target)s.")
            % {"current": VersionStatus(current).label, "target": VersionStatus(target).label},
            code="transition",
        )


def _role_label(seat: signers.Seat) -> str:
    # Stored with the evidence in the site's language (Dutch), like the document.
    with translation.override(settings.LANGUAGE_CODE):
        return str(seat.label)[:100]


def _has_membership(user: User, **lookup: Any) -> bool:
    from sen.accounts.models import Membership

    return Membership.objects.filter(user=user, is_active=True, **lookup).exists()


def company_contact_emails(company_id: int) -> set[str]:
    from sen.accounts.models import Membership
    from sen.core.actor import Role

    return {
        email.lower()
        for email in Membership.objects.filter(
            company_id=company_id, role=Role.COMPANY_CONTACT, is_active=True
        ).values_list("user__email", flat=True)
    }


def _check_signer(version: AgreementVersion, signer: Signer, evidence: Evidence) -> None:
    """Refuse a signer who is not (or no longer) entitled to the party they sign for."""
    from sen.core.actor import Role

    placement = version.agreement.placement
    student = placement.student
    user = signer.user
    not_party = ValidationError(_("You are not a party to this agreement."), code="not_party")
    if signer.party == Party.GUARDIAN:
        guardianship = signer.guardianship
        if guardianship is None or guardianship.student_id != student.pk:
            raise not_party
        if user is not None and guardianship.user_id != user.pk:
            raise not_party
    elif signer.party == Party.STUDENT:
        if user is None or student.user_id != user.pk:
            raise not_party
    elif signer.party == Party.COMPANY:
        company_id = placement.offer.company_id
        if user is None:
            if signer.email.lower() not in company_contact_emails(company_id):
                raise not_party
        elif not _has_membership(user, role=Role.COMPANY_CONTACT, company_id=company_id):
            raise not_party
    elif signer.party == Party.SCHOOL:
        if user is None or not _has_membership(
            user, role=Role.COORDINATOR, school_id=student.school_id
        ):
            raise not_party
        if settings.SEN_MFA_REQUIRED_FOR_STAFF and evidence.auth_method != AuthMethod.LOGIN_MFA:
            raise ValidationError(
                _("Sign in with your two-step verification code to sign for the school."),
                code="mfa_required",
            )
    else:
        raise not_party


def sign(
    *,
    version: AgreementVersion,
    signer: Signer,
    typed_name: str,
    agreed: bool,
    document_sha256: str,
    evidence: Evidence,
    actor: Actor | None,
) -> Signature:
    """Sign `version` for `signer`'s seat; completes the version when it is the last seat.

    The caller decided who the signer is (a logged-in party, or a verified e-mail
    link); this checks that the seat exists and is open, that the signer read the
    current document (`document_sha256`) and ticked the box, all under the
    version's row lock.
    """
    if not agreed:
        raise ValidationError(
            _("Tick the box to confirm that you have read the agreement and agree to it."),
            code="not_agreed",
        )
    name = clean_typed_name(typed_name)
    try:
        with transaction.atomic():
            locked = with_seat_data(AgreementVersion.objects.select_for_update(of=("self",))).get(
                pk=version.pk
            )
            if locked.status != VersionStatus.AWAITING:
                raise outdated_error(locked)
            if locked.agreement.placement.status not in OPEN_PLACEMENTS:
                raise ValidationError(
                    _("This placement has ended: its agreement can no longer be signed."),
                    code="outdated",
                )
            if not document_sha256 or locked.document_sha256 != document_sha256:
                raise ValidationError(
                    _(
                        "The agreement was changed while you were reading it. Read the "
                        "current text and sign again."
                    ),
                    code="changed",
                )
            _check_signer(locked, signer, evidence)
            seats = seats_of(locked)
            seat = signers.seat_for(
                seats,
                party=signer.party,
                guardianship_id=signer.guardianship.pk if signer.guardianship else None,
            )
            if seat is None:
                raise ValidationError(_("You are not a party to this agreement."), code="not_party")
            signatures = counting_signatures(locked)
            if signers.filled_by(seat, signatures) is not None:
                raise ValidationError(
                    _("This agreement has already been signed for %(seat)s.")
                    % {"seat": seat.label},
                    code="already_signed",
                )
            signature = Signature.objects.create(
                version=locked,
                party=seat.party,
                guardianship=signer.guardianship,
                user=signer.user,
                email=(signer.email or (signer.user.email if signer.user else ""))[:254],
                typed_name=name,
                role_label=_role_label(seat),
                auth_method=evidence.auth_method,
                signed_at=timezone.now(),
                ip_address=evidence.ip_address or None,
                user_agent=(evidence.user_agent or "")[:MAX_USER_AGENT],
                document_sha256=locked.document_sha256,
            )
            school_id = locked.agreement.placement.student.school_id
            record(
                "agreements.signature.signed",
                actor=actor,
                obj=signature,
                changes=evidence_record(signature),
                school_id=school_id,
                object_label=f"{locked} — {signature.role_label}",
            )
            if signers.is_complete(seats, [*signatures, signature]):
                _complete(locked, actor=actor, signatures=[*signatures, signature])
    except IntegrityError as exc:  # a second signature for the same seat slipped past
        raise ValidationError(
            _("This agreement has already been signed for this party."), code="already_signed"
        ) from exc
    version.refresh_from_db()
    return signature


def evidence_record(signature: Signature) -> dict[str, Any]:
    """Everything a signature proves, as written to the audit trail."""
    version = signature.version
    return {
        "version": version.pk,
        "version_number": version.number,
        "agreement": version.agreement_id,
        "placement": version.agreement.placement_id,
        "party": signature.party,
        "role_label": signature.role_label,
        "guardianship": signature.guardianship_id,
        "user": signature.user_id,
        "email": signature.email,
        "typed_name": signature.typed_name,
        "auth_method": signature.auth_method,
        "signed_at": signature.signed_at,
        "ip_address": signature.ip_address or "",
        "user_agent": signature.user_agent,
        "document_sha256": signature.document_sha256,
    }


def _complete(version: AgreementVersion, *, actor: Actor | None, signatures: list[Any]) -> None:
    """The last seat is signed: the version is signed, the placement starts (same transaction)."""
    check_transition(version.status, VersionStatus.SIGNED)
    version.status = VersionStatus.SIGNED
    version.signed_at = timezone.now()
    version.save(update_fields=["status", "signed_at", "updated_at"])
    record(
        "agreements.version.signed",
        actor=actor,
        obj=version,
        changes={
            "status": [VersionStatus.AWAITING.value, VersionStatus.SIGNED.value],
            "signed_at": version.signed_at,
            "signatures": sorted(s.pk for s in signatures),
            "document_sha256": version.document_sha256,
        },
    )
    placement = version.agreement.placement
    if placement.status == PlacementStatus.AGREEMENT_PENDING:
        placement_services.transition(actor=actor, placement=placement, to=PlacementStatus.ACTIVE)
    version_id = version.pk

    def _enqueue() -> None:
        from sen.agreements.tasks_signing import finish_signed_version

        finish_signed_version.enqueue(version_id)

    transaction.on_commit(_enqueue)


def withdraw_signature(*, signature: Signature, actor: Actor, reason: str) -> Signature:
    """The signer withdraws their own signature, with a reason, before everyone signed.

    The row stays (withdrawn_at and the reason set) and no longer counts.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why you withdraw your signature."), code="reason")
    if len(reason) > MAX_REASON:
        raise ValidationError(
            _("The reason can be at most %(max)s characters.") % {"max": MAX_REASON},
            code="reason",
        )
    with transaction.atomic():
        version = AgreementVersion.objects.select_for_update().get(pk=signature.version_id)
        locked = (
            Signature.objects.select_for_update(of=("self",))
            .select_related("guardianship")
            .get(pk=signature.pk)
        )
        if locked.withdrawn_at is not None:
            raise ValidationError(_("This signature was already withdrawn."), code="withdrawn")
        own = actor.user_id is not None and (
            locked.user_id == actor.user_id
            or (locked.guardianship is not None and locked.guardianship.user_id == actor.user_id)
        )
        if not own:
            raise ValidationError(
                _("Only the person who signed can withdraw a signature."), code="not_own"
            )
        if version.status != VersionStatus.AWAITING:
            raise ValidationError(
                _(
                    "A signature can only be withdrawn until everybody has signed. Ask the "
                    "school to change the agreement instead."
                ),
                code="completed",
            )
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_reason = reason
        locked.save(update_fields=["withdrawn_at", "withdrawn_reason", "updated_at"])
        record(
            "agreements.signature.withdrawn",
            actor=actor,
            obj=locked,
            changes={
                "version": version.pk,
                "party": locked.party,
                "guardianship": locked.guardianship_id,
                "withdrawn_at": locked.withdrawn_at,
                "reason": reason,
            },
            school_id=version.agreement.placement.student.school_id,
            object_label=f"{version} — {locked.role_label}",
        )
    signature.refresh_from_db()
    return signature
