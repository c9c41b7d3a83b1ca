"""Benchmark SEN's pages against /ping/ (no database) on the seeded demo region.

    .venv/bin/python bench/run.py [--scale large|demo] [--duration 10] [--concurrency 8]

Prepares (or reuses, cached under var/bench/) a database with the demo region,
starts gunicorn with production-like settings, logs in as a few roles, drives
load at each page and prints one table. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

from load import Result, Target, drive, log_in, menu_links, request

from sen.core.demo import DEMO_LOGINS, DEMO_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
# Each demo login by the part before the @: coordinator, leerling, regio, ...
ROLES = {login.email.split("@")[0]: login.email for login in DEMO_LOGINS}
ANONYMOUS = ("/ping/", "/healthz/", "/account/login/")
MENU_LINKS_PER_ROLE = 6


class Stop(Exception):
    pass


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("large", "demo"), default="large")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument(
        "--max-requests", type=int, default=50_000, help="at most this many requests per page"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument(
        "--roles",
        default="coordinator,leerling,regio",
        help=f"demo logins to measure, from: {', '.join(ROLES)}",
    )
    parser.add_argument(
        "--fresh", action="store_true", help="rebuild the cached SQLite database first"
    )
    args = parser.parse_args()
    unknown = set(args.roles.split(",")) - set(ROLES)
    if unknown:
        parser.error(f"unknown role(s): {', '.join(sorted(unknown))}")
    if not (0 < args.duration <= 600 and 0 < args.concurrency <= 64):
        parser.error("--duration must be 0-600 s and --concurrency 1-64")
    return args


def environment(database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "SEN_ENV": "demo",  # the demo's settings (SQLite, demo mailbox), but:
        "DEBUG": "false",
        "CONN_MAX_AGE": "600",  # persistent connections, as in production
        "DATABASE_URL": database_url,
        "SEN_VAR_DIR": str(VAR),
        "STATIC_ROOT": str(VAR / "static"),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    return env


def sen(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "sen", *args], env=env, check=True, cwd=ROOT)


def prepare(args: argparse.Namespace) -> tuple[str, dict[str, str]]:
    """Migrate and seed the benchmark database; reuse it when it is already there."""
    VAR.mkdir(parents=True, exist_ok=True)
    (VAR / "static").mkdir(exist_ok=True)
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if url:
        shown = url.split("@")[-1]
    else:
        path = VAR / f"bench-{args.scale}.sqlite3"
        url, shown = f"sqlite:///{path}", str(path.relative_to(ROOT))
    env = environment(url)
    print(f"Database: {shown}")
    started = time.perf_counter()
    sen(env, "migrate", "-v0")
    seed = ["seed_demo", "--scale", args.scale, "--skip-checks"]
    sen(env, *seed, *(["--reset"] if args.fresh else []))
    print(f"Database ready in {time.perf_counter() - started:.1f} s\n")
    return url, env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    log = (VAR / "gunicorn.log").open("wb")
    command = [
        *(sys.executable, "-m", "gunicorn", "sen.wsgi:application"),
        *("-w", str(workers), "-b", f"127.0.0.1:{port}", "--no-control-socket"),
    ]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start-up; see {VAR / 'gunicorn.log'}")
        with contextlib.suppress(OSError):
            if request(port, "GET", "/healthz/", timeout=2)[0] == 200:
                return process
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz/ within 60 s")


def stop_gunicorn(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)  # the master and its workers
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def targets_for(port: int, roles: list[str]) -> list[Target]:
    targets = [Target(path, "anonymous") for path in ANONYMOUS]
    for role in roles:
        cookie = log_in(port, ROLES[role], DEMO_PASSWORD)
        status, _, home = request(port, "GET", "/", cookie=cookie)
        if status != 200:
            raise RuntimeError(f"the home page answered {status} for {role}")
        paths = ["/", *[p for p in menu_links(home) if p != "/"][:MENU_LINKS_PER_ROLE]]
        for path in paths:
            status, headers, _ = request(port, "GET", path, cookie=cookie)
            location = headers.get("location", [""])[0]
            if status == 302 and location.startswith("/") and "/login/" not in location:
                path = location  # e.g. "my school" redirects to the school's own page
                status = request(port, "GET", path, cookie=cookie)[0]
            if status == 200:
                targets.append(Target(path, role, cookie))
            else:
                print(f"  skipped {path} for {role}: status {status}")
    return targets


def row(result: Result, baseline: float) -> list[str]:
    ratio = result.per_second / baseline if baseline else 0.0
    return [
        result.target.path,
        result.target.role,
        f"{result.requests:,}",
        f"{result.per_second:,.0f}",
        f"{result.percentile(50):.1f}",
        f"{result.percentile(95):.1f}",
        f"{result.percentile(99):.1f}",
        f"{result.errors}" + (f" ({result.first_error})" if result.errors else ""),
        f"{ratio:.2f}",
    ]


def print_table(results: list[Result], baseline: float) -> None:
    header = ["URL", "role", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"]
    rows = [[*header, "vs /ping/"], *(row(r, baseline) for r in results)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header) + 1)]
    for index, cells in enumerate(rows):
        left = cells[:2]
        right = cells[2:]
        line = "  ".join(c.ljust(w) for c, w in zip(left, widths[:2], strict=True))
        line += "  " + "  ".join(c.rjust(w) for c, w in zip(right, widths[2:], strict=True))
        print(line)
        if index == 0:
            print("-" * len(line))


def save(args: argparse.Namespace, database: str, results: list[Result]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{stamp}-{args.scale}.json"
    payload = {
        "when": stamp,
        "scale": args.scale,
        "database": database.split("@")[-1],
        "duration": args.duration,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "results": [
            {
                "url": r.target.path,
                "role": r.target.role,
                "requests": r.requests,
                "errors": r.errors,
                "per_second": round(r.per_second, 1),
                "p50_ms": round(r.percentile(50), 2),
                "p95_ms": round(r.percentile(95), 2),
                "p99_ms": round(r.percentile(99), 2),
            }
            for r in results
        ],
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return path


def measure(args: argparse.Namespace, port: int, targets: list[Target]) -> list[Result]:
    """Drive every target in turn (after a warm-up), /ping/ again at the end, and print
    each page's rate, the two baselines and the table of ratios. Shared by every bench."""
    print(
        f"gunicorn -w {args.workers} on 127.0.0.1:{port}; {args.concurrency} client threads, "
        f"{args.duration:g} s per page; {os.cpu_count()} CPUs shared by server and client; "
        f"Python {platform.python_version()}\n"
    )
    load_before = os.getloadavg()[0]
    results: list[Result] = []
    for target in targets:
        # Warm up (imports, template caches, connections) before measuring.
        drive(port, target, duration=1, concurrency=2, max_requests=50)
        result = drive(
            port,
            target,
            duration=args.duration,
            concurrency=args.concurrency,
            max_requests=args.max_requests,
        )
        results.append(result)
        print(f"  {target.role:<12} {target.path:<44} {result.per_second:8,.0f} req/s")
    # /ping/ again at the end: if the machine got busier or quieter meanwhile,
    # the two baselines differ, and the ratios use their mean.
    again = drive(
        port,
        targets[0],
        duration=args.duration,
        concurrency=args.concurrency,
        max_requests=args.max_requests,
    )
    baseline = (results[0].per_second + again.per_second) / 2
    print(
        f"\n/ping/ at the start {results[0].per_second:,.0f} req/s, at the end "
        f"{again.per_second:,.0f} req/s; load average {load_before:.1f} -> "
        f"{os.getloadavg()[0]:.1f} (the benchmark alone makes about {args.workers + 1})\n"
    )
    print_table(results, baseline)
    return results


def main() -> int:
    args = parse_args()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        raise Stop

    signal.signal(signal.SIGTERM, on_signal)
    url, env = prepare(args)
    port = free_port()
    gunicorn = None
    try:
        gunicorn = start_gunicorn(env, port, args.workers)
        targets = targets_for(port, args.roles.split(","))
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
