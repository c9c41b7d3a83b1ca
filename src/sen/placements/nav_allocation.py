from sen.core.nav import NavItem

ITEMS: list[NavItem] = []
