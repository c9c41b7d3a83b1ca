"""Is this PDF an unaltered signed agreement from SEN?

A signed agreement's final PDF is stored with the SHA-256 of its exact bytes
(`AgreementVersion.signed_sha256`). A file matches only when its SHA-256 is one of
those: a single changed byte gives another hash, and nothing is found. Checking
changes nothing; every check from the web page is audited
(`agreements.verification.succeeded` / `.failed`), and a failed one is logged too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sen.agreements.builtin_template import PARTIES
from sen.agreements.models import AgreementVersion, VersionStatus
from sen.audit.services import record
from sen.core.actor import Actor

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class Verification:
    sha256: str
    size: int
    version: AgreementVersion | None = None
    parties: list[tuple[str, str]] = field(default_factory=list)  # (party, name)

    @property
    def ok(self) -> bool:
        return self.version is not None

    @property
    def in_force(self) -> bool:
        return self.version is not None and self.version.status == VersionStatus.SIGNED

    @property
    def signed_at(self) -> dt.datetime | None:
        return self.version.signed_at if self.version else None


def hash_chunks(chunks: Iterable[bytes]) -> tuple[str, int, bytes]:
    """SHA-256, size and first bytes of a stream, refusing anything over MAX_BYTES."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    for chunk in chunks:
        if len(head) < len(PDF_MAGIC):
            head = (head + chunk)[: len(PDF_MAGIC)]
        size += len(chunk)
        if size > MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(mb)s MB: a signed agreement is much smaller.")
                % {"mb": MAX_BYTES // (1024 * 1024)},
                code="too_large",
            )
        digest.update(chunk)
    return digest.hexdigest(), size, head


def find(sha256: str) -> Verification:
    """The signed version whose stored PDF has this SHA-256, with its parties (or none)."""
    version = (
        AgreementVersion.objects.filter(signed_sha256=sha256)
        .exclude(signed_sha256="")
        .select_related(
            "agreement__placement__student__school",
            "agreement__placement__offer__company",
        )
        .first()
    )
    if version is None:
        return Verification(sha256=sha256, size=0)
    parties = [
        (PARTIES["nl"].get(s.party, s.party), s.typed_name)
        for s in version.signatures.filter(withdrawn_at__isnull=True).order_by("signed_at", "pk")
    ]
    return Verification(sha256=sha256, size=0, version=version, parties=parties)


def verify_bytes(data: bytes) -> Verification:
    """Check a whole file in memory (the management command)."""
    if not data.startswith(PDF_MAGIC):
        return Verification(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    sha = hashlib.sha256(data).hexdigest()
    found = find(sha)
    return Verification(sha, len(data), found.version, found.parties)


def verify_upload(*, actor: Actor, chunks: Iterable[bytes]) -> Verification:
    """Check an uploaded file (streamed in chunks); audited, nothing else changes.

    ValidationError for a file that is too large or not a PDF at all.
    """
    sha, size, head = hash_chunks(chunks)
    if not head.startswith(PDF_MAGIC):
        raise ValidationError(
            _("This is not a PDF file. Upload the PDF of the signed agreement."), code="not_pdf"
        )
    found = find(sha)
    result = Verification(sha, size, found.version, found.parties)
    if result.version is not None:
        record(
            "agreements.verification.succeeded",
            actor=actor,
            obj=result.version,
            changes={"sha256": sha, "size": size},
        )
    else:
        logger.warning("agreements.verification.failed", extra={"sha256": sha, "size": size})
        record(
            "agreements.verification.failed",
            actor=actor,
            school_id=actor.school_id,
            company_id=actor.company_id,
            region_id=actor.region_id,
            changes={"sha256": sha, "size": size},
        )
    return result
