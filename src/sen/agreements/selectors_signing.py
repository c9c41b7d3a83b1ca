"""Reads for signing: the seats of a version, who the actor signs as, and "to sign" lists.

Seats are computed by the pure rule in sen.agreements.signers from data loaded
here in a bounded number of queries (`with_seat_data`): the version's placement,
student, school (with its AgreementSettings), company, the student's
parents/guardians and the version's signatures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from sen.agreements import signers
from sen.agreements.models import (
    AgreementSettings,
    AgreementVersion,
    Party,
    Signature,
    VersionStatus,
)
from sen.agreements.signers import Seat
from sen.core.actor import Actor, Role
from sen.core.scoping import get_visible_or_404
from sen.network.models import Guardianship, School

DEFAULT_REMINDER_DAYS = 3

VERSION_RELATED = (
    "agreement__placement__student__school__agreement_settings",
    "agreement__placement__student__user",
    "agreement__placement__offer__company",
    "agreement__placement__offer__elective",
)


def with_seat_data(qs: QuerySet[AgreementVersion]) -> QuerySet[AgreementVersion]:
    """Versions with everything `seats_of` and `signatures_of` need, in three more queries."""
    return qs.select_related(*VERSION_RELATED).prefetch_related(  # type: ignore[type-var]
        Prefetch(
            "agreement__placement__student__guardianships",
            queryset=Guardianship.objects.select_related("user").order_by("pk"),
        ),
        Prefetch(
            "signatures",
            queryset=Signature.objects.select_related("user", "guardianship").order_by(
                "signed_at", "pk"
            ),
        ),
    )


def _settings(school: School) -> AgreementSettings | None:
    try:
        return school.agreement_settings
    except AgreementSettings.DoesNotExist:
        return None


def both_guardians_sign(school: School) -> bool:
    """The school's AgreementSettings decide; without settings, the school record does."""
    found = _settings(school)
    return found.both_guardians_sign if found else bool(school.require_both_guardians)


def reminder_days(school: School) -> int:
    found = _settings(school)
    return found.reminder_days if found else DEFAULT_REMINDER_DAYS


def starts_on(version: AgreementVersion) -> dt.date:
    """The first day the version names (its terms), else the placement's first day."""
    named = (version.terms or {}).get("starts_on")
    if isinstance(named, str):
        try:
            return dt.date.fromisoformat(named)
        except ValueError:
            pass
    placement_start: dt.date = version.agreement.placement.starts_on
    return placement_start


def seats_of(version: AgreementVersion) -> list[Seat]:
    placement = version.agreement.placement
    student = placement.student
    return signers.required_seats(
        date_of_birth=student.date_of_birth,
        starts_on=starts_on(version),
        guardianships=list(student.guardianships.all()),
        both_guardians_sign=both_guardians_sign(student.school),
        student_name=student.full_name,
        school_name=student.school.name,
        company_name=placement.offer.company.name,
    )


def counting_signatures(version: AgreementVersion) -> list[Signature]:
    return [s for s in version.signatures.all() if s.withdrawn_at is None]


@dataclass(frozen=True)
class SeatState:
    seat: Seat
    signature: Signature | None

    @property
    def signed(self) -> bool:
        return self.signature is not None


def seat_states(version: AgreementVersion) -> list[SeatState]:
    signatures = counting_signatures(version)
    return [SeatState(seat, signers.filled_by(seat, signatures)) for seat in seats_of(version)]


@dataclass(frozen=True)
class SignerRole:
    """Who the actor signs as on one version: a party, and for a parent their guardianship."""

    party: str
    guardianship: Guardianship | None = None


def signer_role(version: AgreementVersion, actor: Actor) -> SignerRole | None:
    """The party the actor signs for on this version (None: not a party of it)."""
    if not actor.is_authenticated:
        return None
    placement = version.agreement.placement
    student = placement.student
    role = actor.role
    if role == Role.STUDENT and student.user_id is not None and student.user_id == actor.user_id:
        return SignerRole(Party.STUDENT)
    if role == Role.GUARDIAN:
        mine = next((g for g in student.guardianships.all() if g.user_id == actor.user_id), None)
        return SignerRole(Party.GUARDIAN, mine) if mine is not None else None
    if role == Role.COORDINATOR and actor.school_id == student.school_id:
        return SignerRole(Party.SCHOOL)
    if role == Role.COMPANY_CONTACT and actor.company_id == placement.offer.company_id:
        return SignerRole(Party.COMPANY)
    return None


def seat_of(version: AgreementVersion, actor: Actor) -> Seat | None:
    """The seat the actor takes on this version; None for a non-party (e.g. an adult's parent)."""
    who = signer_role(version, actor)
    if who is None:
        return None
    return signers.seat_for(
        seats_of(version),
        party=who.party,
        guardianship_id=who.guardianship.pk if who.guardianship else None,
    )


def own_signature(version: AgreementVersion, actor: Actor) -> Signature | None:
    """The actor's own counting signature on this version (for withdrawing it)."""
    for signature in counting_signatures(version):
        if signature.user_id is not None and signature.user_id == actor.user_id:
            return signature
        guardianship = signature.guardianship
        if guardianship is not None and guardianship.user_id == actor.user_id:
            return signature
    return None


def version_for_signing(actor: Actor, pk: int) -> AgreementVersion:
    """A version the actor can see, with its seat data; 404 outside the actor's scope."""
    version: AgreementVersion = get_visible_or_404(
        with_seat_data(AgreementVersion.objects.all()), actor, pk=pk
    )
    return version


def current_version(version: AgreementVersion) -> AgreementVersion | None:
    """The agreement's version to sign or read instead of an outdated one."""
    return (
        AgreementVersion.objects.filter(
            agreement_id=version.agreement_id,
            status__in=(VersionStatus.AWAITING, VersionStatus.SIGNED),
        )
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True)
class ToSign:
    version: AgreementVersion
    seat: Seat
    signature: Signature | None


def _party_filter(actor: Actor) -> dict[str, Any] | None:
    role = actor.role
    if role == Role.STUDENT:
        return {"agreement__placement__student__user_id": actor.user_id}
    if role == Role.GUARDIAN:
        return {"agreement__placement__student__guardianships__user_id": actor.user_id}
    if role == Role.COORDINATOR:
        return {"agreement__placement__student__school_id": actor.school_id or 0}
    if role == Role.COMPANY_CONTACT:
        return {"agreement__placement__offer__company_id": actor.company_id or 0}
    return None


def versions_for_party(actor: Actor, *, status: str) -> QuerySet[AgreementVersion]:
    """Versions in `status` where the actor is a party (visible to them), newest first."""
    lookup = _party_filter(actor)
    if lookup is None:
        return AgreementVersion.objects.none()
    ids = AgreementVersion.objects.visible_to(actor).filter(status=status, **lookup).values("pk")
    return with_seat_data(AgreementVersion.objects.filter(pk__in=ids)).order_by(
        "agreement__placement__starts_on", "pk"
    )


def to_sign(actor: Actor, versions: list[AgreementVersion]) -> list[ToSign]:
    """The actor's seat on each version (versions where they have none are left out)."""
    rows: list[ToSign] = []
    for version in versions:
        seat = seat_of(version, actor)
        if seat is None:
            continue
        signature = signers.filled_by(seat, counting_signatures(version))
        rows.append(ToSign(version, seat, signature))
    return rows
