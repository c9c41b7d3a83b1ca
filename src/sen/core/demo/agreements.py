"""The demo's agreements: every Blok 2 placement that has started is signed and active.

Agreements go through SEN's own services: `generate_agreement` renders the school's
default template and moves the placement to agreement pending; each required party
then signs with `sign`, and the last signature makes the placement active. After the
seed commits, the task worker builds each signed PDF and e-mails the copies (they
land in the demo mailbox). Placements that start later (the demo company's place
from 30 November, with the second demo student) stay proposed: the coordinator
generates their agreements in the demo and the parties sign them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from sen.accounts.models import Membership
from sen.agreements.models import AuthMethod, Party
from sen.agreements.selectors_signing import seats_of
from sen.agreements.services.documents import generate_agreement
from sen.agreements.services.signing import Evidence, Signer, sign
from sen.core.actor import Actor, Role
from sen.placements.models import Placement, PlacementStatus

if TYPE_CHECKING:
    from sen.core.demo.builder import Build

# Documentation addresses (RFC 5737) and a user agent that says where the signature came from.
DEMO_IP = "192.0.2.26"
DEMO_AGENT = "SEN demo seed"


def build_agreements(build: Build, placements: list[Placement]) -> int:
    """Generate and sign the agreements of the placements that have started; returns how many."""
    today = timezone.localdate()
    started = [
        p
        for p in placements
        if p.starts_on <= today
        and p.status == PlacementStatus.PROPOSED
        # Signing takes ~0.15 s per agreement (four audited signatures): the large
        # benchmark region signs only the demo school's, the others stay proposed.
        and (build.scale.name != "large" or p.student.school_id == build.demo_school.pk)
    ]
    school_ids = {p.student.school_id for p in started}
    company_ids = {p.offer.company_id for p in started}
    coordinators: dict[int, Membership] = {}
    for m in (
        Membership.objects.filter(role=Role.COORDINATOR, school_id__in=school_ids)
        .select_related("user")
        .order_by("pk")
    ):
        coordinators.setdefault(m.school_id or 0, m)
    contacts: dict[int, Membership] = {}
    for m in (
        Membership.objects.filter(role=Role.COMPANY_CONTACT, company_id__in=company_ids)
        .select_related("user")
        .order_by("pk")
    ):
        contacts.setdefault(m.company_id or 0, m)
    signed = 0
    with build.progress.phase("blok 2 agreements", len(started)) as phase:
        for placement in started:
            coordinator = coordinators[placement.student.school_id]
            school_actor = Actor(user=coordinator.user, membership=coordinator)
            version = generate_agreement(placement=placement, actor=school_actor)
            guardianships = list(placement.student.guardianships.order_by("pk"))
            for seat in seats_of(version):
                signer, actor, method = _signer(
                    seat.party, seat.guardianship, placement, guardianships, coordinator, contacts
                )
                sign(
                    version=version,
                    signer=signer,
                    typed_name=_name(signer),
                    agreed=True,
                    document_sha256=version.document_sha256,
                    evidence=Evidence(
                        auth_method=method, ip_address=DEMO_IP, user_agent=DEMO_AGENT
                    ),
                    actor=actor,
                )
            signed += 1
            phase.advance()
    build.count("signed agreements", signed)
    return signed


def _signer(
    party: str,
    seat_guardian: object,
    placement: Placement,
    guardianships: Sequence[object],
    coordinator: Membership,
    contacts: dict[int, Membership],
) -> tuple[Signer, Actor | None, str]:
    if party == Party.STUDENT:
        user = placement.student.user
        membership = Membership.objects.filter(user=user, role=Role.STUDENT).first()
        return (
            Signer(party=party, user=user),
            Actor(user=user, membership=membership),
            AuthMethod.LOGIN,
        )
    if party == Party.GUARDIAN:
        guardianship = seat_guardian or guardianships[0]
        user = guardianship.user  # type: ignore[attr-defined]
        signer = Signer(
            party=party,
            guardianship=guardianship,  # type: ignore[arg-type]
            user=user,
            email=guardianship.email,  # type: ignore[attr-defined]
        )
        if user is None:
            return signer, None, AuthMethod.EMAIL_CODE
        return signer, Actor(user=user), AuthMethod.LOGIN
    # Staff sign with two-step verification where it is required (everywhere but the demo).
    staff_method = AuthMethod.LOGIN_MFA if settings.SEN_MFA_REQUIRED_FOR_STAFF else AuthMethod.LOGIN
    if party == Party.SCHOOL:
        actor = Actor(user=coordinator.user, membership=coordinator)
        return Signer(party=party, user=coordinator.user), actor, staff_method
    contact = contacts[placement.offer.company_id]
    actor = Actor(user=contact.user, membership=contact)
    return Signer(party=party, user=contact.user), actor, staff_method


def _name(signer: Signer) -> str:
    if signer.user is not None:
        return signer.user.full_name
    return signer.guardianship.full_name if signer.guardianship else signer.email
