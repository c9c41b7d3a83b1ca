"""The notifications the logbook sends (see sen.messaging.kinds)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KINDS: dict[str, Promise] = {
    "logbook.absence": _("Absence or late arrival at the workplace"),
    "logbook.entry_returned": _("A logbook entry was returned to you"),
}
