"""`python -m sen seed_demo [--scale demo|large] [--seed N] [--reset]`: build the demo region."""

from __future__ import annotations

import argparse
from typing import Any, TextIO, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sen.core.demo import DEMO_LOGINS, DEMO_PASSWORD, REGION_NAME
from sen.core.demo.builder import SCALES, seed_demo_region
from sen.core.demo.database import delete_and_migrate, ensure_database_folder, sqlite_file
from sen.core.demo.progress import Progress
from sen.core.demo.selectors import demo_region_exists, region_counts

PUBLIC_SCALES = ("demo", "large")


def _scale(value: str) -> str:
    # "tiny" is for the tests and stays out of --help.
    if value not in SCALES:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(PUBLIC_SCALES)}")
    return value


class Command(BaseCommand):
    help = (
        "Build the demo region Achterhoek (and a small second region, Twente) with "
        "schools, companies, students, parents, staff and one demo login per role. "
        "Does nothing when the demo region already exists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=_scale,
            default="demo",
            metavar="{demo,large}",
            help="demo: 10 schools, 1,500 students (default); "
            "large: 26 schools, 10,000 students, 1,500 companies (the benchmark region)",
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="random seed: the same seed, the same region"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete the SQLite demo database first and build everything anew",
        )
        # `demo` prints the logins in its own banner.
        parser.add_argument("--no-logins", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo refuses to run with SEN_ENV=production: its accounts share a "
                "published password."
            )
        ensure_database_folder()
        if options["reset"]:
            self._reset()
        if demo_region_exists():
            self._say_exists()
            return
        verbose = options["verbosity"] > 0
        progress = Progress(cast(TextIO, self.stdout._out) if verbose else None)
        scale = SCALES[options["scale"]]
        if verbose:
            self.stdout.write(
                f"Building the demo region {REGION_NAME} (scale {scale.name}: "
                f"{scale.schools} schools, {scale.companies:,} companies, "
                f"{scale.students:,} students; seed {options['seed']})"
            )
        result = seed_demo_region(scale=scale.name, seed=options["seed"], progress=progress)
        if not verbose:
            return
        counts = ", ".join(f"{value:,} {name}" for name, value in result.counts.items())
        self.stdout.write(f"Created {counts}.")
        self.stdout.write(self.style.SUCCESS(f"Demo region ready in {result.seconds:.1f} s."))
        if options["no_logins"]:
            return
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.email:<32} {login.label}")

    def _reset(self) -> None:
        if sqlite_file() is None:
            if not demo_region_exists():
                return
            raise CommandError(
                "--reset can only start afresh with a SQLite database file. The audit "
                "trail is append-only, so demo data cannot be deleted row by row: drop and "
                "re-create this database, run `python -m sen migrate`, then seed again."
            )
        path = delete_and_migrate()
        self.stdout.write(f"Deleted {path} and created an empty database.")

    def _say_exists(self) -> None:
        schools, companies, students = region_counts()
        self.stdout.write(
            f"The demo region {REGION_NAME} already exists ({schools} schools, "
            f"{companies:,} companies, {students:,} students): nothing to do. "
            "Use --reset to build it anew."
        )
