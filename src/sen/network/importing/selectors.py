"""Reading imports: a coordinator sees the imports of the school they act for."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sen.core.actor import Actor
from sen.core.jobs import visible_jobs
from sen.core.models import BackgroundJob
from sen.core.scoping import get_visible_or_404
from sen.network.importing import services
from sen.network.importing.messages import describe
from sen.network.models import Student


def _field_label(name: str) -> str:
    field = Student._meta.get_field(name.removesuffix("_id"))
    return str(getattr(field, "verbose_name", name))


def school_imports(actor: Actor) -> QuerySet[BackgroundJob]:
    return (
        visible_jobs(actor)
        .filter(kind=services.KIND_VALIDATE, school_id=actor.school_id or 0)
        .select_related("created_by")
    )


def recent_imports(actor: Actor, *, limit: int = 10) -> list[BackgroundJob]:
    """The school's latest uploads, each with `.run`: its import job or None (two queries)."""
    uploads = list(school_imports(actor)[:limit])
    run_ids = [u.result["import_job_id"] for u in uploads if u.result.get("import_job_id")]
    runs = {
        job.pk: job
        for job in BackgroundJob.objects.defer("payload").filter(
            pk__in=run_ids, kind=services.KIND_IMPORT
        )
    }
    for upload in uploads:
        upload.run = runs.get(upload.result.get("import_job_id"))  # type: ignore[attr-defined]
    return uploads


def get_import(actor: Actor, pk: int) -> BackgroundJob:
    """An upload of the actor's school (its validation job), or 404."""
    return get_visible_or_404(school_imports(actor), actor, pk=pk)


def import_overview(upload: BackgroundJob) -> dict[str, Any]:
    """What the import page shows for an upload: its check, its import, their findings."""
    run = services.import_job_for(upload)
    upload.run = run  # type: ignore[attr-defined]
    shown = run if run is not None else upload
    return {
        "upload": upload,
        "run": run,
        "counts": (run.result if run and run.result.get("counts") else upload.result).get(
            "counts", {}
        ),
        "problems": [
            {"row": finding.get("row"), "text": describe(finding)} for finding in shown.errors
        ],
        "problem_count": shown.result.get("error_count", len(shown.errors)),
        "changes_shown_of": upload.result.get("counts", {}).get("updated", 0),
        "changes": [
            {
                "row": item["row"],
                "student": f"{item['name']} ({item['student_number']})",
                "changes_shown_of": upload.result.get("counts", {}).get("updated", 0),
                "changes": [
                    (_field_label(name), *item["changes"][name])
                    for name in services.FIELDS
                    if name in item["changes"]  # in the form's order: jsonb keeps its own
                ],
            }
            for item in upload.result.get("changes_sample", [])
        ],
        "can_confirm": bool(upload.result.get("valid") and (run is None or run.status == "failed")),
    }
