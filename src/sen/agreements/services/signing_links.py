"""Signing through an e-mailed link, for parties without an account (or who prefer it).

A link carries a random token (sen.core.tokens, 256 bits); only its SHA-256 is stored.
It works for one seat of one version, expires after LINK_DAYS, and is used up by
the signature. Opening it shows the document; to sign, the person asks for a
6-digit one-time code sent to the same address. Only an HMAC of the code is
stored (keyed with SECRET_KEY, salted per link); it is valid for CODE_MINUTES and
works once. Five wrong codes lock the link: the school sends a new one. A code
can be sent at most once a minute and MAX_CODES_PER_HOUR times an hour per link.

Refused links (unknown, expired, used, locked, for a replaced version, for a seat
already signed) change nothing and are audited as
`agreements.signing_link.refused` with the reason. Tokens and codes never reach
the audit trail, the logs or the database in clear; e-mails carrying them are
sent directly (not through sen.messaging, which stores its messages).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from sen.agreements import signers
from sen.agreements.models import (
    AgreementVersion,
    AuthMethod,
    Party,
    Signature,
    SigningLink,
    VersionStatus,
)
from sen.agreements.selectors_signing import counting_signatures, seats_of, with_seat_data
from sen.agreements.services.signing import (
    OPEN_PLACEMENTS,
    Evidence,
    Signer,
    company_contact_emails,
    sign,
)
from sen.audit.models import AuditEvent
from sen.audit.services import record
from sen.core.actor import Actor
from sen.core.tokens import hash_token, new_token

logger = logging.getLogger(__name__)

LINK_DAYS = 7
CODE_MINUTES = 10
MAX_CODE_ATTEMPTS = 5
CODE_INTERVAL_SECONDS = 60
MAX_CODES_PER_HOUR = 5
# After a correct code, the sign form stays open this long in that browser session.
VERIFIED_MINUTES = 30
MAX_TOKEN_LENGTH = 100
CODE_SALT = "sen.agreements.signing_code"


class Reason:
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    LOCKED = "locked"
    OUTDATED = "outdated"
    COMPLETED = "completed"
    SIGNED = "signed"
    NOT_PARTY = "not_party"


class LinkRefused(Exception):
    """The link cannot be used: nothing may change. `reason` is one of Reason."""

    def __init__(self, reason: str, link: SigningLink | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.link = link

    @property
    def status(self) -> int:
        return 404 if self.reason == Reason.UNKNOWN else 410

    @property
    def message(self) -> str:
        messages = {
            Reason.EXPIRED: _("This link has expired. Ask the school to send you a new one."),
            Reason.USED: _(
                "This link has already been used to sign. If that was you, nothing more is needed."
            ),
            Reason.LOCKED: _(
                "This link is locked because a wrong code was entered too often. Ask the "
                "school to send you a new link."
            ),
            Reason.OUTDATED: _(
                "The agreement in this link was replaced or cancelled. The school will send "
                "you a new link for the current version."
            ),
            Reason.COMPLETED: _("Everybody has already signed this agreement."),
            Reason.SIGNED: _(
                "This agreement has already been signed for you (or by the other parent)."
            ),
            Reason.NOT_PARTY: _("Your signature is no longer needed on this agreement."),
        }
        return str(
            messages.get(
                self.reason,
                _(
                    "This link is not valid. Check that you opened the whole link from the "
                    "e-mail, or ask the school for a new link."
                ),
            )
        )


def code_digest(link: SigningLink, code: str) -> str:
    return salted_hmac(CODE_SALT, f"{link.pk}:{code}", algorithm="sha256").hexdigest()


def link_url(token: str) -> str:
    path = reverse("agreements:link_open", kwargs={"token": token})
    return str(settings.SEN_BASE_URL).rstrip("/") + path


def _school_id(link: SigningLink) -> int:
    school_id: int = link.version.agreement.placement.student.school_id
    return school_id


def _links() -> Any:
    return SigningLink.objects.select_related(
        "version__agreement__placement__student__school",
        "version__agreement__placement__offer__company",
        "guardianship",
    )


# --- Creating and sending links --------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    guardianship: Any = None  # a network.Guardianship for a parent's seat


def recipients_for(version: AgreementVersion, seat: signers.Seat) -> list[Recipient]:
    """Who gets a link for `seat`: the parent(s) of a parent seat, the company's contacts."""
    from sen.accounts.models import Membership
    from sen.core.actor import Role

    placement = version.agreement.placement
    if seat.party == Party.GUARDIAN:
        guardians = (
            [seat.guardianship]
            if seat.guardianship is not None
            else list(placement.student.guardianships.all())
        )
        return [Recipient(g.email, g.full_name, g) for g in guardians if g.email]
    if seat.party == Party.COMPANY:
        contacts = Membership.objects.filter(
            company_id=placement.offer.company_id, role=Role.COMPANY_CONTACT, is_active=True
        ).select_related("user")
        return [
            Recipient(m.user.email, m.user.get_full_name())
            for m in contacts.order_by("user__email")
            if m.user.email
        ]
    return []


