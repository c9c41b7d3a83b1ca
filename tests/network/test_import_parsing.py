"""Reading student CSV files: encodings, separators, dates, header names and row checks."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from sen.network.importing import parsing
from sen.network.importing.columns import COLUMNS, field_for
from sen.network.importing.messages import describe
from tests.factories.imports import HEADER_NL, student_csv, student_row, valid_csv

TODAY = dt.date(2026, 11, 23)
PROFILES = {parsing.profile_key("PIE"): 1, parsing.profile_key("Zorg en welzijn"): 2}
PROFILES[parsing.profile_key("Z&W")] = 2


def _parse(data: bytes) -> parsing.Parsed:
    return parsing.parse(data, profiles=PROFILES, today=TODAY)


def _problems(data: bytes) -> list[str]:
    with translation.override("en"):
        return [describe(finding) for finding in _parse(data).errors]


# --- Dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17-05-2011", dt.date(2011, 5, 17)),
        ("7-5-2011", dt.date(2011, 5, 7)),
        ("2011-05-17", dt.date(2011, 5, 17)),
        ("17/05/2011", dt.date(2011, 5, 17)),
        ("17.05.2011", dt.date(2011, 5, 17)),
        (" 01-02-2011 ", dt.date(2011, 2, 1)),  # day first, as in the Netherlands
        ("2011-05-17 00:00:00", dt.date(2011, 5, 17)),
        ("29-02-2012", dt.date(2012, 2, 29)),
        ("31-02-2011", None),
        ("29-02-2011", None),
        ("2011-13-01", None),
        ("17-05-11", None),
        ("17 mei 2011", None),
        ("", None),
    ],
)
def test_parse_date_reads_dutch_and_iso_dates(text: str, expected: dt.date | None) -> None:
    assert parsing.parse_date(text) == expected


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_parse_date_reads_every_date_in_every_format(day: dt.date) -> None:
    written = {
        f"{day.day:02d}-{day.month:02d}-{day.year}",
        f"{day.day}-{day.month}-{day.year}",
        day.isoformat(),
    }
    assert {parsing.parse_date(text) for text in written} == {day}


@given(st.text(max_size=30))
def test_parse_date_never_crashes_and_returns_a_date_or_none(text: str) -> None:
    result = parsing.parse_date(text)
    assert result is None or isinstance(result, dt.date)


# --- Separators ----------------------------------------------------------------------------

_ALIASES = [alias for column in COLUMNS for alias in column.examples]
_cells = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from(';,"\t'),
    max_size=12,
)


@settings(max_examples=200)
@given(
    sep=st.sampled_from(parsing.SEPARATORS),
    header=st.lists(st.sampled_from(_ALIASES), min_size=2, max_size=8, unique=True),
    data=st.data(),
)
def test_detect_separator_finds_the_one_the_file_was_written_with(
    sep: str, header: list[str], data: st.DataObject
) -> None:
    rows = data.draw(
        st.lists(st.lists(_cells, min_size=len(header), max_size=len(header)), max_size=5)
    )
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)

    assert parsing.detect_separator(out.getvalue()) == sep


@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_detect_separator_with_unknown_headers_takes_the_most_cells(sep: str) -> None:
    text = sep.join(["a", "b", "c"]) + "\r\n1,5;2\r\n"

    assert parsing.detect_separator(text) == sep


# --- Encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [
        ("utf-8", False, "utf-8"),
        ("utf-8", True, "utf-8-sig"),
        ("cp1252", False, "windows-1252"),
        ("utf-16", False, "utf-16"),  # Python writes a BOM for utf-16
    ],
)
def test_parse_reads_each_encoding(encoding: str, bom: bool, expected: str) -> None:
    data = student_csv(
        [student_row(1, Roepnaam="Zoë", Achternaam="Çelik")], encoding=encoding, bom=bom
    )

    parsed = _parse(data)

    assert parsed.encoding == expected
    assert [(r.first_name, r.last_name) for r in parsed.rows] == [("Zoë", "Çelik")]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"  \r\n", "empty"),
        (b"PK\x03\x04rest-of-a-zip", "spreadsheet"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_text"),
        (b"\x81\x8d\x8f\x90\x9d", "not_text"),
    ],
)
def test_decode_refuses_what_is_not_text(data: bytes, code: str) -> None:
    with pytest.raises(parsing.FileProblem) as raised:
        parsing.decode(data)
    assert raised.value.finding["code"] == code


def test_parse_refuses_a_file_over_the_limit() -> None:
    with pytest.raises(parsing.FileProblem) as raised:
        _parse(b"a" * (parsing.MAX_BYTES + 1))
    assert raised.value.finding == {"row": None, "column": None, "code": "too_large", "limit_mb": 5}


# --- Header names ---------------------------------------------------------------------------


def test_every_example_header_name_is_understood() -> None:
    wrong = [(c.field, e) for c in COLUMNS for e in c.examples if field_for(e) != c.field]
    assert wrong == []


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Leerlingnummer", "student_number"),
        ("Stamnr.", "student_number"),
        ("Student number", "student_number"),
        ("ROEPNAAM", "first_name"),
        ("Tussenvoegsel", "prefix"),
        ("Achternaam", "last_name"),
        ("Geboortedatum", "date_of_birth"),
        ("Date of birth", "date_of_birth"),
        ("Klas", "class_name"),
        ("Leerweg", "track"),
        ("Profiel", "profile"),
        ("Leerjaar", "year"),
        ("E-mail ouder 1", "guardian1_email"),
        ("E-mailadres ouder/verzorger 2", "guardian2_email"),
        ("Email parent 1", "guardian1_email"),
        ("\ufeffLeerlingnummer", "student_number"),
        ("Mentor", None),
    ],
)
def test_field_for_accepts_dutch_english_and_variants(header: str, field: str | None) -> None:
    assert field_for(header) == field


def test_parse_reads_an_english_comma_file_in_another_column_order() -> None:
    data = (
        b"Class,Student number,First name,Last name,Date of birth,Track,Year,Profile,Mentor\r\n"
        b"4A,123,Ada,de Wit,2010-01-31,vmbo-kb,4,Z&W,Mr X\r\n"
    )

    parsed = _parse(data)

    assert parsed.errors == []
    assert parsed.separator == ","
    assert parsed.ignored_columns == ["Mentor"]
    assert parsed.rows == [
        parsing.Row(
            number=2,
            student_number="123",
            first_name="Ada",
            last_name="de Wit",
            date_of_birth=dt.date(2010, 1, 31),
            class_name="4A",
            track="KB",
            profile_id=2,
            year=4,
            guardian_emails=(),
        )
    ]


def test_parse_joins_tussenvoegsel_and_lowercases_emails() -> None:
    data = student_csv(
        [
            student_row(
                0,
                Tussenvoegsel="van der",
                Achternaam="Berg",
                **{"E-mail ouder 1": "Ouder@Example.TEST", "E-mail ouder 2": "ouder@example.test"},
            )
        ]
    )

    (row,) = _parse(data).rows

    assert (row.last_name, row.guardian_emails) == ("van der Berg", ("ouder@example.test",))


def test_parse_reports_each_missing_required_column() -> None:
    data = b"Leerlingnummer;Roepnaam;Achternaam;Klas;Leerweg\r\n1;A;B;3A;KB\r\n"

    with pytest.raises(parsing.FileProblem) as raised:
        _parse(data)

    missing = [f["field"] for f in raised.value.finding["errors"]]  # type: ignore[union-attr]
    assert missing == ["date_of_birth", "year"]


def test_parse_skips_empty_lines_and_counts_rows() -> None:
    data = valid_csv(2) + b";;;;;;;;;;\r\n\r\n"

    parsed = _parse(data)

    assert (parsed.row_count, len(parsed.rows), parsed.errors) == (2, 2, [])


def test_parse_refuses_a_header_without_students() -> None:
    with pytest.raises(parsing.FileProblem) as raised:
        _parse(";".join(HEADER_NL).encode())
    assert raised.value.finding["code"] == "no_rows"


# --- Row findings ---------------------------------------------------------------------------


def test_row_findings_name_row_and_column_in_plain_words() -> None:
    rows = [student_row(n) for n in range(14)]
    rows[12] = student_row(12, Geboortedatum="31-02-2011")  # spreadsheet row 14

    assert _problems(student_csv(rows)) == [
        "Row 14, Geboortedatum: '31-02-2011' is not a valid date. "
        "Write it as dd-mm-yyyy, e.g. 17-05-2011."
    ]


def test_row_findings_cover_every_kind_of_mistake() -> None:
    rows = [
        student_row(0),
        student_row(1, Leerlingnummer="9000"),
        student_row(2, Profiel="Ruimtevaart"),
        student_row(3, Leerjaar="5"),
        student_row(4, **{"E-mail ouder 1": "ouder-at-example"}),
        student_row(5, Leerweg="havo"),
        student_row(6, Roepnaam=""),
        student_row(7, Geboortedatum="01-01-2030"),
        student_row(8, Leerjaar="drie"),
        student_row(9, Klas="X" * 21),
    ]

    assert _problems(student_csv(rows)) == [
        "Row 3, Leerlingnummer: student number '9000' already appears in row 2.",
        "Row 4, Profiel: 'Ruimtevaart' is not a known profiel; "
        "use a code such as PIE or the profiel's name.",
        "Row 5, Leerjaar: '5' is not a year from 1 to 4.",
        "Row 6, E-mail ouder 1: 'ouder-at-example' is not a valid e-mail address.",
        "Row 7, Leerweg: 'havo' is not a leerweg; use BB, KB, GL or TL.",
        "Row 8, Roepnaam: this value is required.",
        "Row 9, Geboortedatum: '01-01-2030' cannot be a date of birth of a student.",
        "Row 10, Leerjaar: 'drie' is not a year from 1 to 4.",
        f"Row 11, Klas: '{'X' * 21}' is longer than 20 characters.",
    ]


def test_row_with_more_values_than_columns_is_reported() -> None:
    data = valid_csv(1) + b"9100;Jan;;Jansen;01-01-2011;3A;KB;PIE;3;;;extra\r\n"

    assert _problems(data) == [
        "Row 3 has 12 values, but the header has 11 columns. Is there a separator inside "
        "a value? Put such a value between double quotes."
    ]


def test_row_findings_in_dutch_read_as_the_example() -> None:
    rows = [student_row(n) for n in range(12)] + [student_row(12, Geboortedatum="31-02-2011")]

    with translation.override("nl"):
        (text,) = [describe(f) for f in _parse(student_csv(rows)).errors]

    # "Rij 14, Geboortedatum: '31-02-2011' is geen geldige datum. ..." once translated.
    assert text.startswith("R") and " 14, Geboortedatum: '31-02-2011' " in text


@pytest.mark.parametrize(
    ("text", "track"),
    [
        ("BB", "BB"),
        ("kb", "KB"),
        ("vmbo-gl", "GL"),
        ("VMBO TL", "TL"),
        ("Kader", "KB"),
        ("x", None),
    ],
)
def test_parse_track_accepts_codes_and_names(text: str, track: str | None) -> None:
    assert parsing.parse_track(text) == track


@pytest.mark.parametrize(("text", "year"), [("3", 3), ("leerjaar 4", 4), ("3e", 3), ("", None)])
def test_parse_year_reads_the_number(text: str, year: int | None) -> None:
    assert parsing.parse_year(text) == year
