from django.utils.translation import gettext_lazy as _

from sen.core.nav import NavItem

ITEMS = [
    NavItem("accounts:people", _("People"), "accounts.view_people", order=80),
    NavItem("accounts:security", _("Security"), "accounts.view_security", order=95),
]
