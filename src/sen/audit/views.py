"""The audit log of an organisation, and the chain check for administrators."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sen.audit import selectors, services
from sen.audit.forms import LogFilterForm
from sen.audit.presentation import present
from sen.core.http import SenRequest
from sen.core.policy import requires

PAGE_SIZE = 50


@require_GET
@requires("audit.view_log")
def log(request: SenRequest) -> HttpResponse:
    actor = request.actor
    form = LogFilterForm(request.GET or None, people=selectors.people_in_log(actor))
    filters = form.filters()
    page = Paginator(selectors.log_for(actor, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    entries = present(page.object_list)
    services.record_log_view(actor=actor, filters=filters, page=page.number)
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "entries": entries, "filtered": bool(filters)},
    )


@require_GET
@requires("audit.verify_chains")
def verify(request: SenRequest) -> HttpResponse:
    reports = services.verify_all()
    names = selectors.chain_labels(report.chain for report in reports)
    rows = [(report, names.get(report.chain, report.chain)) for report in reports]
    broken = sum(1 for report in reports if not report.ok)
    return render(
        request,
        "audit/verify.html",
        {"rows": rows, "broken": broken, "total": sum(r.length for r in reports)},
    )
