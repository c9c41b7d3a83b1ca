"""The student import's services: preview, all-or-nothing import, audit, idempotence, speed."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from sen.audit.models import AuditEvent
from sen.catalogue.models import Profile
from sen.core import jobs
from sen.core.models import BackgroundJob, JobStatus
from sen.network.importing import services, tasks
from sen.network.models import Guardianship, Student, Track
from tests.factories import GuardianshipFactory, StudentFactory
from tests.factories.imports import student_csv, student_row, valid_csv


@pytest.fixture
def upload(world, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Upload bytes as a coordinator and run the validation job (ImmediateBackend)."""

    def _upload(data: bytes, actor: str = "coordinator_a", name: str = "leerlingen.csv"):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            job = services.start_student_import(actor=world.actor(actor), filename=name, data=data)
        job.refresh_from_db()
        return job

    return _upload


@pytest.fixture
def confirm(world, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def _confirm(job: BackgroundJob, actor: str = "coordinator_a") -> BackgroundJob:
        with django_capture_on_commit_callbacks(execute=True):
            run = services.confirm_student_import(actor=world.actor(actor), job=job)
        run.refresh_from_db()
        return run

    return _confirm


def _students(world) -> set[str]:  # type: ignore[no-untyped-def]
    return set(
        Student.objects.filter(school=world.school_a).values_list("student_number", flat=True)
    )


def _matching_student(world, n: int, **overrides):  # type: ignore[no-untyped-def]
    """A student in school A exactly as student_row(n) describes them."""
    row = student_row(n)
    fields = {
        "school": world.school_a,
        "student_number": row["Leerlingnummer"],
        "first_name": row["Roepnaam"],
        "last_name": f"{row['Tussenvoegsel']} {row['Achternaam']}".strip(),
        "date_of_birth": dt.datetime.strptime(row["Geboortedatum"], "%d-%m-%Y").date(),  # noqa: DTZ007
        "class_name": row["Klas"],
        "track": row["Leerweg"],
        "profile": Profile.objects.get(code="PIE"),
        "year": 3,
    }
    fields.update(overrides)
    return StudentFactory(**fields)


# --- Validation -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_validation_previews_what_the_import_would_do(world, upload) -> None:  # type: ignore[no-untyped-def]
    unchanged = _matching_student(world, 0)
    GuardianshipFactory(student=unchanged, email="ouder0@example.test")
    _matching_student(world, 1, class_name="2B")
    before = (Student.objects.count(), Guardianship.objects.count())

    job = upload(valid_csv(4))

    assert job.status == JobStatus.SUCCEEDED
    assert job.result["valid"] is True
    assert job.result["counts"] == {
        "rows": 4,
        "new": 2,
        "updated": 1,
        "unchanged": 1,
        "new_guardians": 3,  # ouder1 for the updated student, ouder2 and ouder3 for new ones
        "not_in_file": 1,  # Anna (A001) stays as she is
    }
    assert job.result["changes_sample"] == [
        {
            "row": 3,
            "student_number": "9001",
            "name": "Leerling1 Berg1",
            "changes": {"class_name": ["2B", "3B"]},
        }
    ]
    assert (job.done, job.total) == (4, 4)
    assert (Student.objects.count(), Guardianship.objects.count()) == before


@pytest.mark.django_db
def test_validation_of_a_file_with_errors_lists_them_and_drops_the_file(world, upload) -> None:  # type: ignore[no-untyped-def]
    rows = [student_row(n) for n in range(5)]
    rows[3] = student_row(3, Leerjaar="7")

    job = upload(student_csv(rows))

    assert job.status == JobStatus.SUCCEEDED
    assert job.result["valid"] is False
    assert job.errors == [
        {
            "row": 5,
            "column": "Leerjaar",
            "field": "year",
            "code": "year_range",
            "value": "7",
        }
    ]
    assert jobs.read_payload(job) == b""


@pytest.mark.django_db
def test_validation_of_an_unreadable_file_reports_the_file_problem(world, upload) -> None:  # type: ignore[no-untyped-def]
    job = upload(b"Naam;Klas\r\nAnna;3A\r\n")

    assert job.result["valid"] is False
    assert [e["code"] for e in job.errors] == ["missing_column"] * 6


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04xlsx", "This is a spreadsheet (Excel) file."),
        (b"\x00\x01\x02", "This file cannot be read as a CSV text file."),
        (b"", "The file is empty."),
        (b"x" * (5 * 1024 * 1024 + 1), "The file is larger than 5 MB."),
    ],
)
@pytest.mark.django_db
def test_start_refuses_files_that_are_not_csv_text(world, data: bytes, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as raised:
        services.start_student_import(actor=world.actor("coordinator_a"), filename="x", data=data)

    assert raised.value.messages[0].startswith(message)
    assert BackgroundJob.objects.count() == 0


@pytest.mark.django_db
def test_start_needs_a_school(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.start_student_import(
            actor=world.actor("administrator"), filename="x.csv", data=valid_csv(1)
        )


@pytest.mark.django_db
def test_start_records_the_upload_and_forgets_week_old_files(world, upload) -> None:  # type: ignore[no-untyped-def]
    old = upload(valid_csv(1))
    BackgroundJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))

    new = upload(valid_csv(2))

    assert jobs.read_payload(old) == b""
    assert jobs.read_payload(new) == valid_csv(2)
    event = AuditEvent.objects.filter(action="network.student_import.uploaded").last()
    assert event is not None
    assert (event.object_id, event.school_id, event.changes) == (
        str(new.pk),
        world.school_a.pk,
        {"filename": "leerlingen.csv", "size": len(valid_csv(2))},
    )


