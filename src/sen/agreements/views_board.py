"""The coordinator's signing board: every placement of the school with its agreement's state,
who still has to sign, reminders (one or many at once, htmx) and re-sent links."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from sen.agreements import selectors_board as board
from sen.agreements import selectors_signing
from sen.agreements.forms_signing import BoardFilterForm, RemindForm, ResendLinkForm
from sen.agreements.models import AgreementVersion, Party
from sen.agreements.services import reminders, signing_links
from sen.core.http import SenRequest
from sen.core.policy import authorize, requires

PAGE_SIZE = 50
FILTERS = ("state", "class_name", "company")


def _board_context(actor: Any, params: QueryDict) -> dict[str, Any]:
    classes, companies = board.filter_choices(actor)
    filters = BoardFilterForm(params or None, classes=classes, companies=companies)
    filters.is_valid()  # a filter that does not validate is left out, the others apply
    data = getattr(filters, "cleaned_data", {})
    placements = board.board_placements(
        actor,
        state=data.get("state", ""),
        class_name=data.get("class_name", ""),
        company_id=data.get("company"),
    )
    page = Paginator(placements, PAGE_SIZE).get_page(params.get("page"))
    return {
        "filters": filters,
        "page": page,
        "rows": board.board_rows(list(page.object_list)),
        "progress": board.progress(placements),
        "query": urlencode({k: str(params.get(k)) for k in FILTERS if params.get(k)}),
        "page_number": page.number,
    }


@require_GET
@requires("agreements.view_signing_board")
def signing_board(request: SenRequest) -> HttpResponse:
    return render(
        request, "agreements/board/board.html", _board_context(request.actor, request.GET)
    )


def _params(request: SenRequest) -> QueryDict:
    """The board's filters and page, sent along with a POST as one query string."""
    params = QueryDict(request.POST.get("query", ""), mutable=True)
    page = request.POST.get("page", "")
    if page.isdigit():
        params["page"] = page
    return params


@require_POST
@requires("agreements.view_signing_board")
def remind(request: SenRequest) -> HttpResponse:
    """Send reminders for one placement (the row's button) or the ticked ones (bulk)."""
    actor = request.actor
    data = request.POST.copy()
    only = str(data.get("only", ""))
    if only:
        data.setlist("placements", [only])
    form = RemindForm(data)
    reminded = skipped = 0
    errors: list[str] = []
    if form.is_valid():
        for version in board.current_versions_for(actor, form.cleaned_data["placements"]):
            authorize(actor, "agreements.manage_signing", version)
            try:
                reminders.send_signing_requests(version=version, actor=actor)
            except ValidationError:
                skipped += 1
            else:
                reminded += 1
    else:
        errors = [str(e) for e in form.errors.get("placements", [])]
    for error in errors:
        messages.error(request, error)
    if reminded:
        messages.success(
            request,
            ngettext(
                "Reminder sent for %(count)s agreement.",
                "Reminders sent for %(count)s agreements.",
                reminded,
            )
            % {"count": reminded},
        )
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)s agreement was skipped: already reminded today or not awaiting "
                "signatures.",
                "%(count)s agreements were skipped: already reminded today or not awaiting "
                "signatures.",
                skipped,
            )
            % {"count": skipped},
        )
    params = _params(request)
    if getattr(request, "htmx", False):
        return render(request, "agreements/board/board.html#board", _board_context(actor, params))
    url = reverse("agreements:signing_board")
    return redirect(f"{url}?{params.urlencode()}" if params else url)


@require_POST
@requires("agreements.view_signing_board")
def resend_link(request: SenRequest, pk: int) -> HttpResponse:
    """Send a fresh signing link to a parent's or the company's seat (old links stop working)."""
    actor = request.actor
    version: AgreementVersion = selectors_signing.version_for_signing(actor, pk)
    authorize(actor, "agreements.manage_signing", version)
    form = ResendLinkForm(request.POST)
    key = form.cleaned_data["seat"] if form.is_valid() else ""
    state = next((s for s in selectors_signing.seat_states(version) if s.seat.key == key), None)
    if state is None or state.seat.party not in (Party.GUARDIAN, Party.COMPANY):
        raise Http404
    try:
        if state.signed:
            raise ValidationError(_("This party has already signed."), code="signed")
        sent = signing_links.send_link(version=version, seat=state.seat, actor=actor)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if sent:
            messages.success(
                request,
                ngettext(
                    "A new signing link was sent to %(count)s address for %(seat)s.",
                    "A new signing link was sent to %(count)s addresses for %(seat)s.",
                    sent,
                )
                % {"count": sent, "seat": state.seat.label},
            )
        else:
            messages.error(
                request,
                _("No e-mail address is known for %(seat)s. Add one to the student's record.")
                % {"seat": state.seat.label},
            )
    return redirect("agreements:signing_board")
