"""Importing a school's students from a CSV export (Magister, Somtoday).

Two background jobs, both shown with a progress bar:

1. `start_student_import` keeps the upload and queues the *validation* job
   (`validate_upload`): every row is read and checked, and compared with the
   students already in SEN. Its result is the preview: how many students are
   new, updated or unchanged, how many parents are new, and every finding.
2. `confirm_student_import` queues the *import* job (`write_import`) for a
   valid file. It reads and checks the same file again against the students
   as they are then, and writes everything in one transaction: a file with
   one bad row writes nothing.

Students are matched on school + student number; parents on e-mail address
per student. Students missing from the file and parents no longer in it are
left alone: leaving school is recorded elsewhere, never guessed from a file.

Audit: the import writes one event, `network.student_import.completed`, with
the counts, the ids of the students it created, and for every student it
updated the fields that changed with their values before and after. It writes
no event per student: `sen.audit.services.record` appends to a hash chain under
a lock, about 6 ms an event here, so a start-of-year file that moves 10,000
students to a new class would take a minute for its audit events alone (an
import of 3,000 changed students measured 17 s of its 31 s in `record`). The
one event keeps every change traceable to who, when and which file, within the
same transaction as the change. (Per-student events would fit once the audit
trail can append many events under one lock.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from sen.audit.services import record
from sen.catalogue.models import Profile
from sen.core import jobs
from sen.core.actor import Actor
from sen.core.models import BackgroundJob, JobStatus
from sen.network.importing import parsing
from sen.network.importing.messages import describe_file_problem
from sen.network.models import Guardianship, School, Student

KIND_VALIDATE = "network.student_import.validate"
KIND_IMPORT = "network.student_import.run"
# Uploads that were checked but not imported keep their file this long.
UPLOAD_KEPT_FOR = dt.timedelta(days=7)
SAMPLE_SIZE = 50  # changed students shown in the preview
FIELDS = ("first_name", "last_name", "date_of_birth", "class_name", "track", "profile_id", "year")


@dataclass
class Plan:
    """What an import would do to the school's students as they are now."""

    new: list[parsing.Row] = field(default_factory=list)
    updated: list[tuple[parsing.Row, int, dict[str, list[Any]]]] = field(default_factory=list)
    unchanged: int = 0
    # (student number, student id or None for a new student, e-mail)
    new_guardians: list[tuple[str, int | None, str]] = field(default_factory=list)
    not_in_file: int = 0

    def counts(self, *, rows: int) -> dict[str, int]:
        return {
            "rows": rows,
            "new": len(self.new),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "new_guardians": len(self.new_guardians),
            "not_in_file": self.not_in_file,
        }


def _profiles() -> tuple[dict[str, int], dict[int, str]]:
    keys: dict[str, int] = {}
    codes: dict[int, str] = {}
    for pk, code, name in Profile.objects.values_list("pk", "code", "name"):
        keys[parsing.profile_key(code)] = pk
        keys[parsing.profile_key(name)] = pk
        codes[pk] = code
    return keys, codes


def make_plan(school_id: int, rows: list[parsing.Row], profile_codes: dict[int, str]) -> Plan:
    """Compare checked rows with the school's students: two queries, whatever the size."""
    existing = {
        values[1]: values
        for values in Student.objects.filter(school_id=school_id).values_list(
            "pk", "student_number", *FIELDS
        )
    }
    pk_by_number = {number: values[0] for number, values in existing.items()}
    known_guardians = {
        (student_id, email.lower())
        for student_id, email in Guardianship.objects.filter(
            student__school_id=school_id
        ).values_list("student_id", "email")
    }
    plan = Plan()
    for row in rows:
        current = existing.get(row.student_number)
        if current is None:
            plan.new.append(row)
            plan.new_guardians.extend((row.student_number, None, e) for e in row.guardian_emails)
            continue
        pk = current[0]
        changes = {
            name: _shown(name, before, getattr(row, name), profile_codes)
            for name, before in zip(FIELDS, current[2:], strict=True)
            if before != getattr(row, name)
        }
        if changes:
            plan.updated.append((row, pk, changes))
        else:
            plan.unchanged += 1
        plan.new_guardians.extend(
            (row.student_number, pk, e)
            for e in row.guardian_emails
            if (pk, e) not in known_guardians
        )
    in_file = {row.student_number for row in rows}
    plan.not_in_file = sum(1 for number in pk_by_number if number not in in_file)
    return plan


def _shown(name: str, before: Any, after: Any, profile_codes: dict[int, str]) -> list[Any]:
    if name == "profile_id":
        return [profile_codes.get(before, ""), profile_codes.get(after, "")]
    if isinstance(before, dt.date):
        return [before.isoformat(), after.isoformat()]
    return [before, after]


# --- 1. Upload and validation ------------------------------------------------------------


