"""Gesprekken: the list of conversations and one placement's conversation (htmx posting).

There is no view that edits or deletes a message: a message, once sent, stays
as it was written (tests/messaging/test_thread_views.py checks the URL list).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from sen.audit.services import record_view
from sen.core.http import SenRequest
from sen.core.policy import authorize, can, requires
from sen.messaging import services
from sen.messaging.forms import MessageForm
from sen.messaging.threads import selectors
from sen.messaging.threads.services import KIND, post_message
from sen.network.privacy import student_fields
from sen.placements.models import Placement, PlacementStatus

PAGE_SIZE = 25
THREAD = "messaging/threads/thread.html"


@require_GET
@requires("messaging.view_threads")
def threads(request: SenRequest) -> HttpResponse:
    actor = request.actor
    page = Paginator(selectors.threads_for(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"placement": p, "student": student_fields(actor, p.student, scoped=True)}
        for p in page.object_list
    ]
    return render(request, "messaging/threads/list.html", {"page": page, "rows": rows})


def _thread_context(
    request: SenRequest, placement: Placement, form: MessageForm | None = None
) -> dict[str, Any]:
    actor = request.actor
    page, rows = selectors.messages_page(actor, placement, request.GET.get("page"))
    may_post = placement.status != PlacementStatus.CANCELLED and can(
        actor, "messaging.post_in_thread", placement
    )
    return {
        "placement": placement,
        "student": student_fields(actor, placement.student, scoped=True),
        "page": page,
        "rows": rows,
        "may_post": may_post,
        "form": form or MessageForm(),
    }


@require_GET
@requires("messaging.view_threads")
def thread(request: SenRequest, pk: int) -> HttpResponse:
    actor = request.actor
    placement = selectors.placement_for_thread(actor, pk)
    authorize(actor, "messaging.read_thread", placement)
    services.mark_placement_read(actor=actor, placement=placement, kind=KIND)
    context = _thread_context(request, placement)
    if not context["may_post"]:
        # Someone reading along (a coordinator, a company contact): their access to the
        # conversation is logged like a view of a student file (DOMAIN.md: access log).
        record_view(actor=actor, obj=placement)
    template = f"{THREAD}#conversation" if request.htmx else THREAD  # type: ignore[attr-defined]
    return render(request, template, context)


@require_POST
@requires("messaging.view_threads")
def thread_post(request: SenRequest, pk: int) -> HttpResponse:
    actor = request.actor
    placement = selectors.placement_for_thread(actor, pk)
    authorize(actor, "messaging.post_in_thread", placement)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            post_message(actor=actor, placement=placement, body=form.cleaned_data["body"])
        except ValidationError as exc:
            form.add_error("body", exc)
        else:
            if not request.htmx:  # type: ignore[attr-defined]
                return redirect("messaging:thread", pk=placement.pk)
            form = MessageForm()
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, f"{THREAD}#conversation", _thread_context(request, placement, form))
    return render(request, THREAD, _thread_context(request, placement, form))
