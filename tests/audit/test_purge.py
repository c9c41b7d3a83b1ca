from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sen.audit.models import AuditEvent
from sen.audit.services import PURGE_ACTION, purge_before, record, verify_chain
from tests.audit.helpers import delete_rows, tamper


def _events(world, count: int, school=None) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    actor = world.actor("coordinator_a")
    return [
        record("network.school.updated", actor=actor, obj=school or world.school_a)
        for _ in range(count)
    ]


def _seqs(key: str) -> list[int]:
    return list(AuditEvent.objects.filter(chain=key).order_by("seq").values_list("seq", flat=True))


@pytest.mark.django_db
def test_purge_removes_the_old_prefix_and_anchors_the_chain(world) -> None:  # type: ignore[no-untyped-def]
    events = _events(world, 5)
    key, cutoff = events[0].chain, events[3].occurred_at
    assert events[2].occurred_at < cutoff

    (result,) = purge_before(cutoff=cutoff, by=world.actor("administrator"))

    assert (result.chain, result.purged, result.through_seq, result.skipped) == (key, 3, 3, "")
    anchor = result.anchor
    assert anchor is not None
    assert (anchor.chain, anchor.seq, anchor.action) == (key, 6, PURGE_ACTION)
    assert anchor.changes == {
        "purged_through_seq": 3,
        "last_purged_hash": events[2].hash,
        "purged_count": 3,
        "cutoff": cutoff.astimezone(dt.UTC).isoformat(),
    }
    assert anchor.actor_label == "Ada Admin"
    assert _seqs(key) == [4, 5, 6]
    report = verify_chain(key)
    assert (report.ok, report.length, report.purged) == (True, 3, 3)


@pytest.mark.django_db
def test_a_second_purge_moves_the_anchor(world) -> None:  # type: ignore[no-untyped-def]
    events = _events(world, 3)
    key = events[0].chain
    (first,) = purge_before(cutoff=events[2].occurred_at, by=None)
    later = _events(world, 2)

    (second,) = purge_before(cutoff=later[1].occurred_at, by=None)

    # Events 3 and 4 (the first anchor) and 5 went; 6 stays, 7 is the new anchor.
    assert (second.purged, second.through_seq) == (3, 5)
    assert first.anchor is not None and second.anchor is not None
    assert second.anchor.changes["last_purged_hash"] == later[0].hash
    assert _seqs(key) == [6, 7]
    report = verify_chain(key)
    assert (report.ok, report.length, report.purged) == (True, 2, 5)


@pytest.mark.django_db
def test_purge_keeps_newer_events_and_other_chains(world) -> None:  # type: ignore[no-untyped-def]
    events_a = _events(world, 2)
    events_b = _events(world, 2, school=world.school_b)
    cutoff = events_b[0].occurred_at

    results = purge_before(cutoff=cutoff, by=None)

    assert [(r.chain, r.purged) for r in results] == [(events_a[0].chain, 2)]
    assert _seqs(events_a[0].chain) == [3]
    assert _seqs(events_b[0].chain) == [1, 2]
    assert verify_chain(events_a[0].chain).ok
    assert verify_chain(events_b[0].chain).ok


@pytest.mark.django_db
def test_purge_with_nothing_old_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    events = _events(world, 2)

    assert purge_before(cutoff=events[0].occurred_at, by=None) == []
    assert _seqs(events[0].chain) == [1, 2]


@pytest.mark.django_db
def test_purge_leaves_a_broken_chain_whole(world) -> None:  # type: ignore[no-untyped-def]
    events = _events(world, 3)
    tamper(events[1].pk, "network.school.forged")

    (result,) = purge_before(cutoff=events[2].occurred_at, by=None)

    assert (result.purged, result.anchor, result.skipped) == (
        0,
        None,
        "content was changed after it was written",
    )
    assert _seqs(events[0].chain) == [1, 2, 3]


@pytest.mark.django_db
def test_purge_refuses_a_future_or_naive_cutoff(world) -> None:  # type: ignore[no-untyped-def]
    _events(world, 1)
    with pytest.raises(ValueError, match="future"):
        purge_before(cutoff=dt.datetime.now(dt.UTC) + dt.timedelta(days=1), by=None)
    with pytest.raises(ValueError, match="aware"):
        purge_before(cutoff=dt.datetime(2020, 1, 1), by=None)  # noqa: DTZ001 - the point
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db
def test_after_a_purge_a_deleted_anchor_is_detected(world) -> None:  # type: ignore[no-untyped-def]
    events = _events(world, 3)
    (result,) = purge_before(cutoff=events[2].occurred_at, by=None)
    assert result.anchor is not None
    delete_rows(result.anchor.pk)

    report = verify_chain(events[0].chain)
    assert (report.ok, report.broken_at) == (False, 1)


@pytest.mark.django_db
def test_after_a_purge_a_deleted_kept_event_is_detected(world) -> None:  # type: ignore[no-untyped-def]
    events = _events(world, 4)
    purge_before(cutoff=events[2].occurred_at, by=None)
    delete_rows(events[3].pk)

    report = verify_chain(events[0].chain)
    assert (report.ok, report.broken_at, report.reason) == (False, 4, "an event is missing")


@pytest.mark.django_db
def test_purge_audit_command_purges_and_verify_audit_accepts_the_result(world, capsys) -> None:  # type: ignore[no-untyped-def]
    events = _events(world, 3)
    key = events[0].chain

    call_command("purge_audit", "--before", events[2].occurred_at.isoformat())
    call_command("verify_audit")

    out = capsys.readouterr().out
    assert f"PURGED  {key}: 2 events (through event 2)" in out
    assert f"OK      {key}: 2 events (kept after 2 purged)" in out
    assert "All 1 chains intact (2 events)" in out


@pytest.mark.django_db
def test_purge_audit_command_refuses_bad_input(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="at least 1"):
        call_command("purge_audit", "--older-than-days", "0")
    with pytest.raises(CommandError, match="future"):
        call_command("purge_audit", "--before", "2999-01-01T00:00:00+00:00")
