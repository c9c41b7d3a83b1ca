"""Verifying a signed agreement PDF: the command line and the upload page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from sen.agreements.services.documents import signed_pdf_bytes
from sen.agreements.services.verification import MAX_BYTES, verify_bytes
from sen.audit.models import AuditEvent
from sen.placements.models import PlacementStatus
from tests.factories.agreements import agreement_version_for
from tests.factories.placements import placement_for


@pytest.fixture(autouse=True)
def _no_mfa(settings):  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def signed(world):  # type: ignore[no-untyped-def]
    placement = placement_for(
        world,
        "a",
        status=PlacementStatus.PROPOSED,
        starts_on=dt.date(2026, 9, 7),
        ends_on=dt.date(2026, 11, 27),
    )
    return agreement_version_for(placement, signed=True)


def _changed(data: bytes) -> bytes:
    """The same file with one byte changed (inside the content, not the header)."""
    index = len(data) // 2
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


@pytest.mark.django_db
def test_verify_agreement_accepts_the_stored_signed_pdf(signed, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "overeenkomst.pdf"
    path.write_bytes(signed_pdf_bytes(signed))

    call_command("verify_agreement", str(path))

    out = capsys.readouterr().out
    assert f"VERIFIED: {path} is an unaltered signed agreement from SEN." in out
    assert f"SHA-256:    {signed.signed_sha256}" in out
    assert f"Agreement:  {signed.agreement_id}, version 1 (in force)" in out
    assert "Anna Achterberg at Installatiebedrijf Jansen (Ludger College)" in out
    assert "Signed by:  Paula Achterberg (ouder/verzorger)" in out
    assert "Signed by:  Karin Jansen (bedrijf)" in out


@pytest.mark.django_db
def test_verify_agreement_rejects_a_copy_with_one_byte_changed(
    signed, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "veranderd.pdf"
    path.write_bytes(_changed(signed_pdf_bytes(signed)))

    with pytest.raises(SystemExit) as exited:
        call_command("verify_agreement", str(path))

    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert f"NOT VERIFIED: {path}: no signed agreement in SEN has this exact content" in err


@pytest.mark.django_db
def test_verify_agreement_rejects_the_unsigned_document_pdf(signed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sen.agreements.services.documents import document_pdf_bytes

    assert verify_bytes(document_pdf_bytes(signed)).ok is False


@pytest.mark.django_db
def test_verify_agreement_rejects_a_file_that_is_no_pdf(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "brief.txt"
    path.write_text("Hallo")

    with pytest.raises(SystemExit) as exited:
        call_command("verify_agreement", str(path))

    assert exited.value.code == 1
    assert "it is not a PDF" in capsys.readouterr().err


def _upload(data: bytes, name: str = "overeenkomst.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.django_db
def test_verify_page_confirms_an_unchanged_signed_pdf(world, signed, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("contact_b"))  # staff of another company may check a copy

    response = client.post(
        reverse("agreements:verify"), {"file": _upload(signed_pdf_bytes(signed))}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="verify-ok"' in html
    assert "Anna Achterberg at Installatiebedrijf Jansen" in html
    assert signed.signed_sha256 in html
    event = AuditEvent.objects.get(action="agreements.verification.succeeded")
    assert event.changes["sha256"] == signed.signed_sha256


@pytest.mark.django_db
def test_verify_page_refuses_a_changed_pdf_and_logs_it(world, signed, login_as, caplog) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("coordinator_a"))
    before = signed.updated_at

    response = client.post(
        reverse("agreements:verify"), {"file": _upload(_changed(signed_pdf_bytes(signed)))}
    )

    html = response.content.decode()
    assert 'data-testid="verify-bad"' in html
    assert "This file is not an unchanged signed agreement from SEN." in html
    assert "Anna" not in html
    assert AuditEvent.objects.filter(action="agreements.verification.failed").count() == 1
    assert "agreements.verification.failed" in caplog.text
    signed.refresh_from_db()
    assert signed.updated_at == before  # nothing changed


@pytest.mark.django_db
def test_verify_page_refuses_a_file_that_is_no_pdf(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("teacher_a"))

    response = client.post(reverse("agreements:verify"), {"file": _upload(b"GIF89a...", "x.pdf")})

    assert "This is not a PDF file. Upload the PDF of the signed agreement." in (
        response.content.decode()
    )
    assert not AuditEvent.objects.filter(action__startswith="agreements.verification").exists()


@pytest.mark.django_db
def test_verify_page_refuses_a_file_over_twenty_megabytes(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("region_coordinator"))

    response = client.post(
        reverse("agreements:verify"), {"file": _upload(b"%PDF-" + b"0" * MAX_BYTES)}
    )

    assert "The file is larger than 20 MB" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["student_a", "parent_a", "supervisor_a"])
def test_verify_page_is_not_for_students_parents_or_supervisors(world, login_as, name: str) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor(name))

    assert client.get(reverse("agreements:verify")).status_code == 404
