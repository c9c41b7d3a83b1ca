"""`python -m sen verify_agreement FILE.pdf`: is this an unaltered signed agreement from SEN?

Prints the placement, version, signing time and parties when the file's SHA-256 is
that of a stored signed agreement PDF; otherwise says so and exits with status 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sen.agreements.services.verification import MAX_BYTES, verify_bytes


class Command(BaseCommand):
    help = "Check whether a PDF is an unaltered signed agreement stored in SEN."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the PDF to check")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if path.stat().st_size > MAX_BYTES:
            self.stderr.write(f"NOT VERIFIED: {path} is larger than {MAX_BYTES // 2**20} MB.")
            raise SystemExit(1)
        data = path.read_bytes()
        result = verify_bytes(data)
        if result.version is None:
            reason = (
                "it is not a PDF"
                if not data.startswith(b"%PDF-")
                else "no signed agreement in SEN has this exact content; the file was changed, "
                "or it is not a signed agreement from SEN"
            )
            self.stderr.write(f"NOT VERIFIED: {path}: {reason}.")
            self.stderr.write(f"  SHA-256: {result.sha256}")
            raise SystemExit(1)
        version = result.version
        placement = version.agreement.placement
        signed_at = version.signed_at.isoformat() if version.signed_at else "-"
        state = "in force" if result.in_force else f"{version.status} (no longer in force)"
        self.stdout.write(f"VERIFIED: {path} is an unaltered signed agreement from SEN.")
        self.stdout.write(f"  SHA-256:    {result.sha256}")
        self.stdout.write(
            f"  Agreement:  {version.agreement_id}, version {version.number} ({state})"
        )
        self.stdout.write(
            f"  Placement:  {placement.pk}: {placement.student.full_name} at "
            f"{placement.offer.company.name} ({placement.student.school.name})"
        )
        self.stdout.write(f"  Signed at:  {signed_at} (UTC)")
        for party, name in result.parties:
            self.stdout.write(f"  Signed by:  {name} ({party})")
