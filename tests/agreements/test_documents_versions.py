"""Versions: changing the terms makes version n+1; old versions stay readable; a signed
version stays in force until its successor is signed; the signed PDF."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError

from sen.agreements.models import AgreementVersion, VersionStatus
from sen.agreements.services.documents import attach_signed_pdf, change_terms, signed_pdf_bytes
from sen.agreements.tasks import build_signed_pdf
from sen.audit.models import AuditEvent
from sen.placements.models import PlacementStatus
from tests.factories.agreements import agreement_version_for, sign_all
from tests.factories.placements import placement_for

FIRST = dt.date(2026, 9, 7)
LAST = dt.date(2026, 11, 27)
ONE_DAY = [{"weekday": 2, "start": "09:00", "end": "14:30", "break_minutes": 30}]


def _change(world, placement, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "placement": placement,
        "actor": world.actor("coordinator_a"),
        "starts_on": FIRST,
        "ends_on": dt.date(2026, 12, 18),
        "schedule": ONE_DAY,
        "supervisor": world.user("supervisor_a"),
        "teacher": world.user("teacher_a"),
        "reason": "Het bedrijf werkt voortaan op woensdag.",
    }
    values.update(overrides)
    return change_terms(**values)


@pytest.fixture
def pending(world):  # type: ignore[no-untyped-def]
    placement = placement_for(
        world, "a", status=PlacementStatus.PROPOSED, starts_on=FIRST, ends_on=LAST
    )
    agreement_version_for(placement)
    placement.refresh_from_db()
    return placement


@pytest.mark.django_db
def test_change_terms_makes_version_two_and_supersedes_the_unsigned_first(world, pending) -> None:  # type: ignore[no-untyped-def]
    first = AgreementVersion.objects.get()

    second = _change(world, pending)

    first.refresh_from_db()
    pending.refresh_from_db()
    assert (second.number, second.status) == (2, VersionStatus.AWAITING)
    assert first.status == VersionStatus.SUPERSEDED
    assert second.document_sha256 != first.document_sha256
    assert "op woensdag: <strong>5 uur per week</strong>" in second.document_html
    assert "tot en met 18 december 2026 (15 weken)" in second.document_html
    assert "op dinsdag en donderdag" in first.document_html  # v1 stays readable as it was
    assert second.change_reason == "Het bedrijf werkt voortaan op woensdag."
    assert (pending.schedule, pending.ends_on) == (ONE_DAY, dt.date(2026, 12, 18))
    assert pending.status == PlacementStatus.AGREEMENT_PENDING
    event = AuditEvent.objects.get(action="agreements.agreement.terms_changed")
    assert event.changes["superseded"] == [1]
    assert event.changes["ends_on"] == ["2026-11-27", "2026-12-18"]


@pytest.mark.django_db
def test_change_terms_keeps_a_signed_version_in_force_until_the_new_one_is_signed(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a", starts_on=FIRST, ends_on=LAST)  # active
    first = agreement_version_for(placement, signed=True)

    second = _change(world, placement)

    first.refresh_from_db()
    placement.refresh_from_db()
    assert first.status == VersionStatus.SIGNED
    assert placement.status == PlacementStatus.ACTIVE
    sign_all(second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (VersionStatus.SUPERSEDED, VersionStatus.SIGNED)
    assert first.signed_pdf and first.signed_sha256  # the old copy and its evidence stay
    assert first.signatures.filter(withdrawn_at__isnull=True).count() == 4
    assert AuditEvent.objects.filter(action="agreements.version.superseded").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("status", [PlacementStatus.COMPLETED, PlacementStatus.CANCELLED])
def test_change_terms_refuses_an_ended_placement(world, pending, status: str) -> None:  # type: ignore[no-untyped-def]
    pending.status = status
    pending.save(update_fields=["status"])

    with pytest.raises(ValidationError) as caught:
        _change(world, pending)

    assert caught.value.code == "placement_status"
    assert AgreementVersion.objects.count() == 1


@pytest.mark.django_db
def test_change_terms_needs_a_reason(world, pending) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        _change(world, pending, reason="  ")

    assert caught.value.message_dict == {"reason": ["Say why the terms change."]}


@pytest.mark.django_db
def test_change_terms_refuses_unchanged_terms(world, pending) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        _change(world, pending, ends_on=LAST, schedule=pending.schedule)

    assert caught.value.messages == ["Nothing changed: these are the current terms."]


@pytest.mark.django_db
def test_change_terms_refuses_a_supervisor_of_another_company(world, pending) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        _change(world, pending, supervisor=world.user("supervisor_b"))

    assert caught.value.message_dict == {
        "supervisor": ["Choose a workplace supervisor of Installatiebedrijf Jansen."]
    }


@pytest.mark.django_db
def test_change_terms_refuses_a_schedule_against_the_minors_rules(world, pending) -> None:  # type: ignore[no-untyped-def]
    evening = [{"weekday": 2, "start": "15:00", "end": "20:00", "break_minutes": 0}]

    with pytest.raises(ValidationError) as caught:
        _change(world, pending, schedule=evening)

    assert caught.value.error_list[0].code == "worktime"
    assert "(source: Rijksoverheid, 'Mogen kinderen van 14 en 15 jaar" in " ".join(
        caught.value.messages
    )
    pending.refresh_from_db()
    assert pending.ends_on == LAST  # nothing was changed
    assert AgreementVersion.objects.count() == 1


@pytest.mark.django_db
def test_attach_signed_pdf_stores_the_pdf_and_its_hash(world, pending) -> None:  # type: ignore[no-untyped-def]
    version = sign_all(AgreementVersion.objects.get())

    data = signed_pdf_bytes(version)

    assert data.startswith(b"%PDF-")
    assert version.signed_sha256 == hashlib.sha256(data).hexdigest()
    assert AuditEvent.objects.filter(action="agreements.version.signed_pdf_stored").count() == 1


@pytest.mark.django_db
def test_build_signed_pdf_is_idempotent(world, pending) -> None:  # type: ignore[no-untyped-def]
    version = sign_all(AgreementVersion.objects.get())
    name, sha = version.signed_pdf.name, version.signed_sha256

    again = build_signed_pdf.call(version.pk)

    version.refresh_from_db()
    assert (again, version.signed_pdf.name, version.signed_sha256) == (sha, name, sha)
    assert AuditEvent.objects.filter(action="agreements.version.signed_pdf_stored").count() == 1


@pytest.mark.django_db
def test_attach_signed_pdf_refuses_a_version_that_is_not_signed(world, pending) -> None:  # type: ignore[no-untyped-def]
    version = AgreementVersion.objects.get()

    with pytest.raises(ValidationError) as caught:
        attach_signed_pdf(version)

    assert caught.value.code == "not_signed"
    version.refresh_from_db()
    assert (version.signed_pdf.name, version.signed_sha256) == ("", "")
