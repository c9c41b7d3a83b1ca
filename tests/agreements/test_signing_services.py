"""Signing services: every party signs, the evidence, refusals, withdrawal and completion."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sen.agreements.models import AuthMethod, Party, Signature, VersionStatus
from sen.agreements.selectors_signing import seat_states, seats_of
from sen.agreements.services.signing import (
    Evidence,
    Signer,
    clean_typed_name,
    evidence_record,
    sign,
    withdraw_signature,
)
from sen.audit.models import AuditEvent
from sen.placements.models import PlacementStatus
from tests.agreements.test_signing_support import (
    IP,
    USER_AGENT,
    adult_on,
    classmate,
    fresh,
    guardianship_of,
    pending_version,
    placement_of,
    sign_as,
)
from tests.factories import GuardianshipFactory

pytestmark = pytest.mark.django_db

ALL = ("student_a", "parent_a", "coordinator_a", "contact_a")


def test_sign_student_records_a_counting_signature(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)

    signature = sign_as(world, version, "student_a")

    assert (signature.party, signature.user, signature.guardianship) == (
        Party.STUDENT,
        world.user("student_a"),
        None,
    )
    assert [s.seat.key for s in seat_states(fresh(version)) if s.signed] == ["student"]


@pytest.mark.parametrize(
    ("name", "party", "method"),
    [
        ("student_a", Party.STUDENT, AuthMethod.LOGIN),
        ("parent_a", Party.GUARDIAN, AuthMethod.LOGIN),
        ("coordinator_a", Party.SCHOOL, AuthMethod.LOGIN_MFA),
        ("contact_a", Party.COMPANY, AuthMethod.LOGIN),
    ],
)
def test_sign_each_party_fills_its_own_seat(world, name, party, method) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)

    signature = sign_as(world, version, name)

    assert (signature.party, signature.auth_method) == (party, method)
    signed = [s.seat.party for s in seat_states(fresh(version)) if s.signed]
    assert signed == [party]


def test_sign_stores_the_exact_evidence_and_audits_it(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    before = timezone.now()

    signature = sign_as(world, version, "parent_a", typed_name="  Paula   Achterberg ")

    signature.refresh_from_db()
    guardianship = guardianship_of(world.student_a)
    assert signature.typed_name == "Paula Achterberg"
    assert signature.role_label == "Parent/guardian"
    assert signature.email == "paula@ouder.test"
    assert signature.guardianship == guardianship
    assert signature.user == world.user("parent_a")
    assert signature.auth_method == AuthMethod.LOGIN
    assert signature.ip_address == IP
    assert signature.user_agent == USER_AGENT
    assert signature.document_sha256 == version.document_sha256
    assert signature.signed_at >= before
    assert signature.signed_at.tzinfo is not None
    assert signature.withdrawn_at is None
    event = AuditEvent.objects.get(action="agreements.signature.signed")
    assert event.object_id == str(signature.pk)
    assert event.school_id == world.school_a.pk
    assert event.actor_user_id == world.user("parent_a").pk
    assert event.changes == {
        "version": version.pk,
        "version_number": 1,
        "agreement": version.agreement_id,
        "placement": version.agreement.placement_id,
        "party": "guardian",
        "role_label": "Parent/guardian",
        "guardianship": guardianship.pk,
        "user": world.user("parent_a").pk,
        "email": "paula@ouder.test",
        "typed_name": "Paula Achterberg",
        "auth_method": "login",
        "signed_at": signature.signed_at.astimezone(dt.UTC).isoformat(),
        "ip_address": IP,
        "user_agent": USER_AGENT,
        "document_sha256": version.document_sha256,
    }
    assert event.changes == {
        k: (v.astimezone(dt.UTC).isoformat() if isinstance(v, dt.datetime) else v)
        for k, v in evidence_record(signature).items()
    }


def test_sign_all_four_completes_the_version_and_activates_the_placement(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)

    for name in ALL:
        sign_as(world, version, name)

    version.refresh_from_db()
    placement = version.agreement.placement
    placement.refresh_from_db()
    assert version.status == VersionStatus.SIGNED
    assert version.signed_at is not None
    assert placement.status == PlacementStatus.ACTIVE
    assert AuditEvent.objects.filter(action="agreements.version.signed").count() == 1
    assert AuditEvent.objects.filter(action="placements.placement.activated").count() == 1


def test_sign_placement_stays_pending_until_the_last_signature(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    placement = version.agreement.placement

    for name in ALL[:-1]:
        sign_as(world, version, name)
        placement.refresh_from_db()
        version.refresh_from_db()
        assert placement.status == PlacementStatus.AGREEMENT_PENDING
        assert version.status == VersionStatus.AWAITING


def test_sign_completion_builds_the_signed_pdf_and_sends_copies(
    world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from sen.messaging.models import Notification

    version = pending_version(world)

    with django_capture_on_commit_callbacks(execute=True):
        for name in ALL:
            sign_as(world, version, name)

    version.refresh_from_db()
    assert version.signed_pdf
    assert len(version.signed_sha256) == 64
    assert set(
        Notification.objects.filter(kind="agreements.fully_signed").values_list(
            "recipient__email", flat=True
        )
    ) == {"anna@leerling.test", "paula@ouder.test", "carla@ludger.test", "karin@jansen.test"}
    assert AuditEvent.objects.filter(action="agreements.version.copies_sent").count() == 1


def test_sign_adult_student_signs_without_parents(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_of(world, classmate(world))
    placement.student.date_of_birth = adult_on(placement.starts_on)
    placement.student.save(update_fields=["date_of_birth"])
    from tests.factories.agreements import agreement_version_for

    version = agreement_version_for(placement)

    assert [s.key for s in seats_of(fresh(version))] == ["student", "school", "company"]


def test_sign_refuses_a_parent_of_an_adult_student(world) -> None:  # type: ignore[no-untyped-def]
    from tests.factories.agreements import agreement_version_for

    student = classmate(world)
    student.date_of_birth = dt.date(2000, 1, 1)
    student.save(update_fields=["date_of_birth"])
    version = agreement_version_for(placement_of(world, student))

    with pytest.raises(ValidationError) as refused:
        sign(
            version=version,
            signer=Signer(party=Party.GUARDIAN, guardianship=guardianship_of(student)),
            typed_name="Mirjam de Wit",
            agreed=True,
            document_sha256=version.document_sha256,
            evidence=Evidence(auth_method=AuthMethod.EMAIL_CODE),
            actor=None,
        )

    assert refused.value.code == "not_party"
    assert Signature.objects.count() == 0


def test_sign_refuses_a_parent_of_another_child(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)

    with pytest.raises(ValidationError) as refused:
        sign(
            version=version,
            signer=Signer(party=Party.GUARDIAN, guardianship=guardianship_of(world.student_b)),
            typed_name="Piet Bosman",
            agreed=True,
            document_sha256=version.document_sha256,
            evidence=Evidence(auth_method=AuthMethod.LOGIN),
            actor=world.actor("parent_b"),
        )

    assert refused.value.code == "not_party"


def test_sign_refuses_another_schools_coordinator(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)

    with pytest.raises(ValidationError) as refused:
        sign(
            version=version,
            signer=Signer(party=Party.SCHOOL, user=world.user("coordinator_b")),
            typed_name="Cees",
            agreed=True,
            document_sha256=version.document_sha256,
            evidence=Evidence(auth_method=AuthMethod.LOGIN_MFA),
            actor=world.actor("coordinator_b"),
        )

    assert refused.value.code == "not_party"


def test_sign_school_needs_two_factor_when_required(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = True
    version = pending_version(world)

    with pytest.raises(ValidationError) as refused:
        sign_as(world, version, "contact_a")  # a company contact needs no second factor
        sign(
            version=version,
            signer=Signer(party=Party.SCHOOL, user=world.user("coordinator_a")),
            typed_name="Carla Claassen",
            agreed=True,
            document_sha256=version.document_sha256,
            evidence=Evidence(auth_method=AuthMethod.LOGIN),
            actor=world.actor("coordinator_a"),
        )

    assert refused.value.code == "mfa_required"
    assert list(Signature.objects.values_list("party", flat=True)) == ["company"]


def test_sign_school_with_password_only_when_mfa_is_off(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False
    version = pending_version(world)

    signature = sign(
        version=version,
        signer=Signer(party=Party.SCHOOL, user=world.user("coordinator_a")),
        typed_name="Carla Claassen",
        agreed=True,
        document_sha256=version.document_sha256,
        evidence=Evidence(auth_method=AuthMethod.LOGIN),
        actor=world.actor("coordinator_a"),
    )

    assert signature.auth_method == AuthMethod.LOGIN


def test_sign_twice_for_the_same_seat_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    sign_as(world, version, "student_a")

    with pytest.raises(ValidationError) as refused:
        sign_as(world, version, "student_a")

    assert refused.value.code == "already_signed"
    assert Signature.objects.count() == 1


def test_sign_second_parent_cannot_fill_the_shared_seat_again(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    other = GuardianshipFactory(student=world.student_a, email="pim@ouder.test", full_name="Pim")
    sign_as(world, version, "parent_a")

    with pytest.raises(ValidationError) as refused:
        sign(
            version=version,
            signer=Signer(party=Party.GUARDIAN, guardianship=other, email=other.email),
            typed_name="Pim Achterberg",
            agreed=True,
            document_sha256=version.document_sha256,
            evidence=Evidence(auth_method=AuthMethod.EMAIL_CODE),
            actor=None,
        )

    assert refused.value.code == "already_signed"


def test_sign_both_parents_when_the_school_asks_for_both(world) -> None:  # type: ignore[no-untyped-def]
    from sen.agreements.models import AgreementSettings

    AgreementSettings.objects.create(school=world.school_a, both_guardians_sign=True)
    other = GuardianshipFactory(student=world.student_a, email="pim@ouder.test", full_name="Pim")
    version = pending_version(world)
    for name in ALL:
        sign_as(world, version, name)
    version.refresh_from_db()
    assert version.status == VersionStatus.AWAITING

    sign(
        version=version,
        signer=Signer(party=Party.GUARDIAN, guardianship=other, email=other.email),
        typed_name="Pim Achterberg",
        agreed=True,
        document_sha256=version.document_sha256,
        evidence=Evidence(auth_method=AuthMethod.EMAIL_CODE),
        actor=None,
    )

    version.refresh_from_db()
    assert version.status == VersionStatus.SIGNED


def test_sign_outdated_version_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    version.status = VersionStatus.SUPERSEDED
    version.save(update_fields=["status"])

    with pytest.raises(ValidationError) as refused:
        sign_as(world, version, "student_a")

    assert refused.value.code == "outdated"
    assert Signature.objects.count() == 0


def test_sign_void_version_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    version.status = VersionStatus.VOID
    version.save(update_fields=["status"])

    with pytest.raises(ValidationError) as refused:
        sign_as(world, version, "contact_a")

    assert refused.value.code == "outdated"


def test_sign_changed_document_hash_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)

    with pytest.raises(ValidationError) as refused:
        sign_as(world, version, "student_a", document_sha256="0" * 64)

    assert refused.value.code == "changed"
    assert Signature.objects.count() == 0


def test_sign_without_ticking_the_box_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)

    with pytest.raises(ValidationError) as refused:
        sign(
            version=version,
            signer=Signer(party=Party.STUDENT, user=world.user("student_a")),
            typed_name="Anna Achterberg",
            agreed=False,
            document_sha256=version.document_sha256,
            evidence=Evidence(auth_method=AuthMethod.LOGIN),
            actor=world.actor("student_a"),
        )

    assert refused.value.code == "not_agreed"


@pytest.mark.parametrize("typed", ["", " ", "A", "\x00\x01", "--", "x" * 201])
def test_clean_typed_name_refuses_what_is_not_a_name(typed: str) -> None:
    with pytest.raises(ValidationError):
        clean_typed_name(typed)


def test_clean_typed_name_tidies_spaces() -> None:
    assert clean_typed_name("  Anna\t van  Achterberg ") == "Anna van Achterberg"


def test_withdraw_own_signature_keeps_the_row_and_stops_counting(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    signature = sign_as(world, version, "student_a")

    withdraw_signature(signature=signature, actor=world.actor("student_a"), reason="Verkeerd")

    signature.refresh_from_db()
    assert signature.withdrawn_at is not None
    assert signature.withdrawn_reason == "Verkeerd"
    assert not any(s.signed for s in seat_states(fresh(version)))
    event = AuditEvent.objects.get(action="agreements.signature.withdrawn")
    assert event.changes["reason"] == "Verkeerd"
    assert event.changes["party"] == "student"


def test_withdraw_then_sign_again(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    first = sign_as(world, version, "student_a")
    withdraw_signature(signature=first, actor=world.actor("student_a"), reason="Typfout")

    second = sign_as(world, version, "student_a")

    assert Signature.objects.filter(version=version).count() == 2
    assert [s.signature for s in seat_states(fresh(version)) if s.signed] == [second]


def test_withdraw_needs_a_reason(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    signature = sign_as(world, version, "student_a")

    with pytest.raises(ValidationError) as refused:
        withdraw_signature(signature=signature, actor=world.actor("student_a"), reason="  ")

    assert refused.value.code == "reason"


def test_withdraw_someone_elses_signature_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    signature = sign_as(world, version, "student_a")

    with pytest.raises(ValidationError) as refused:
        withdraw_signature(signature=signature, actor=world.actor("parent_a"), reason="Nee")

    assert refused.value.code == "not_own"


def test_withdraw_after_completion_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    signatures = [sign_as(world, version, name) for name in ALL]

    with pytest.raises(ValidationError) as refused:
        withdraw_signature(signature=signatures[0], actor=world.actor("student_a"), reason="Nee")

    assert refused.value.code == "completed"


def test_withdraw_twice_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    signature = sign_as(world, version, "student_a")
    withdraw_signature(signature=signature, actor=world.actor("student_a"), reason="Een")

    with pytest.raises(ValidationError) as refused:
        withdraw_signature(signature=signature, actor=world.actor("student_a"), reason="Twee")

    assert refused.value.code == "withdrawn"


def test_sign_for_a_cancelled_placement_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    from sen.placements.services.placements import cancel

    version = pending_version(world)
    cancel(
        actor=world.actor("coordinator_a"),
        placement=version.agreement.placement,
        reason="student_left",
    )

    with pytest.raises(ValidationError) as refused:
        sign_as(world, version, "student_a")

    assert refused.value.code == "outdated"
    assert Signature.objects.count() == 0
