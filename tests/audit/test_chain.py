from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from sen.audit.guard import allow_purge
from sen.audit.models import AuditChain, AuditEvent
from sen.audit.services import diff, record, snapshot, verify_chain
from tests.audit.helpers import delete_rows, tamper


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


@pytest.mark.django_db
def test_verify_audit_reports_the_first_broken_link(world, capsys) -> None:  # type: ignore[no-untyped-def]
    actor = world.actor("coordinator_a")
    events = [record("network.school.updated", actor=actor, obj=world.school_a) for _ in range(4)]
    call_command("verify_audit")
    assert "All 1 chains intact (4 events)" in capsys.readouterr().out

    tamper(events[2].pk, "network.school.forged")

    with pytest.raises(CommandError):
        call_command("verify_audit")
    out = capsys.readouterr().out
    assert f"BROKEN  school:{world.school_a.pk}: first broken link at event 3" in out


def _events(world, count: int) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    actor = world.actor("coordinator_a")
    return [record("network.school.updated", actor=actor, obj=world.school_a) for _ in range(count)]


@pytest.mark.django_db
def test_orm_save_delete_and_bulk_update_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    (event,) = _events(world, 1)
    event.action = "network.school.forged"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["action"])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.get(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "network.school.updated"


@pytest.mark.django_db
def test_raw_sql_update_and_delete_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    (event,) = _events(world, 1)
    table = AuditEvent._meta.db_table
    statements = [
        (f"UPDATE {table} SET action = %s WHERE id = %s", ["network.school.forged", event.pk]),
        (f"UPDATE {table} SET changes = %s", ["{}"]),
        (f"DELETE FROM {table} WHERE id = %s", [event.pk]),
        (f"DELETE FROM {table}", []),
    ]
    for sql, params in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    assert list(AuditEvent.objects.values_list("pk", "action")) == [
        (event.pk, "network.school.updated")
    ]


@pytest.mark.django_db
def test_update_is_refused_even_while_purging(world) -> None:  # type: ignore[no-untyped-def]
    (event,) = _events(world, 1)
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), allow_purge():
        AuditEvent.objects.filter(pk=event.pk).update(action="network.school.forged")
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        allow_purge(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET action = 'x.y.z' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "network.school.updated"


@pytest.mark.django_db
def test_delete_is_allowed_only_inside_allow_purge(world) -> None:  # type: ignore[no-untyped-def]
    first, second = _events(world, 2)
    delete_rows(first.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=second.pk).delete()
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [second.pk]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL only")
def test_truncate_is_refused_on_postgresql(world) -> None:  # type: ignore[no-untyped-def]
    _events(world, 2)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {AuditEvent._meta.db_table}")
    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db
def test_a_deleted_event_in_the_middle_is_detected(world) -> None:  # type: ignore[no-untyped-def]
    events = _events(world, 5)
    delete_rows(events[2].pk)

    report = verify_chain(events[0].chain)

    assert (report.ok, report.broken_at, report.reason) == (False, 3, "an event is missing")


@pytest.mark.django_db
def test_a_deleted_first_event_is_detected(world) -> None:  # type: ignore[no-untyped-def]
    events = _events(world, 3)
    delete_rows(events[0].pk)

    report = verify_chain(events[0].chain)

    assert (report.ok, report.broken_at, report.reason) == (False, 1, "an event is missing")


@pytest.mark.django_db
def test_a_removed_tail_is_detected(world, capsys) -> None:  # type: ignore[no-untyped-def]
    events = _events(world, 5)
    delete_rows(events[3].pk, events[4].pk)

    report = verify_chain(events[0].chain)

    assert (report.ok, report.length, report.broken_at) == (False, 3, 4)
    assert report.reason == "events were removed from the end of the chain"
    with pytest.raises(CommandError):
        call_command("verify_audit", "--chain", events[0].chain)
    assert "first broken link at event 4" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_missing_chain_head_is_detected(world) -> None:  # type: ignore[no-untyped-def]
    events = _events(world, 2)
    AuditChain.objects.filter(key=events[0].chain).delete()

    report = verify_chain(events[0].chain)

    assert (report.ok, report.broken_at, report.reason) == (False, 3, "the chain head is missing")


@pytest.mark.django_db
def test_a_rolled_back_service_transaction_leaves_no_event(world) -> None:  # type: ignore[no-untyped-def]
    school = world.school_a
    key = f"school:{school.pk}"

    def rename_school_then_fail() -> None:
        with transaction.atomic():
            before = snapshot(school, ["name"])
            school.name = "Nieuwe naam"
            school.save(update_fields=["name"])
            record(
                "network.school.updated",
                actor=world.actor("coordinator_a"),
                obj=school,
                changes=diff(before, snapshot(school, ["name"])),
            )
            raise RuntimeError("a later step of the service failed")

    with pytest.raises(RuntimeError):
        rename_school_then_fail()

    school.refresh_from_db()
    assert school.name == "Ludger College"
    assert AuditEvent.objects.filter(chain=key).count() == 0
    assert not AuditChain.objects.filter(key=key).exists()
    assert record("network.school.updated", actor=None, obj=school).seq == 1
    assert verify_chain(key).ok


@pytest.mark.django_db
def test_credentials_never_enter_the_trail(world) -> None:  # type: ignore[no-untyped-def]
    event = record(
        "accounts.user.updated",
        actor=world.actor("administrator"),
        obj=world.user("teacher_a"),
        changes={
            "password": ["old-secret", "new-secret"],
            "session_token": "abc",
            "recovery_codes": ["1234"],
            "full_name": "x",
            "footprint": "y",
        },
    )
    stored = AuditEvent.objects.get(pk=event.pk).changes
    assert stored == {
        "password": ["[hidden]", "[hidden]"],
        "session_token": "[hidden]",
        "recovery_codes": ["[hidden]"],
        "full_name": "x",
        "footprint": "y",
    }
    assert verify_chain(event.chain).ok
