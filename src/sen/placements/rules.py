"""Placements' access rules live in rules_choices.py and rules_allocation.py."""

from sen.placements import rules_allocation, rules_choices  # noqa: F401 - registers the rules
