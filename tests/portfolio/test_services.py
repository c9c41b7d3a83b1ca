"""Portfolio services: add, change and remove evidence (only the student), and the export."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from sen.assessment.models import Phase
from sen.assessment.services import grades as grade_services
from sen.assessment.services import reviews as review_services
from sen.audit.models import AuditEvent
from sen.placements.models import PlacementStatus
from sen.portfolio import services
from sen.portfolio.export import portfolio_data, render_json
from sen.portfolio.models import Evidence, EvidenceKind
from tests.factories.assessment import all_at, rubric_for_placement
from tests.factories.placements import placement_for
from tests.factories.portfolio import PDF, EvidenceFactory, jpeg, office_file, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def anna(world):  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")
    rubric_for_placement(placement)
    return placement


def _photo(world, placement=None, title="Mijn muur", include=True):  # type: ignore[no-untyped-def]
    return services.add_evidence(
        actor=world.actor("student_a"),
        kind=EvidenceKind.PHOTO,
        title=title,
        placement=placement,
        upload=upload("muur.jpg", jpeg()),
        filename="muur.jpg",
        include_in_export=include,
    )


def test_add_photo_stores_a_cleaned_image_under_a_new_name(world, anna, media) -> None:  # type: ignore[no-untyped-def]
    evidence = _photo(world, anna)

    assert (evidence.kind, evidence.file_type, evidence.placement) == ("photo", "jpg", anna)
    assert evidence.file.name.startswith("portfolio/")
    assert "muur" not in evidence.file.name
    assert (media / evidence.file.name).exists() and (media / evidence.thumbnail.name).exists()
    assert AuditEvent.objects.get(action="portfolio.evidence.added").changes == {
        "kind": "photo",
        "title": "Mijn muur",
        "placement": anna.pk,
        "file_type": "jpg",
        "size": evidence.size,
    }


def test_add_file_checks_the_content(world, anna) -> None:  # type: ignore[no-untyped-def]
    evidence = services.add_evidence(
        actor=world.actor("student_a"),
        kind=EvidenceKind.FILE,
        title="Werkplan",
        upload=upload("plan.docx", office_file("docx")),
        filename="plan.docx",
    )

    assert (evidence.file_type, evidence.size) == ("docx", len(office_file("docx")))


def test_add_file_that_lies_about_its_type_is_refused_and_nothing_is_stored(
    world, anna, media
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            actor=world.actor("student_a"),
            kind=EvidenceKind.FILE,
            title="Nep",
            upload=upload("nep.pdf", jpeg()),
            filename="nep.pdf",
        )

    assert list(error.value.message_dict) == ["file"]
    assert Evidence.objects.count() == 0
    assert not (media / "portfolio").exists() or list((media / "portfolio").iterdir()) == []


def test_add_photo_that_is_not_an_image_is_refused_on_the_file_field(world, anna) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            actor=world.actor("student_a"),
            kind=EvidenceKind.PHOTO,
            title="Nep",
            upload=upload("foto.jpg", PDF),
            filename="foto.jpg",
        )

    assert error.value.message_dict == {
        "file": ["This file is not a JPEG, PNG or WebP photo, or it is damaged."]
    }


def test_add_reflection_needs_a_text(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            actor=world.actor("student_a"), kind=EvidenceKind.REFLECTION, title="Week 3", text=" "
        )

    assert error.value.message_dict == {"text": ["Write your reflection."]}


def test_add_photo_without_upload_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.add_evidence(actor=world.actor("student_a"), kind=EvidenceKind.PHOTO, title="X")

    assert error.value.message_dict == {"file": ["Choose a photo or file to upload."]}


def test_add_evidence_without_title_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            actor=world.actor("student_a"), kind=EvidenceKind.REFLECTION, title="", text="x"
        )

    assert error.value.message_dict == {"title": ["Give it a title."]}


def test_add_evidence_to_another_students_placement_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    bram = placement_for(world, "b")

    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            actor=world.actor("student_a"),
            kind=EvidenceKind.REFLECTION,
            title="X",
            text="Y",
            placement=bram,
        )

    assert error.value.message_dict == {
        "placement": ["Choose one of your own running or finished placements."]
    }


@pytest.mark.parametrize("who", ["teacher_a", "parent_a", "supervisor_a"])
def test_add_evidence_by_anyone_but_the_student_is_refused(world, who) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            actor=world.actor(who), kind=EvidenceKind.REFLECTION, title="X", text="Y"
        )

    assert error.value.messages == ["Only the student keeps their portfolio."]


def test_update_evidence_links_criteria_of_the_placements_rubric(world, anna) -> None:  # type: ignore[no-untyped-def]
    evidence = _photo(world, anna)
    vakkennis = anna.offer.elective.rubrics.get().criteria.get(title="Vakkennis")

    services.update_evidence(
        actor=world.actor("student_a"),
        evidence=evidence,
        title="Muur, klaar",
        text="Halfsteens verband",
        criteria_ids=[vakkennis.pk],
        include_in_export=False,
    )

    evidence.refresh_from_db()
    assert (evidence.title, evidence.include_in_export) == ("Muur, klaar", False)
    assert list(evidence.criteria.all()) == [vakkennis]
    assert AuditEvent.objects.get(action="portfolio.evidence.updated").changes == {
        "title": ["Mijn muur", "Muur, klaar"],
        "include_in_export": [True, False],
        "criteria": [[], [vakkennis.pk]],
        "text_changed": True,
    }


def test_update_evidence_refuses_criteria_of_another_rubric(world, anna) -> None:  # type: ignore[no-untyped-def]
    evidence = _photo(world, anna)
    other = rubric_for_placement(placement_for(world, "b")).criteria.first()

    with pytest.raises(ValidationError) as error:
        services.update_evidence(
            actor=world.actor("student_a"),
            evidence=evidence,
            title="X",
            text="",
            criteria_ids=[other.pk],
            include_in_export=True,
        )

    assert list(error.value.message_dict) == ["criteria"]


def test_update_evidence_of_another_student_is_refused(world, anna) -> None:  # type: ignore[no-untyped-def]
    evidence = _photo(world, anna)

    with pytest.raises(ValidationError) as error:
        services.update_evidence(
            actor=world.actor("student_b"),
            evidence=evidence,
            title="Gekaapt",
            text="",
            criteria_ids=[],
            include_in_export=True,
        )

    assert error.value.messages == ["This evidence belongs to another student."]


def test_remove_evidence_deletes_the_row_and_its_files(
    world, anna, media, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    evidence = _photo(world, anna)
    files = [media / evidence.file.name, media / evidence.thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(actor=world.actor("student_a"), evidence=evidence)

    assert Evidence.objects.count() == 0
    assert [f.exists() for f in files] == [False, False]


# --- Export --------------------------------------------------------------------------------


def _assessed(world, anna):  # type: ignore[no-untyped-def]
    rubric = anna.offer.elective.rubrics.get()
    for who in ("student_a", "supervisor_a", "teacher_a"):
        review_services.save_part(
            actor=world.actor(who),
            placement=anna,
            phase=Phase.FINAL,
            levels=all_at(rubric, "Goed"),
            text=f"Tekst van {who}",
            submit=who != "teacher_a",
        )
    grade_services.set_grade(actor=world.actor("teacher_a"), placement=anna, value="7,5")


def test_export_json_holds_only_what_the_student_included(world, anna) -> None:  # type: ignore[no-untyped-def]
    _assessed(world, anna)
    photo = _photo(world, anna, title="Muur")
    _photo(world, anna, title="Geheim", include=False)
    EvidenceFactory(student=world.student_a, title="Algemeen", text="Over mezelf")
    vakkennis = anna.offer.elective.rubrics.get().criteria.get(title="Vakkennis")
    photo.criteria.set([vakkennis])

    export = services.export_portfolio(actor=world.actor("student_a"), fmt="json")

    data = json.loads(export.content)
    assert (export.content_type, export.items) == ("application/json", 2)
    assert export.filename.startswith("portfolio-anna-achterberg-") and export.filename.endswith(
        ".json"
    )
    assert data["format"] == "sen.portfolio" and data["version"] == 1
    assert data["student"] == {
        "name": "Anna Achterberg",
        "school": "Ludger College",
        "track": "KB",
        "year": 3,
    }
    [elective] = data["electives"]
    assert elective["elective"] == {"name": "Schoonmetselwerk", "code": "1206", "duo_code": "1206"}
    [placement] = elective["placements"]
    assert placement["company"] == "Installatiebedrijf Jansen"
    assert placement["grade"]["value"] == "7,5"
    assert placement["grade"]["pta_code"] == "K/PIE/3"
    assert placement["hours"] == {"approved": "0.0", "required": placement["hours"]["required"]}
    [review] = placement["reviews"]
    assert [p["by"] for p in review["parts"]] == [
        "student",
        "supervisor",
    ]  # the teacher's is a draft
    assert review["parts"][1]["levels"][0] == {
        "criterion": "Vakkennis",
        "level": "Goed",
        "points": 3,
        "comment": "",
    }
    assert [e["title"] for e in elective["evidence"]] == ["Muur"]
    assert elective["evidence"][0]["criteria"] == ["Vakkennis"]
    assert elective["evidence"][0]["file"] == {
        "type": "jpg",
        "content_type": "image/jpeg",
        "size": photo.size,
    }
    assert [e["title"] for e in data["other_evidence"]] == ["Algemeen"]
    text = export.content.decode()
    assert "Sjaak" not in text and "Tim" not in text  # no other people's names
    assert '"id"' not in text and "pk" not in text
    assert AuditEvent.objects.get(action="portfolio.portfolio.exported").changes == {
        "format": "json",
        "evidence": 2,
        "bytes": len(export.content),
    }


def test_export_pdf_is_a_real_pdf_with_the_portfolio(world, anna) -> None:  # type: ignore[no-untyped-def]
    _assessed(world, anna)
    _photo(world, anna, title="Muur")

    export = services.export_portfolio(actor=world.actor("student_a"), fmt="pdf")

    reader = PdfReader(io.BytesIO(export.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert export.content.startswith(b"%PDF-")
    assert export.content_type == "application/pdf"
    assert len(reader.pages) >= 2
    assert "Anna Achterberg" in text
    assert "Schoonmetselwerk" in text
    assert "Installatiebedrijf Jansen" in text
    assert "7,5" in text
    assert "Muur" in text
    assert {image.name for page in reader.pages for image in page.images} != set()


def test_export_by_a_teacher_is_refused(world, anna) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.export_portfolio(actor=world.actor("teacher_a"), fmt="pdf")


def test_export_of_a_cancelled_placement_leaves_it_out(world) -> None:  # type: ignore[no-untyped-def]
    placement_for(world, "a", status=PlacementStatus.CANCELLED)

    data = json.loads(render_json(portfolio_data(world.student_a)))

    assert data["electives"] == []
