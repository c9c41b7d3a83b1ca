"""Dates and hours in words, in the active language (UX.md: "di 3 feb", 24-hour times)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import formats


def day_label(day: dt.date) -> str:
    """A short day with its weekday: "di 24 nov" in Dutch, "Tue 24 nov" in English."""
    return formats.date_format(day, "D j b")


def day_label_long(day: dt.date) -> str:
    """With the year, for days that may lie in another year: "di 24 nov 2026"."""
    return formats.date_format(day, "D j b Y")


def hours_label(hours: Decimal | int | float) -> str:
    """Hours without trailing zeros, with the language's decimal sign: "6", "6,5", "6,25"."""
    value = Decimal(str(hours)).normalize()
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    return formats.number_format(value)


def minutes_as_hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))
