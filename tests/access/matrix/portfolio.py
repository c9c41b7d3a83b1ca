"""Portfolio: the student keeps it; teachers and coordinators of the school, the
placement's supervisor and parents read it; nobody else (company contacts neither).

Setups: ANNA gives Anna a running placement at company A *without* a supervisor (so
that supervisor_a has no access and the walk's family-A check stays meaningful), a
photo from it and a general reflection. SVEN places a classmate with supervisor_a,
with a reflection from that placement: the supervisor's view. PDF adds a finished PDF
export of Anna's portfolio."""

from __future__ import annotations

from typing import Any

from tests.access.spec import Url

FOUND = (302,)
STUDENTS = frozenset({"student_a", "student_b"})
ANNAS_READERS = frozenset({"teacher_a", "coordinator_a", "parent_a"})
SVENS_READERS = frozenset({"teacher_a", "coordinator_a", "supervisor_a"})


def _anna(world: Any) -> None:
    from sen.portfolio import services
    from sen.portfolio.models import EvidenceKind
    from tests.factories.placements import placement_for
    from tests.factories.portfolio import EvidenceFactory, jpeg, upload

    placement = placement_for(world, "a")
    placement.supervisor = None
    placement.save(update_fields=["supervisor"])
    EvidenceFactory(student=world.student_a, title="Dagboek")
    services.add_evidence(
        actor=world.actor("student_a"),
        kind=EvidenceKind.PHOTO,
        title="Muurtje",
        placement=placement,
        upload=upload("muur.jpg", jpeg()),
        filename="muur.jpg",
    )


def _sven(world: Any) -> None:
    from tests.factories import StudentFactory
    from tests.factories.placements import placement_for
    from tests.factories.portfolio import EvidenceFactory

    placement = placement_for(world, "a")
    placement.student = StudentFactory(
        school=world.school_a, first_name="Sven", last_name="Schut", student_number="S001"
    )
    placement.save(update_fields=["student"])
    EvidenceFactory(student=placement.student, placement=placement, title="Week 2 bij Jansen")


def _pdf(world: Any) -> None:
    from sen.core import jobs
    from sen.portfolio import services

    _anna(world)
    job = services.start_pdf_export(actor=world.actor("student_a"))
    jobs.run_job(job.pk, kind=services.KIND_PDF, work=services.run_pdf_export)


def _evidence(world: Any) -> dict[str, int]:
    from sen.portfolio.models import Evidence

    return {"pk": Evidence.objects.latest("pk").pk}


def _student(world: Any) -> dict[str, int]:
    from sen.portfolio.models import Evidence

    return {"pk": Evidence.objects.latest("pk").student_id}


def _job(world: Any) -> dict[str, int]:
    from sen.core.models import BackgroundJob

    return {"pk": BackgroundJob.objects.filter(kind="portfolio.export_pdf").latest("pk").pk}


ANNA = {"setup": _anna}
SVEN = {"setup": _sven}
PDF = {"setup": _pdf}

URLS = [
    Url("portfolio:mine", STUDENTS, extra=ANNA),
    Url(
        "portfolio:add",
        STUDENTS,
        method="post",
        data=lambda w: {"kind": "reflection", "title": "Week 1", "text": "Ik leerde veel"},
        ok_status=FOUND,
    ),
    Url(
        "portfolio:evidence_edit",
        {"student_a"},
        kwargs=_evidence,
        method="post",
        data=lambda w: {"title": "Nieuwe titel", "text": ""},
        ok_status=FOUND,
        extra=ANNA,
    ),
    Url(
        "portfolio:evidence_remove",
        {"student_a"},
        kwargs=_evidence,
        method="post",
        ok_status=FOUND,
        extra=ANNA,
    ),
    Url("portfolio:export_pdf", STUDENTS, method="post", ok_status=FOUND, extra=ANNA),
    Url("portfolio:export_json", STUDENTS, method="post", extra=ANNA),
    Url("portfolio:export_job", {"student_a"}, kwargs=_job, extra=PDF),
    Url("portfolio:export_job_status", {"student_a"}, kwargs=_job, extra=PDF),
    Url("portfolio:export_download", {"student_a"}, kwargs=_job, extra=PDF),
    Url(
        "portfolio:evidence",
        {"student_a", *ANNAS_READERS},
        kwargs=_evidence,
        extra=ANNA,
        shows=lambda w: ["Muurtje"],
    ),
    Url(
        "portfolio:evidence",
        SVENS_READERS,
        kwargs=_evidence,
        extra=SVEN,
        shows=lambda w: ["Week 2 bij Jansen"],
        note="the supervisor reads evidence of the placements they supervise",
    ),
    Url("portfolio:evidence_file", {"student_a", *ANNAS_READERS}, kwargs=_evidence, extra=ANNA),
    Url(
        "portfolio:evidence_thumbnail", {"student_a", *ANNAS_READERS}, kwargs=_evidence, extra=ANNA
    ),
    Url(
        "portfolio:student",
        ANNAS_READERS,
        kwargs=_student,
        extra=ANNA,
        shows=lambda w: ["Anna Achterberg", "Muurtje", "Dagboek"],
    ),
    Url(
        "portfolio:student",
        SVENS_READERS,
        kwargs=_student,
        extra=SVEN,
        shows=lambda w: ["Sven Schut", "Week 2 bij Jansen"],
    ),
]