def start_student_import(*, actor: Actor, filename: str, data: bytes) -> BackgroundJob:
    """Keep an uploaded file and queue its validation.

    Raises ValidationError when the file is too large or is not text; those are
    told at once, on the upload form, rather than after a job.
    """
    school_id = actor.school_id
    if school_id is None:
        raise ValidationError(_("Choose the school you act for first."))
    if len(data) > parsing.MAX_BYTES:
        raise ValidationError(
            describe_file_problem({"code": "too_large", "limit_mb": parsing.MAX_BYTES >> 20})
        )
    try:
        parsing.decode(data)
    except parsing.FileProblem as problem:
        raise ValidationError(describe_file_problem(problem.finding)) from problem
    with transaction.atomic():
        BackgroundJob.objects.filter(
            kind=KIND_VALIDATE, school_id=school_id, created_at__lt=timezone.now() - UPLOAD_KEPT_FOR
        ).exclude(payload=b"").update(payload=b"")
        job = jobs.create_job(
            kind=KIND_VALIDATE,
            actor=actor,
            school_id=school_id,
            params={"filename": filename[:200], "size": len(data)},
            payload=data,
        )
        record(
            "network.student_import.uploaded",
            actor=actor,
            obj=job,
            changes={"filename": filename[:200], "size": len(data)},
        )
        transaction.on_commit(lambda: _enqueue("validate_student_import", job.pk))
    return job


def _enqueue(task_name: str, job_id: int) -> None:
    from sen.network.importing import tasks

    getattr(tasks, task_name).enqueue(job_id)


def _read(job: BackgroundJob, data: bytes) -> tuple[parsing.Parsed, dict[int, str]]:
    """Parse and check the file, reporting progress per row on the job."""
    profile_keys, profile_codes = _profiles()
    # The number of lines is a close, cheap estimate of the rows before reading them.
    progress = jobs.Progress(job, total=max(1, data.count(b"\n")))
    parsed = parsing.parse(
        data, profiles=profile_keys, today=timezone.localdate(), on_row=progress.advance
    )
    jobs.set_progress(job, done=parsed.row_count, total=parsed.row_count)
    return parsed, profile_codes


def _file_summary(job: BackgroundJob, parsed: parsing.Parsed | None) -> dict[str, Any]:
    summary: dict[str, Any] = {"filename": job.params.get("filename", "")}
    if parsed is not None:
        summary.update(
            columns=parsed.columns,
            ignored_columns=parsed.ignored_columns,
            separator=parsed.separator,
            encoding=parsed.encoding,
        )
    return summary


def validate_upload(job: BackgroundJob) -> jobs.WorkResult:
    """The validation job's work: the preview of what an import of this file would do."""
    data = jobs.read_payload(job)
    try:
        parsed, profile_codes = _read(job, data)
    except parsing.FileProblem as problem:
        jobs.clear_payload(job)
        errors = list(problem.finding.get("errors") or [problem.finding])  # type: ignore[call-overload]
        return {**_file_summary(job, None), "valid": False}, errors
    assert job.school_id is not None  # noqa: S101 - import jobs always belong to a school
    plan = make_plan(job.school_id, parsed.rows, profile_codes)
    valid = not parsed.errors
    if not valid:
        jobs.clear_payload(job)  # it cannot be imported; keep no personal data for nothing
    result = {
        **_file_summary(job, parsed),
        "valid": valid,
        "counts": plan.counts(rows=parsed.row_count),
        "changes_sample": [
            {
                "row": row.number,
                "student_number": row.student_number,
                "name": f"{row.first_name} {row.last_name}",
                "changes": changes,
            }
            for row, _pk, changes in plan.updated[:SAMPLE_SIZE]
        ],
    }
    return result, parsed.errors


# --- 2. Confirmation and import ----------------------------------------------------------


def import_job_for(job: BackgroundJob) -> BackgroundJob | None:
    """The latest import job started from a validation job, if any."""
    import_id = job.result.get("import_job_id")
    if not import_id:
        return None
    return BackgroundJob.objects.defer("payload").filter(pk=import_id, kind=KIND_IMPORT).first()


