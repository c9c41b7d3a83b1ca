"""Send the daily digest e-mails (run once a day from a timer; see docs/operations.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sen.messaging import delivery


class Command(BaseCommand):
    help = (
        "Gather each person's digest notifications of the day into one e-mail and send it "
        "(once per person per day), and retry digests that failed before."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", help="The day to gather, YYYY-MM-DD (default: today).")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options.get("day"):
            try:
                day = dt.date.fromisoformat(options["day"])
            except ValueError as exc:
                raise CommandError(f"--day must be YYYY-MM-DD, not {options['day']!r}") from exc
        sent = delivery.send_digests(day=day)
        self.stdout.write(f"digests sent: {sent}")
