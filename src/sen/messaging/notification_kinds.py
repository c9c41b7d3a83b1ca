"""The messaging app's own kinds of notification (see sen.messaging.kinds)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KINDS: dict[str, Promise] = {
    "messaging.message": _("A new message in the conversation about a placement"),
    "messaging.evaluation_requested": _("A placement ends: fill in the evaluation"),
}
