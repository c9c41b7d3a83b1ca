"""Notification kinds of agreements (see sen.messaging.kinds).

E-mails that carry a secret (a signing link, a one-time code) do not go through
`notify`: a notification stores its text and link in the database, and only the
SHA-256 of a link's token and the HMAC of a code may be stored
(sen.agreements.services.signing_links).
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KINDS: dict[str, Promise] = {
    "agreements.signature_requested": _("An agreement waits for your signature"),
    "agreements.signature_reminder": _("Reminder: an agreement waits for your signature"),
    "agreements.fully_signed": _("An agreement is signed by everyone"),
}
