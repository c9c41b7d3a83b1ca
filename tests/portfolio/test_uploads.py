"""Evidence files are checked by their content: a file that lies about its type is refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from sen.portfolio.uploads import MAX_FILE_BYTES, check_file
from tests.factories.portfolio import PDF, docm_named_docx, jpeg, odt, office_file


def _codes(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [e.code or "" for e in error.value.error_dict["file"]]


@pytest.mark.parametrize(
    ("name", "data", "file_type"),
    [
        ("verslag.pdf", PDF, "pdf"),
        ("verslag.docx", office_file("docx"), "docx"),
        ("uren.XLSX", office_file("xlsx"), "xlsx"),
        ("presentatie.pptx", office_file("pptx"), "pptx"),
        ("verslag.odt", odt(), "odt"),
        ("notities.txt", "Ik heb een muur gemetseld — héél recht.".encode(), "txt"),
        ("bom.txt", "\ufeffMet BOM".encode(), "txt"),
    ],
)
def test_check_file_accepts_real_files(name: str, data: bytes, file_type: str) -> None:
    checked = check_file(io.BytesIO(data), name, len(data))

    assert (checked.file_type, checked.data) == (file_type, data)


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("virus.exe", b"MZ\x90\x00", "extension"),
        ("verslag.html", b"<script>", "extension"),
        ("foto.jpg", jpeg(), "extension"),
        ("nep.pdf", b"<html><script>alert(1)</script>", "content_mismatch"),
        ("nep.pdf", jpeg(), "content_mismatch"),
        ("nep.docx", PDF, "content_mismatch"),
        ("nep.docx", office_file("xlsx"), "content_mismatch"),
        ("macro.docx", docm_named_docx(), "content_mismatch"),
        ("nep.odt", office_file("docx"), "content_mismatch"),
        ("nep.txt", b"\xff\xfe\x00b\x00i\x00n", "not_utf8"),
        ("nep.txt", b"tekst\x00met nul", "content_mismatch"),
        ("leeg.pdf", b"", "empty"),
    ],
)
def test_check_file_refuses_a_file_that_lies_about_its_type(
    name: str, data: bytes, code: str
) -> None:
    with pytest.raises(ValidationError) as error:
        check_file(io.BytesIO(data), name, len(data))

    assert _codes(error) == [code]


def test_check_file_refuses_more_than_ten_megabytes() -> None:
    data = PDF + b"0" * MAX_FILE_BYTES

    with pytest.raises(ValidationError) as error:
        check_file(io.BytesIO(data), "groot.pdf", None)

    assert error.value.message_dict == {
        "file": ["The file is larger than 10 MB. Make it smaller or split it."]
    }


def test_check_file_refuses_a_zip_that_expands_too_far() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"x")
        archive.writestr("bom.bin", b"\x00" * (201 * 1024 * 1024))
    data = buffer.getvalue()

    with pytest.raises(ValidationError) as error:
        check_file(io.BytesIO(data), "bom.docx", len(data))

    assert _codes(error) == ["archive_bomb"]


def test_check_file_says_what_is_wrong_in_words() -> None:
    with pytest.raises(ValidationError) as error:
        check_file(io.BytesIO(b"not a pdf"), "verslag.pdf", 9)

    assert error.value.message_dict == {
        "file": [
            "This file is not a real PDF file, or it is damaged. Save it again from the "
            "program that made it."
        ]
    }
