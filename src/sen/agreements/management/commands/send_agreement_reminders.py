"""Remind parties of agreements that still await their signature (run daily, e.g. from cron).

Idempotent: a version reminded today is skipped, so running it twice sends nothing twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sen.agreements.services.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Remind signers of agreements that await signatures longer than the school's interval."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = send_due_reminders()
        self.stdout.write(f"Reminded {reminded} agreement version(s).")
