"""The student import: a school's coordinators, for their own school's uploads only."""

from __future__ import annotations

from tests.access.spec import Url

COORDINATORS = frozenset({"coordinator_a", "coordinator_b", "coordinator_c"})


def _upload_a(world):  # type: ignore[no-untyped-def]
    """A checked, valid upload of school A by its coordinator."""
    from sen.core import jobs
    from sen.core.models import BackgroundJob, JobStatus
    from sen.network.importing.services import KIND_VALIDATE

    job = jobs.create_job(
        kind=KIND_VALIDATE,
        actor=world.actor("coordinator_a"),
        school_id=world.school_a.pk,
        params={"filename": "leerlingen-2026.csv"},
        payload=b"Leerlingnummer;Roepnaam\r\n",
    )
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED, result={"valid": True, "counts": {"rows": 1, "new": 1}}
    )
    return {"pk": job.pk}


def _teachers_job(world):  # type: ignore[no-untyped-def]
    from sen.core import jobs

    job = jobs.create_job(
        kind="tests.some.job", actor=world.actor("teacher_a"), school_id=world.school_a.pk
    )
    return {"pk": job.pk}


URLS = [
    Url("imports:start", COORDINATORS),
    Url(
        "imports:detail",
        {"coordinator_a"},
        kwargs=_upload_a,
        shows=lambda w: ["leerlingen-2026.csv"],
    ),
    # The import itself then fails (the stored file has no students), but is queued: 302.
    Url("imports:confirm", {"coordinator_a"}, kwargs=_upload_a, method="post", ok_status=(302,)),
    Url("imports:job_status", {"coordinator_a"}, kwargs=_upload_a),
    # A job is followed by the person who started it and their school's coordinators.
    Url("imports:job_status", {"coordinator_a", "teacher_a"}, kwargs=_teachers_job),
]
