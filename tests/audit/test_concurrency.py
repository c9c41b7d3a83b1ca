"""Many writers at once on one chain: PostgreSQL only (SQLite serialises all writers)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from sen.audit.models import AuditChain, AuditEvent
from sen.audit.services import GENESIS, record, verify_chain
from tests.factories import SchoolFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL: SQLite in memory has one connection",
    ),
]

WRITERS = 6
EVENTS_EACH = 8


def _run_at_once(target, count: int) -> list[BaseException]:  # type: ignore[no-untyped-def]
    """Start `count` threads, each on its own database connection, at the same moment."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            barrier.wait(timeout=10)
            target(number)
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_append_one_chain_without_gaps_or_forks() -> None:
    school = SchoolFactory()
    key = f"school:{school.pk}"

    def write(number: int) -> None:
        for i in range(EVENTS_EACH):
            record("network.school.updated", actor=None, obj=school, changes={"n": [number, i]})

    errors = _run_at_once(write, WRITERS)

    assert errors == []
    total = WRITERS * EVENTS_EACH
    rows = list(
        AuditEvent.objects.filter(chain=key).order_by("seq").values_list("seq", "prev_hash", "hash")
    )
    assert [seq for seq, _prev, _hash in rows] == list(range(1, total + 1))
    assert [prev for _seq, prev, _hash in rows] == [GENESIS] + [h for _s, _p, h in rows[:-1]]
    assert len({prev for _seq, prev, _hash in rows}) == total  # no two events share a parent
    head = AuditChain.objects.get(key=key)
    assert (head.length, head.head_hash) == (total, rows[-1][2])
    assert verify_chain(key).ok
    # Every writer's events all arrived.
    writers = sorted(
        tuple(c["n"])
        for c in AuditEvent.objects.filter(chain=key).values_list("changes", flat=True)
    )
    assert writers == sorted((n, i) for n in range(WRITERS) for i in range(EVENTS_EACH))


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_different_chains_do_not_wait_for_each_other_s_seq() -> None:
    schools = [SchoolFactory() for _ in range(3)]

    def write(number: int) -> None:
        school = schools[number % len(schools)]
        for _ in range(EVENTS_EACH):
            record("network.school.updated", actor=None, obj=school)

    errors = _run_at_once(write, WRITERS)

    assert errors == []
    for school in schools:
        key = f"school:{school.pk}"
        seqs = list(
            AuditEvent.objects.filter(chain=key).order_by("seq").values_list("seq", flat=True)
        )
        assert seqs == list(range(1, 2 * EVENTS_EACH + 1))
        assert verify_chain(key).ok
