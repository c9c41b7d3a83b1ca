"""Kinds of notification, collected from each app's `notification_kinds.py`.

An app declares `KINDS = {"logbook.absence": _("Absence at the workplace"), ...}`;
the preferences page lists every kind, and `notify` refuses a kind nobody declared
(a typo would otherwise silently bypass the person's preference).
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.functional import Promise


@cache
def all_kinds() -> dict[str, Promise]:
    kinds: dict[str, Promise] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("sen."):
            continue
        try:
            module = import_module(f"{config.name}.notification_kinds")
        except ModuleNotFoundError:
            continue
        kinds.update(getattr(module, "KINDS", {}))
    return kinds
