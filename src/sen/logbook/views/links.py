"""Approving from the digest e-mail without logging in: GET shows, POST approves.

The token in the URL is the only authority (see sen.logbook.services.digest): the page
works whoever is signed in, or nobody. A used, expired or unknown link shows a plain
page that says so, and changes nothing.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from sen.core.http import SenRequest
from sen.logbook.services import digest as services


@login_not_required
@require_http_methods(["GET", "POST"])
def approve_by_link(request: SenRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            result = services.approve_by_link(token)
            return render(
                request,
                "logbook/link_done.html",
                {"approved": result.approved, "skipped": len(result.skipped)},
            )
        view = services.inspect_link(token)
    except services.LinkRefused as refused:
        return render(
            request,
            "logbook/link_refused.html",
            {"reason": refused.reason.value, "link": refused.link},
            status=410 if refused.link is not None else 404,
        )
    return render(
        request,
        "logbook/link_confirm.html",
        {"view": view, "entries": view.entries, "token": token},
    )
