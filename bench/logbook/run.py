"""Benchmark the logbook's busiest pages on three school years of history, against /ping/.

    .venv/bin/python bench/logbook/run.py [--days-per-week 3] [--duration 10] [--fresh]

1. Database: SQLite at var/bench/bench-logbook.sqlite3 (or BENCH_DATABASE_URL), migrated,
   with the large demo region (`seed_demo --scale large`: 26 schools, 10,000 students)
   and three school years of attendance and logbook history (`bench/logbook/seed.py`:
   one placement per student per year, about 2.5 million entries and as many attendance
   rows with the defaults). Built once, timed, and reused by later runs.
2. gunicorn with production-like settings (as bench/run.py), logged in as the demo
   supervisor, student and teacher through the real login form.
3. Load on /ping/ (no database), /healthz/, and the pages: the supervisor's "Vandaag"
   and "Te beoordelen", the student's "Mijn logboek", the teacher's class overview
   (first page, and filtered by class); /ping/ again at the end.
4. One table with requests, req/s, p50/p95/p99 and the ratio to /ping/; JSON in
   bench/results/. See bench/logbook/README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # bench/: load.py and run.py

from load import Target, log_in, request  # noqa: E402
from run import (  # noqa: E402
    ROOT,
    VAR,
    Stop,
    environment,
    free_port,
    measure,
    save,
    sen,
    start_gunicorn,
    stop_gunicorn,
)

from sen.core.demo import DEMO_PASSWORD  # noqa: E402

DATABASE = VAR / "bench-logbook.sqlite3"
LOGINS = {
    "begeleider": "begeleider@demo.sen.nl",
    "leerling": "leerling@demo.sen.nl",
    "docent": "docent@demo.sen.nl",
}
PAGES = [
    ("/logbook/today/", "begeleider"),
    ("/logbook/review/", "begeleider"),
    ("/logbook/", "leerling"),
    ("/logbook/overview/", "docent"),
    ("/logbook/overview/?class_name={class_name}", "docent"),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days-per-week", type=int, default=3, help="planned days a week")
    parser.add_argument("--years", type=int, default=3, help="school years of history")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--fresh", action="store_true", help="build the database again")
    args = parser.parse_args()
    if not (1 <= args.days_per_week <= 5 and 1 <= args.years <= 5):
        parser.error("--days-per-week must be 1-5 and --years 1-5")
    args.scale = "logbook"  # for bench/run.py's save()
    return args


def prepare(args: argparse.Namespace) -> tuple[str, dict[str, str]]:
    VAR.mkdir(parents=True, exist_ok=True)
    (VAR / "static").mkdir(exist_ok=True)
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if url:
        shown = url.split("@")[-1]
    else:
        if args.fresh and DATABASE.exists():
            DATABASE.unlink()
        url, shown = f"sqlite:///{DATABASE}", str(DATABASE.relative_to(ROOT))
    env = environment(url)
    print(f"Database: {shown}")
    started = time.perf_counter()
    sen(env, "migrate", "-v0")
    sen(env, "seed_demo", "--scale", "large", "--skip-checks")
    region = time.perf_counter()
    print(f"Region ready in {region - started:.1f} s")
    subprocess.run(
        [
            sys.executable,
            str(HERE / "seed.py"),
            "--days-per-week",
            str(args.days_per_week),
            "--years",
            str(args.years),
        ],
        env=env,
        check=True,
        cwd=ROOT,
    )
    print(f"History ready in {time.perf_counter() - region:.1f} s\n")
    return url, env


def describe(env: dict[str, str]) -> str:
    """How big the history is, and what the measured people see (one short process)."""
    code = (
        "import django; django.setup()\n"
        "from sen.logbook.models import LogEntry, Attendance\n"
        "from sen.placements.models import Placement\n"
        "print(f'{LogEntry.objects.count():,} entries, {Attendance.objects.count():,} "
        "attendance rows, {Placement.objects.count():,} placements "
        '({Placement.objects.filter(status="active").count():,} active)\')\n'
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "sen.settings"},
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def targets_for(port: int) -> list[Target]:
    targets = [Target("/ping/", "anonymous"), Target("/healthz/", "anonymous")]
    cookies = {role: log_in(port, email, DEMO_PASSWORD) for role, email in LOGINS.items()}
    status, _, overview = request(port, "GET", "/logbook/overview/", cookie=cookies["docent"])
    found = re.search(r'<option value="([^"]+)">\1</option>', overview)
    class_name = found.group(1) if found else ""
    for path, role in PAGES:
        path = path.format(class_name=class_name)
        status, _, html = request(port, "GET", path, cookie=cookies[role])
        if status != 200:
            print(f"  skipped {path} for {role}: status {status}")
            continue
        rows = len(re.findall(r'<li id="row-|<article class="entry-card"|<progress', html))
        print(f"  {role:<11} {path:<40} {len(html) // 1024:>4} KiB, {rows} rows")
        targets.append(Target(path, role, cookies[role]))
    return targets


def main() -> int:
    args = parse_args()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        raise Stop

    signal.signal(signal.SIGTERM, on_signal)
    url, env = prepare(args)
    print(describe(env))
    port = free_port()
    gunicorn = None
    try:
        gunicorn = start_gunicorn(env, port, args.workers)
        targets = targets_for(port)
        print()
        results = measure(args, port, targets)
        print(f"\nSaved to {save(args, url, results).relative_to(ROOT)}")
        return 1 if any(r.errors for r in results) else 0
    except (KeyboardInterrupt, Stop):
        print("\nInterrupted.")
        return 130
    finally:
        stop_gunicorn(gunicorn)


if __name__ == "__main__":
    sys.exit(main())
