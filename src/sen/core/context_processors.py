"""What every page's shell needs: the actor, who they act as, the menu, demo mode."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.text import get_text_list
from django.utils.translation import gettext

from sen.core.actor import ANONYMOUS, Actor, Role
from sen.core.nav import NavItem, all_items
from sen.core.policy import can

logger = logging.getLogger(__name__)


def sen(request: HttpRequest) -> dict[str, Any]:
    actor: Actor = getattr(request, "actor", ANONYMOUS)
    return {
        "actor": actor,
        "sen_demo": settings.DEMO,
        "sen_env": settings.SEN_ENV,
        "nav_items": menu_for(actor),
        # Lazy: costs one query, and only on pages that show a guardian's header.
        "guardian_of": SimpleLazyObject(lambda: guardian_of(actor)),
    }


def guardian_of(actor: Actor) -> str:
    """The first names of a guardian's children, for "Parent of Anna and Bram"."""
    if actor.role != Role.GUARDIAN:
        return ""
    from sen.network.models import Student

    names = (
        Student.objects.visible_to(actor)
        .order_by("first_name", "pk")
        .values_list("first_name", flat=True)
    )
    return str(get_text_list([str(name) for name in names], last_word=gettext("and")))


def menu_for(actor: Actor, items: Iterable[NavItem] | None = None) -> list[dict[str, str]]:
    """The menu items (sen.core.nav) this actor may open.

    Like `sen.core.nav.items_for`, but an item whose page or rule does not exist
    (yet) is left out instead of breaking every page of the site;
    tests/core/test_ui.py fails for such an item.
    """
    if not actor.is_authenticated:
        return []
    menu: list[dict[str, str]] = []
    for item in all_items() if items is None else items:
        try:
            if not can(actor, item.rule):
                continue
            url = reverse(item.url_name)
        except (LookupError, NoReverseMatch):
            logger.warning("Menu item %s has no page or rule; left out", item.url_name)
            continue
        menu.append({"url": url, "label": str(item.label), "name": item.url_name})
    return menu
