"""The demo's embedded SQLite file: where it is, making its folder, starting afresh."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.db import connections


def sqlite_file(alias: str = "default") -> Path | None:
    """The SQLite database file, or None for PostgreSQL or an in-memory database."""
    connection = connections[alias]
    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    return Path(name)


def ensure_database_folder() -> None:
    """SQLite creates the file but not its folder (var/ on a fresh checkout)."""
    path = sqlite_file()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


def delete_and_migrate() -> Path:
    """Delete the SQLite file (the audit trail is append-only, so rows cannot be
    deleted one by one) and create an empty, migrated database in its place."""
    path = sqlite_file()
    if path is None:
        raise ValueError("Only a SQLite database file can be deleted and created again")
    connections.close_all()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    return path
