"""The allocation engine: who gets which training place, pure Python (no Django).

Build an `AllocationInput` (students, offers, rankings, the round's rules and a
lottery seed), call `allocate(inp, mechanism)` and store the `AllocationResult`
(assignment, ranks, seats used, the lottery numbers and per-student explanations).

    from sen.placements.allocation import AllocationInput, Mechanism, allocate, compare
    result = allocate(inp, Mechanism.DEFERRED_ACCEPTANCE)
    chart = compare(inp, [allocate(inp, m) for m in Mechanism])

Mechanisms: `deferred_acceptance` (fair and strategy-proof, the default),
`rank_optimal` (best overall ranks, OR-Tools min-cost flow) and
`first_come_first_served` (today's practice, as a baseline). Each module's
docstring states the model and its sources.
"""

from __future__ import annotations

from sen.placements.allocation.deferred_acceptance import run_deferred_acceptance
from sen.placements.allocation.eligibility import age_on, distance_km, ineligibility
from sen.placements.allocation.fcfs import run_first_come_first_served
from sen.placements.allocation.metrics import (
    Comparison,
    Summary,
    blocking_pairs,
    compare,
    summarise,
)
from sen.placements.allocation.problem import draw_lottery, new_seed
from sen.placements.allocation.rank_optimal import run_rank_optimal
from sen.placements.allocation.types import (
    AllocationInput,
    AllocationResult,
    ChoiceNote,
    DroppedChoice,
    Explanation,
    Ineligibility,
    InvalidInput,
    Mechanism,
    MissReason,
    Offer,
    Point,
    Student,
    TimeBlock,
)

__all__ = [
    "AllocationInput",
    "AllocationResult",
    "ChoiceNote",
    "Comparison",
    "DroppedChoice",
    "Explanation",
    "Ineligibility",
    "InvalidInput",
    "Mechanism",
    "MissReason",
    "Offer",
    "Point",
    "Student",
    "Summary",
    "TimeBlock",
    "age_on",
    "allocate",
    "blocking_pairs",
    "compare",
    "distance_km",
    "draw_lottery",
    "ineligibility",
    "new_seed",
    "run_deferred_acceptance",
    "run_first_come_first_served",
    "run_rank_optimal",
    "summarise",
]


def allocate(inp: AllocationInput, mechanism: Mechanism) -> AllocationResult:
    """Run one mechanism on `inp`; the same input and seed always give the same result."""
    if mechanism is Mechanism.DEFERRED_ACCEPTANCE:
        return run_deferred_acceptance(inp)
    if mechanism is Mechanism.RANK_OPTIMAL:
        return run_rank_optimal(inp)
    return run_first_come_first_served(inp)
