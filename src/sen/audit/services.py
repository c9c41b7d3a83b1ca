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
from django.utils.translation import gettext_noop

from sen.audit.guard import allow_purge
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


# Credentials never enter the audit trail, not even in a diff (ASVS 16.2.5): a key
# with one of these words ("session_token", "new_password") keeps only "[hidden]".
CREDENTIAL_WORDS = frozenset(
    {"password", "passwords", "token", "tokens", "secret", "secrets", "otp", "totp", "pin"}
)
CREDENTIAL_KEYS = frozenset({"recovery_code", "recovery_codes", "key"})
HIDDEN = "[hidden]"


def _is_credential(key: str) -> bool:
    key = key.lower()
    return key in CREDENTIAL_KEYS or not CREDENTIAL_WORDS.isdisjoint(key.split("_"))


def _without_credentials(changes: dict[str, Any]) -> dict[str, Any]:
    return {
        key: ([HIDDEN] * len(value) if isinstance(value, list) else HIDDEN)
        if _is_credential(key)
        else value
        for key, value in changes.items()
    }


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
            changes=_without_credentials(_jsonable(changes or {})),
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


# Why a chain is broken; translated where shown (the management command prints English).
MISSING = gettext_noop("an event is missing")
UNLINKED = gettext_noop("does not link to the previous event")
ALTERED = gettext_noop("content was changed after it was written")
TRUNCATED = gettext_noop("events were removed from the end of the chain")
MISANCHORED = gettext_noop("an event the retention purge removed is still there")
HEADLESS = gettext_noop("the chain head is missing")
PURGE_ACTION = "audit.chain.purged"


@dataclass(frozen=True)
class ChainReport:
    chain: str
    length: int  # events checked (those kept after any retention purge)
    broken_at: int | None  # seq of the first event that does not verify
    reason: str = ""
    purged: int = 0  # events before the retention anchor, no longer kept

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def _anchor(key: str) -> tuple[int, str]:
    """Where the kept part of a chain starts: (first seq, the hash it links to).

    A retention purge deletes a prefix of the chain and records, in the same
    transaction, an "audit.chain.purged" event naming the last purged event;
    the newest such event is the anchor. The anchor event is itself part of
    the chain, so its claim is covered by the hashes after it.
    """
    anchor = (
        AuditEvent.objects.filter(chain=key, action=PURGE_ACTION)
        .order_by("-seq")
        .values_list("changes", flat=True)
        .first()
    )
    if not anchor:
        return 1, GENESIS
    try:
        return int(anchor["purged_through_seq"]) + 1, str(anchor["last_purged_hash"])
    except (KeyError, TypeError, ValueError):  # a forged anchor: check from genesis
        return 1, GENESIS


def verify_chain(key: str) -> ChainReport:
    """Recompute one chain from genesis (or its retention anchor); report the first broken link."""
    first_seq, prev = _anchor(key)
    expected_seq = first_seq
    count = 0
    events = AuditEvent.objects.filter(chain=key).order_by("seq").iterator(chunk_size=2000)
    for event in events:
        count += 1
        if event.seq < first_seq:
            return ChainReport(key, count, event.seq, MISANCHORED, first_seq - 1)
        if event.seq != expected_seq:
            return ChainReport(key, count, expected_seq, MISSING, first_seq - 1)
        if event.prev_hash != prev:
            return ChainReport(key, count, event.seq, UNLINKED, first_seq - 1)
        if event_hash(event) != event.hash:
            return ChainReport(key, count, event.seq, ALTERED, first_seq - 1)
        prev = event.hash
        expected_seq += 1
    last_seq = expected_seq - 1
    head = AuditChain.objects.filter(key=key).first()
    if head is None and count:
        return ChainReport(key, count, last_seq + 1, HEADLESS, first_seq - 1)
    if head is not None and (head.length != last_seq or head.head_hash != prev):
        return ChainReport(key, count, last_seq + 1, TRUNCATED, first_seq - 1)
    return ChainReport(key, count, None, "", first_seq - 1)


