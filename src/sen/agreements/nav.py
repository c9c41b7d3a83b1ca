from django.utils.translation import gettext_lazy as _

from sen.core.nav import NavItem

ITEMS: list[NavItem] = [
    # documents: drawing up agreements (with a link to the templates), checking a PDF
    NavItem("agreements:runs", _("Agreements"), "agreements.generate", order=45),
    NavItem("agreements:verify", _("Check an agreement"), "agreements.verify", order=90),
    # signing
    NavItem("agreements:to_sign", _("To sign"), "agreements.sign_from_menu", order=41),
    NavItem("agreements:signing_board", _("Signatures"), "agreements.view_signing_board", order=46),
]
