"""Changing audit rows behind the app's back, as only a database superuser or the purge can."""

from __future__ import annotations

from django.db import connection, transaction

from sen.audit.guard import SQLITE_HARDEN_SQL, allow_purge
from sen.audit.models import AuditEvent


def tamper(event_id: int, action: str) -> None:
    """Change a row with the append-only trigger switched off, as a superuser could."""
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER audit_event_append_only")
            cursor.execute(f"UPDATE {table} SET action = %s WHERE id = %s", [action, event_id])
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER audit_event_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute(f"UPDATE {table} SET action = %s WHERE id = %s", [action, event_id])
            cursor.execute(SQLITE_HARDEN_SQL[-1])


def delete_rows(*event_ids: int) -> None:
    """Delete rows as only the retention purge may."""
    with transaction.atomic(), allow_purge():
        AuditEvent.objects.filter(pk__in=event_ids).delete()
