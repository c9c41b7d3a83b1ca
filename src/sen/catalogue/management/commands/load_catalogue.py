"""`python -m sen load_catalogue [--file PATH]`: add what is missing from the national catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sen.catalogue.loader import DATA, sync_catalogue
from sen.catalogue.models import Elective, Profile


class Command(BaseCommand):
    help = (
        "Load the ten profielen and the national keuzevakken from a CSV file "
        "(columns profiel_code, profiel_naam, keuzevak_code, keuzevak_naam, source). "
        "Safe to run again: it adds what is missing and updates sources, never names."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=DATA, help=f"the CSV file (default: {DATA})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with transaction.atomic():
                report = sync_catalogue(Profile, Elective, path)
        except (KeyError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path} is not a catalogue file: {exc}") from exc
        for label, names in (
            ("profile", report.profiles),
            ("elective", report.electives),
            ("updated source", report.sources),
        ):
            for name in names:
                self.stdout.write(f"  {label}: {name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {len(report.profiles)} profiles and {len(report.electives)} electives; "
                f"updated the source of {len(report.sources)} electives."
            )
        )
