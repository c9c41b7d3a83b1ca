"""Two coordinators placing at the same moment can never exceed an offer's capacity.

PostgreSQL only: SQLite serialises all writers, so the race cannot happen there,
and select_for_update is a no-op. Each thread uses its own database connection.
"""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from sen.placements.models import SEAT_HOLDING, Placement
from sen.placements.services import placements as services
from tests.conftest import build_world
from tests.factories import StudentFactory
from tests.placements.test_choices_support import make_offer

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_create_placement_concurrent_last_seats_never_exceed_places():  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("Row locks (select_for_update) need PostgreSQL; SQLite serialises writers.")
    world = build_world()
    offer = make_offer(world.company_a, places=3)
    people = [StudentFactory(school=world.school_a) for _ in range(THREADS)]
    actor = world.actor("coordinator_a")
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def place(index: int) -> None:
        try:
            barrier.wait()
            services.create_placement(actor=actor, student=people[index], offer=offer)
            result = "placed"
        except ValidationError as exc:
            result = str(exc.code)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=place, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["full"] * (THREADS - 3) + ["placed"] * 3
    assert Placement.objects.filter(offer=offer, status__in=SEAT_HOLDING).count() == 3
