"""Changes to a student's portfolio: add, change and remove evidence, and export it.

Only the student keeps their portfolio (DOMAIN.md: "uploads evidence, reflects");
teachers, the placement's supervisor and parents read it (`sen.portfolio.rules`).
Uploads are checked by content (`sen.portfolio.uploads`, `sen.core.images`) and
stored under server-generated names; files are deleted once their row is.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from sen.assessment.models import ASSESSABLE_STATUSES, Criterion
from sen.audit.services import record
from sen.core import jobs
from sen.core.actor import Actor, Role
from sen.core.images import clean_image
from sen.core.models import BackgroundJob, JobStatus
from sen.network.models import Student
from sen.placements.models import Placement
from sen.portfolio.models import Evidence, EvidenceKind
from sen.portfolio.uploads import check_file

MAX_TITLE = 200
MAX_TEXT = 5000
MAX_EVIDENCE = 300  # per student: a portfolio, not a file store


def student_of(actor: Actor) -> Student:
    """The student record of a student actor; ValidationError for anyone else."""
    if actor.role != Role.STUDENT or actor.user_id is None:
        raise ValidationError(_("Only the student keeps their portfolio."), code="role")
    student = Student.objects.filter(user_id=actor.user_id, school_id=actor.school_id or 0).first()
    if student is None:
        raise ValidationError(_("Only the student keeps their portfolio."), code="role")
    return student


def _own(actor: Actor, evidence: Evidence) -> Student:
    student = student_of(actor)
    if evidence.student_id != student.pk:
        raise ValidationError(_("This evidence belongs to another student."), code="owner")
    return student


def _clean(title: str, text: str) -> tuple[str, str]:
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": ValidationError(_("Give it a title."), code="required")})
    if len(title) > MAX_TITLE:
        raise ValidationError(
            {
                "title": ValidationError(
                    _("A title has at most %(max)s characters.") % {"max": MAX_TITLE},
                    code="length",
                )
            }
        )
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {
                "text": ValidationError(
                    _("Write at most %(max)s characters.") % {"max": MAX_TEXT}, code="length"
                )
            }
        )
    return title, text


def _check_placement(student: Student, placement: Placement | None) -> None:
    if placement is None:
        return
    if placement.student_id != student.pk or placement.status not in ASSESSABLE_STATUSES:
        raise ValidationError(
            {
                "placement": ValidationError(
                    _("Choose one of your own running or finished placements."), code="placement"
                )
            }
        )


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def add_evidence(
    *,
    actor: Actor,
    kind: str,
    title: str,
    text: str = "",
    placement: Placement | None = None,
    upload: IO[bytes] | None = None,
    filename: str = "",
    include_in_export: bool = True,
) -> Evidence:
    """Add a photo, a file or a written reflection to the student's own portfolio."""
    student = student_of(actor)
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": ValidationError(_("Choose photo, file or reflection."))})
    title, text = _clean(title, text)
    _check_placement(student, placement)
    evidence = Evidence(
        student=student,
        placement=placement,
        kind=kind,
        title=title,
        text=text,
        include_in_export=include_in_export,
    )
    name = uuid.uuid4().hex
    if kind == EvidenceKind.REFLECTION:
        if not text:
            raise ValidationError(
                {"text": ValidationError(_("Write your reflection."), code="required")}
            )
    elif upload is None:
        raise ValidationError(
            {"file": ValidationError(_("Choose a photo or file to upload."), code="required")}
        )
    elif kind == EvidenceKind.PHOTO:
        try:
            cleaned = clean_image(upload, filename, getattr(upload, "size", None))
        except ValidationError as exc:
            raise ValidationError({"file": exc.error_dict["image"]}) from exc
        ext = "png" if cleaned.format == "png" else "jpg"
        evidence.file_type, evidence.size = ext, len(cleaned.image)
        evidence.file.save(f"{name}.{ext}", ContentFile(cleaned.image), save=False)
        evidence.thumbnail.save(f"{name}-thumb.{ext}", ContentFile(cleaned.thumbnail), save=False)
    else:
        checked = check_file(upload, filename, getattr(upload, "size", None))
        evidence.file_type, evidence.size = checked.file_type, len(checked.data)
        evidence.file.save(f"{name}.{checked.file_type}", ContentFile(checked.data), save=False)
    stored = [evidence.file.name or "", evidence.thumbnail.name or ""]
    try:
        with transaction.atomic():
            locked = Student.objects.select_for_update().get(pk=student.pk)
            if Evidence.objects.filter(student=locked).count() >= MAX_EVIDENCE:
                raise ValidationError(
                    _("Your portfolio holds at most %(max)s pieces of evidence.")
                    % {"max": MAX_EVIDENCE},
                    code="too_many",
                )
            evidence.save()
            record(
                "portfolio.evidence.added",
                actor=actor,
                obj=evidence,
                changes={
                    "kind": kind,
                    "title": title,
                    "placement": placement.pk if placement else None,
                    "file_type": evidence.file_type,
                    "size": evidence.size,
                },
            )
    except BaseException:
        _delete_files(stored)
        raise
    return evidence


def allowed_criteria(evidence: Evidence) -> list[Criterion]:
    """The criteria evidence can be linked to: those of its placement's elective's rubric."""
    if evidence.placement_id is None or evidence.placement is None:
        return []
    return list(
        Criterion.objects.filter(
            rubric__school_id=evidence.student.school_id,
            rubric__elective_id=evidence.placement.offer.elective_id,
        ).order_by("order", "pk")
    )


