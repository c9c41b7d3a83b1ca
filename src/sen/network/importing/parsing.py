"""Reading a student CSV: bytes in, clean rows and findings out. No database here.

Findings are plain dicts (`{"row": 14, "column": "Geboortedatum", "code":
"invalid_date", "value": "31-02-2011"}`) so that a job can store them as JSON;
`sen.network.importing.messages` turns them into translated sentences when
they are shown, in the reader's language.

Row numbers are those a spreadsheet shows: the header is row 1, the first
student row 2.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from sen.network.importing.columns import BY_FIELD, COLUMNS, field_for, normalise_header

MAX_BYTES = 5 * 1024 * 1024
SEPARATORS = (";", ",", "\t")
Finding = dict[str, object]

# Field lengths of sen.network.models.Student.
MAX_LENGTHS = {"student_number": 20, "first_name": 100, "last_name": 150, "class_name": 20}


class FileProblem(Exception):
    """The file as a whole cannot be read; `finding` says why."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.finding: Finding = {"row": None, "column": None, "code": code, **params}


@dataclass(frozen=True)
class Row:
    number: int
    student_number: str
    first_name: str
    last_name: str
    date_of_birth: date
    class_name: str
    track: str
    profile_id: int | None
    year: int
    guardian_emails: tuple[str, ...]


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header in the file
    ignored_columns: list[str] = field(default_factory=list)
    separator: str = ";"
    encoding: str = "utf-8"
    row_count: int = 0


