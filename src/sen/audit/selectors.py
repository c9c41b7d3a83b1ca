"""Reading the audit trail."""

from __future__ import annotations

from django.db import models

from sen.audit.models import AuditEvent
from sen.core.actor import Actor


def history_for(obj: models.Model, actor: Actor, *, limit: int = 50) -> list[AuditEvent]:
    """The history of one record for someone who may already see that record.

    The caller has fetched `obj` through `visible_to(actor)`; the parties of a
    record see its history (DOMAIN.md: audit trail).
    """
    return list(
        AuditEvent.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).order_by("-occurred_at", "-seq")[:limit]
    )
