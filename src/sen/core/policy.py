"""Function- and object-level permissions, as named rules.

Rules live in each app's `rules.py` (django-rules predicates over an Actor and
an optional object) and are asked for by name here, in views and in templates
(`{% load rules %}{% test_rule "network.manage_school" actor school as can %}`).
A denied rule answers 404, like a record outside the actor's scope: nobody
learns that something exists (HOUSE-STYLE: "not-found and forbidden look the same").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import rules
from django.http import Http404, HttpRequest, HttpResponse

from sen.core.actor import Actor

V = TypeVar("V", bound=Callable[..., HttpResponse])


def can(actor: Actor, rule: str, obj: Any = None) -> bool:
    if not rules.rule_exists(rule):
        raise LookupError(f"No access rule named {rule!r}")
    return bool(rules.test_rule(rule, actor, obj))


def authorize(actor: Actor, rule: str, obj: Any = None) -> None:
    """Raise Http404 unless `actor` passes `rule` (for `obj`)."""
    if not can(actor, rule, obj):
        raise Http404


def requires(rule: str) -> Callable[[V], V]:
    """View decorator: the function-level rule every request must pass."""

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            authorize(request.actor, rule)  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapper.sen_rule = rule  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def has_role(*roles: str) -> rules.Predicate:
    names = "_".join(str(r) for r in roles)

    @rules.predicate(name=f"has_role_{names}")
    def predicate(actor: Actor, obj: Any = None) -> bool:
        return actor.is_authenticated and actor.role in roles

    return predicate


is_signed_in = rules.predicate(lambda actor: actor.is_authenticated, name="is_signed_in")
