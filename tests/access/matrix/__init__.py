"""Per-app access matrices; see tests/access/spec.py."""

from __future__ import annotations

from importlib import import_module
from pkgutil import iter_modules

from tests.access.spec import Url


def all_urls() -> list[Url]:
    urls: list[Url] = []
    for info in iter_modules(__path__):
        module = import_module(f"{__name__}.{info.name}")
        urls.extend(getattr(module, "URLS", []))
    return urls
