from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sen.audit.services import purge_before


class Command(BaseCommand):
    help = (
        "Delete audit events older than the retention period, chain by chain, and "
        "anchor each chain with an 'audit.chain.purged' event."
    )

    def add_arguments(self, parser: Any) -> None:
        when = parser.add_mutually_exclusive_group(required=True)
        when.add_argument(
            "--older-than-days",
            type=int,
            help="purge events older than this many days (at least 1)",
        )
        when.add_argument(
            "--before",
            type=datetime.fromisoformat,
            help="purge events older than this moment (ISO 8601 with a time zone)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days, cutoff = options["older_than_days"], options["before"]
        if cutoff is None:
            if days < 1:
                raise CommandError("--older-than-days must be at least 1")
            cutoff = datetime.now(UTC) - timedelta(days=days)
        try:
            results = purge_before(cutoff=cutoff, by=None)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for result in results:
            if result.skipped:
                self.stdout.write(f"SKIPPED {result.chain}: chain is broken ({result.skipped})")
            elif result.purged:
                self.stdout.write(
                    f"PURGED  {result.chain}: {result.purged} events "
                    f"(through event {result.through_seq})"
                )
        total = sum(r.purged for r in results)
        self.stdout.write(
            f"Purged {total} events older than {cutoff.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
        )
        if any(r.skipped for r in results):
            raise CommandError("Some chains are broken and were not purged: run verify_audit")
