"""Writing and verifying the audit trail.

`record()` is called by every service that changes state, inside the same
transaction as the change: if the change rolls back, so does its event.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction

from sen.audit.models import AuditChain, AuditEvent
from sen.core.actor import Actor
from sen.core.middleware import client_ip_var, request_id_var

GENESIS = "0" * 64


def _truncate_ip(raw: str) -> str:
    """Keep only the network part of an IP address (privacy: /24 or /48)."""
    if not raw:
        return ""
    try:
        ip = ipaddress.ip_address(raw)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _org_ids(obj: Any, explicit: dict[str, int | None]) -> dict[str, int | None]:
    ids: dict[str, int | None] = {"school_id": None, "company_id": None, "region_id": None}
    if obj is not None:
        context = getattr(obj, "audit_context", None)
        found = context() if callable(context) else {}
        for key in ids:
            ids[key] = found.get(key, getattr(obj, key, None))
    for key, value in explicit.items():
        if value is not None:
            ids[key] = value
    return ids


def _chain_key(ids: dict[str, int | None]) -> str:
    if ids["school_id"]:
        return f"school:{ids['school_id']}"
    if ids["company_id"]:
        return f"company:{ids['company_id']}"
    if ids["region_id"]:
        return f"region:{ids['region_id']}"
    return "global"


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def event_hash(event: AuditEvent) -> str:
    payload = {
        "chain": event.chain,
        "seq": event.seq,
        "prev": event.prev_hash,
        "at": event.occurred_at.astimezone(UTC).isoformat(),
        "action": event.action,
        "actor": event.actor_user_id,
        "role": event.actor_role,
        "label": event.actor_label,
        "org": event.organisation,
        "type": event.object_type,
        "id": event.object_id,
        "object": event.object_label,
        "changes": event.changes,
        "request": event.request_id,
        "ip": event.ip,
        "school": event.school_id,
        "company": event.company_id,
        "region": event.region_id,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The changed fields as {field: [before, after]}."""
    return {
        key: [_jsonable(before.get(key)), _jsonable(after.get(key))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: _jsonable(getattr(obj, name)) for name in fields}


def record(
    action: str,
    *,
    actor: Actor | None,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    school_id: int | None = None,
    company_id: int | None = None,
    region_id: int | None = None,
    object_label: str = "",
) -> AuditEvent:
    """Append an audit event with a dotted action code, e.g. "network.school.updated"."""
    if action.count(".") < 2:
        raise ValueError(f"Audit action codes are dotted app.object.verb, not {action!r}")
    ids = _org_ids(obj, {"school_id": school_id, "company_id": company_id, "region_id": region_id})
    key = _chain_key(ids)
    membership = actor.membership if actor else None
    with transaction.atomic():
        AuditChain.objects.get_or_create(key=key)
        chain = AuditChain.objects.select_for_update().get(key=key)
        event = AuditEvent(
            chain=key,
            seq=chain.length + 1,
            prev_hash=chain.head_hash,
            occurred_at=datetime.now(UTC),
            action=action,
            actor_user_id=actor.user_id if actor else None,
            actor_role=str(membership.role) if membership else "",
            actor_label=(actor.user.get_full_name() if actor and actor.user else "")[:200],
            organisation=membership.organisation_key if membership else "",
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_label=(object_label or (str(obj) if obj is not None else ""))[:200],
            changes=_jsonable(changes or {}),
            request_id=request_id_var.get()[:64],
            ip=_truncate_ip(client_ip_var.get()),
            school_id=ids["school_id"],
            company_id=ids["company_id"],
            region_id=ids["region_id"],
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        chain.length = event.seq
        chain.head_hash = event.hash
        chain.save(update_fields=["length", "head_hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    chain: str
    length: int
    broken_at: int | None  # seq of the first event that does not verify
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(key: str) -> ChainReport:
    """Recompute one chain from genesis; report the first broken link."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for event in AuditEvent.objects.filter(chain=key).order_by("seq").iterator(chunk_size=2000):
        count += 1
        if event.seq != expected_seq:
            return ChainReport(key, count, expected_seq, f"event {expected_seq} is missing")
        if event.prev_hash != prev:
            return ChainReport(key, count, event.seq, "does not link to the previous event")
        if event_hash(event) != event.hash:
            return ChainReport(key, count, event.seq, "content was changed after it was written")
        prev = event.hash
        expected_seq += 1
    head = AuditChain.objects.filter(key=key).first()
    if head is not None and (head.length != count or head.head_hash != prev):
        return ChainReport(key, count, count + 1, "events were removed from the end of the chain")
    return ChainReport(key, count, None)


def verify_all() -> list[ChainReport]:
    keys = set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    keys |= set(AuditChain.objects.values_list("key", flat=True))
    return [verify_chain(key) for key in sorted(keys)]


def record_view(*, actor: Actor, obj: models.Model) -> AuditEvent | None:
    """Log that a staff member looked at someone's personal data (DOMAIN.md: access log).

    People viewing their own records, or their child's, are not logged.
    """
    if (
        actor.role is None
        or not actor.is_staff_role
        and actor.role
        not in (
            "supervisor",
            "company_contact",
        )
    ):
        return None
    return record(f"{obj._meta.label_lower}.viewed", actor=actor, obj=obj)
