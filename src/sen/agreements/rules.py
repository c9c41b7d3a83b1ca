"""Agreements' access rules live in rules_*.py (one module per part of the app)."""

from sen.agreements import rules_documents, rules_signing  # noqa: F401 - registers the rules
