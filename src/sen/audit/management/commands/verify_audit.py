from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sen.audit.services import verify_all, verify_chain


class Command(BaseCommand):
    help = "Recompute the audit trail's hash chains and report the first broken link."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--chain", help="verify one chain only, e.g. school:3")

    def handle(self, *args: Any, **options: Any) -> None:
        reports = [verify_chain(options["chain"])] if options["chain"] else verify_all()
        broken = [r for r in reports if not r.ok]
        for report in reports:
            purged = f" (kept after {report.purged} purged)" if report.purged else ""
            if report.ok:
                self.stdout.write(f"OK      {report.chain}: {report.length} events{purged}")
            else:
                self.stdout.write(
                    f"BROKEN  {report.chain}: first broken link at event {report.broken_at} "
                    f"({report.reason})"
                )
        total = sum(r.length for r in reports)
        if broken:
            raise CommandError(f"{len(broken)} of {len(reports)} chains are broken")
        self.stdout.write(self.style.SUCCESS(f"All {len(reports)} chains intact ({total} events)"))
