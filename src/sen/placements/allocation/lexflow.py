"""Lexicographic min-cost flow with OR-Tools, without integer overflow.

Problem: minimise the cost vectors c_1, c_2, …, c_L lexicographically (c_1 first,
then c_2 among the c_1-optimal flows, …) over the integral flows of one network.

The textbook trick, one cost Σ_l M_l c_l with M_l = (N+1)^(L-l), overflows: OR-Tools
multiplies costs by (number of nodes + 1) internally and refuses arc costs above
about 2^63 / (nodes + 1) (BAD_COST_RANGE), i.e. about 7·10^14 for 12,000 nodes,
while (10,001)^5 ≈ 10^20. So the levels are solved in *stages*:

1. Weights. For levels in one stage, M_last = 1 and M_l = 1 + Σ_{j>l} M_j · span_j,
   where span_j = Σ_a |c_j(a)| · capacity(a) bounds |c_j·x - c_j·y| for any two
   feasible flows x, y. A unit of level l therefore outweighs every possible
   change in the later levels of the stage, so minimising the combined cost is
   exactly the lexicographic minimum of those levels. Consecutive levels are
   packed into one stage while the largest combined arc cost stays below the
   OR-Tools limit (10,000 students: ranks 1-4 in one stage, rank 5 and the
   lottery tie-break in a second).
2. Optimal face. After a stage, the set of its optimal flows is fixed before the
   next stage, by complementary slackness: take node potentials π from the
   optimal flow (shortest-path distances in its residual network, which has no
   negative cycle) and the reduced costs c^π(u,v) = c(u,v) + π(u) - π(v). Every
   optimal flow of the stage has flow 0 on arcs with c^π > 0 and full flow on
   arcs with c^π < 0 (the same π is dual-optimal for every optimal primal flow
   of the min-cost flow LP, which is totally unimodular; Ahuja, Magnanti & Orlin,
   "Network Flows", 1993, Thm 9.4 and §9.3), and every feasible flow that obeys
   these two rules is optimal. So the next stage removes the first kind of arc,
   moves the second kind's flow into the supplies, and keeps the rest: its
   feasible flows are exactly the optimal flows of all earlier stages.

Potentials come from a vectorised Bellman-Ford (numpy, one pass per path length).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from ortools.graph.python import min_cost_flow

from sen.placements.allocation.eligibility import IntArray

# OR-Tools rejects max|cost| · (nodes + 1) beyond int64; keep a factor 4 of headroom.
_INT64_BUDGET = 2**61


class FlowError(RuntimeError):
    """OR-Tools did not find an optimal flow (a bug in how the network was built)."""


def cost_limit(num_nodes: int) -> int:
    return _INT64_BUDGET // (num_nodes + 1)


def lexicographic_min_cost_flow(
    tails: IntArray,
    heads: IntArray,
    capacities: IntArray,
    supplies: IntArray,
    levels: Sequence[IntArray],
    *,
    max_arc_cost: int | None = None,
    start: IntArray | None = None,
) -> IntArray:
    """The flow per arc minimising `levels` lexicographically (first level first).

    `start`, a feasible flow that may well be optimal (e.g. the optimum before a
    capacity was raised), is tried first at every stage: when the residual network
    has no negative cycle (shown by Bellman-Ford converging within
    `CHECK_ROUNDS` rounds) it is optimal and OR-Tools is not called for that stage.
    """
    num_nodes = len(supplies)
    limit = cost_limit(num_nodes) if max_arc_cost is None else max_arc_cost
    capacity = capacities.astype(np.int64, copy=True)
    supply = supplies.astype(np.int64, copy=True)
    forced = np.zeros(len(tails), dtype=np.int64)
    remaining = list(levels)
    while True:
        weights, remaining = _next_stage(remaining, capacity, limit)
        cost = np.zeros(len(tails), dtype=np.int64)
        for weight, level in weights:
            cost += weight * level
        potential: IntArray | None = None
        if start is not None:
            flow = start - forced
            if (flow >= 0).all() and (flow <= capacity).all():
                potential = _potentials(num_nodes, tails, heads, capacity, flow, cost, CHECK_ROUNDS)
            if potential is None:
                start = None
        if potential is None:
            flow = _solve(tails, heads, capacity, supply, cost)
            if not remaining:
                result: IntArray = forced + flow
                return result
            potential = _potentials(num_nodes, tails, heads, capacity, flow, cost, num_nodes + 1)
            if potential is None:  # pragma: no cover - OR-Tools returned a non-optimal flow
                raise FlowError("negative cycle in the residual network of an optimal flow")
        elif not remaining:
            checked: IntArray = forced + flow
            return checked
        reduced = cost + potential[tails] - potential[heads]
        saturated = (reduced < 0) & (capacity > 0)
        forced[saturated] += capacity[saturated]
        np.subtract.at(supply, tails[saturated], capacity[saturated])
        np.add.at(supply, heads[saturated], capacity[saturated])
        capacity[saturated | (reduced > 0)] = 0


CHECK_ROUNDS = 100


def _next_stage(
    levels: list[IntArray], capacity: IntArray, limit: int
) -> tuple[list[tuple[int, IntArray]], list[IntArray]]:
    """The largest prefix of `levels` whose combined costs stay within `limit`, with weights."""
    spans = [int(np.abs(level) @ capacity) for level in levels]
    peaks = [int(np.abs(level).max(initial=0)) for level in levels]
    if peaks and peaks[0] > limit:
        raise FlowError("a single cost level exceeds the solver's cost range")
    best = 1
    for size in range(2, len(levels) + 1):
        weights = _weights(spans[:size])
        if sum(w * p for w, p in zip(weights, peaks[:size], strict=True)) > limit:
            break
        best = size
    weights = _weights(spans[:best])
    return list(zip(weights, levels[:best], strict=True)), levels[best:]


def _weights(spans: Sequence[int]) -> list[int]:
    """M_last = 1, M_l = 1 + sum over later levels of M_j * span_j."""
    weights = [1] * len(spans)
    later = 0
    for index in range(len(spans) - 1, -1, -1):
        weights[index] = 1 + later
        later += weights[index] * spans[index]
    return weights


def _solve(
    tails: IntArray, heads: IntArray, capacity: IntArray, supply: IntArray, cost: IntArray
) -> IntArray:
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, capacity, cost)
    solver.set_nodes_supplies(np.arange(len(supply), dtype=np.int64), supply)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise FlowError(f"min-cost flow status {status}")
    flows: IntArray = solver.flows(np.arange(len(tails), dtype=np.int64)).astype(np.int64)
    return flows


def _potentials(
    num_nodes: int,
    tails: IntArray,
    heads: IntArray,
    capacity: IntArray,
    flow: IntArray,
    cost: IntArray,
    rounds: int,
) -> IntArray | None:
    """Shortest distances from a virtual root (0 to every node) in the residual network.

    None when they do not settle within `rounds` rounds (after num_nodes + 1 rounds
    that proves a negative cycle, i.e. `flow` is not optimal).
    """
    forward = flow < capacity
    backward = flow > 0
    source = np.concatenate([tails[forward], heads[backward]])
    target = np.concatenate([heads[forward], tails[backward]])
    weight = np.concatenate([cost[forward], -cost[backward]])
    distance = np.zeros(num_nodes, dtype=np.int64)
    for _ in range(rounds):
        candidate = distance[source] + weight
        improved = candidate < distance[target]
        if not improved.any():
            return distance
        np.minimum.at(distance, target[improved], candidate[improved])
    return None
