"""Changes to accounts and memberships. Every change is audited."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from sen.accounts.models import User
from sen.audit.services import record
from sen.core.actor import Actor
from sen.core.middleware import ACTIVE_MEMBERSHIP_KEY, resolve_actor


def record_login(*, request: HttpRequest, user: User) -> None:
    actor = resolve_actor(request)
    record("accounts.user.logged_in", actor=actor, obj=user, object_label=user.email)


def switch_membership(*, request: HttpRequest, actor: Actor, membership_id: int) -> None:
    """Act in another of the user's own roles; someone else's membership is a 404."""
    membership = next((m for m in actor.memberships if m.pk == membership_id), None)
    if membership is None:
        raise Http404
    request.session[ACTIVE_MEMBERSHIP_KEY] = membership.pk
    record(
        "accounts.membership.switched",
        actor=Actor(user=actor.user, membership=membership, memberships=actor.memberships),
        obj=membership,
    )
