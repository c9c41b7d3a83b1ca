"""Access rules (django-rules predicates over the Actor); imported by rules.py."""
