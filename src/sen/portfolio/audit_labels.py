"""Portfolio's audit events in words (see sen.audit.labels)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    "portfolio.evidence.added": _("Evidence added"),
    "portfolio.evidence.updated": _("Evidence changed"),
    "portfolio.evidence.removed": _("Evidence removed"),
    "portfolio.portfolio.exported": _("Portfolio exported"),
}
