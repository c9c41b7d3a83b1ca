"""A ValidationError for one field that keeps its code (a dict passed to ValidationError
drops the `code` argument)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def field_error(field: str, message: Any, code: str) -> ValidationError:
    """`message`: a str or a lazy translation."""
    return ValidationError({field: ValidationError(message, code=code)})
