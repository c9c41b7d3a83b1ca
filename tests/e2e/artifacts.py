"""Screenshots are test artifacts: a capture that fails under load must not fail a test."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any


def save_screenshot(page: Any, path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in (1, 2):
        try:
            page.screenshot(path=str(path), full_page=True)
            return path
        except Exception as exc:
            if attempt == 2:
                warnings.warn(f"screenshot {path.name} not saved: {exc}", stacklevel=2)
            else:
                page.wait_for_timeout(500)
    return path
