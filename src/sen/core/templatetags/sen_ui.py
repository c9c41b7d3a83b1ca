"""Template helpers for SEN's pages.

`{% url_if "network:students" as url %}` gives the URL only when the page
exists *and* the current actor may open it (see `sen.core.links`), so a page
links only to pages that work for its reader.
"""

from __future__ import annotations

from typing import Any

from django import template

from sen.core.actor import ANONYMOUS, Actor
from sen.core.links import link_for

register = template.Library()


@register.simple_tag(takes_context=True)
def url_if(context: template.Context, name: str, *args: Any, **kwargs: Any) -> str | None:
    actor = context.get("actor")
    return link_for(actor if isinstance(actor, Actor) else ANONYMOUS, name, *args, **kwargs)


@register.filter
def percent_of(value: float | None, total: float | None) -> int:
    """`{{ part|percent_of:total }}`: a whole percentage from 0 to 100; 0 when the total is 0."""
    if not value or not total:
        return 0
    return max(0, min(100, round(100 * float(value) / float(total))))