def confirm_student_import(*, actor: Actor, job: BackgroundJob) -> BackgroundJob:
    """Queue the import of a checked, valid file; ValidationError when it cannot be imported."""
    with transaction.atomic():
        locked = BackgroundJob.objects.select_for_update().get(pk=job.pk)
        if locked.kind != KIND_VALIDATE or locked.school_id != actor.school_id:
            raise ValidationError(_("This is not an import of your school."))
        if locked.status != JobStatus.SUCCEEDED:
            raise ValidationError(_("The file is still being checked. Wait until it is done."))
        if not locked.result.get("valid"):
            raise ValidationError(_("This file has errors. Correct them and upload it again."))
        previous = import_job_for(locked)
        if previous is not None and previous.status != JobStatus.FAILED:
            raise ValidationError(_("This file has already been imported."))
        if not BackgroundJob.objects.filter(pk=locked.pk).exclude(payload=b"").exists():
            raise ValidationError(describe_file_problem({"code": "expired"}))
        import_job = jobs.create_job(
            kind=KIND_IMPORT,
            actor=actor,
            school_id=locked.school_id,
            params={"validation_job_id": locked.pk, "filename": locked.params.get("filename")},
        )
        locked.result = {**locked.result, "import_job_id": import_job.pk}
        locked.save(update_fields=["result", "updated_at"])
        record(
            "network.student_import.confirmed",
            actor=actor,
            obj=import_job,
            changes={"validation_job": locked.pk, **locked.result.get("counts", {})},
        )
        transaction.on_commit(lambda: _enqueue("import_students", import_job.pk))
    job.result = locked.result
    return import_job


def write_import(job: BackgroundJob) -> jobs.WorkResult:
    """The import job's work: check the file again and write it, all or nothing."""
    school_id = job.school_id
    assert school_id is not None  # noqa: S101 - import jobs always belong to a school
    actor = jobs.job_actor(job)
    if actor is None or actor.school_id != school_id:
        raise jobs.JobFailed([{"code": "not_allowed"}])
    source = (
        BackgroundJob.objects.defer("payload")
        .filter(pk=job.params.get("validation_job_id"), kind=KIND_VALIDATE, school_id=school_id)
        .first()
    )
    if source is None:
        raise jobs.JobFailed([{"code": "unexpected"}])
    data = jobs.read_payload(source)
    if not data:
        raise jobs.JobFailed([{"code": "expired"}])
    try:
        parsed, profile_codes = _read(job, data)
    except parsing.FileProblem as problem:
        raise jobs.JobFailed([{"code": "changed"}, problem.finding]) from problem
    if parsed.errors:
        raise jobs.JobFailed([{"code": "changed"}, *parsed.errors])
    with transaction.atomic():
        school = School.objects.select_for_update().get(pk=school_id)
        plan = make_plan(school.pk, parsed.rows, profile_codes)
        created, updated = _write(school, plan)
        counts = plan.counts(rows=parsed.row_count)
        record(
            "network.student_import.completed",
            actor=actor,
            obj=job,
            changes={
                **counts,
                "filename": job.params.get("filename") or "",
                "created_ids": sorted(student.pk for student in created),
                "changes": {
                    str(student.pk): changes
                    for student, (_row, _pk, changes) in zip(updated, plan.updated, strict=True)
                },
            },
            object_label=str(job.params.get("filename") or ""),
        )
    jobs.clear_payload(source)
    return {**_file_summary(job, parsed), "counts": counts}, []


def _write(school: School, plan: Plan) -> tuple[list[Student], list[Student]]:
    """Write a plan with bulk queries; return the created and the updated students."""
    created = [
        Student(school=school, student_number=row.student_number, **_values(row))
        for row in plan.new
    ]
    Student.objects.bulk_create(created, batch_size=1000)
    if any(student.pk is None for student in created):  # a database without RETURNING
        pks = dict(Student.objects.filter(school=school).values_list("student_number", "pk"))
        for student in created:
            student.pk = pks[student.student_number]
    now = timezone.now()
    updated = [
        Student(
            pk=pk, school=school, student_number=row.student_number, updated_at=now, **_values(row)
        )
        for row, pk, _changes in plan.updated
    ]
    _update_all(updated)
    new_ids = {student.student_number: student.pk for student in created}
    Guardianship.objects.bulk_create(
        [
            Guardianship(student_id=pk if pk is not None else new_ids[number], email=email)
            for number, pk, email in plan.new_guardians
        ],
        batch_size=1000,
    )
    return created, updated


def _update_all(students: list[Student]) -> None:
    """Write the changed fields of many students: one prepared UPDATE, sent for all rows.

    `bulk_update` builds a CASE expression per field and row; for 10,000 students
    that took 35 s on SQLite and 40 s on PostgreSQL here, against 0.2 s and 1.5 s
    for this statement sent with executemany.
    """
    if not students:
        return
    meta = Student._meta
    fields: list[Field[Any, Any]] = [
        field
        for name in (*FIELDS, "updated_at")
        if isinstance(field := meta.get_field(name), Field)
    ]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
    table, key = quote(meta.db_table), quote(str(meta.pk.column))
    sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608 - names from the model, values as parameters
    params = [
        [f.get_db_prep_value(getattr(s, f.attname), connection) for f in fields] + [s.pk]
        for s in students
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _values(row: parsing.Row) -> dict[str, Any]:
    return {name: getattr(row, name) for name in FIELDS}
