"""Filters for the logbook's templates: hours and days in the active language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template

from sen.logbook.formatting import day_label, day_label_long, hours_label

register = template.Library()


@register.filter
def hours(value: Decimal | int | float | None) -> str:
    """6.50 → "6,5" in Dutch."""
    return "" if value is None else hours_label(value)


@register.filter
def day(value: dt.date | None) -> str:
    """A date as "di 24 nov"."""
    return "" if value is None else day_label(value)


@register.filter
def long_day(value: dt.date | None) -> str:
    """A date as "di 24 nov 2026"."""
    return "" if value is None else day_label_long(value)