def create_link(
    *,
    version: AgreementVersion,
    party: str,
    recipient: Recipient,
    actor: Actor | None,
) -> tuple[SigningLink, str]:
    """A new link for one seat and address; earlier unused links for them stop working."""
    if version.status != VersionStatus.AWAITING:
        raise ValidationError(
            _("Links can only be sent for a version that awaits signatures."), code="status"
        )
    if party not in (Party.GUARDIAN, Party.COMPANY):
        raise ValidationError(
            _("Only parents and companies sign through an e-mail link."), code="party"
        )
    now = timezone.now()
    token = new_token()
    with transaction.atomic():
        retired = SigningLink.objects.filter(
            version=version,
            party=party,
            guardianship=recipient.guardianship,
            email__iexact=recipient.email,
            used_at__isnull=True,
            expires_at__gt=now,
        ).update(expires_at=now)
        link = SigningLink.objects.create(
            version=version,
            party=party,
            guardianship=recipient.guardianship,
            email=recipient.email,
            name=recipient.name[:200],
            token_hash=hash_token(token),
            expires_at=now + dt.timedelta(days=LINK_DAYS),
        )
        record(
            "agreements.signing_link.created",
            actor=actor,
            obj=link,
            changes={
                "version": version.pk,
                "party": party,
                "guardianship": link.guardianship_id,
                "email": link.email,
                "expires_at": link.expires_at,
                "replaced_links": retired,
            },
            school_id=version.agreement.placement.student.school_id,
        )
    return link, token


