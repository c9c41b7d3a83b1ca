"""Send today's approval digests to supervisors: run once a day (cron), safe to repeat.

python -m sen send_logbook_digests [--date 2026-11-23] [--enqueue]
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sen.logbook.services import digest


class Command(BaseCommand):
    help = "E-mail each supervisor the logbook entries waiting for approval (once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None)
        parser.add_argument(
            "--enqueue", action="store_true", help="leave the work to the task worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from sen.logbook.tasks import send_logbook_digests

            send_logbook_digests.enqueue()
            self.stdout.write("Enqueued the logbook digests.")
            return
        sent = digest.send_digests(day=options["date"])
        self.stdout.write(f"Sent {sent} logbook digest(s).")
