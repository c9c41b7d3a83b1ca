"""Each messaging test starts without cached unread counts (sen.messaging.selectors)."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_cached_counts() -> None:
    cache.clear()
