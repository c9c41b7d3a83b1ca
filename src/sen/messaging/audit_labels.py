"""Messaging's audit events in words (see sen.audit.labels)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    "messaging.message.posted": _("Message sent in the conversation about a placement"),
    "messaging.evaluation.submitted": _("Placement evaluated"),
    "messaging.preferences.changed": _("Notification settings changed"),
}
OBJECTS: dict[str, Promise] = {
    "messaging.message": _("message"),
    "messaging.evaluation": _("evaluation"),
}
