"""Student CSV files as Magister and Somtoday export them, for the import's tests."""

from __future__ import annotations

import csv
import io

import factory
from factory.django import DjangoModelFactory

from sen.catalogue.models import SchoolElective
from tests.factories import ElectiveFactory, SchoolFactory

HEADER_NL = [
    "Leerlingnummer",
    "Roepnaam",
    "Tussenvoegsel",
    "Achternaam",
    "Geboortedatum",
    "Klas",
    "Leerweg",
    "Profiel",
    "Leerjaar",
    "E-mail ouder 1",
    "E-mail ouder 2",
]


def student_row(n: int, **overrides: str) -> dict[str, str]:
    """A valid row for student number 9000+n (override by Dutch header name)."""
    row = {
        "Leerlingnummer": str(9000 + n),
        "Roepnaam": f"Leerling{n}",
        "Tussenvoegsel": "van der" if n % 3 == 0 else "",
        "Achternaam": f"Berg{n}",
        "Geboortedatum": f"{1 + n % 28:02d}-{1 + n % 12:02d}-2011",
        "Klas": f"3{'ABC'[n % 3]}",
        "Leerweg": ["BB", "KB", "GL", "TL"][n % 4],
        "Profiel": "PIE",
        "Leerjaar": "3",
        "E-mail ouder 1": f"ouder{n}@example.test",
        "E-mail ouder 2": "",
    }
    row.update(overrides)
    return row


def student_csv(
    rows: list[dict[str, str]],
    *,
    header: list[str] | None = None,
    sep: str = ";",
    encoding: str = "utf-8",
    bom: bool = False,
) -> bytes:
    out = io.StringIO(newline="")
    columns = header or HEADER_NL
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(name, "") for name in columns])
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def valid_csv(count: int, **kwargs: object) -> bytes:
    return student_csv([student_row(n) for n in range(count)], **kwargs)  # type: ignore[arg-type]


class SchoolElectiveFactory(DjangoModelFactory):
    class Meta:
        model = SchoolElective

    school = factory.SubFactory(SchoolFactory)
    elective = factory.SubFactory(ElectiveFactory)
    local_name = ""
