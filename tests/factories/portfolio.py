"""Factories for the portfolio: evidence rows, and small but real files of every allowed type.

`office_file("docx")` is a ZIP with the `[Content_Types].xml` Word writes; `odt()` has
the uncompressed `mimetype` entry first; `docm_named_docx()` is a macro-enabled
document saved as .docx (its content says so, so it must be refused).
"""

from __future__ import annotations

import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory
from PIL import Image

from sen.portfolio.models import Evidence, EvidenceKind
from sen.portfolio.uploads import ODT_MIMETYPE, OOXML_MAIN

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class EvidenceFactory(DjangoModelFactory):
    class Meta:
        model = Evidence

    kind = EvidenceKind.REFLECTION
    title = factory.Sequence(lambda n: f"Reflectie {n}")
    text = "Vandaag heb ik geleerd hoe je een muur uitzet."
    include_in_export = True


def jpeg(size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (200, 80, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def _zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and n == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


def _content_types(main: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/main.xml" ContentType="{main}"/>'
        "</Types>"
    ).encode()


def office_file(kind: str) -> bytes:
    return _zip([("[Content_Types].xml", _content_types(OOXML_MAIN[kind])), ("main.xml", b"<x/>")])


def docm_named_docx() -> bytes:
    return _zip(
        [
            (
                "[Content_Types].xml",
                _content_types("application/vnd.ms-word.document.macroEnabled.main+xml"),
            ),
            ("word/vbaProject.bin", b"\x00macro"),
        ]
    )


def odt() -> bytes:
    return _zip([("mimetype", ODT_MIMETYPE), ("content.xml", b"<x/>")], stored_first=True)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/octet-stream")
