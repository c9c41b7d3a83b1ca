"""Menu items of the network, per role (each item shows only to actors passing its rule)."""

from django.utils.translation import gettext_lazy as _

from sen.core.nav import NavItem

ITEMS = [
    NavItem("network:region", _("Region"), "network.view_region", order=10),
    NavItem("network:my_school", _("School"), "network.view_own_school", order=10),
    NavItem("network:students", _("Students"), "network.view_student_list", order=20),
    NavItem("network:my_company", _("Company"), "network.view_own_company", order=10),
    NavItem("network:children", _("My children"), "network.view_children", order=10),
    NavItem("network:me", _("My details"), "network.view_own_details", order=80),
]
