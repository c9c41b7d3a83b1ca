"""The audit trail's pages. The log is seeded with an event in each kind of chain,
so that the walk's leak check sees real names in the log of those who may read them."""

from __future__ import annotations

from typing import Any

from tests.access.spec import Url

LOG_READERS = frozenset(
    {
        "coordinator_a",
        "coordinator_b",
        "coordinator_c",
        "contact_a",
        "contact_b",
        "region_coordinator",
        "region_coordinator_other",
        "administrator",
    }
)


def seed_events(world: Any) -> None:
    from sen.audit.services import record

    for name, obj in (
        ("coordinator_a", world.student_a),
        ("coordinator_b", world.student_b),
        ("contact_a", world.company_a),
        ("region_coordinator", world.region),
    ):
        record(
            f"{obj._meta.label_lower}.updated",
            actor=world.actor(name),
            obj=obj,
            changes={"date_of_birth": [None, str(getattr(obj, "date_of_birth", ""))]},
        )


URLS = [
    Url(
        "audit:log",
        LOG_READERS,
        shows=lambda w: ['data-testid="audit-log"'],
        extra={"setup": seed_events},
    ),
    Url(
        "audit:verify",
        frozenset({"administrator"}),
        shows=lambda w: ['data-testid="audit-verify"', "Ludger College"],
        extra={"setup": seed_events},
    ),
]
