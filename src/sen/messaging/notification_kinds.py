from django.utils.functional import Promise

KINDS: dict[str, Promise] = {}
