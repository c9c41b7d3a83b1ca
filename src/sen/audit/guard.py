"""The database-level guard that keeps audit events append-only.

PostgreSQL: a trigger refuses UPDATE and DELETE on audit events unless the
transaction has set `sen.audit_purge` (only the retention purge does).
SQLite: the same trigger calls `sen_audit_locked()`, a function SEN registers
on its own connections; any other client (the sqlite3 shell) lacks the
function, so its UPDATE or DELETE fails as well.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

_purge_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "sen_audit_purge", default=False
)


def register_sqlite_guard(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "sen_audit_locked", 0, lambda: 0 if _purge_allowed.get() else 1, deterministic=False
        )


@contextmanager
def allow_purge() -> Iterator[None]:
    """Allow deleting audit events: for the retention purge only (and test teardown)."""
    token = _purge_allowed.set(True)
    try:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('sen.audit_purge', 'on', true)")
        yield
    finally:
        _purge_allowed.reset(token)


POSTGRES_SQL = """
CREATE OR REPLACE FUNCTION sen_audit_refuse_change() RETURNS trigger AS $$
BEGIN
    IF current_setting('sen.audit_purge', true) = 'on' AND TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION sen_audit_refuse_change();
"""

POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS sen_audit_refuse_change();
"""

SQLITE_SQL = [
    """CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent
       WHEN sen_audit_locked() BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_auditevent
       WHEN sen_audit_locked() BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
]


def install(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_SQL, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_SQL:
            schema_editor.execute(statement)


def uninstall(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)
