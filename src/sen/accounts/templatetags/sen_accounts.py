"""Small display helpers for the account pages."""

from __future__ import annotations

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int:
    """`{{ delta|minutes }}`: a duration in whole minutes, rounded up."""
    if value is None:
        return 0
    seconds = int(value.total_seconds())
    return max(0, -(-seconds // 60))
