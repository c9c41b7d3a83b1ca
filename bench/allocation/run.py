"""Benchmark the three allocation mechanisms on a seeded synthetic region.

    .venv/bin/python bench/allocation/run.py [--students 10000 --offers 2000 --choices 5 --seed 42]

Generates the region (see region.py), then for deferred acceptance, the
rank-optimal assignment and first-come-first-served measures the wall time of
`allocate()` (eligibility, the mechanism and all explanations included; median
of --repeat runs), the peak Python memory of one run (tracemalloc; it also sees
numpy's buffers, not OR-Tools' C++ heap) and the outcome figures. Prints one
table; exits 1 if deferred acceptance leaves a blocking pair. See README.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from importlib.metadata import version

from region import generate

from sen.placements.allocation import (
    AllocationInput,
    AllocationResult,
    Mechanism,
    Summary,
    allocate,
    summarise,
)

TARGET_SECONDS = 2.0
LABELS = {
    Mechanism.DEFERRED_ACCEPTANCE: "deferred acceptance",
    Mechanism.RANK_OPTIMAL: "rank-optimal (OR-Tools)",
    Mechanism.FIRST_COME_FIRST_SERVED: "first come, first served",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--offers", type=int, default=2_000)
    parser.add_argument("--choices", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per mechanism")
    args = parser.parse_args()

    started = time.perf_counter()
    inp = generate(students=args.students, offers=args.offers, choices=args.choices, seed=args.seed)
    generated = time.perf_counter() - started
    _warm_up()
    print(_describe(inp, generated, args.seed))

    rows: list[tuple[Mechanism, list[float], int, Summary]] = []
    for mechanism in Mechanism:
        times = []
        result: AllocationResult | None = None
        for _ in range(max(1, args.repeat)):
            gc.collect()
            t0 = time.perf_counter()
            result = allocate(inp, mechanism)
            times.append(time.perf_counter() - t0)
        assert result is not None
        gc.collect()
        tracemalloc.start()
        allocate(inp, mechanism)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append((mechanism, times, peak, summarise(inp, result)))

    print(_table(rows))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"\nprocess peak RSS (whole run, all mechanisms): {rss_mb:.0f} MB")
    da = rows[0][3]
    if da.blocking_pairs:
        print(f"FAIL: deferred acceptance left {da.blocking_pairs} blocking pairs")
        return 1
    slow = [LABELS[m] for m, times, _, _ in rows if statistics.median(times) > TARGET_SECONDS]
    print(
        f"target <= {TARGET_SECONDS:.0f} s per mechanism: "
        + ("met" if not slow else "MISSED by " + ", ".join(slow))
    )
    return 0


def _describe(inp: AllocationInput, generated: float, seed: int) -> str:
    seats = sum(o.capacity for o in inp.offers)
    reserved = sum(sum(o.quotas.values()) for o in inp.offers)
    with_quota = sum(1 for o in inp.offers if o.quotas)
    choices = sum(len(p) for p in inp.preferences.values())
    schools = len({s.school_id for s in inp.students})
    return (
        f"region (seed {seed}, generated in {generated:.1f} s): {len(inp.students):,} students "
        f"of {schools} schools, {len(inp.offers):,} offers with {seats:,} seats "
        f"({with_quota} offers reserve {reserved} seats for schools), {choices:,} choices, "
        f"max distance {inp.max_distance_km:g} km\n"
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"ortools {version('ortools')}, numpy {version('numpy')}\n"
    )


def _table(rows: list[tuple[Mechanism, list[float], int, Summary]]) -> str:
    header = (
        "| mechanism | time (median, max) | 1st choice | top 3 | unplaced "
        "| mean rank | blocking pairs | peak memory |"
    )
    lines = [header, "|" + " --- |" * 8]
    for mechanism, times, peak, s in rows:
        mean = f"{s.mean_rank:.2f}" if s.mean_rank is not None else "-"
        lines.append(
            f"| {LABELS[mechanism]} "
            f"| {statistics.median(times):.2f} s, {max(times):.2f} s "
            f"| {s.share_first:.1%} ({s.first_choice:,}) "
            f"| {s.share_top3:.1%} ({s.top3:,}) "
            f"| {s.share_unplaced:.1%} ({s.unplaced:,}) "
            f"| {mean} | {s.blocking_pairs:,} | {peak / 2**20:.0f} MB |"
        )
    return "\n".join(lines)


def _warm_up() -> None:
    """Load numpy's and OR-Tools' lazy parts before timing."""
    small = generate(students=200, offers=40, choices=3, seed=1)
    for mechanism in Mechanism:
        allocate(small, mechanism)


if __name__ == "__main__":
    sys.exit(main())
