"""A terminal progress bar per phase, with the time each phase took (no dependency).

On a terminal the bar redraws in place; in a log (not a terminal) each phase
prints one finished line, so CI output stays short.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

BAR_WIDTH = 30


class Phase:
    def __init__(self, progress: Progress, label: str, total: int) -> None:
        self.progress = progress
        self.label = label
        self.total = max(total, 0)
        self.done = 0
        self.started = time.perf_counter()
        self._shown_percent = -1

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.progress.live:
            percent = self.percent
            if percent != self._shown_percent:
                self._shown_percent = percent
                self.progress.write("\r" + self.line(), end="")

    def grow(self, count: int) -> None:
        """Add work found on the way (e.g. guardians once the students are known)."""
        self.total += count

    @property
    def percent(self) -> int:
        if self.total == 0:
            return 100
        return min(100, self.done * 100 // self.total)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def line(self, *, finished: bool = False) -> str:
        filled = self.percent * BAR_WIDTH // 100
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        text = f"  {self.label:<22} [{bar}] {self.percent:3d}%  {self.done:>7,} rows"
        if finished:
            text += f"  {self.seconds:6.1f} s"
        return text


class Progress:
    def __init__(self, out: TextIO | None, *, live: bool | None = None) -> None:
        self.out = out
        self.live = bool(out is not None and (out.isatty() if live is None else live))
        self.phases: list[tuple[str, float]] = []

    def write(self, text: str, *, end: str = "\n") -> None:
        if self.out is not None:
            self.out.write(text + end)
            self.out.flush()

    @contextmanager
    def phase(self, label: str, total: int) -> Iterator[Phase]:
        phase = Phase(self, label, total)
        yield phase
        phase.total = phase.done  # the finished line shows the rows actually written
        self.phases.append((label, phase.seconds))
        self.write(("\r" if self.live else "") + phase.line(finished=True))

    @property
    def total_seconds(self) -> float:
        return sum(seconds for _, seconds in self.phases)
