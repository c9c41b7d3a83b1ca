"""The grade export: a coordinator downloads the grades of a period as a CSV file
(`sen.assessment.csvfile`), after the preview (`sen.assessment.selectors.export`).
Every download is audited (`assessment.grades.exported`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sen.assessment import csvfile
from sen.assessment.selectors.export import grade_export
from sen.audit.services import record
from sen.catalogue.models import Period
from sen.core.actor import Actor, Role
from sen.network.models import School


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    rows: int


def export_grades(*, actor: Actor, period: Period) -> ExportFile:
    """The CSV of the period's grades of the coordinator's school, audited."""
    if actor.role != Role.COORDINATOR or period.school_id != actor.school_id:
        raise ValidationError(
            _("Only a coordinator of the school exports its grades."), code="role"
        )
    preview = grade_export(actor, period)
    school = School.objects.get(pk=period.school_id)
    export = ExportFile(
        filename=csvfile.filename(period, school.brin),
        content=csvfile.render(preview.rows),
        rows=preview.count,
    )
    with transaction.atomic():
        record(
            "assessment.grades.exported",
            actor=actor,
            obj=period,
            changes={
                "period": str(period),
                "rows": preview.count,
                "ungraded": preview.ungraded,
                "warnings": len(preview.warnings),
                "file": export.filename,
            },
        )
    return export
