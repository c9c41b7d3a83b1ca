"""Two approvals of the same entry at the same moment approve it once.

PostgreSQL only: SQLite serialises all writers, so the race cannot happen there, and
select_for_update is a no-op. Each thread uses its own database connection.
"""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from sen.audit.models import AuditEvent
from sen.logbook.models import EntryStatus, LogEntry
from sen.logbook.services import entries as services
from tests.conftest import build_world
from tests.factories.logbook import entry, last_planned_day
from tests.factories.placements import placement_for

THREADS = 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_approve_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Row locks (select_for_update) need PostgreSQL; SQLite serialises writers.")
    world = build_world()
    placement = placement_for(world, "a")
    waiting = entry(placement, last_planned_day(placement), status=EntryStatus.SUBMITTED)
    supervisor = world.actor("supervisor_a")
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def approve() -> None:
        try:
            barrier.wait()
            services.approve_entry(actor=supervisor, entry=LogEntry.objects.get(pk=waiting.pk))
            result = "approved"
        except ValidationError as exc:
            result = str(exc.code)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=approve) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["approved", "not_submitted"]
    assert AuditEvent.objects.filter(action="logbook.entry.approved").count() == 1
    assert LogEntry.objects.get(pk=waiting.pk).status == "approved"
