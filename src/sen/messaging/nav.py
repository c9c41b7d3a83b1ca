"""Menu items of messaging (notifications are in the header, with their unread count)."""

from django.utils.translation import gettext_lazy as _

from sen.core.nav import NavItem

ITEMS = [
    NavItem("messaging:threads", _("Conversations"), "messaging.view_threads", order=60),
    NavItem("messaging:evaluations", _("Evaluations"), "messaging.evaluate", order=65),
    NavItem("messaging:quality", _("Quality"), "messaging.view_quality", order=70),
]
