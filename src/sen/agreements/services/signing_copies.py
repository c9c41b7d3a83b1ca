"""Every party gets a copy of the agreement once everybody signed and the PDF exists.

- A party with an account (the student, a parent with an account, the school's
  and the company's signers) gets a notification (in SEN and by e-mail) linking
  to the version's page in SEN, where the signed PDF is downloaded after login.
- A party who signed through an e-mail link and has no account gets an e-mail
  with the signed PDF attached. Attaching avoids yet another public download
  link with its own token; the PDF goes only to the address that signed.

Sent once per version: the first delivery records `agreements.version.copies_sent`
with the version row locked, and a second delivery (a task delivered twice)
finds that event and stops.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sen.agreements.models import AgreementVersion, Signature, VersionStatus
from sen.audit.models import AuditEvent
from sen.audit.services import record
from sen.messaging.services import notify

logger = logging.getLogger(__name__)

COPIES_SENT = "agreements.version.copies_sent"


def _account_of(signature: Signature) -> Any:
    if signature.user_id is not None:
        return signature.user
    if signature.guardianship is not None and signature.guardianship.user_id is not None:
        return signature.guardianship.user
    return None


def deliver_signed_copies(version_id: int) -> int:
    """Send each signer their copy; returns how many were sent (0 when already done)."""
    with transaction.atomic():
        version = (
            AgreementVersion.objects.select_for_update(of=("self",))
            .select_related(
                "agreement__placement__student__school", "agreement__placement__offer__company"
            )
            .get(pk=version_id)
        )
        if version.status != VersionStatus.SIGNED or not version.signed_pdf:
            logger.warning("agreements.copies_not_ready version=%s", version_id)
            return 0
        if AuditEvent.objects.filter(
            action=COPIES_SENT,
            object_type=AgreementVersion._meta.label_lower,
            object_id=str(version.pk),
        ).exists():
            return 0
        signatures = list(
            version.signatures.filter(withdrawn_at__isnull=True).select_related(
                "user", "guardianship__user"
            )
        )
        accounts: dict[int, Any] = {}
        addresses: dict[str, str] = {}
        for signature in signatures:
            account = _account_of(signature)
            if account is not None:
                accounts[account.pk] = account
            elif signature.email:
                addresses[signature.email.lower()] = signature.typed_name
        placement = version.agreement.placement
        context = {
            "student": placement.student.full_name,
            "company": placement.offer.company.name,
            "school": placement.student.school.name,
            "number": version.number,
        }
        created = notify(
            kind="agreements.fully_signed",
            key=f"agreements.fully_signed:{version.pk}",
            recipients=list(accounts.values()),
            subject=_("Signed by everyone: the agreement for %(student)s at %(company)s") % context,
            body=_(
                "Everybody has signed the practice agreement (version %(number)s). You can "
                "download the signed PDF in SEN."
            )
            % context,
            url=reverse("agreements:sign", kwargs={"pk": version.pk}),
            placement=placement,
        )
        record(
            COPIES_SENT,
            actor=None,
            obj=version,
            changes={"notified_accounts": len(created), "emailed_addresses": len(addresses)},
        )
        with version.signed_pdf.open("rb") as handle:
            pdf = handle.read()
        filename = f"praktijkovereenkomst-{version.agreement_id}-v{version.number}.pdf"
        with translation.override(settings.LANGUAGE_CODE):
            subject = " ".join(
                render_to_string("agreements/signing/email/copy_subject.txt", context).split()
            )
            bodies = {
                address: render_to_string(
                    "agreements/signing/email/copy.txt", {**context, "name": name}
                )
                for address, name in addresses.items()
            }

        def _send() -> None:
            for address, body in bodies.items():
                message = EmailMessage(subject, body, None, [address])
                message.attach(filename, pdf, "application/pdf")
                try:
                    message.send()
                except Exception:  # no address in the log line
                    logger.warning("agreements.copy_not_sent version=%s", version_id, exc_info=True)

        transaction.on_commit(_send)
    return len(created) + len(addresses)
