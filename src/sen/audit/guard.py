"""The database-level guard that keeps audit events append-only.

PostgreSQL: triggers refuse UPDATE always, and DELETE and TRUNCATE unless the
connection has set `sen.audit_purge` (only the retention purge does, through
`allow_purge`, and test teardown's flush).
SQLite: UPDATE is refused always; the DELETE trigger calls `sen_audit_locked()`,
a function SEN registers on its own connections; any other client (the sqlite3
shell) lacks the function, so its DELETE fails as well.

Migration 0003 installed the first version; 0004 hardens it (`harden`): no
UPDATE even during a purge on SQLite, and no TRUNCATE on PostgreSQL.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, connection

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
    """Allow deleting audit events: for the retention purge only (and test teardown).

    Only for the duration of the block: on PostgreSQL the setting is local to
    the transaction inside an atomic block and session-wide outside one (as
    Django's flush opens its own transaction), and is switched off again on exit.
    """
    token = _purge_allowed.set(True)
    postgres = connection.vendor == "postgresql"
    local = connection.in_atomic_block
    try:
        if postgres:
            _set_purge_flag("on", local=local)
        yield
    finally:
        _purge_allowed.reset(token)
        if postgres:
            try:
                _set_purge_flag("", local=local)
            except DatabaseError:
                # The transaction failed inside the block: it rolls back, and a
                # transaction-local setting goes with it.
                if not local:
                    raise


def _set_purge_flag(value: str, *, local: bool) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('sen.audit_purge', %s, %s)", [value, local])


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


# --- Migration 0004: harden ---------------------------------------------------------------

POSTGRES_HARDEN_SQL = """
CREATE OR REPLACE FUNCTION sen_audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('sen.audit_purge', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (TRUNCATE refused)'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION sen_audit_refuse_truncate();
"""

POSTGRES_HARDEN_REVERSE = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS sen_audit_refuse_truncate();
"""

SQLITE_HARDEN_SQL = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
]
SQLITE_HARDEN_REVERSE = ["DROP TRIGGER IF EXISTS audit_event_no_update", SQLITE_SQL[0]]


def harden(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_HARDEN_SQL, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_HARDEN_SQL:
            schema_editor.execute(statement)


def unharden(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_HARDEN_REVERSE, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_HARDEN_REVERSE:
            schema_editor.execute(statement)
