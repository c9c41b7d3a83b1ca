"""`python -m sen demo [--host 127.0.0.1] [--port 8000]`: the one-command demo.

Migrates the embedded SQLite database (var/demo.sqlite3), builds the demo
region on the first run, then runs the web server and the task worker until
Ctrl-C, which stops both.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, TextIO, cast

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from sen.core.demo import REGION_NAME
from sen.core.demo.database import ensure_database_folder, sqlite_file
from sen.core.demo.runner import DemoError, check_port_free, serve
from sen.core.demo.selectors import demo_region_exists, region_counts


class Command(BaseCommand):
    help = (
        "Run the SEN demo: migrate, build the demo region when missing, start the task "
        "worker and the web server, and print the demo logins. Ctrl-C stops everything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError(
                f"`demo` runs only with SEN_ENV=demo (now {settings.SEN_ENV}): it publishes "
                "the demo password of every account."
            )
        host, port = options["host"], options["port"]
        started = time.monotonic()
        try:
            check_port_free(host, port)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        ensure_database_folder()
        # WhiteNoise serves static files through the finders in the demo, but warns
        # when STATIC_ROOT is missing.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        where = sqlite_file() or "the configured database"
        self.stdout.write(f"Database: {where}")
        call_command("migrate", verbosity=0, interactive=False)
        if demo_region_exists():
            self.stdout.write(f"Using the existing demo region {REGION_NAME}.")
        else:
            self.stdout.write("First run: building the demo region (this takes a few seconds).")
            call_command(
                "seed_demo", no_logins=True, stdout=cast(TextIO, self.stdout._out), skip_checks=True
            )
        if host not in ("127.0.0.1", "localhost", "::1"):
            self.stdout.write(
                "Listening beyond this machine: set ALLOWED_HOSTS to the name or address "
                "visitors use (e.g. ALLOWED_HOSTS=sen.school.example), or Django answers 400."
            )
        self.stdout.write(f"Starting the web server and the task worker on {host}:{port} ...")
        self.stdout.flush()

        def ready() -> None:
            self.stdout.write(f"Ready in {time.monotonic() - started:.1f} s.")
            self.stdout.flush()

        summary = self._summary()
        connections.close_all()  # the children open their own
        try:
            status = serve(
                host=host,
                port=port,
                out=cast(TextIO, self.stdout._out),
                region_summary=summary,
                on_ready=ready,
            )
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if status:
            raise CommandError("The demo stopped because one of its processes ended.")

    def _summary(self) -> str:
        schools, companies, students = region_counts()
        return (
            f"Region {REGION_NAME}: {schools} schools, {companies:,} companies, "
            f"{students:,} students; a second region, Twente, shows what regions do not share."
        )
