"""One entry, and its photos, for whoever may read the placement's logbook."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sen.core.http import SenRequest
from sen.core.policy import can, requires
from sen.logbook.forms import ReturnForm
from sen.logbook.selectors import entries as selectors
from sen.logbook.services.entries import may_correct


@require_GET
@requires("logbook.view_logbook")
def entry_detail(request: SenRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for(request.actor, pk)
    actor = request.actor
    return render(
        request,
        "logbook/entry.html",
        {
            "entry": entry,
            "placement": entry.placement,
            "photos": list(entry.photos.all()),
            "corrections": list(entry.corrections.all()),
            "own": can(actor, "logbook.write_entry", entry),
            "reviewer": can(actor, "logbook.supervise", entry),
            "can_correct": entry.status == "approved" and may_correct(actor, entry.placement),
            "return_form": ReturnForm(),
        },
    )


def _serve(request: SenRequest, pk: int, *, thumbnail: bool) -> HttpResponse:
    photo = selectors.photo_for(request.actor, pk)
    if photo.entry.placement.status not in selectors.WITH_LOGBOOK:
        raise Http404
    stored = photo.thumbnail if thumbnail else photo.image
    try:
        with stored.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    ext = "png" if photo.format == "png" else "jpg"
    small = "-small" if thumbnail else ""
    # At most 1600 px, re-encoded without metadata: small enough to send from memory.
    response = HttpResponse(content, content_type=photo.content_type)
    response["Content-Disposition"] = f'inline; filename="logbook-photo-{photo.pk}{small}.{ext}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
@requires("logbook.view_logbook")
def photo(request: SenRequest, pk: int) -> HttpResponse:
    return _serve(request, pk, thumbnail=False)


@require_GET
@requires("logbook.view_logbook")
def photo_thumbnail(request: SenRequest, pk: int) -> HttpResponse:
    return _serve(request, pk, thumbnail=True)
