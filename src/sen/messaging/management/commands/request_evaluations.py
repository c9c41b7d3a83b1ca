"""Ask students and companies to evaluate placements that are about to end (daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sen.messaging.evaluations.services import request_evaluations


class Command(BaseCommand):
    help = (
        "Notify the student and the company of every placement in its evaluation window "
        "that they have not evaluated yet (each is asked once)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        created = request_evaluations()
        self.stdout.write(f"evaluation requests: {created}")
