"""Issue 5's assessment journey in the browser: final review → grade → grade export →
portfolio PDF.

Anna's placement at Installatiebedrijf Jansen ends inside Blok 1 of Ludger College; her
rubric exists, she and her supervisor have submitted their parts of the final review
(through the services), and she has a photo in her portfolio. Her teacher completes the
final review on the page (level picks, text, submit) and gives the grade "7,5"; the
coordinator previews the grade export of Blok 1 and downloads the CSV; Anna, on her
phone, exports her portfolio as a PDF and downloads it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from sen.assessment.models import Grade, PartStatus, Phase, ReviewPart
from sen.assessment.services import reviews as review_services
from sen.assessment.services import rubrics as rubric_services
from sen.portfolio import services as portfolio_services
from sen.portfolio.models import EvidenceKind
from tests.factories import PeriodFactory
from tests.factories.assessment import all_at
from tests.factories.placements import placement_for
from tests.factories.portfolio import jpeg, upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(tab: Any, form: str, button: str = "button[type=submit]") -> None:
    with tab.page.expect_navigation():
        tab.page.locator(form).first.locator(button).first.click()


def setup_world(world: Any, settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    placement = placement_for(
        world, "a", starts_on=today - dt.timedelta(days=70), ends_on=today - dt.timedelta(days=2)
    )
    PeriodFactory(
        school=world.school_a,
        school_year="2026-2027",
        name="Blok 1",
        starts_on=today - dt.timedelta(days=80),
        ends_on=today + dt.timedelta(days=10),
    )
    rubric = rubric_services.create_rubric(
        actor=world.actor("teacher_a"), elective=placement.offer.elective, template="vmbo_practical"
    )
    rubric_services.update_rubric(
        actor=world.actor("teacher_a"), rubric=rubric, title=rubric.title, pta_code="K/BWI/3"
    )
    for who, text in (
        ("student_a", "Ik heb geleerd netjes en veilig te metselen."),
        ("supervisor_a", "Anna werkt zorgvuldig en vraagt op tijd om hulp."),
    ):
        review_services.save_part(
            actor=world.actor(who),
            placement=placement,
            phase=Phase.FINAL,
            levels=all_at(rubric, "Goed"),
            text=text,
            submit=True,
        )
    portfolio_services.add_evidence(
        actor=world.actor("student_a"),
        kind=EvidenceKind.PHOTO,
        title="Muurtje in halfsteens verband",
        placement=placement,
        upload=upload("muur.jpg", jpeg((640, 480))),
        filename="muur.jpg",
    )
    return placement


def test_assessment_journey_review_grade_export_and_portfolio(
    world, open_tab, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    placement = setup_world(world, settings, tmp_path)
    tabs = []

    # 1. The teacher finds Anna in the overview and completes the final review.
    teacher = open_tab("desktop")
    tabs.append(teacher)
    teacher.login(world.user("teacher_a").email)
    teacher.goto("/assessment/?todo=no_grade")
    page = teacher.page
    assert page.get_by_text("Anna Achterberg").count() == 1
    with page.expect_navigation():
        page.get_by_role("link", name="Anna Achterberg").click()
    final = page.locator("#review-final")
    for fieldset in final.locator("fieldset.criterion").all():
        fieldset.locator("label.level-choice", has_text="Goed").click()
    final.locator("textarea[name=text]").fill("Voldoet ruim aan de eisen; mooi portfolio.")
    teacher.screenshot("assessment-final-review-desktop")
    with page.expect_navigation():
        final.locator("button[name=action][value=submit]").click()
    part = ReviewPart.objects.get(
        review__placement=placement, review__phase="final", role="teacher"
    )
    assert part.status == PartStatus.SUBMITTED
    assert page.get_by_text("Anna werkt zorgvuldig").count() == 1  # the supervisor's feedback

    # 2. ... and gives the grade, with a Dutch decimal comma.
    page.locator("#id_value").fill("7,5")
    submit(teacher, "form.grade-form")
    assert Grade.objects.get(placement=placement).value == 7.5
    assert page.locator(".grade-panel .badge-ok").inner_text().strip() == "✓ 7,5"
    teacher.screenshot("assessment-grade-desktop")

    # 3. The coordinator previews the grade export of Blok 1 and downloads the file.
    coordinator = open_tab("desktop")
    tabs.append(coordinator)
    coordinator.login(world.user("coordinator_a").email)
    coordinator.goto("/assessment/export/")
    page = coordinator.page
    page.locator("#id_period").select_option(label="Blok 1 2026-2027")
    submit(coordinator, "main form.filters")
    preview = page.locator("table.export-preview tbody tr")
    assert preview.count() == 1
    assert "A001" in preview.first.inner_text() and "7,5" in preview.first.inner_text()
    coordinator.screenshot("assessment-grade-export-desktop")
    with page.expect_download() as download_info:
        page.locator("form[action$='/export/download/'] button").click()
    download = download_info.value
    content = Path(download.path()).read_bytes()
    assert download.suggested_filename == "cijfers-01aa-2026-2027-blok-1.csv"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Leerlingnummer",
        "Naam",
        "Vakcode",
        "Keuzevak",
        "Cijfer",
        "Datum",
        "PTA-code",
    ]
    assert rows[1][:5] == ["A001", "Anna Achterberg", "1206", "Schoonmetselwerk", "7,5"]
    assert rows[1][6] == "K/BWI/3"

    # 4. Anna exports her portfolio as a PDF on her phone.
    anna = open_tab("phone")
    tabs.append(anna)
    anna.login(world.user("student_a").email)
    anna.goto("/portfolio/")
    page = anna.page
    assert page.get_by_text("Muurtje in halfsteens verband").count() >= 1
    anna.screenshot("portfolio-phone")
    submit(anna, "form[action$='/portfolio/export/pdf/']")
    page.get_by_role("button", name="Download de PDF").or_(
        page.get_by_role("link", name="Download de PDF")
    ).wait_for()
    anna.screenshot("portfolio-pdf-ready-phone")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download de PDF").or_(
            page.get_by_role("link", name="Download de PDF")
        ).click()
    pdf = Path(download_info.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert pdf.startswith(b"%PDF-")
    assert "Anna Achterberg" in text and "Schoonmetselwerk" in text and "7,5" in text

    assert [problem for tab in tabs for problem in tab.problems()] == []
