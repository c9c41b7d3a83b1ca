"""Helpers for the signing tests (no tests of their own but one sanity check).

`pending_version(world)` is Anna's agreement (school A, company A, 15, parent Paula),
version 1 awaiting signatures, generated through the documents service; her
placement is agreement pending. `sign_as(world, version, "student_a")` signs as a
World actor through the service, the way the signing page does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import TestCase
from django.utils import timezone

from sen.agreements.models import AgreementVersion, AuthMethod, Party, Signature, SigningLink
from sen.agreements.selectors_signing import signer_role, with_seat_data
from sen.agreements.services import signing_links
from sen.agreements.services.signing import Evidence, Signer, sign
from sen.network.models import Guardianship, Student
from sen.placements.models import PlacementStatus
from tests.factories import GuardianshipFactory, StudentFactory
from tests.factories.agreements import agreement_version_for
from tests.factories.placements import placement_for

IP = "203.0.113.7"
USER_AGENT = "Mozilla/5.0 (Linux; Android 14) pytest"


def pending_version(world: Any, family: str = "a", **placement_fields: Any) -> AgreementVersion:
    placement = placement_for(world, family, status=PlacementStatus.PROPOSED, **placement_fields)
    return agreement_version_for(placement)


def fresh(version: AgreementVersion) -> AgreementVersion:
    return with_seat_data(AgreementVersion.objects.all()).get(pk=version.pk)


def signer_for(world: Any, version: AgreementVersion, name: str) -> Signer:
    actor = world.actor(name)
    who = signer_role(fresh(version), actor)
    assert who is not None, f"{name} is not a party"
    return Signer(
        party=who.party, user=actor.user, guardianship=who.guardianship, email=actor.user.email
    )


def sign_as(
    world: Any,
    version: AgreementVersion,
    name: str,
    *,
    auth_method: str = AuthMethod.LOGIN,
    typed_name: str | None = None,
    document_sha256: str | None = None,
) -> Signature:
    actor = world.actor(name)
    if name.startswith("coordinator"):
        auth_method = AuthMethod.LOGIN_MFA
    return sign(
        version=version,
        signer=signer_for(world, version, name),
        typed_name=typed_name or actor.user.full_name,
        agreed=True,
        document_sha256=document_sha256 or version.document_sha256,
        evidence=Evidence(auth_method=auth_method, ip_address=IP, user_agent=USER_AGENT),
        actor=actor,
    )


def guardianship_of(student: Student) -> Guardianship:
    return student.guardianships.order_by("pk").first()  # type: ignore[return-value]


def make_link(
    version: AgreementVersion,
    *,
    party: str = Party.GUARDIAN,
    guardianship: Guardianship | None = None,
    email: str = "",
    name: str = "",
) -> tuple[SigningLink, str]:
    if party == Party.GUARDIAN and guardianship is None:
        guardianship = guardianship_of(version.agreement.placement.student)
    recipient = signing_links.Recipient(
        email=email or (guardianship.email if guardianship else ""),
        name=name or (guardianship.full_name if guardianship else ""),
        guardianship=guardianship,
    )
    return signing_links.create_link(version=version, party=party, recipient=recipient, actor=None)


def sent(call: Any, /, **kwargs: Any) -> Any:
    """Call a service and run what it left for after the commit (its e-mails)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return call(**kwargs)


def verified_code(link: SigningLink) -> str:
    """Send a code and read it back from the e-mail (mail.outbox)."""
    from django.core import mail

    sent(signing_links.send_code, link=link)
    body = mail.outbox[-1].body
    return next(word for word in body.split() if word.isdigit() and len(word) == 6)


def classmate(world: Any, *, born: dt.date | None = None, parent_email: str = "") -> Student:
    """A student of school A with a parent who has no account (not in family A or B)."""
    student = StudentFactory(
        school=world.school_a,
        first_name="Daan",
        last_name="de Wit",
        student_number="A777",
        class_name="3B",
        date_of_birth=born or dt.date(2011, 6, 1),
    )
    GuardianshipFactory(
        student=student,
        email=parent_email or "mirjam@ouder.test",
        full_name="Mirjam de Wit",
        user=None,
    )
    return student


def placement_of(world: Any, student: Student, **fields: Any) -> Any:
    """A proposed placement of `student` at company A (like placement_for, another student)."""
    placement = placement_for(world, "a", status=PlacementStatus.PROPOSED, **fields)
    placement.student = student
    placement.save(update_fields=["student"])
    return placement


def adult_on(day: dt.date) -> dt.date:
    """A date of birth that makes the student exactly 18 on `day`."""
    return day.replace(year=day.year - 18)


def now() -> dt.datetime:
    return timezone.now()


@pytest.mark.django_db
def test_pending_version_awaits_four_seats(world) -> None:  # type: ignore[no-untyped-def]
    from sen.agreements.selectors_signing import seats_of

    version = pending_version(world)

    assert [seat.key for seat in seats_of(fresh(version))] == [
        "student",
        "guardian",
        "school",
        "company",
    ]
