"""Roles people hold: switching between your own, and (de)activating other people's."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from sen.accounts.models import Membership
from sen.audit.services import record
from sen.core.actor import Actor
from sen.core.middleware import ACTIVE_MEMBERSHIP_KEY


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


def _set_active(membership: Membership, *, by: Actor, active: bool) -> bool:
    if membership.user_id == by.user_id:
        raise ValidationError(
            _("You cannot change your own role here. Ask another coordinator or an administrator."),
            code="own_membership",
        )
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.is_active == active:
            return False
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        membership.is_active = active
        record(
            "accounts.membership.reactivated" if active else "accounts.membership.deactivated",
            actor=by,
            obj=locked,
            changes={"is_active": [not active, active]},
        )
    return True


def deactivate_membership(membership: Membership, *, by: Actor) -> bool:
    """Take a role away: the person loses its access on their next request (ASVS 8.3.2).

    Returns False when it was already inactive. Raises ValidationError for your own role.
    """
    return _set_active(membership, by=by, active=False)


def reactivate_membership(membership: Membership, *, by: Actor) -> bool:
    """Give a deactivated role back. Returns False when it was already active."""
    return _set_active(membership, by=by, active=True)
