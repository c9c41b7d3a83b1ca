"""Agreement PDFs: real, readable A4 PDFs with page numbers, embedded fonts, a signature
page, no network access, the same bytes for the same version, and PNGs a person can check.

The PNGs of the first page and of the signature page are kept in test-artifacts/pdf/.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from sen.agreements import pdf
from sen.agreements.models import AgreementVersion
from sen.agreements.services.documents import _pdf_input, document_pdf_bytes, signed_pdf_bytes
from sen.placements.models import PlacementStatus
from tests.factories.agreements import agreement_version_for
from tests.factories.placements import placement_for

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf"
PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
A4 = (595.28, 841.89)  # points


@pytest.fixture
def version(world) -> AgreementVersion:  # type: ignore[no-untyped-def]
    placement = placement_for(
        world,
        "a",
        status=PlacementStatus.PROPOSED,
        starts_on=dt.date(2026, 9, 7),
        ends_on=dt.date(2026, 11, 27),
        hazards=["machines"],
    )
    return agreement_version_for(placement)


def _text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.django_db
def test_document_pdf_is_an_a4_pdf_with_the_student_and_page_numbers(version) -> None:  # type: ignore[no-untyped-def]
    data = document_pdf_bytes(version)

    reader = PdfReader(io.BytesIO(data))
    pages = _text(data)
    assert data.startswith(b"%PDF-")
    assert len(pages) >= 3
    assert "Anna Achterberg" in pages[0]
    assert f"pagina 1 van {len(pages)}" in pages[0]
    assert f"pagina {len(pages)} van {len(pages)}" in pages[-1]
    assert "Ludger College" in pages[0]
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A4
    assert reader.metadata is not None
    assert reader.metadata.title == "Praktijkovereenkomst Anna Achterberg, versie 1"
    assert reader.metadata.author == "Ludger College"


def _embedded(font: Any) -> bool:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font["/FontDescriptor"].get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.django_db
def test_document_pdf_embeds_dejavu_and_declares_pdf_a(version) -> None:  # type: ignore[no-untyped-def]
    data = document_pdf_bytes(version)

    reader = PdfReader(io.BytesIO(data))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVu" in name for name in fonts)
    assert all(
        _embedded(font.get_object())
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    )
    assert b"pdfaid:part" in data or b"pdfaid:part" in reader.xmp_metadata.stream.get_data()  # type: ignore[union-attr]


@pytest.mark.django_db
def test_document_pdf_is_rendered_once_and_kept(version) -> None:  # type: ignore[no-untyped-def]
    first = document_pdf_bytes(version)

    stored = AgreementVersion.objects.get(pk=version.pk)
    name = stored.document_pdf.name
    assert name.startswith(f"agreements/documents/agreement-{version.agreement_id}-v1")
    assert name.endswith(".pdf")
    assert document_pdf_bytes(stored) == first


@pytest.mark.django_db
def test_rendering_the_same_version_twice_gives_the_same_bytes(version) -> None:  # type: ignore[no-untyped-def]
    assert pdf.render_pdf(_pdf_input(version)) == pdf.render_pdf(_pdf_input(version))


@pytest.mark.django_db
def test_signed_pdf_has_a_signature_page_with_every_signatures_evidence(world, version) -> None:  # type: ignore[no-untyped-def]
    from tests.factories.agreements import sign_all

    signed = sign_all(version)

    pages = _text(signed_pdf_bytes(signed))
    last = " ".join(pages[-2:]).replace("\n", " ")
    assert "Ondertekeningspagina" in " ".join(pages)
    for expected in (
        "Anna Achterberg",
        "Paula Achterberg",
        "Carla Claassen",
        "Karin Jansen",
        "ingelogd met wachtwoord en tweestapsverificatie",
        "link per e-mail en eenmalige code naar hetzelfde adres",
        "192.0.2.10",
        "Mozilla/5.0 (test)",
        "UTC",
    ):
        assert expected in last, expected
    assert version.document_sha256 in last.replace(" ", "")


def test_the_url_fetcher_refuses_every_url_but_data(caplog) -> None:  # type: ignore[no-untyped-def]
    fetcher = pdf._url_fetcher()

    for url in ("https://example.com/logo.png", "http://127.0.0.1/x", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,hoi").read() == b"hoi"


def test_a_document_with_a_remote_image_renders_without_fetching_it(caplog) -> None:  # type: ignore[no-untyped-def]
    doc = pdf.PdfDocument(
        document_html='<article><p>Tekst</p><img src="http://127.0.0.1:9/x.png" alt=""></article>',
        lang="nl",
        title="Test",
        author="SEN",
        school_name="School",
        school_address="Straat 1",
        version=1,
        document_sha256="0" * 64,
        created=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )

    with caplog.at_level(logging.WARNING, logger="sen.agreements.pdf"):
        data = pdf.render_pdf(doc)

    assert data.startswith(b"%PDF-")
    assert "agreements.pdf.url_refused" in caplog.text


def _png(pdf_path: Path, name: str, page: int) -> Path:
    if not Path(PDFTOPPM).exists():
        pytest.skip("pdftoppm is not installed (Debian package poppler-utils): no PNG to check")
    prefix = ARTIFACTS / name
    subprocess.run(  # noqa: S603 - a fixed program and arguments, no shell
        [
            PDFTOPPM,
            "-png",
            "-r",
            "60",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf_path),
            str(prefix),
        ],
        check=True,
        timeout=60,
    )
    return prefix.with_suffix(".png")


def _assert_not_blank(png: Path) -> None:
    assert png.exists() and png.stat().st_size > 1000
    with Image.open(png) as image:
        grey = image.convert("L")
        dark = sum(grey.histogram()[:128])
        assert grey.size[0] > 400 and grey.size[1] > 600  # A4 at 60 dpi: 496 x 702
        assert dark > 2000  # text, not an empty page


@pytest.mark.django_db
def test_pdf_pages_render_to_png_for_a_person_to_check(version) -> None:  # type: ignore[no-untyped-def]
    from tests.factories.agreements import sign_all

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    document = ARTIFACTS / "agreement-document.pdf"
    document.write_bytes(document_pdf_bytes(version))
    signed = sign_all(version)
    signed_path = ARTIFACTS / "agreement-signed.pdf"
    data = signed_pdf_bytes(signed)
    signed_path.write_bytes(data)
    last_page = len(PdfReader(io.BytesIO(data)).pages)
    signature_page = next(
        index + 1 for index, text in enumerate(_text(data)) if "Ondertekeningspagina" in text
    )

    first = _png(document, "agreement-document-page1", 1)
    evidence = _png(signed_path, "agreement-signed-signature-page", signature_page)

    _assert_not_blank(first)
    _assert_not_blank(evidence)
    assert signature_page <= last_page
