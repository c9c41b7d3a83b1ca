"""One access policy for data: `Model.objects.visible_to(actor)`.

Each tenant-bound model declares once, in a `scope = Scope(...)` class
attribute, how its rows relate to schools, companies, regions and people.
`visible_to` turns that declaration into a filter for the actor's role. A
role that the declaration does not mention sees nothing: access fails closed.
`tests/core/test_scoping.py` fails for any SEN model that declares no scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from sen.core.actor import Actor, Role

if TYPE_CHECKING:
    from django.db.models import QuerySet

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Scope:
    """How a model's rows relate to organisations and people.

    Each field is an ORM lookup path from the model (``"pk"`` for the row
    itself) or None when that relation does not give access.
    """

    school: str | None = None  # to a School: its coordinators and teachers
    company: str | None = None  # to a Company: its contacts (and supervisors, unless below)
    supervisor: str | None = None  # to the supervising User: supervisors see only these rows
    region: str | None = None  # to a Region: its region coordinators
    student: str | None = None  # to a Student: the student and guardians allowed to see
    owner: str | None = None  # to a User who owns the row, whatever their role
    public: bool = False  # every signed-in actor sees every row (catalogue data)
    many: bool = False  # a path crosses a to-many relation: filter by subquery, no duplicates
    # Rows matching these (lookup, value) pairs are visible to every signed-in actor,
    # e.g. (("status", "published"),) for offers; other rows follow the paths above.
    public_when: tuple[tuple[str, object], ...] = ()
    # Extra conditions on the company/supervisor paths, e.g. only placements that are
    # still running give a company access (ASVS 8.3.2: access ends with the placement).
    company_when: tuple[tuple[str, object], ...] = ()

    def q_for(self, actor: Actor) -> Q | None:
        """The filter for `actor`, or None when the actor sees nothing."""
        if not actor.is_authenticated:
            return None
        if self.public or actor.role == Role.ADMINISTRATOR:
            return Q()
        parts: list[Q] = []
        if self.owner:
            parts.append(Q(**{self.owner: actor.user_id}))
        role = actor.role
        if role in (Role.COORDINATOR, Role.TEACHER) and self.school and actor.school_id:
            parts.append(Q(**{_id(self.school): actor.school_id}))
        elif role == Role.COMPANY_CONTACT and self.company and actor.company_id:
            parts.append(Q(**{_id(self.company): actor.company_id}, **dict(self.company_when)))
        elif role == Role.SUPERVISOR and actor.company_id:
            if self.supervisor:
                parts.append(
                    Q(**{_id(self.supervisor): actor.user_id}, **dict(self.company_when))
                    & (Q(**{_id(self.company): actor.company_id}) if self.company else Q())
                )
            elif self.company:
                parts.append(Q(**{_id(self.company): actor.company_id}, **dict(self.company_when)))
        elif role == Role.REGION_COORDINATOR and self.region and actor.region_id:
            parts.append(Q(**{_id(self.region): actor.region_id}))
        elif role == Role.STUDENT and self.student:
            user_path = "user" if self.student == "pk" else f"{self.student}__user"
            parts.append(Q(**{user_path: actor.user_id}))
        elif role == Role.GUARDIAN and self.student:
            parts.append(Q(**{f"{_id(self.student)}__in": guardian_student_ids(actor)}))
        if self.public_when:
            parts.append(Q(**dict(self.public_when)))
        if not parts:
            return None
        q = parts[0]
        for part in parts[1:]:
            q |= part
        return q


def _id(path: str) -> str:
    return "pk" if path == "pk" else path


def guardian_student_ids(actor: Actor) -> QuerySet[Any]:
    """Ids of the students whose records this guardian may see.

    A minor's records are always visible to their guardians; a student of 18
    or older decides (Student.shares_with_guardians) - DOMAIN.md, "18+".
    """
    from sen.network.models import Student

    today = timezone.localdate()
    try:
        adult_born_before = today.replace(year=today.year - 18)
    except ValueError:  # 29 February
        adult_born_before = today.replace(year=today.year - 18, day=28)
    return (
        Student.objects.filter(guardianships__user_id=actor.user_id or 0)
        .filter(Q(date_of_birth__gt=adult_born_before) | Q(shares_with_guardians=True))
        .values("pk")
    )


class ScopedQuerySet(models.QuerySet[M]):
    def visible_to(self, actor: Actor) -> ScopedQuerySet[M]:
        scope: Scope | None = getattr(self.model, "scope", None)
        if scope is None:  # fail closed
            return self.none()
        q = scope.q_for(actor)
        if q is None:
            return self.none()
        if scope.many and q:
            return self.filter(pk__in=self.model._default_manager.filter(q).values("pk"))
        return self.filter(q)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def get_visible_or_404[M: models.Model](
    queryset: type[M] | QuerySet[M], actor: Actor, **lookup: Any
) -> M:
    """Fetch one row within the actor's scope; 404 whether it is absent or out of scope."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    scoped = queryset.visible_to(actor)  # type: ignore[attr-defined]
    try:
        return scoped.get(**lookup)  # type: ignore[no-any-return]
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
