"""Two coordinators drawing up the same placement's agreement at once get one version.

PostgreSQL only: SQLite serialises all writers, so the race cannot happen there, and
select_for_update is a no-op. Each thread uses its own database connection.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from sen.agreements.models import AgreementVersion
from sen.agreements.services.documents import generate_agreement
from sen.placements.models import PlacementStatus
from tests.conftest import build_world
from tests.factories.placements import placement_for

THREADS = 4


@pytest.mark.django_db(transaction=True)
def test_generate_agreement_concurrently_makes_one_version() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Row locks (select_for_update) need PostgreSQL; SQLite serialises writers.")
    world = build_world()
    placement = placement_for(
        world,
        "a",
        status=PlacementStatus.PROPOSED,
        starts_on=dt.date(2026, 9, 7),
        ends_on=dt.date(2026, 11, 27),
    )
    actor = world.actor("coordinator_a")
    barrier = threading.Barrier(THREADS)
    versions: list[int] = []
    lock = threading.Lock()

    def generate() -> None:
        try:
            barrier.wait()
            version = generate_agreement(placement=placement, actor=actor)
        finally:
            connections.close_all()
        with lock:
            versions.append(version.pk)

    threads = [threading.Thread(target=generate) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(versions) == THREADS and len(set(versions)) == 1
    assert AgreementVersion.objects.count() == 1