# --- Import ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_and_updates_students_and_parents(world, upload, confirm) -> None:  # type: ignore[no-untyped-def]
    changed = _matching_student(world, 1, class_name="2B", year=2)
    GuardianshipFactory(student=changed, email="ouder1@example.test")
    rows = [student_row(0, **{"E-mail ouder 2": "tweede@example.test"}), student_row(1)]

    run = confirm(upload(student_csv(rows)))

    assert run.status == JobStatus.SUCCEEDED
    assert run.result["counts"] == {
        "rows": 2,
        "new": 1,
        "updated": 1,
        "unchanged": 0,
        "new_guardians": 2,
        "not_in_file": 1,
    }
    new = Student.objects.get(school=world.school_a, student_number="9000")
    assert (
        new.first_name,
        new.last_name,
        new.date_of_birth,
        new.class_name,
        new.track,
        new.profile.code if new.profile else None,
        new.year,
    ) == ("Leerling0", "van der Berg0", dt.date(2011, 1, 1), "3A", Track.BB, "PIE", 3)
    assert set(new.guardianships.values_list("email", flat=True)) == {
        "ouder0@example.test",
        "tweede@example.test",
    }
    changed.refresh_from_db()
    assert (changed.class_name, changed.year) == ("3B", 3)
    assert changed.guardianships.count() == 1
    world.student_a.refresh_from_db()
    assert world.student_a.class_name == "3B" and world.student_a.user is not None


@pytest.mark.django_db
def test_import_audits_one_event_with_every_change(world, upload, confirm) -> None:  # type: ignore[no-untyped-def]
    changed = _matching_student(world, 1, class_name="2B")

    run = confirm(upload(valid_csv(3)))

    assert not AuditEvent.objects.filter(action__startswith="network.student.").exists()
    (event,) = AuditEvent.objects.filter(action="network.student_import.completed")
    created = sorted(
        Student.objects.filter(student_number__in=["9000", "9002"]).values_list("pk", flat=True)
    )
    assert (event.action, event.object_id, event.school_id, event.actor_user_id) == (
        "network.student_import.completed",
        str(run.pk),
        world.school_a.pk,
        world.user("coordinator_a").pk,
    )
    assert event.changes == {
        "rows": 3,
        "new": 2,
        "updated": 1,
        "unchanged": 0,
        "new_guardians": 3,
        "not_in_file": 1,
        "filename": "leerlingen.csv",
        "created_ids": created,
        "changes": {str(changed.pk): {"class_name": ["2B", "3B"]}},
    }


@pytest.mark.django_db
def test_a_file_with_one_bad_row_writes_nothing(world, upload, confirm) -> None:  # type: ignore[no-untyped-def]
    rows = [student_row(n) for n in range(50)]
    rows[49] = student_row(49, **{"E-mail ouder 1": "geen-adres"})
    before = (_students(world), Guardianship.objects.count())

    job = upload(student_csv(rows))

    with pytest.raises(ValidationError):
        confirm(job)
    assert (_students(world), Guardianship.objects.count()) == before


@pytest.mark.django_db
def test_import_job_checks_the_file_again_and_writes_nothing_when_it_is_bad(world) -> None:  # type: ignore[no-untyped-def]
    rows = [student_row(n) for n in range(10)] + [student_row(10, Leerweg="vwo")]
    actor = world.actor("coordinator_a")
    source = jobs.create_job(
        kind=services.KIND_VALIDATE,
        actor=actor,
        school_id=world.school_a.pk,
        payload=student_csv(rows),
    )
    run = jobs.create_job(
        kind=services.KIND_IMPORT,
        actor=actor,
        school_id=world.school_a.pk,
        params={"validation_job_id": source.pk},
    )

    tasks.import_students.enqueue(run.pk)

    run.refresh_from_db()
    assert run.status == JobStatus.FAILED
    assert [e["code"] for e in run.errors] == ["changed", "invalid_track"]
    assert _students(world) == {"A001"}


