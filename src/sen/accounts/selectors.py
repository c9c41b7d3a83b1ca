"""Reading accounts: the people page, the security page, student look-ups for invitations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateTimeField,
    F,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sen.accounts.models import Invitation, Membership, User
from sen.accounts.rules import invitable_roles
from sen.accounts.services.mfa import has_mfa, recovery_codes_left
from sen.core.actor import STAFF_ROLES, Actor, Role
from sen.network.models import School, Student

PAGE_SIZE = 25
LOW_RECOVERY_CODES = 3

_STATUS = {
    "active": (_("Active"), "badge-ok", "✓"),
    "inactive": (_("Deactivated"), "badge-muted", "-"),
    "invited": (_("Invited"), "badge-warn", "✉"),
    "expired": (_("Invitation expired"), "badge-error", "!"),
}


@dataclass(frozen=True)
class PersonRow:
    """One line of the people page: a membership or an open invitation."""

    kind: str  # "membership" or "invitation"
    pk: int
    name: str
    email: str
    role: str
    organisation: str
    is_active: bool
    expires_at: datetime | None
    user_id: int | None

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)

    @property
    def status(self) -> str:
        if self.kind == "membership":
            return "active" if self.is_active else "inactive"
        if self.expires_at is not None and self.expires_at > timezone.now():
            return "invited"
        return "expired"

    @property
    def status_label(self) -> str:
        return str(_STATUS[self.status][0])

    @property
    def status_badge(self) -> str:
        return _STATUS[self.status][1]

    @property
    def status_icon(self) -> str:
        return _STATUS[self.status][2]


def people_roles(actor: Actor) -> tuple[Role, ...]:
    """The roles on the actor's people page: those they may invite."""
    return invitable_roles(actor)


def _org_filter(actor: Actor) -> Q | None:
    if actor.is_administrator:
        return Q()
    if actor.role == Role.COORDINATOR and actor.school_id:
        return Q(school_id=actor.school_id)
    if actor.role == Role.COMPANY_CONTACT and actor.company_id:
        return Q(company_id=actor.company_id)
    if actor.role == Role.REGION_COORDINATOR and actor.region_id:
        return Q(region_id=actor.region_id)
    return None


def _row_columns(kind: str, **columns: Any) -> dict[str, Any]:
    # Every column is an annotation, so both halves of the UNION list them in this order
    # (the halves are unordered: the model orderings are not allowed inside a UNION).
    return {"row_kind": Value(kind, output_field=CharField()), **columns}


def people_rows(actor: Actor, *, role: str = "", query: str = "") -> QuerySet[Any]:
    """Memberships and open invitations the actor manages, as one list sorted by name."""
    org = _org_filter(actor)
    roles = [r.value for r in people_roles(actor)]
    if role:
        roles = [r for r in roles if r == role]
    if org is None or not roles:
        return Membership.objects.none().values("pk")
    query = query.strip()
    organisation = Coalesce(
        F("school__name"),
        F("company__name"),
        F("region__name"),
        Value(""),
        output_field=CharField(),
    )
    memberships = Membership.objects.visible_to(actor).filter(org, role__in=roles)
    invitations = Invitation.objects.visible_to(actor).filter(
        org, role__in=roles, accepted_at__isnull=True, revoked_at__isnull=True
    )
    if query:
        memberships = memberships.filter(
            Q(user__full_name__icontains=query) | Q(user__email__icontains=query)
        )
        invitations = invitations.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    members = (
        memberships.annotate(
            **_row_columns(
                "membership",
                row_pk=F("pk"),
                row_name=F("user__full_name"),
                row_email=F("user__email"),
                row_role=F("role"),
                row_org=organisation,
                row_active=F("is_active"),
                row_expires=Value(None, output_field=DateTimeField()),
                row_user=F("user_id"),
            )
        )
        .order_by()
        .values(*_COLUMNS)
    )
    invited = (
        invitations.annotate(
            **_row_columns(
                "invitation",
                row_pk=F("pk"),
                row_name=F("full_name"),
                row_email=F("email"),
                row_role=F("role"),
                row_org=organisation,
                row_active=Value(False, output_field=BooleanField()),
                row_expires=F("expires_at"),
                row_user=Value(None, output_field=BigIntegerField()),
            )
        )
        .order_by()
        .values(*_COLUMNS)
    )
    rows: QuerySet[Any] = members.union(invited, all=True).order_by(
        "row_name", "row_kind", "row_pk"
    )
    return rows


_COLUMNS = (
    "row_kind",
    "row_pk",
    "row_name",
    "row_email",
    "row_role",
    "row_org",
    "row_active",
    "row_expires",
    "row_user",
)


def _to_row(values: dict[str, Any]) -> PersonRow:
    return PersonRow(
        kind=values["row_kind"],
        pk=values["row_pk"],
        name=values["row_name"] or values["row_email"],
        email=values["row_email"],
        role=values["row_role"],
        organisation=values["row_org"] or "",
        is_active=bool(values["row_active"]),
        expires_at=values["row_expires"],
        user_id=values["row_user"],
    )


def people_page(actor: Actor, *, role: str = "", query: str = "", page: int = 1) -> Page[Any]:
    """One page (25 rows) of the people list; the page's rows are PersonRow objects."""
    paginator = Paginator(people_rows(actor, role=role, query=query), PAGE_SIZE)
    result = paginator.get_page(page)
    result.object_list = [_to_row(values) for values in result.object_list]
    return result


def account_exists(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def student_by_number(actor: Actor, *, school: School, number: str) -> Student | None:
    """The student with this number at `school`, if the actor may see them."""
    return (
        Student.objects.visible_to(actor)
        .filter(school=school, student_number=number.strip())
        .select_related("school")
        .first()
    )


def security_overview(actor: Actor, user: User) -> dict[str, Any]:
    """What the security page shows about `user`'s sign-in protection."""
    mfa_on = has_mfa(user)
    left = recovery_codes_left(user) if mfa_on else 0
    staff = any(m.role in STAFF_ROLES for m in actor.memberships)
    required = staff and settings.SEN_MFA_REQUIRED_FOR_STAFF
    return {
        "mfa_on": mfa_on,
        "recovery_codes_left": left,
        "recovery_codes_low": mfa_on and left <= LOW_RECOVERY_CODES,
        "mfa_required": required,
    }