def verify_all() -> list[ChainReport]:
    keys = set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    keys |= set(AuditChain.objects.values_list("key", flat=True))
    return [verify_chain(key) for key in sorted(keys)]


def record_view(*, actor: Actor, obj: models.Model) -> AuditEvent | None:
    """Log that a staff member looked at someone's personal data (DOMAIN.md: access log).

    People viewing their own records, or their child's, are not logged.
    """
    if actor.role is None or not (
        actor.is_staff_role or actor.role in ("supervisor", "company_contact")
    ):
        return None
    return record(f"{obj._meta.label_lower}.viewed", actor=actor, obj=obj)


def record_log_view(*, actor: Actor, filters: dict[str, Any], page: int) -> AuditEvent:
    """Log that someone read the audit log (SECURITY-CHECKLIST 3.2: access to it is logged).

    The event goes into the chain of the organisation the reader acts for, so
    that organisation's own log shows who looked at it.
    """
    return record(
        "audit.log.viewed",
        actor=actor,
        changes={**{k: v for k, v in filters.items() if v not in (None, "")}, "page": page},
        school_id=actor.school_id,
        company_id=actor.company_id,
        region_id=actor.region_id,
    )


@dataclass(frozen=True)
class PurgeResult:
    chain: str
    purged: int  # events deleted now
    through_seq: int  # the last seq no longer kept (0: none)
    anchor: AuditEvent | None  # the "audit.chain.purged" event recorded
    skipped: str = ""  # why nothing was purged although events were old enough


def purge_before(*, cutoff: datetime, by: Actor | None) -> list[PurgeResult]:
    """Delete audit events past their retention period (ASVS 14.2.7), chain by chain.

    Per chain, only the longest prefix of events older than `cutoff` goes, so
    what is kept is still one unbroken chain. In the same transaction an
    "audit.chain.purged" event is appended that names the last purged hash and
    how many were purged; `verify_chain` starts from it. A chain that does not
    verify is left whole: its evidence is kept and the result says why.
    """
    if cutoff.tzinfo is None:
        raise ValueError("The cutoff must be an aware datetime")
    if cutoff > datetime.now(UTC):
        raise ValueError("The cutoff lies in the future: that would purge everything")
    keys = AuditEvent.objects.filter(occurred_at__lt=cutoff).values_list("chain", flat=True)
    return [_purge_chain(key, cutoff=cutoff, by=by) for key in sorted(set(keys))]


def _purge_chain(key: str, *, cutoff: datetime, by: Actor | None) -> PurgeResult:
    with transaction.atomic():
        # Lock the head: no event is appended to this chain while it is cut.
        list(AuditChain.objects.select_for_update().filter(key=key))
        report = verify_chain(key)
        if not report.ok:
            return PurgeResult(key, 0, report.purged, None, skipped=report.reason)
        events = AuditEvent.objects.filter(chain=key)
        first_kept = (
            events.filter(occurred_at__gte=cutoff).order_by("seq").values_list("seq", flat=True)
        ).first()
        prefix = events if first_kept is None else events.filter(seq__lt=first_kept)
        last = prefix.order_by("-seq").values_list("seq", "hash").first()
        if last is None:
            return PurgeResult(key, 0, report.purged, None)
        through_seq, last_hash = last
        with allow_purge():
            purged, _ = prefix.delete()
        ids = _ids_of_chain(key)
        anchor = record(
            PURGE_ACTION,
            actor=by,
            changes={
                "purged_through_seq": through_seq,
                "last_purged_hash": last_hash,
                "purged_count": purged,
                "cutoff": cutoff,
            },
            school_id=ids.get("school_id"),
            company_id=ids.get("company_id"),
            region_id=ids.get("region_id"),
        )
    return PurgeResult(key, purged, through_seq, anchor)


def _ids_of_chain(key: str) -> dict[str, int]:
    kind, _, pk = key.partition(":")
    return {f"{kind}_id": int(pk)} if kind in ("school", "company", "region") else {}
