"""Send again the notification e-mails that failed, after their back-off (every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sen.messaging import delivery


class Command(BaseCommand):
    help = (
        "Retry notification e-mails and digests whose earlier attempt failed (after a "
        "growing pause, at most 5 attempts) and send immediate ones whose task never ran."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = delivery.retry_failed()
        self.stdout.write(f"e-mails sent: {sent}")
