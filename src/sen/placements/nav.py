from sen.placements.nav_allocation import ITEMS as ALLOCATION_ITEMS
from sen.placements.nav_choices import ITEMS as CHOICE_ITEMS

ITEMS = [*CHOICE_ITEMS, *ALLOCATION_ITEMS]
