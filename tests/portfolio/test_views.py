"""Portfolio pages: the student's own, evidence and its files (headers), the readers' view,
the PDF export job and the JSON download; outsiders get 404."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sen.audit.models import AuditEvent
from sen.core.models import BackgroundJob, JobStatus
from sen.portfolio import services
from sen.portfolio.models import Evidence, EvidenceKind
from tests.factories import StudentFactory
from tests.factories.assessment import rubric_for_placement
from tests.factories.placements import placement_for
from tests.factories.portfolio import PDF, EvidenceFactory, jpeg, upload

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


def _photo(world, placement, title="Mijn muur"):  # type: ignore[no-untyped-def]
    return services.add_evidence(
        actor=world.actor("student_a"),
        kind=EvidenceKind.PHOTO,
        title=title,
        placement=placement,
        upload=upload("muur.jpg", jpeg()),
        filename="muur.jpg",
    )


def _file(world, placement=None):  # type: ignore[no-untyped-def]
    return services.add_evidence(
        actor=world.actor("student_a"),
        kind=EvidenceKind.FILE,
        title="Werkplan <script>",
        placement=placement,
        upload=upload("plan.pdf", PDF),
        filename="plan.pdf",
    )


# --- The student's own portfolio ------------------------------------------------------------


def test_mine_groups_evidence_per_elective(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    _photo(world, anna)
    EvidenceFactory(student=world.student_a, title="Over mezelf")

    response = login_as(world.actor("student_a")).get(reverse("portfolio:mine"))

    sections = response.context["portfolio"].sections
    assert [
        (s.elective.name if s.elective else None, [e.title for e in s.evidence]) for s in sections
    ] == [
        ("Schoonmetselwerk", ["Mijn muur"]),
        (None, ["Over mezelf"]),
    ]
    html = response.content.decode()
    assert (
        reverse("portfolio:evidence_thumbnail", args=[Evidence.objects.get(kind="photo").pk])
        in html
    )
    assert "Other evidence" in html


def test_mine_filtered_on_one_elective(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    _photo(world, anna)
    EvidenceFactory(student=world.student_a, title="Over mezelf")

    response = login_as(world.actor("student_a")).get(
        reverse("portfolio:mine"), {"elective": anna.offer.elective_id}
    )

    assert [s.elective for s in response.context["portfolio"].sections] == [anna.offer.elective]
    assert response.context["form"].initial == {"placement": anna.pk}


def test_add_photo_through_the_form(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("student_a"))

    response = client.post(
        reverse("portfolio:add"),
        {
            "kind": "photo",
            "title": "Voegwerk",
            "placement": anna.pk,
            "include_in_export": "on",
            "file": upload("voeg.jpg", jpeg()),
        },
    )

    evidence = Evidence.objects.get()
    assert response["Location"] == reverse("portfolio:evidence", args=[evidence.pk])
    assert (evidence.title, evidence.placement, evidence.include_in_export) == (
        "Voegwerk",
        anna,
        True,
    )


def test_add_file_that_lies_shows_the_error_next_to_the_field(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    response = login_as(world.actor("student_a")).post(
        reverse("portfolio:add"),
        {"kind": "file", "title": "Nep", "file": upload("nep.docx", PDF)},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": [
            "This file is not a real Word (.docx) file, or it is damaged. Save it again from "
            "the program that made it."
        ]
    }
    assert Evidence.objects.count() == 0


def test_evidence_page_links_criteria(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    evidence = _photo(world, anna)
    vakkennis = anna.offer.elective.rubrics.get().criteria.get(title="Vakkennis")
    client = login_as(world.actor("student_a"))

    page = client.get(reverse("portfolio:evidence", args=[evidence.pk]))
    client.post(
        reverse("portfolio:evidence_edit", args=[evidence.pk]),
        {"title": "Muur", "text": "", "criteria": [vakkennis.pk]},
    )

    assert "Vakkennis" in page.content.decode()
    evidence.refresh_from_db()
    assert (list(evidence.criteria.all()), evidence.include_in_export) == ([vakkennis], False)


def test_remove_evidence_through_the_form(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    evidence = _photo(world, anna)

    response = login_as(world.actor("student_a")).post(
        reverse("portfolio:evidence_remove", args=[evidence.pk])
    )

    assert response["Location"] == reverse("portfolio:mine")
    assert Evidence.objects.count() == 0


# --- Files and their headers ------------------------------------------------------------------


def test_photo_is_served_inline_with_nosniff(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    evidence = _photo(world, anna)

    response = login_as(world.actor("teacher_a")).get(
        reverse("portfolio:evidence_file", args=[evidence.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == f'inline; filename="mijn-muur-{evidence.pk}.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"\xff\xd8")


def test_file_is_served_as_an_attachment_with_a_clean_name(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    evidence = _file(world, anna)

    response = login_as(world.actor("student_a")).get(
        reverse("portfolio:evidence_file", args=[evidence.pk])
    )

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="werkplan-script-{evidence.pk}.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == PDF


def test_reflection_has_no_file(world, login_as) -> None:  # type: ignore[no-untyped-def]
    evidence = EvidenceFactory(student=world.student_a)

    response = login_as(world.actor("student_a")).get(
        reverse("portfolio:evidence_file", args=[evidence.pk])
    )

    assert response.status_code == 404


# --- Who reads a portfolio -----------------------------------------------------------------


@pytest.mark.parametrize("who", ["teacher_a", "coordinator_a", "supervisor_a", "parent_a"])
def test_readers_see_the_students_portfolio(world, anna, login_as, who) -> None:  # type: ignore[no-untyped-def]
    evidence = _photo(world, anna)
    client = login_as(world.actor(who))

    page = client.get(reverse("portfolio:student", args=[world.student_a.pk]))
    detail = client.get(reverse("portfolio:evidence", args=[evidence.pk]))
    thumbnail = client.get(reverse("portfolio:evidence_thumbnail", args=[evidence.pk]))

    assert page.context["portfolio"].count == 1
    assert (detail.status_code, thumbnail.status_code) == (200, 200)
    assert detail.context["form"] is None


@pytest.mark.parametrize(
    "who",
    [
        "teacher_b",
        "coordinator_b",
        "supervisor_b",
        "contact_a",
        "parent_b",
        "student_b",
        "region_coordinator",
    ],
)
def test_outsiders_see_nothing(world, anna, login_as, who) -> None:  # type: ignore[no-untyped-def]
    evidence = _photo(world, anna)
    client = login_as(world.actor(who))

    assert client.get(reverse("portfolio:student", args=[world.student_a.pk])).status_code == 404
    assert client.get(reverse("portfolio:evidence", args=[evidence.pk])).status_code == 404
    assert client.get(reverse("portfolio:evidence_file", args=[evidence.pk])).status_code == 404


def test_supervisor_sees_only_evidence_of_their_own_placements(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    _photo(world, anna, title="Bij Jansen")
    EvidenceFactory(student=world.student_a, title="Dagboek")

    response = login_as(world.actor("supervisor_a")).get(
        reverse("portfolio:student", args=[world.student_a.pk])
    )

    assert [e.title for s in response.context["portfolio"].sections for e in s.evidence] == [
        "Bij Jansen"
    ]


def test_other_student_cannot_change_evidence(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    evidence = _photo(world, anna)

    response = login_as(world.actor("student_b")).post(
        reverse("portfolio:evidence_edit", args=[evidence.pk]), {"title": "Van mij"}
    )

    assert response.status_code == 404
    assert Evidence.objects.get().title == "Mijn muur"


def test_teacher_cannot_change_evidence(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    evidence = _photo(world, anna)

    response = login_as(world.actor("teacher_a")).post(
        reverse("portfolio:evidence_remove", args=[evidence.pk])
    )

    assert response.status_code == 404
    assert Evidence.objects.count() == 1


@pytest.mark.parametrize("count", [1, 3])
def test_mine_query_count_is_bounded(
    world, anna, login_as, django_assert_max_num_queries, count
) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        _photo(world, anna, title=f"Foto {n}")
    client = login_as(world.actor("student_a"))

    with django_assert_max_num_queries(14):
        response = client.get(reverse("portfolio:mine"))

    assert response.context["portfolio"].count == count


@pytest.mark.parametrize("count", [1, 3])
def test_student_page_query_count_is_bounded(
    world, anna, login_as, django_assert_max_num_queries, count
) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        EvidenceFactory(student=world.student_a, placement=anna, title=f"Reflectie {n}")
    client = login_as(world.actor("teacher_a"))

    with django_assert_max_num_queries(12):
        response = client.get(reverse("portfolio:student", args=[world.student_a.pk]))

    assert response.context["portfolio"].count == count


# --- Export --------------------------------------------------------------------------------


def test_pdf_export_runs_as_a_job_and_downloads_a_pdf(
    world, anna, login_as, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _photo(world, anna)
    client = login_as(world.actor("student_a"))

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("portfolio:export_pdf"))
    job = BackgroundJob.objects.get(kind=services.KIND_PDF)
    page = client.get(started["Location"])
    download = client.get(reverse("portfolio:export_download", args=[job.pk]))

    assert started["Location"] == reverse("portfolio:export_job", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED
    assert "Download the PDF" in page.content.decode()
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith(
        'attachment; filename="portfolio-anna-achterberg-'
    )
    assert download["X-Content-Type-Options"] == "nosniff"
    reader = PdfReader(io.BytesIO(download.content))
    assert "Anna Achterberg" in reader.pages[0].extract_text()
    assert AuditEvent.objects.get(action="portfolio.portfolio.exported").changes["format"] == "pdf"


def test_a_new_pdf_export_deletes_the_previous_file(
    world, anna, login_as, media, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("student_a"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portfolio:export_pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portfolio:export_pdf"))

    first, second = BackgroundJob.objects.filter(kind=services.KIND_PDF).order_by("pk")
    assert not (media / first.result["file"]).exists()
    assert (media / second.result["file"]).exists()
    assert client.get(reverse("portfolio:export_download", args=[first.pk])).status_code == 404


def test_export_job_of_another_student_is_404(
    world, anna, login_as, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        login_as(world.actor("student_a")).post(reverse("portfolio:export_pdf"))
    job = BackgroundJob.objects.get()
    other = StudentFactory(school=world.school_a)
    assert other.pk

    for who in ("student_b", "coordinator_a", "teacher_a"):
        client = login_as(world.actor(who))
        assert client.get(reverse("portfolio:export_download", args=[job.pk])).status_code == 404
        assert client.get(reverse("portfolio:export_job", args=[job.pk])).status_code == 404


def test_export_job_status_refreshes_the_page_when_done(
    world, anna, login_as, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("student_a"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portfolio:export_pdf"))
    job = BackgroundJob.objects.get()

    response = client.get(
        reverse("portfolio:export_job_status", args=[job.pk]), headers={"HX-Request": "true"}
    )

    assert response["HX-Refresh"] == "true"


def test_json_export_downloads_at_once(world, anna, login_as) -> None:  # type: ignore[no-untyped-def]
    _photo(world, anna)

    response = login_as(world.actor("student_a")).post(reverse("portfolio:export_json"))

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="portfolio-anna-achterberg-'
    )
    assert json.loads(response.content)["electives"][0]["evidence"][0]["title"] == "Mijn muur"