def _send_after_commit(
    template: str, context: dict[str, Any], to: str, *, what: str, link_id: int
) -> None:
    """Render in the site language and send once the transaction committed."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"agreements/signing/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"agreements/signing/email/{template}.txt", context)

    def _send() -> None:
        try:
            send_mail(subject, body, None, [to])
        except Exception:  # the link's id only: no address, no token, no code in logs
            logger.warning("agreements.%s_not_sent link=%s", what, link_id, exc_info=True)

    transaction.on_commit(_send)


def send_link(
    *, version: AgreementVersion, seat: signers.Seat, actor: Actor | None, reminder: bool = False
) -> int:
    """E-mail a fresh link for `seat` to each of its recipients; returns how many were sent."""
    placement = version.agreement.placement
    sent = 0
    for recipient in recipients_for(version, seat):
        link, token = create_link(
            version=version, party=seat.party, recipient=recipient, actor=actor
        )
        context = {
            "name": recipient.name,
            "student": placement.student.first_name,
            "school": placement.student.school.name,
            "company": placement.offer.company.name,
            "party": seat.party,
            "url": link_url(token),
            "days": LINK_DAYS,
            "expires_at": link.expires_at,
            "reminder": reminder,
            "login_url": str(settings.SEN_BASE_URL).rstrip("/") + reverse("agreements:to_sign"),
        }
        _send_after_commit("link", context, recipient.email, what="link", link_id=link.pk)
        sent += 1
    return sent


# --- Using a link ----------------------------------------------------------------------------


def refusal_reason(link: SigningLink, *, now: dt.datetime | None = None) -> str | None:
    """Why `link` cannot be used now, or None when it can."""
    now = now or timezone.now()
    if link.used_at is not None:
        return Reason.USED
    if link.code_attempts >= MAX_CODE_ATTEMPTS:
        return Reason.LOCKED
    if link.expires_at <= now:
        return Reason.EXPIRED
    version = with_seat_data(AgreementVersion.objects.all()).get(pk=link.version_id)
    if version.status == VersionStatus.SIGNED:
        return Reason.COMPLETED
    if (
        version.status != VersionStatus.AWAITING
        or version.agreement.placement.status not in OPEN_PLACEMENTS
    ):
        return Reason.OUTDATED
    seat = signers.seat_for(
        seats_of(version), party=link.party, guardianship_id=link.guardianship_id
    )
    if seat is None:
        return Reason.NOT_PARTY
    if link.party == Party.GUARDIAN and link.guardianship_id is None:
        return Reason.NOT_PARTY
    if link.party == Party.COMPANY and link.email.lower() not in company_contact_emails(
        version.agreement.placement.offer.company_id
    ):
        return Reason.NOT_PARTY
    if signers.filled_by(seat, counting_signatures(version)) is not None:
        return Reason.SIGNED
    return None


def refuse(*, reason: str, link: SigningLink | None) -> None:
    """Audit a refused link (never its token)."""
    changes: dict[str, Any] = {"reason": reason}
    if link is None:
        record("agreements.signing_link.refused", actor=None, changes=changes)
        return
    changes |= {"version": link.version_id, "party": link.party, "email": link.email}
    record(
        "agreements.signing_link.refused",
        actor=None,
        obj=link,
        changes=changes,
        school_id=_school_id(link),
    )


def find_link(token_hash: str, *, audit: bool = True) -> SigningLink:
    """The usable link with this token hash; raises LinkRefused (audited) otherwise."""
    link: SigningLink | None = (
        _links().filter(token_hash=token_hash).first() if len(token_hash) == 64 else None
    )
    if link is None:
        if audit:
            refuse(reason=Reason.UNKNOWN, link=None)
        raise LinkRefused(Reason.UNKNOWN)
    reason = refusal_reason(link)
    if reason is not None:
        if audit:
            refuse(reason=reason, link=link)
        raise LinkRefused(reason, link)
    return link


def hash_from_url(token: str) -> str:
    """The stored hash for a token from a URL (an over-long token cannot be ours)."""
    return hash_token(token) if token and len(token) <= MAX_TOKEN_LENGTH else ""


def _locked_link(link: SigningLink) -> SigningLink:
    locked: SigningLink = _links().select_for_update(of=("self",)).get(pk=link.pk)
    reason = refusal_reason(locked)
    if reason is not None:
        raise LinkRefused(reason, locked)
    return locked


def codes_sent_in_last_hour(link: SigningLink, *, now: dt.datetime) -> int:
    return AuditEvent.objects.filter(
        object_type=SigningLink._meta.label_lower,
        object_id=str(link.pk),
        action="agreements.signing_link.code_sent",
        occurred_at__gte=now - dt.timedelta(hours=1),
    ).count()


def send_code(*, link: SigningLink) -> None:
    """E-mail a new one-time code to the link's address (rate-limited per link)."""
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_link(link)
        if (
            locked.code_sent_at is not None
            and (now - locked.code_sent_at).total_seconds() < CODE_INTERVAL_SECONDS
        ):
            raise ValidationError(
                _("A code was sent less than a minute ago. Check your e-mail (and spam folder)."),
                code="too_soon",
            )
        if codes_sent_in_last_hour(locked, now=now) >= MAX_CODES_PER_HOUR:
            raise ValidationError(
                _("Too many codes were sent for this link. Try again in an hour."),
                code="too_many",
            )
        code = f"{secrets.randbelow(1_000_000):06d}"
        locked.code_hash = code_digest(locked, code)
        locked.code_sent_at = now
        locked.save(update_fields=["code_hash", "code_sent_at", "updated_at"])
        record(
            "agreements.signing_link.code_sent",
            actor=None,
            obj=locked,
            changes={"email": locked.email, "valid_minutes": CODE_MINUTES},
            school_id=_school_id(locked),
        )
        _send_after_commit(
            "code",
            {"code": code, "minutes": CODE_MINUTES, "name": locked.name},
            locked.email,
            what="code",
            link_id=locked.pk,
        )