# --- Bytes to text ----------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text of the file and the encoding it was in (UTF-8 with or without BOM,
    UTF-16 with BOM, or Windows-1252); FileProblem when it is not text."""
    if not data.strip():
        raise FileProblem("empty")
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileProblem("spreadsheet")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise FileProblem("not_text") from exc
    if b"\x00" in data:
        raise FileProblem("not_text")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise FileProblem("not_text") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FileProblem("not_text") from exc
    if any(ord(ch) < 32 and ch not in "\r\n\t" for ch in text):
        raise FileProblem("not_text")
    return text, "windows-1252"


def detect_separator(text: str) -> str:
    """The separator of the header line: the one under which most header cells are
    known column names, then the one giving the most cells, then ; before , before tab."""
    sample = text[: 64 * 1024]
    best, best_score = SEPARATORS[0], (-1, -1)
    for sep in SEPARATORS:
        try:
            header = next(csv.reader(io.StringIO(sample, newline=""), delimiter=sep), [])
        except csv.Error:
            continue
        score = (sum(1 for cell in header if field_for(cell)), len(header))
        if score > best_score:
            best, best_score = sep, score
    return best


# --- One value --------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]0{1,2}:00(?::00)?)?$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]0{1,2}:00(?::00)?)?$")


def parse_date(text: str) -> date | None:
    """A date written dd-mm-yyyy, d-m-yyyy (also with / or .) or yyyy-mm-dd; None otherwise."""
    value = text.strip()
    if match := _DMY.match(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := _YMD.match(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


_TRACKS = {
    "bb": "BB",
    "b": "BB",
    "basis": "BB",
    "basisberoepsgericht": "BB",
    "basisberoepsgerichteleerweg": "BB",
    "kb": "KB",
    "k": "KB",
    "kader": "KB",
    "kaderberoepsgericht": "KB",
    "kaderberoepsgerichteleerweg": "KB",
    "gl": "GL",
    "g": "GL",
    "gemengd": "GL",
    "gemengdeleerweg": "GL",
    "tl": "TL",
    "t": "TL",
    "theoretisch": "TL",
    "theoretischeleerweg": "TL",
    "mavo": "TL",
}


def parse_track(text: str) -> str | None:
    key = normalise_header(text)
    if key.startswith("vmbo"):
        key = key[4:]
    return _TRACKS.get(key)


def parse_year(text: str) -> int | None:
    """The leerjaar as a number ("3", "leerjaar 3", "3e"), or None when it has no number."""
    digits = re.fullmatch(r"\D*?(\d{1,3})\D*", text.strip())
    return int(digits.group(1)) if digits else None


def profile_key(text: str) -> str:
    """How profile codes and names are compared: "Z&W", "zw" and "Z & W" are one."""
    return normalise_header(text.replace("&", ""))


def parse_email(text: str) -> str | None:
    value = text.strip().lower()
    if len(value) > 254:  # Guardianship.email, and RFC 5321's limit on a path
        return None
    try:
        validate_email(value)
    except ValidationError:
        return None
    return value


# --- The whole file ---------------------------------------------------------------------


def _map_header(header: list[str], parsed: Parsed) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = field_for(cell)
        if name is None or name in positions:
            if cell.strip():
                parsed.ignored_columns.append(cell.strip())
            continue
        positions[name] = index
        parsed.columns[name] = cell.strip().lstrip("\ufeff")
    for column in COLUMNS:
        if column.required and column.field not in positions:
            parsed.errors.append(
                {"row": None, "column": None, "code": "missing_column", "field": column.field}
            )
    return positions


def parse(
    data: bytes,
    *,
    profiles: Mapping[str, int],
    today: date,
    on_row: Callable[[int], None] | None = None,
) -> Parsed:
    """Read and check every row. `profiles` maps `profile_key` of codes and names to ids;
    `on_row(n)` is told after each row (for progress). File problems raise FileProblem."""
    if len(data) > MAX_BYTES:
        raise FileProblem("too_large", limit_mb=MAX_BYTES // (1024 * 1024))
    text, encoding = decode(data)
    parsed = Parsed(separator=detect_separator(text), encoding=encoding)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=parsed.separator))
    except csv.Error as exc:
        raise FileProblem("not_csv") from exc
    if not records:
        raise FileProblem("empty")
    positions = _map_header(records[0], parsed)
    if parsed.errors:
        raise FileProblem("missing_columns", errors=parsed.errors)
    width = len(records[0])
    body = [
        (number, cells)
        for number, cells in enumerate(records[1:], start=2)
        if any(cell.strip() for cell in cells)
    ]
    parsed.row_count = len(body)
    if not body:
        raise FileProblem("no_rows")
    first_seen: dict[str, int] = {}
    for number, cells in body:
        row = _parse_row(number, cells, width, positions, parsed, profiles, today, first_seen)
        if row is not None:
            parsed.rows.append(row)
        if on_row is not None:
            on_row(1)
    return parsed


def _finding(
    number: int, parsed: Parsed, name: str, code: str, value: str, **extra: object
) -> Finding:
    return {
        "row": number,
        "column": parsed.columns.get(name, str(BY_FIELD[name].label)),
        "field": name,
        "code": code,
        "value": value[:80],
        **extra,
    }


def _parse_row(
    number: int,
    cells: list[str],
    width: int,
    positions: Mapping[str, int],
    parsed: Parsed,
    profiles: Mapping[str, int],
    today: date,
    first_seen: dict[str, int],
) -> Row | None:
    """One student row, or None when it has findings (added to `parsed.errors`)."""
    errors_before = len(parsed.errors)
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        parsed.errors.append(
            {
                "row": number,
                "column": None,
                "code": "extra_cells",
                "count": len(cells),
                "width": width,
            }
        )
        return None

    def value(name: str) -> str:
        index = positions.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def report(name: str, code: str, raw: str, **extra: object) -> None:
        parsed.errors.append(_finding(number, parsed, name, code, raw, **extra))

    texts: dict[str, str] = {}
    for name in ("student_number", "first_name", "last_name", "class_name"):
        raw = " ".join(value(name).split())
        if not raw:
            report(name, "required", raw)
        texts[name] = raw
    number_text = texts["student_number"]
    if number_text and number_text in first_seen:
        report("student_number", "duplicate_number", number_text, other_row=first_seen[number_text])
    elif number_text:
        first_seen[number_text] = number
    prefix = " ".join(value("prefix").split())
    last_name = (
        f"{prefix} {texts['last_name']}" if prefix and texts["last_name"] else texts["last_name"]
    )
    texts["last_name"] = last_name
    for name, limit in MAX_LENGTHS.items():
        if len(texts[name]) > limit:
            report(name, "too_long", texts[name], limit=limit)

    raw_date = value("date_of_birth")
    born = parse_date(raw_date)
    if not raw_date:
        report("date_of_birth", "required", raw_date)
    elif born is None:
        report("date_of_birth", "invalid_date", raw_date)
    elif born >= today or born.year < 1900:
        report("date_of_birth", "implausible_date", raw_date)

    raw_track = value("track")
    track = parse_track(raw_track)
    if not raw_track:
        report("track", "required", raw_track)
    elif track is None:
        report("track", "invalid_track", raw_track)

    raw_profile = value("profile")
    profile_id = profiles.get(profile_key(raw_profile)) if raw_profile else None
    if raw_profile and profile_id is None:
        report("profile", "unknown_profile", raw_profile)

    raw_year = value("year")
    year = parse_year(raw_year)
    if not raw_year:
        report("year", "required", raw_year)
    elif year is None or not 1 <= year <= 4:
        report("year", "year_range", raw_year)

    emails: list[str] = []
    for name in ("guardian1_email", "guardian2_email"):
        raw_email = value(name)
        if not raw_email:
            continue
        email = parse_email(raw_email)
        if email is None:
            report(name, "invalid_email", raw_email)
        elif email not in emails:
            emails.append(email)

    if len(parsed.errors) > errors_before:
        return None
    assert born is not None and track is not None and year is not None  # noqa: S101 - checked above
    return Row(
        number=number,
        student_number=texts["student_number"],
        first_name=texts["first_name"],
        last_name=texts["last_name"],
        date_of_birth=born,
        class_name=texts["class_name"],
        track=track,
        profile_id=profile_id,
        year=year,
        guardian_emails=tuple(emails),
    )
