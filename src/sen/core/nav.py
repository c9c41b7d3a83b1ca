"""Navigation per role, built from each app's `nav.py`.

An app lists its menu items in `sen/<app>/nav.py` as `ITEMS = [NavItem(...)]`;
an item shows only to actors who pass its access rule, so the menu and the
views ask the same policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    rule: str
    order: int = 50


@cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("sen."):
            continue
        try:
            module = import_module(f"{config.name}.nav")
        except ModuleNotFoundError:
            continue
        items.extend(getattr(module, "ITEMS", []))
    return tuple(sorted(items, key=lambda item: (item.order, str(item.url_name))))


# Core's own item; other apps declare theirs in their nav.py.
ITEMS = [NavItem("core:home", _("Home"), "core.view_home", order=0)]
