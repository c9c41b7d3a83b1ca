"""Agreements' audit events in words (see sen.audit.labels)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    # documents: templates, generation, PDFs, verification
    "agreements.template.created": _("Agreement template created"),
    "agreements.template.version_saved": _("Agreement template saved as a new version"),
    "agreements.template.made_default": _("Agreement template chosen for new agreements"),
    "agreements.agreement.generated": _("Agreement drawn up"),
    "agreements.agreement.terms_changed": _("Agreement terms changed: new version"),
    "agreements.version.signed_pdf_stored": _("Signed agreement PDF stored"),
    "agreements.version.superseded": _("Agreement version replaced by a newer signed version"),
    "agreements.batch.started": _("Drawing up agreements for an allocation started"),
    "agreements.verification.succeeded": _("Agreement PDF checked: unchanged"),
    "agreements.verification.failed": _("Agreement PDF checked: not recognised"),
    # signing: signatures, links and codes, reminders, completion
    "agreements.signature.signed": _("Agreement signed"),
    "agreements.signature.withdrawn": _("Signature on an agreement withdrawn"),
    "agreements.version.signed": _("Agreement signed by everyone"),
    "agreements.version.signatures_requested": _("Parties asked to sign the agreement"),
    "agreements.version.reminded": _("Parties reminded to sign the agreement"),
    "agreements.version.copies_sent": _("Copies of the signed agreement sent"),
    "agreements.signing_link.created": _("Signing link sent by e-mail"),
    "agreements.signing_link.refused": _("Signing link refused"),
    "agreements.signing_link.code_sent": _("Signing code sent by e-mail"),
    "agreements.signing_link.code_verified": _("Signing code entered correctly"),
    "agreements.signing_link.code_failed": _("Wrong signing code entered"),
    "agreements.signing_link.locked": _("Signing link locked after too many wrong codes"),
    "agreements.signing_link.used": _("Agreement signed through an e-mail link"),
}
