from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from sen.audit.guard import allow_purge
from sen.audit.models import AuditEvent
from sen.audit.services import record, verify_chain


@pytest.mark.django_db
def test_record_links_events_into_a_chain_per_school(world) -> None:  # type: ignore[no-untyped-def]
    actor = world.actor("coordinator_a")
    first = record(
        "network.school.updated", actor=actor, obj=world.school_a, changes={"name": ["a", "b"]}
    )
    second = record("network.school.updated", actor=actor, obj=world.school_a)
    other = record("network.school.updated", actor=world.actor("coordinator_b"), obj=world.school_b)

    assert (first.chain, first.seq, first.prev_hash) == (f"school:{world.school_a.pk}", 1, "0" * 64)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert (other.chain, other.seq) == (f"school:{world.school_b.pk}", 1)
    assert first.actor_role == "coordinator"
    assert first.organisation == f"school:{world.school_a.pk}"
    assert verify_chain(first.chain).ok


@pytest.mark.django_db
def test_action_codes_must_be_dotted(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        record("updated", actor=None)


@pytest.mark.django_db
def test_audit_events_refuse_update_and_delete(world) -> None:  # type: ignore[no-untyped-def]
    event = record("network.school.updated", actor=world.actor("coordinator_a"), obj=world.school_a)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="network.school.deleted")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "network.school.updated"


def _tamper(event_id: int, action: str) -> None:
    """Change a row behind the app's back, as a database superuser could."""
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER audit_event_append_only")
            cursor.execute(f"UPDATE {table} SET action = %s WHERE id = %s", [action, event_id])
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER audit_event_append_only")
        else:
            with allow_purge():
                cursor.execute(f"UPDATE {table} SET action = %s WHERE id = %s", [action, event_id])


@pytest.mark.django_db
def test_verify_audit_reports_the_first_broken_link(world, capsys) -> None:  # type: ignore[no-untyped-def]
    actor = world.actor("coordinator_a")
    events = [record("network.school.updated", actor=actor, obj=world.school_a) for _ in range(4)]
    call_command("verify_audit")
    assert "All 1 chains intact (4 events)" in capsys.readouterr().out

    _tamper(events[2].pk, "network.school.forged")

    with pytest.raises(CommandError):
        call_command("verify_audit")
    out = capsys.readouterr().out
    assert f"BROKEN  school:{world.school_a.pk}: first broken link at event 3" in out
