"""Shared pieces of the home pages: next steps, checklists, bars, the school year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class NextStep:
    """One thing to do next: what, why, and where (url is None until that page exists)."""

    title: str
    detail: str
    url: str | None = None


@dataclass(frozen=True)
class Check:
    """One item of a checklist (e.g. company profile completeness)."""

    label: str
    done: bool
    url: str | None = None


@dataclass(frozen=True)
class Bar:
    """One bar of a bar chart: a label, a count and its share of the largest bar."""

    label: str
    count: int
    percent: int


def school_year_of(day: dt.date) -> str:
    """The Dutch school year a day falls in ("2026-2027"); a new year starts on 1 August."""
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{start + 1}"


def with_query(url: str | None, **params: str) -> str | None:
    """`url` with a query string, or None when there is no url."""
    return f"{url}?{urlencode(params)}" if url else None


def bars(rows: list[tuple[str, int]]) -> list[Bar]:
    """Bars for a chart, largest first; each bar's length relative to the largest."""
    rows = sorted(rows, key=lambda row: (-row[1], row[0]))
    top = rows[0][1] if rows else 0
    return [Bar(label, count, round(100 * count / top) if top else 0) for label, count in rows]