def update_evidence(
    *,
    actor: Actor,
    evidence: Evidence,
    title: str,
    text: str,
    criteria_ids: Iterable[int],
    include_in_export: bool,
) -> Evidence:
    """Change the title and text, the linked criteria, and whether it goes into the export."""
    _own(actor, evidence)
    title, text = _clean(title, text)
    if evidence.kind == EvidenceKind.REFLECTION and not text:
        raise ValidationError(
            {"text": ValidationError(_("Write your reflection."), code="required")}
        )
    allowed = {c.pk: c for c in allowed_criteria(evidence)}
    wanted = {int(pk) for pk in criteria_ids}
    if not wanted <= set(allowed):
        raise ValidationError(
            {
                "criteria": ValidationError(
                    _("Link only criteria of the rubric of this placement's elective."),
                    code="criteria",
                )
            }
        )
    before = {
        "title": evidence.title,
        "text": evidence.text,
        "include_in_export": evidence.include_in_export,
        "criteria": sorted(evidence.criteria.values_list("pk", flat=True)),
    }
    after = {
        "title": title,
        "text": text,
        "include_in_export": include_in_export,
        "criteria": sorted(wanted),
    }
    if before == after:
        return evidence
    with transaction.atomic():
        evidence.title, evidence.text, evidence.include_in_export = title, text, include_in_export
        evidence.save(update_fields=["title", "text", "include_in_export", "updated_at"])
        evidence.criteria.set([allowed[pk] for pk in wanted])
        changes = {k: [before[k], after[k]] for k in after if k != "text" and before[k] != after[k]}
        if before["text"] != after["text"]:
            changes["text_changed"] = True  # type: ignore[assignment]
        record("portfolio.evidence.updated", actor=actor, obj=evidence, changes=changes)
    return evidence


def remove_evidence(*, actor: Actor, evidence: Evidence) -> None:
    """Delete evidence and, once that is committed, its files."""
    _own(actor, evidence)
    names = [evidence.file.name or "", evidence.thumbnail.name or ""]
    with transaction.atomic():
        record(
            "portfolio.evidence.removed",
            actor=actor,
            obj=evidence,
            changes={"kind": evidence.kind, "title": evidence.title},
        )
        Evidence.objects.filter(pk=evidence.pk).delete()
        transaction.on_commit(lambda: _delete_files(names))


KIND_PDF = "portfolio.export_pdf"
EXPORTS = "portfolio/exports/"


def start_pdf_export(*, actor: Actor) -> BackgroundJob:
    """Queue the PDF export of the student's portfolio (a background job: a portfolio with
    photos takes one to several seconds to render). Only the student follows the job."""
    student = student_of(actor)
    with transaction.atomic():
        job = jobs.create_job(
            kind=KIND_PDF,
            actor=actor,
            params={"student_id": student.pk, "language": translation.get_language() or "nl"},
        )
        transaction.on_commit(lambda: _enqueue_pdf(job.pk))
    return job


def _enqueue_pdf(job_id: int) -> None:
    from sen.portfolio import tasks

    tasks.export_portfolio_pdf.enqueue(job_id)


def run_pdf_export(job: BackgroundJob) -> jobs.WorkResult:
    """The work of the PDF export job: build, render and store the PDF; the student's
    earlier export files are deleted (one stored export per student)."""
    from sen.portfolio import export

    actor = jobs.job_actor(job)
    if actor is None:
        raise jobs.JobFailed([{"code": "actor_gone"}])
    with translation.override(str(job.params.get("language") or "nl")):
        student = student_of(actor)
        data = export.portfolio_data(student)
        pdf = export.render_pdf(data)
        earlier = [
            str(old.result.get("file", ""))
            for old in BackgroundJob.objects.filter(
                kind=KIND_PDF, created_by_id=actor.user_id, status=JobStatus.SUCCEEDED
            ).exclude(pk=job.pk)
        ]
        name = default_storage.save(f"{EXPORTS}{uuid.uuid4().hex}.pdf", ContentFile(pdf))
        with transaction.atomic():
            record(
                "portfolio.portfolio.exported",
                actor=actor,
                obj=student,
                changes={"format": "pdf", "evidence": data.evidence_count, "bytes": len(pdf)},
            )
        _delete_files(n for n in earlier if n.startswith(EXPORTS))
        return {
            "file": name,
            "filename": export.filename(student, "pdf"),
            "bytes": len(pdf),
            "evidence": data.evidence_count,
        }, []


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes
    items: int


def export_portfolio(*, actor: Actor, fmt: str) -> ExportFile:
    """The student's own portfolio as PDF or JSON, at once: only the evidence they included.
    Audited (`portfolio.portfolio.exported`) without the content. The page uses this for
    JSON (well under a second) and `start_pdf_export` for the PDF."""
    from sen.portfolio import export

    student = student_of(actor)
    if fmt not in ("pdf", "json"):
        raise ValidationError(_("Choose PDF or JSON."), code="format")
    data = export.portfolio_data(student)
    if fmt == "pdf":
        content, content_type = export.render_pdf(data), "application/pdf"
    else:
        content, content_type = export.render_json(data), "application/json"
    filename = export.filename(student, fmt)
    with transaction.atomic():
        record(
            "portfolio.portfolio.exported",
            actor=actor,
            obj=student,
            changes={"format": fmt, "evidence": data.evidence_count, "bytes": len(content)},
        )
    return ExportFile(
        filename=filename, content_type=content_type, content=content, items=data.evidence_count
    )
