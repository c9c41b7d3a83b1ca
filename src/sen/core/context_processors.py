from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sen.core.actor import ANONYMOUS
from sen.core.nav import items_for


def sen(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", ANONYMOUS)
    return {
        "actor": actor,
        "sen_demo": settings.DEMO,
        "sen_env": settings.SEN_ENV,
        "nav_items": items_for(actor),
    }
