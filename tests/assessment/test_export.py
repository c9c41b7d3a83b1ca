"""The grade export: the rows of a period, the warnings, the CSV file byte for byte, the audit."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sen.assessment import csvfile
from sen.assessment.selectors.export import grade_export
from sen.assessment.services.exports import export_grades
from sen.audit.models import AuditEvent
from tests.factories import ElectiveFactory, PeriodFactory, StudentFactory
from tests.factories.assessment import GradeFactory
from tests.factories.offers import national
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db

STARTS, ENDS = dt.date(2026, 9, 1), dt.date(2026, 11, 27)


@pytest.fixture
def period(world):  # type: ignore[no-untyped-def]
    return PeriodFactory(
        school=world.school_a,
        school_year="2026-2027",
        name="Blok 1",
        starts_on=STARTS,
        ends_on=ENDS,
    )


def _graded(world, value: str, *, student=None, elective=None, ends_on=ENDS, pta_code="K/PIE/3"):  # type: ignore[no-untyped-def]
    placement = placement_for(
        world, "a", starts_on=dt.date(2026, 9, 7), ends_on=ends_on, elective=elective or national()
    )
    if student is not None:
        placement.student = student
        placement.save(update_fields=["student"])
    return GradeFactory(
        placement=placement,
        value=Decimal(value),
        pta_code=pta_code,
        graded_on=dt.date(2026, 11, 20),
        graded_by=world.user("teacher_a"),
    )


@pytest.fixture
def graded(world, period):  # type: ignore[no-untyped-def]
    """Anna 6,5 in Schoonmetselwerk; Daan (KB) 3,5 in the school's own elective without a
    DUO code and without PTA code; Eva's placement in the period has no grade; Finn's
    grade belongs to the next period."""
    own = ElectiveFactory(school=world.school_a, code="ICT-EIGEN", name="Eigen ICT", duo_code="")
    daan = StudentFactory(
        school=world.school_a,
        first_name="Daan",
        last_name="Aalders",
        student_number="A002",
        track="KB",
    )
    eva = StudentFactory(
        school=world.school_a, first_name="Eva", last_name="Zomer", student_number="A003"
    )
    finn = StudentFactory(
        school=world.school_a, first_name="Finn", last_name="Vos", student_number="A004"
    )
    _graded(world, "6.5")
    _graded(world, "3.5", student=daan, elective=own, pta_code="")
    ungraded = placement_for(world, "a", starts_on=dt.date(2026, 9, 7), ends_on=ENDS)
    ungraded.student = eva
    ungraded.save(update_fields=["student"])
    _graded(world, "8.0", student=finn, ends_on=dt.date(2027, 1, 29))
    return world


def test_grade_export_rows_and_warnings(graded, period) -> None:  # type: ignore[no-untyped-def]
    preview = grade_export(graded.actor("coordinator_a"), period)

    assert [
        (r.student_number, r.name, r.subject_code, r.grade_text, r.pta_code) for r in preview.rows
    ] == [
        ("A002", "Daan Aalders", "ICT-EIGEN", "3,5", ""),
        ("A001", "Anna Achterberg", "1206", "6,5", "K/PIE/3"),
    ]
    assert preview.ungraded == 1
    assert preview.warnings == [
        "No DUO subject code is known for Eigen ICT: the file uses the school's own code. "
        "Check that your student information system knows that code.",
        "1 BB/KB grade is below 4, which blocks the diploma (art. 49 Eindexamenbesluit VO "
        "(examenblad.nl)): Daan Aalders (Eigen ICT: 3,5).",
        "1 grade has no PTA code: Daan Aalders. Fill in the PTA code of the rubric before "
        "grading, or add it in the file.",
        "1 placement in this period has no grade yet and is not in the file: Eva Zomer.",
    ]


def test_grade_export_of_another_school_sees_nothing(graded, period) -> None:  # type: ignore[no-untyped-def]
    preview = grade_export(graded.actor("coordinator_b"), period)

    assert (preview.rows, preview.ungraded) == ([], 0)


def test_export_grades_csv_content_parses_back(graded, period) -> None:  # type: ignore[no-untyped-def]
    export = export_grades(actor=graded.actor("coordinator_a"), period=period)

    assert export.filename == "cijfers-01aa-2026-2027-blok-1.csv"
    assert export.content.startswith(b"\xef\xbb\xbf")
    assert export.content.decode("utf-8-sig") == (
        "Leerlingnummer;Naam;Vakcode;Keuzevak;Cijfer;Datum;PTA-code\r\n"
        "A002;Daan Aalders;ICT-EIGEN;Eigen ICT;3,5;20-11-2026;\r\n"
        "A001;Anna Achterberg;1206;Schoonmetselwerk;6,5;20-11-2026;K/PIE/3\r\n"
    )
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert [(r["Leerlingnummer"], r["Cijfer"], r["PTA-code"]) for r in rows] == [
        ("A002", "3,5", ""),
        ("A001", "6,5", "K/PIE/3"),
    ]
    event = AuditEvent.objects.get(action="assessment.grades.exported")
    assert (event.school_id, event.changes) == (
        graded.school_a.pk,
        {
            "period": "Blok 1 2026-2027",
            "rows": 2,
            "ungraded": 1,
            "warnings": 4,
            "file": "cijfers-01aa-2026-2027-blok-1.csv",
        },
    )


def test_export_grades_by_a_teacher_is_refused(graded, period) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        export_grades(actor=graded.actor("teacher_a"), period=period)

    assert not AuditEvent.objects.filter(action="assessment.grades.exported").exists()


def test_csv_cells_that_look_like_formulas_are_defused(world) -> None:  # type: ignore[no-untyped-def]
    from sen.assessment.selectors.export import ExportRow

    row = ExportRow(
        student_number="=1+1",
        name="@SUM(A1)",
        subject_code="-3",
        elective="+x",
        grade=Decimal("7.0"),
        date=dt.date(2026, 1, 2),
        pta_code="",
        track="GL",
        has_duo_code=True,
    )

    assert csvfile.render([row]).decode("utf-8-sig").splitlines()[1] == (
        "'=1+1;'@SUM(A1);'-3;'+x;7,0;02-01-2026;"
    )


# --- Views ---------------------------------------------------------------------------------


def test_export_page_shows_the_preview(graded, period, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(graded.actor("coordinator_a"))

    response = client.get(reverse("assessment:export"), {"period": period.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["preview"].count == 2
    assert "Daan Aalders" in html and "Anna Achterberg" in html
    assert "1 placement in this period has no grade yet" in html
    assert "Download 2 grades (CSV)" in html


def test_export_page_without_a_period_shows_the_form_only(graded, period, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(graded.actor("coordinator_a")).get(reverse("assessment:export"))

    assert response.status_code == 200
    assert response.context["preview"] is None


def test_export_page_with_another_schools_period_is_404(graded, world, login_as) -> None:  # type: ignore[no-untyped-def]
    other = PeriodFactory(school=world.school_b, starts_on=STARTS, ends_on=ENDS)

    response = login_as(world.actor("coordinator_a")).post(
        reverse("assessment:export_download"), {"period": other.pk}
    )

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="assessment.grades.exported").exists()


def test_export_download_sends_the_csv_as_an_attachment(graded, period, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(graded.actor("coordinator_a")).post(
        reverse("assessment:export_download"), {"period": period.pk}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="cijfers-01aa-2026-2027-blok-1.csv"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.decode("utf-8-sig").count("\r\n") == 3


def test_export_by_a_teacher_is_404(graded, period, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(graded.actor("teacher_a"))

    assert client.get(reverse("assessment:export")).status_code == 404
    assert (
        client.post(reverse("assessment:export_download"), {"period": period.pk}).status_code == 404
    )
