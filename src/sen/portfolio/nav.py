from django.utils.translation import gettext_lazy as _

from sen.core.nav import NavItem

ITEMS: list[NavItem] = [
    NavItem("portfolio:mine", _("My portfolio"), "portfolio.keep", order=61),
]
