"""Small helpers shared by the network's views."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


def paginate(request: HttpRequest, items: Any, per_page: int) -> Page[Any]:
    """The requested page; a page number out of range gives the nearest page, not an error."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names (or above the form)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def url_or_none(name: str) -> str | None:
    """The URL of a view another app may not have built yet."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None
