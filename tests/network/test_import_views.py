"""The student import pages: upload, preview, confirm, progress; outsiders get 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from sen.core import jobs
from sen.core.models import BackgroundJob, JobStatus
from sen.network.importing import services
from sen.network.models import Student
from tests.factories.imports import student_csv, student_row, valid_csv


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def _post_file(client, data: bytes, name: str = "leerlingen.csv"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("imports:start"),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.django_db
def test_upload_checks_the_file_and_shows_the_preview(
    world, login, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("coordinator_a"))

    with django_capture_on_commit_callbacks(execute=True):
        response = _post_file(client, valid_csv(3))
    job = BackgroundJob.objects.get(kind=services.KIND_VALIDATE)
    page = client.get(response["Location"])

    assert response.status_code == 302
    assert response["Location"] == reverse("imports:detail", kwargs={"pk": job.pk})
    html = page.content.decode()
    assert 'data-testid="count-new">3<' in html
    assert 'data-testid="confirm-form"' in html
    assert Student.objects.filter(school=world.school_a).count() == 1


@pytest.mark.django_db
def test_confirm_imports_and_shows_the_result(
    world, login, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("coordinator_a"))
    with django_capture_on_commit_callbacks(execute=True):
        _post_file(client, valid_csv(3))
    job = BackgroundJob.objects.get(kind=services.KIND_VALIDATE)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:confirm", kwargs={"pk": job.pk}))
    page = client.get(response["Location"]).content.decode()

    assert Student.objects.filter(school=world.school_a).count() == 4
    assert "The students have been imported" in page
    assert 'data-testid="confirm-form"' not in page


@pytest.mark.django_db
def test_preview_lists_row_errors_and_offers_no_import(
    world, login, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("coordinator_a"))
    rows = [student_row(n) for n in range(13)]
    rows[12] = student_row(12, Geboortedatum="31-02-2011")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_file(client, student_csv(rows))

    html = client.get(response["Location"]).content.decode()

    assert "The file has errors" in html
    assert "Row 14, Geboortedatum: &#x27;31-02-2011&#x27; is not a valid date." in html
    assert 'data-testid="confirm-form"' not in html


@pytest.mark.django_db
def test_confirm_of_a_bad_file_says_why_and_writes_nothing(
    world, login, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("coordinator_a"))
    with django_capture_on_commit_callbacks(execute=True):
        _post_file(client, student_csv([student_row(0, Leerjaar="9")]))
    job = BackgroundJob.objects.get(kind=services.KIND_VALIDATE)

    response = client.post(reverse("imports:confirm", kwargs={"pk": job.pk}), follow=True)

    assert "This file has errors." in response.content.decode()
    assert Student.objects.filter(school=world.school_a).count() == 1


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"PK\x03\x04", "leerlingen.xlsx", "This is a spreadsheet (Excel) file."),
        (b"\x00\x01", "leerlingen.csv", "This file cannot be read as a CSV text file."),
    ],
)
@pytest.mark.django_db
def test_upload_refuses_files_that_are_not_csv(world, login, data, name, message) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("coordinator_a"))

    response = _post_file(client, data, name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BackgroundJob.objects.exists()


@pytest.mark.django_db
def test_upload_refuses_a_file_over_five_megabytes(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("coordinator_a"))

    response = _post_file(client, b"x" * (5 * 1024 * 1024 + 1))

    assert response.status_code == 200
    assert "The file is larger than 5 MB." in response.content.decode()
    assert not BackgroundJob.objects.exists()


@pytest.mark.django_db
def test_upload_refuses_a_huge_request_before_reading_it(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("coordinator_a"))

    response = _post_file(client, b"x" * (6 * 1024 * 1024))

    assert response.status_code == 200
    assert "The file is larger than 5 MB." in response.content.decode()


@pytest.mark.django_db
def test_page_of_a_running_check_polls_its_job(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("coordinator_a"))
    job = services.start_student_import(  # no on_commit: the check has not run
        actor=world.actor("coordinator_a"), filename="a.csv", data=valid_csv(1)
    )

    html = client.get(reverse("imports:detail", kwargs={"pk": job.pk})).content.decode()

    poll = reverse("imports:job_status", kwargs={"pk": job.pk})
    assert f'hx-get="{poll}?reload=1"' in html
    assert 'hx-trigger="every 1s"' in html


@pytest.mark.django_db
def test_job_status_partial_tells_the_page_to_reload_when_done(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.actor("coordinator_a"))
    job = jobs.create_job(kind="tests.x.y", actor=world.actor("coordinator_a"), total=10)
    url = reverse("imports:job_status", kwargs={"pk": job.pk}) + "?reload=1"

    running = client.get(url, HTTP_HX_REQUEST="true")
    started = jobs.start(job.pk, kind="tests.x.y")
    assert started is not None
    jobs.finish(started)
    finished = client.get(url, HTTP_HX_REQUEST="true")

    assert "HX-Refresh" not in running and 'hx-trigger="every 1s"' in running.content.decode()
    assert finished["HX-Refresh"] == "true"
    assert "hx-trigger" not in finished.content.decode()
    assert "10 of 10 rows" in finished.content.decode()


@pytest.mark.django_db
def test_another_schools_coordinator_gets_404_for_an_import(
    world, login, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_student_import(
            actor=world.actor("coordinator_a"), filename="a.csv", data=valid_csv(1)
        )
    client = login(world.actor("coordinator_b"))

    responses = [
        client.get(reverse("imports:detail", kwargs={"pk": job.pk})),
        client.post(reverse("imports:confirm", kwargs={"pk": job.pk})),
        client.get(reverse("imports:job_status", kwargs={"pk": job.pk})),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert BackgroundJob.objects.get(pk=job.pk).result.get("import_job_id") is None


@pytest.mark.django_db
def test_teacher_of_the_school_gets_404(world, login) -> None:  # type: ignore[no-untyped-def]
    job = services.start_student_import(
        actor=world.actor("coordinator_a"), filename="a.csv", data=valid_csv(1)
    )
    client = login(world.actor("teacher_a"))

    assert client.get(reverse("imports:start")).status_code == 404
    assert client.get(reverse("imports:detail", kwargs={"pk": job.pk})).status_code == 404
    assert client.get(reverse("imports:job_status", kwargs={"pk": job.pk})).status_code == 404


@pytest.mark.django_db
def test_start_page_lists_recent_imports_with_their_status(
    world, login, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    actor = world.actor("coordinator_a")
    with django_capture_on_commit_callbacks(execute=True):
        good = services.start_student_import(actor=actor, filename="goed.csv", data=valid_csv(1))
        services.start_student_import(
            actor=actor, filename="fout.csv", data=student_csv([student_row(0, Leerweg="x")])
        )
    good.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_student_import(actor=actor, job=good)
    services.start_student_import(
        actor=world.actor("coordinator_b"), filename="ander.csv", data=valid_csv(1)
    )

    html = login(actor).get(reverse("imports:start")).content.decode()

    assert "goed.csv" in html and "fout.csv" in html and "ander.csv" not in html
    assert "Imported" in html and "Has errors" in html


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.django_db
def test_start_page_queries_do_not_grow_with_imports(
    world, login, django_assert_max_num_queries, count
) -> None:  # type: ignore[no-untyped-def]
    actor = world.actor("coordinator_a")
    for n in range(count):
        upload = jobs.create_job(
            kind=services.KIND_VALIDATE, actor=actor, school_id=world.school_a.pk
        )
        run = jobs.create_job(kind=services.KIND_IMPORT, actor=actor, school_id=world.school_a.pk)
        BackgroundJob.objects.filter(pk=upload.pk).update(
            status=JobStatus.SUCCEEDED, result={"valid": True, "import_job_id": run.pk}
        )
        assert n >= 0
    client = login(actor)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("imports:start"))

    assert response.content.decode().count("Importing") == count


@pytest.mark.django_db
def test_detail_page_queries_are_bounded(
    world, login, django_capture_on_commit_callbacks, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    rows = [student_row(n, Leerjaar="8") for n in range(300)]
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_student_import(
            actor=world.actor("coordinator_a"), filename="a.csv", data=student_csv(rows)
        )
    client = login(world.actor("coordinator_a"))

    with django_assert_max_num_queries(14):
        response = client.get(reverse("imports:detail", kwargs={"pk": job.pk}))

    assert response.content.decode().count("is not a year from 1 to 4") == 300


@pytest.mark.django_db
def test_preview_shows_what_changes_for_existing_students(
    world, login, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from sen.catalogue.models import Profile
    from tests.factories import StudentFactory

    StudentFactory(
        school=world.school_a,
        student_number="9000",
        first_name="Leerling0",
        last_name="van der Berg0",
        date_of_birth="2011-01-01",
        class_name="2A",
        track="BB",
        profile=Profile.objects.get(code="PIE"),
        year=2,
    )
    client = login(world.actor("coordinator_a"))
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_file(client, valid_csv(1))

    html = client.get(response["Location"]).content.decode()

    assert "Leerling0 van der Berg0 (9000)" in html
    assert "class: 2A → 3A; year: 2 → 3" in html
