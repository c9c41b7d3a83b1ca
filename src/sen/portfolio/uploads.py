"""Check an uploaded evidence file by its content (SECURITY-CHECKLIST, File upload V5).

Allowed, per kind of evidence (ASVS 5.1.1, documented here and in the README):

- photo (.jpg .jpeg .png .webp, at most 5 MB): an image Pillow recognises as that
  format; re-encoded without metadata by `sen.core.images.clean_image`;
- file, at most 10 MB:
  - .pdf: starts with `%PDF-`;
  - .docx .xlsx .pptx: a ZIP whose `[Content_Types].xml` names the main part of that
    format (a macro-enabled file names another main part and is refused);
  - .odt: a ZIP whose first entry `mimetype` is `application/vnd.oasis.opendocument.text`;
  - .txt: UTF-8 text without NUL bytes;
- reflection: text only, at most 5,000 characters.

ZIP-based files are also refused when they hold more than 2,000 entries or would
expand beyond 200 MB (archive bombs, ASVS 5.2.3); only the small part that names the
format is ever read. The extension decides what the content must be, so a file that
lies about its type is refused. Files are stored under a server-generated name and
served only through an authorised view, as an attachment (`sen.portfolio.views`).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_EXPANDED = 200 * 1024 * 1024
MAX_MANIFEST_BYTES = 1024 * 1024

EXTENSIONS: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".pptx": "pptx",
    ".odt": "odt",
    ".txt": "txt",
}
CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain; charset=utf-8",
    "jpg": "image/jpeg",
    "png": "image/png",
}
# The main part each Office Open XML format declares in [Content_Types].xml (ECMA-376 part 2).
OOXML_MAIN: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
NAMES: dict[str, str | Promise] = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "pptx": "PowerPoint (.pptx)",
    "odt": "OpenDocument (.odt)",
    "txt": gettext_lazy("text (.txt)"),
}


@dataclass(frozen=True)
class CheckedFile:
    file_type: str  # a key of CONTENT_TYPES
    data: bytes


def refuse(message: str, code: str) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code)})


def _lies(file_type: str) -> ValidationError:
    return refuse(
        _(
            "This file is not a real %(type)s file, or it is damaged. Save it again from the "
            "program that made it."
        )
        % {"type": NAMES[file_type]},
        "content_mismatch",
    )


def _zip_part(data: bytes, file_type: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _lies(file_type) from exc
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_ZIP_EXPANDED:
        raise refuse(
            _("This file unpacks to far more than its size. Upload another file."), "archive_bomb"
        )
    return archive


def _read_small(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        return None
    try:
        with archive.open(info) as handle:
            return handle.read(limit + 1)[:limit]
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return None


def _check_ooxml(data: bytes, file_type: str) -> None:
    archive = _zip_part(data, file_type)
    manifest = _read_small(archive, "[Content_Types].xml", MAX_MANIFEST_BYTES)
    if manifest is None:
        raise _lies(file_type)
    declared = set(re.findall(rb'ContentType="([^"]+)"', manifest))
    if OOXML_MAIN[file_type].encode() not in declared:
        raise _lies(file_type)


def _check_odt(data: bytes) -> None:
    archive = _zip_part(data, "odt")
    entries = archive.infolist()
    # OpenDocument 1.2 part 3, 3.3: "mimetype" is the first entry, stored uncompressed.
    if not entries or entries[0].filename != "mimetype":
        raise _lies("odt")
    if _read_small(archive, "mimetype", 200) != ODT_MIMETYPE:
        raise _lies("odt")


def _check_text(data: bytes) -> None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(
            _("This text file is not UTF-8. Save it as UTF-8 text and upload it again."),
            "not_utf8",
        ) from exc
    if "\x00" in text:
        raise _lies("txt")


def check_file(upload: IO[bytes], filename: str, size: int | None = None) -> CheckedFile:
    """The upload's type and bytes when its content matches its extension; else ValidationError."""
    file_type = EXTENSIONS.get(PurePath(filename).suffix.lower())
    if file_type is None:
        raise refuse(
            _("Upload a PDF, Word, Excel, PowerPoint, OpenDocument text or .txt file."),
            "extension",
        )
    too_large = refuse(
        _("The file is larger than 10 MB. Make it smaller or split it."), "too_large"
    )
    if size is not None and size > MAX_FILE_BYTES:
        raise too_large
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise too_large
    if not data:
        raise refuse(_("The file is empty."), "empty")
    if file_type == "pdf":
        if not data.startswith(b"%PDF-"):
            raise _lies(file_type)
    elif file_type in OOXML_MAIN:
        _check_ooxml(data, file_type)
    elif file_type == "odt":
        _check_odt(data)
    else:
        _check_text(data)
    return CheckedFile(file_type=file_type, data=data)
