"""Links that are safe to show: the page exists and the actor may open it.

Pages land feature by feature; a home page or menu that links through
`link_for` never shows a link that would answer 404 to its reader.
"""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from sen.core.actor import Actor
from sen.core.policy import can


def view_rule(func: Any) -> str | None:
    """The access rule a view declared with `@requires(...)`, if any."""
    rule = getattr(func, "sen_rule", None)
    if rule is None:
        view_class = getattr(func, "view_class", None)
        dispatch = getattr(view_class, "dispatch", None)
        rule = getattr(dispatch, "sen_rule", None)
    return rule if isinstance(rule, str) else None


def link_for(actor: Actor, name: str, *args: Any, **kwargs: Any) -> str | None:
    """`reverse(name)` when that URL exists and `actor` passes its view's rule, else None."""
    try:
        url = reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return None
    try:
        match = resolve(url)
    except Resolver404:  # pragma: no cover - reverse() and resolve() agree
        return None
    rule = view_rule(match.func)
    if rule is not None:
        try:
            if not can(actor, rule):
                return None
        except LookupError:
            return None
    return url