@pytest.mark.django_db
def test_import_rolls_back_every_student_when_a_later_write_fails(world, upload, confirm) -> None:  # type: ignore[no-untyped-def]
    # A database trigger refuses the parents, which are written after the students.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_parents BEFORE INSERT ON network_guardianship "
                "FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_parents BEFORE INSERT ON network_guardianship "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
    job = upload(valid_csv(20))

    run = confirm(job)

    assert run.status == JobStatus.FAILED
    assert run.errors == [{"code": "unexpected"}]
    assert _students(world) == {"A001"}
    assert not AuditEvent.objects.filter(action="network.student_import.completed").exists()


@pytest.mark.django_db
def test_import_task_delivered_twice_imports_once(world, upload, confirm) -> None:  # type: ignore[no-untyped-def]
    run = confirm(upload(valid_csv(3)))

    tasks.import_students.enqueue(run.pk)

    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED
    assert Student.objects.filter(school=world.school_a).count() == 4
    assert AuditEvent.objects.filter(action="network.student_import.completed").count() == 1


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(world, upload, confirm) -> None:  # type: ignore[no-untyped-def]
    confirm(upload(valid_csv(3)))

    again = upload(valid_csv(3))

    assert again.result["counts"]["unchanged"] == 3
    assert again.result["counts"]["new"] == again.result["counts"]["new_guardians"] == 0


@pytest.mark.django_db
def test_import_drops_the_file_after_use(world, upload, confirm) -> None:  # type: ignore[no-untyped-def]
    job = upload(valid_csv(2))

    confirm(job)

    assert jobs.read_payload(job) == b""


@pytest.mark.django_db
def test_import_is_not_done_when_the_coordinator_left(
    world, upload, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    job = upload(valid_csv(2))
    with django_capture_on_commit_callbacks() as callbacks:
        run = services.confirm_student_import(actor=world.actor("coordinator_a"), job=job)
    membership = world.actor("coordinator_a").membership
    membership.is_active = False
    membership.save(update_fields=["is_active"])

    for callback in callbacks:
        callback()

    run.refresh_from_db()
    assert (run.status, run.errors) == (JobStatus.FAILED, [{"code": "not_allowed"}])
    assert _students(world) == {"A001"}


# --- Confirmation preconditions -------------------------------------------------------------


@pytest.mark.django_db
def test_confirm_refuses_a_file_still_being_checked(world) -> None:  # type: ignore[no-untyped-def]
    job = services.start_student_import(  # the validation task never ran: no on_commit here
        actor=world.actor("coordinator_a"), filename="x.csv", data=valid_csv(1)
    )

    with pytest.raises(ValidationError, match="still being checked"):
        services.confirm_student_import(actor=world.actor("coordinator_a"), job=job)


@pytest.mark.django_db
def test_confirm_refuses_a_second_import_of_the_same_file(world, upload, confirm) -> None:  # type: ignore[no-untyped-def]
    job = upload(valid_csv(1))
    confirm(job)

    with pytest.raises(ValidationError, match="already been imported"):
        confirm(job)


@pytest.mark.django_db
def test_confirm_refuses_another_schools_upload(world, upload, confirm) -> None:  # type: ignore[no-untyped-def]
    job = upload(valid_csv(1))

    with pytest.raises(ValidationError, match="not an import of your school"):
        confirm(job, actor="coordinator_b")


@pytest.mark.django_db
def test_confirm_refuses_an_expired_upload(world, upload, confirm) -> None:  # type: ignore[no-untyped-def]
    job = upload(valid_csv(1))
    jobs.clear_payload(job)

    with pytest.raises(ValidationError, match="expired"):
        confirm(job)


@pytest.mark.django_db
def test_confirm_allows_a_retry_after_a_failed_import(world, upload, confirm) -> None:  # type: ignore[no-untyped-def]
    job = upload(valid_csv(2))
    first = confirm(job)
    BackgroundJob.objects.filter(pk=first.pk).update(status=JobStatus.FAILED)
    Student.objects.filter(student_number__in=["9000", "9001"]).delete()
    BackgroundJob.objects.filter(pk=job.pk).update(payload=valid_csv(2))

    second = confirm(job)

    assert second.pk != first.pk and second.status == JobStatus.SUCCEEDED
    assert _students(world) == {"A001", "9000", "9001"}


# --- Speed ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_two_thousand_rows_validate_and_import_quickly(world, upload, confirm, capsys) -> None:  # type: ignore[no-untyped-def]
    for n in range(0, 2000, 4):  # a quarter are known students, half of them changed
        _matching_student(world, n, class_name="2A" if n % 8 else "3A")
    data = valid_csv(2000)

    started = time.perf_counter()
    job = upload(data)
    checked = time.perf_counter()
    run = confirm(job)
    done = time.perf_counter()

    assert run.status == JobStatus.SUCCEEDED
    assert run.result["counts"]["rows"] == 2000
    assert Student.objects.filter(school=world.school_a).count() == 2001
    with capsys.disabled():
        print(f"\n2,000 rows: check {checked - started:.2f} s, import {done - checked:.2f} s")
    assert done - started < 30
