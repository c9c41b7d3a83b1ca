"""The grade export file that a student information system imports (Magister, Somtoday).

Format (also in the README, "Grade export"):
- UTF-8 with a byte-order mark, so that Excel on Windows opens it with the right
  accents; lines end in CRLF;
- separator `;` and the Dutch decimal comma ("6,5"): what Excel and the import
  wizards of Magister and Somtoday expect in a Dutch locale;
- one header row, then one row per grade:
  `Leerlingnummer;Naam;Vakcode;Keuzevak;Cijfer;Datum;PTA-code`
  - Leerlingnummer: the school's student number (the key the import matches on);
  - Naam: the student's name, for a person checking the file (imports ignore it);
  - Vakcode: the elective's DUO vakcode where known, else the school's own code;
  - Keuzevak: the elective's name, for the human check;
  - Cijfer: 1,0-10,0 with one decimal;
  - Datum: the day the grade was given, dd-mm-jjjj;
  - PTA-code: the code of the elective's final grade in the school's PTA (may be empty);
- a cell that starts with =, +, -, @, a tab or a carriage return gets a leading
  apostrophe, so a spreadsheet never runs it as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils.text import slugify

from sen.assessment.selectors.export import ExportRow
from sen.catalogue.models import Period

HEADER = ("Leerlingnummer", "Naam", "Vakcode", "Keuzevak", "Cijfer", "Datum", "PTA-code")
DELIMITER = ";"
BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def render(rows: Iterable[ExportRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(
            [
                _cell(row.student_number),
                _cell(row.name),
                _cell(row.subject_code),
                _cell(row.elective),
                row.grade_text,
                row.date.strftime("%d-%m-%Y"),
                _cell(row.pta_code),
            ]
        )
    return (BOM + out.getvalue()).encode("utf-8")


def filename(period: Period, brin: str) -> str:
    return f"cijfers-{slugify(brin)}-{period.school_year}-{slugify(period.name)}.csv"
