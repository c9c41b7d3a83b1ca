"""Meldingen: a person's notifications, marking them read (htmx), and their settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sen.core.http import SenRequest
from sen.core.policy import requires
from sen.messaging import selectors, services
from sen.messaging.forms import PreferencesForm

PAGE_SIZE = 25
LIST = "messaging/notifications/list.html"


def _list_context(request: SenRequest) -> dict[str, object]:
    page = Paginator(selectors.notifications_for(request.actor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return {"page": page}


@require_GET
@requires("messaging.view_notifications")
def notifications(request: SenRequest) -> HttpResponse:
    template = f"{LIST}#list" if request.htmx else LIST  # type: ignore[attr-defined]
    return render(request, template, _list_context(request))


@require_POST
@requires("messaging.view_notifications")
def notification_read(request: SenRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_for(request.actor, pk)
    services.mark_read(actor=request.actor, notification=notification)
    if request.htmx:  # type: ignore[attr-defined]
        notification.refresh_from_db(fields=["read_at"])
        return render(request, f"{LIST}#item", {"n": notification, "item_oob": True, "fresh": True})
    return redirect("messaging:notifications")


@require_POST
@requires("messaging.view_notifications")
def notifications_read_all(request: SenRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.actor)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request, f"{LIST}#list", {**_list_context(request), "oob_badge": True, "fresh": True}
        )
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("messaging:notifications")


@require_GET
@requires("messaging.view_notifications")
def unread_badge(request: SenRequest) -> HttpResponse:
    """The header's notifications link with the unread count (fetched by htmx when the
    page had no count in the cache)."""
    return render(request, "messaging/_header.html", {"fresh": True})


@require_GET
@requires("messaging.view_notifications")
def notification_open(request: SenRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    notification = selectors.notification_for(request.actor, pk)
    services.mark_read(actor=request.actor, notification=notification)
    url = notification.url
    # Only a path on this site: a stored link never sends anyone elsewhere.
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return redirect(url)
    return redirect("messaging:notifications")


@require_http_methods(["GET", "POST"])
@requires("messaging.view_notifications")
def preferences(request: SenRequest) -> HttpResponse:
    actor = request.actor
    current = selectors.preferences_for(actor)
    form = PreferencesForm(request.POST or None, preferences=current)
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.set_preferences(actor=actor, deliveries=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if changes:
                messages.success(request, _("Your notification settings are saved."))
            return redirect("messaging:preferences")
    return render(request, "messaging/notifications/preferences.html", {"form": form})
