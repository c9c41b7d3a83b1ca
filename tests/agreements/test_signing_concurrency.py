"""Two parties signing at the same moment: both count exactly once, completion happens once.

PostgreSQL only: SQLite serialises all writers, so the race cannot happen there, and
select_for_update is a no-op. Each thread uses its own database connection.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from sen.agreements.models import Signature, VersionStatus
from sen.audit.models import AuditEvent
from sen.placements.models import PlacementStatus
from tests.agreements.test_signing_support import pending_version, sign_as
from tests.conftest import build_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks (select_for_update) need PostgreSQL; SQLite serialises writers.",
    ),
]


def _race(jobs: list[Callable[[], object]]) -> list[str]:
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            job()
            result = "signed"
        except ValidationError as exc:
            result = str(exc.code)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_sign_last_two_parties_at_once_both_count_and_complete_once() -> None:
    world = build_world()
    version = pending_version(world)
    sign_as(world, version, "student_a")
    sign_as(world, version, "parent_a")

    outcomes = _race(
        [
            lambda: sign_as(world, version, "coordinator_a"),
            lambda: sign_as(world, version, "contact_a"),
        ]
    )

    assert outcomes == ["signed", "signed"]
    version.refresh_from_db()
    placement = version.agreement.placement
    placement.refresh_from_db()
    assert version.status == VersionStatus.SIGNED
    assert placement.status == PlacementStatus.ACTIVE
    assert Signature.objects.filter(version=version, withdrawn_at__isnull=True).count() == 4
    assert AuditEvent.objects.filter(action="agreements.version.signed").count() == 1
    assert AuditEvent.objects.filter(action="placements.placement.activated").count() == 1


@pytest.mark.django_db(transaction=True)
def test_sign_same_seat_twice_at_once_counts_once() -> None:
    world = build_world()
    version = pending_version(world)

    outcomes = _race([lambda: sign_as(world, version, "student_a") for _n in range(4)])

    assert outcomes == ["already_signed"] * 3 + ["signed"]
    assert Signature.objects.filter(version=version).count() == 1
