"""Who writes which part of a review, and who reads which part: one table, used by the
services (may this actor write?) and the selectors (what does this actor see?).

- self-assessment: written by the student; read, once submitted, by school staff, the
  supervisor and parents*;
- supervisor's scores: written by the placement's supervisor; read, once submitted, by
  school staff, the student and parents*;
- teacher's assessment: written by a teacher of the school; read, once submitted, by
  school staff, the student and parents*.

Every writer sees their own part, also while it is open (a draft). Nobody else reads
a draft. The supervisor does not read the teacher's assessment: it belongs with the
grade, which is for the school, the student and the parents. (*) Parents read the
submitted parts only when the review's `visible_to_parents` is on.
"""

from __future__ import annotations

from typing import Any

from sen.assessment.models import PartRole
from sen.core.actor import Actor, Role

WRITER_ROLE: dict[str, str] = {
    Role.STUDENT: PartRole.STUDENT,
    Role.SUPERVISOR: PartRole.SUPERVISOR,
    Role.TEACHER: PartRole.TEACHER,
}
# Which submitted parts each role reads (besides its own part).
READS: dict[str, frozenset[str]] = {
    Role.TEACHER: frozenset(PartRole.values),
    Role.COORDINATOR: frozenset(PartRole.values),
    Role.STUDENT: frozenset({PartRole.SUPERVISOR, PartRole.TEACHER}),
    Role.SUPERVISOR: frozenset({PartRole.STUDENT}),
    Role.GUARDIAN: frozenset(PartRole.values),
}


def writer_role(actor: Actor, placement: Any) -> str | None:
    """The part of `placement`'s reviews that `actor` writes, or None."""
    if actor.user_id is None or actor.role is None:
        return None
    if actor.role == Role.STUDENT and placement.student.user_id == actor.user_id:
        return PartRole.STUDENT
    if (
        actor.role == Role.SUPERVISOR
        and placement.supervisor_id == actor.user_id
        and placement.offer.company_id == actor.company_id
    ):
        return PartRole.SUPERVISOR
    if actor.role == Role.TEACHER and placement.student.school_id == actor.school_id:
        return PartRole.TEACHER
    return None


def reads_part(
    actor: Actor, placement: Any, part_role: str, *, submitted: bool, visible_to_parents: bool
) -> bool:
    """Whether `actor` reads the `part_role` part of a review of `placement`."""
    if writer_role(actor, placement) == part_role:
        return True
    if not submitted or actor.role is None:
        return False
    if actor.role == Role.GUARDIAN and not visible_to_parents:
        return False
    return part_role in READS.get(actor.role, frozenset())
