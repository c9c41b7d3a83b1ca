"""Agreements for tests, made through the real services.

`agreement_version_for(placement)` generates the placement's agreement with
`generate_agreement` (as a coordinator of the student's school): version 1, awaiting
signatures, with its terms, Dutch document and document SHA-256; a proposed placement
becomes agreement pending. `signed=True` also records a signature for every party
(student; each parent of a minor; school; company) with made-up evidence, marks the
version signed and builds the final PDF through `tasks.build_signed_pdf`, so
`signed_pdf` and `signed_sha256` are set as in production.

Typical use: `agreement_version_for(placement_for(world, "a", status="proposed"))`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sen.accounts.models import Membership
from sen.agreements.models import (
    AgreementVersion,
    AuthMethod,
    Party,
    Signature,
    TemplateVersion,
    VersionStatus,
)
from sen.agreements.services.documents import generate_agreement
from sen.core.actor import Actor, Role
from sen.network.models import Guardianship
from sen.placements.models import Placement
from tests.factories import actor_for


def _member(role: str, **org: Any) -> Membership | None:
    return (
        Membership.objects.filter(role=role, is_active=True, **org)
        .select_related("user")
        .order_by("pk")
        .first()
    )


def coordinator_of(placement: Placement) -> Actor | None:
    membership = _member(Role.COORDINATOR, school_id=placement.student.school_id)
    return actor_for(membership) if membership else None


def agreement_version_for(
    placement: Placement,
    *,
    actor: Actor | None = None,
    signed: bool = False,
    template_version: TemplateVersion | None = None,
    signed_at: dt.datetime | None = None,
) -> AgreementVersion:
    version = generate_agreement(
        placement=placement,
        actor=actor or coordinator_of(placement),
        template_version=template_version,
    )
    if signed:
        sign_all(version, at=signed_at)
    return version


def sign_all(version: AgreementVersion, *, at: dt.datetime | None = None) -> AgreementVersion:
    """Sign every seat with made-up evidence, mark the version signed, build its PDF."""
    from sen.agreements.tasks import build_signed_pdf

    placement = version.agreement.placement
    student = placement.student
    moment = at or timezone.now().replace(microsecond=0)
    seats: list[dict[str, Any]] = [
        {
            "party": Party.STUDENT,
            "user": student.user,
            "email": student.email or (student.user.email if student.user else ""),
            "typed_name": student.full_name,
            "role_label": "Leerling",
            "auth_method": AuthMethod.LOGIN,
        }
    ]
    if version.terms["student"]["minor"]:
        for guardianship in Guardianship.objects.filter(student=student).order_by("pk")[:1]:
            seats.append(
                {
                    "party": Party.GUARDIAN,
                    "guardianship": guardianship,
                    "user": guardianship.user,
                    "email": guardianship.email,
                    "typed_name": guardianship.full_name or guardianship.email,
                    "role_label": "Ouder/verzorger",
                    "auth_method": AuthMethod.EMAIL_CODE,
                }
            )
    school_member = _member(Role.COORDINATOR, school_id=student.school_id)
    company_member = _member(Role.COMPANY_CONTACT, company_id=placement.offer.company_id)
    for party, member, label in (
        (Party.SCHOOL, school_member, "Coördinator"),
        (Party.COMPANY, company_member, "Contactpersoon bedrijf"),
    ):
        seats.append(
            {
                "party": party,
                "user": member.user if member else None,
                "email": member.user.email if member else f"{party}@example.test",
                "typed_name": member.user.get_full_name() if member else str(party),
                "role_label": label,
                "auth_method": AuthMethod.LOGIN_MFA,
            }
        )
    for index, seat in enumerate(seats):
        Signature.objects.create(
            version=version,
            signed_at=moment - dt.timedelta(minutes=len(seats) - index),
            ip_address="192.0.2.10",
            user_agent="Mozilla/5.0 (test)",
            document_sha256=version.document_sha256,
            **seat,
        )
    AgreementVersion.objects.filter(pk=version.pk).update(
        status=VersionStatus.SIGNED, signed_at=moment
    )
    build_signed_pdf.call(version.pk)
    version.refresh_from_db()
    return version
