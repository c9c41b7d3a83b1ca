"""The coordinator's grade export: choose a period, check the preview, download the CSV."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from sen.assessment import csvfile
from sen.assessment.forms import ExportForm
from sen.assessment.selectors import export as selectors
from sen.assessment.services import exports as services
from sen.core.http import SenRequest
from sen.core.policy import requires


def _form(request: SenRequest, data: object = None) -> ExportForm:
    periods = [(p.pk, str(p)) for p in selectors.export_periods(request.actor)]
    return ExportForm(data, periods=periods)


@require_GET
@requires("assessment.export_grades")
def export(request: SenRequest) -> HttpResponse:
    form = _form(request, request.GET if "period" in request.GET else None)
    preview = None
    if form.is_bound and form.is_valid():
        period = selectors.get_period(request.actor, form.cleaned_data["period"])
        preview = selectors.grade_export(request.actor, period)
    return render(
        request,
        "assessment/export.html",
        {"form": form, "preview": preview, "header": csvfile.HEADER},
    )


@require_POST
@requires("assessment.export_grades")
def export_download(request: SenRequest) -> HttpResponse:
    form = _form(request, request.POST)
    if not form.is_valid():  # a period that is not the school's: not found
        raise Http404
    period = selectors.get_period(request.actor, form.cleaned_data["period"])
    try:
        export_file = services.export_grades(actor=request.actor, period=period)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("assessment:export")
    response = HttpResponse(export_file.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_file.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
