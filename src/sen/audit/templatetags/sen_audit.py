"""`{% audit_entries history as entries %}`: audit events ready to show (see presentation)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from sen.audit.models import AuditEvent
from sen.audit.presentation import Entry, present

register = template.Library()


@register.simple_tag
def audit_entries(events: Iterable[AuditEvent] | None) -> list[Entry]:
    return present(events or ())
