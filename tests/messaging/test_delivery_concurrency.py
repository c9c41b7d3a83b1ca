"""Two senders at the same moment never send the same e-mail twice (PostgreSQL only).

SQLite serialises writers, so the race cannot happen there. Each thread uses its
own database connection; both are released at once by a barrier, and each sends
the same notifications (and the same digest) at the same time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from sen.messaging import delivery
from sen.messaging.models import Delivery, Digest, Notification
from tests.factories import UserFactory
from tests.factories.messaging import NotificationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
SENDERS = 2


def _race(work: Callable[[], int]) -> list[int]:
    barrier = threading.Barrier(SENDERS)
    results: list[int] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait()
            sent = work()
        finally:
            connections.close_all()
        with lock:
            results.append(sent)

    threads = [threading.Thread(target=run) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results)


def _require_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("The race needs PostgreSQL; SQLite serialises writers.")


def test_send_emails_two_concurrent_senders_send_each_once() -> None:
    _require_postgres()
    person = UserFactory(email="race@ouder.test")
    ids = [NotificationFactory(recipient=person, delivery=Delivery.IMMEDIATE).pk for _ in range(20)]

    results = _race(lambda: delivery.send_emails(ids))

    assert sum(results) == 20
    assert len(mail.outbox) == 20
    assert sorted(Notification.objects.values_list("email_attempts", flat=True)) == [1] * 20


def test_send_digests_two_concurrent_runs_send_one_digest() -> None:
    _require_postgres()
    person = UserFactory(email="digest-race@ouder.test")
    for _ in range(5):
        NotificationFactory(recipient=person, delivery=Delivery.DIGEST)
    today = timezone.localdate()

    results = _race(lambda: delivery.send_digests(day=today))

    assert results == [0, 1]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count("* Melding") == 5
    assert Digest.objects.get().attempts == 1
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