def code_is_fresh(link: SigningLink, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(
        link.code_hash
        and link.code_sent_at is not None
        and now - link.code_sent_at <= dt.timedelta(minutes=CODE_MINUTES)
    )


def verify_code(*, link: SigningLink, code: str) -> dt.datetime:
    """Check a typed code; returns when it was verified. Wrong codes count towards the lock."""
    typed = "".join(ch for ch in (code or "") if not ch.isspace())
    now = timezone.now()
    error = ValidationError(
        _("This code has expired or was already used. Ask for a new code."), code="code_expired"
    )
    with transaction.atomic():
        locked = _locked_link(link)
        school_id = _school_id(locked)
        if not code_is_fresh(locked, now=now):
            pass  # the default error: ask for a new code
        elif (
            len(typed) == 6
            and typed.isdigit()
            and constant_time_compare(code_digest(locked, typed), locked.code_hash)
        ):
            locked.code_hash = ""  # a code works once
            locked.save(update_fields=["code_hash", "updated_at"])
            record(
                "agreements.signing_link.code_verified",
                actor=None,
                obj=locked,
                changes={"email": locked.email},
                school_id=school_id,
            )
            return now
        else:
            locked.code_attempts += 1
            locked.save(update_fields=["code_attempts", "updated_at"])
            left = MAX_CODE_ATTEMPTS - locked.code_attempts
            record(
                "agreements.signing_link.code_failed",
                actor=None,
                obj=locked,
                changes={"attempts": locked.code_attempts},
                school_id=school_id,
            )
            if left <= 0:
                record(
                    "agreements.signing_link.locked",
                    actor=None,
                    obj=locked,
                    changes={"attempts": locked.code_attempts},
                    school_id=school_id,
                )
                error = ValidationError(
                    _(
                        "That code is wrong. The link is now locked: ask the school to send "
                        "you a new link."
                    ),
                    code="locked",
                )
            else:
                error = ValidationError(
                    _("That code is wrong. You can try %(left)s more time(s).") % {"left": left},
                    code="wrong_code",
                )
    # Raised after the commit: the counted attempt must stay counted.
    raise error


def sign_with_link(
    *,
    link: SigningLink,
    typed_name: str,
    agreed: bool,
    document_sha256: str,
    evidence_ip: str | None,
    user_agent: str,
) -> Signature:
    """Sign the link's seat (the caller checked the code in this browser session)."""
    with transaction.atomic():
        locked = _locked_link(link)
        signature = sign(
            version=locked.version,
            signer=Signer(party=locked.party, guardianship=locked.guardianship, email=locked.email),
            typed_name=typed_name,
            agreed=agreed,
            document_sha256=document_sha256,
            evidence=Evidence(
                auth_method=AuthMethod.EMAIL_CODE, ip_address=evidence_ip, user_agent=user_agent
            ),
            actor=None,
        )
        locked.used_at = timezone.now()
        locked.code_hash = ""
        locked.save(update_fields=["used_at", "code_hash", "updated_at"])
        record(
            "agreements.signing_link.used",
            actor=None,
            obj=locked,
            changes={"signature": signature.pk, "email": locked.email},
            school_id=_school_id(locked),
        )
    return signature
