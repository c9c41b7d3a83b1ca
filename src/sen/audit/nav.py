from django.utils.translation import gettext_lazy as _

from sen.core.nav import NavItem

ITEMS = [
    NavItem("audit:log", _("Audit log"), "audit.view_log", order=90),
    NavItem("audit:verify", _("Audit check"), "audit.verify_chains", order=91),
]
