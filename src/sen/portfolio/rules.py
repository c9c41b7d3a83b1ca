"""Access rules for portfolios (django-rules predicates over the Actor).

| who                                   | may                                                      |
| ------------------------------------- | -------------------------------------------------------- |
| the student                           | keep their own portfolio: add, change, remove, export    |
| teachers and coordinators of the school | read their students' portfolios                        |
| the placement's supervisor            | read the evidence of the placements they supervise       |
| a parent                              | read their child's portfolio (a student of 18+ decides)  |
| anyone else (company contacts too)    | nothing                                                  |

Which evidence each reader sees is `Evidence.objects.visible_to(actor)` (its scope).
"""

from __future__ import annotations

from typing import Any

import rules

from sen.core.actor import Actor, Role
from sen.core.policy import has_role

is_student = has_role(Role.STUDENT)
is_reader = has_role(Role.TEACHER, Role.COORDINATOR, Role.SUPERVISOR, Role.GUARDIAN)


@rules.predicate
def owns_evidence(actor: Actor, evidence: Any) -> bool:
    return (
        evidence is not None
        and actor.user_id is not None
        and evidence.student.user_id == actor.user_id
    )


rules.add_rule("portfolio.keep", is_student)
rules.add_rule("portfolio.change_evidence", is_student & owns_evidence)
rules.add_rule("portfolio.view_students", is_reader)
rules.add_rule("portfolio.view_evidence", is_student | is_reader)
