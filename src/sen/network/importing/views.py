"""The student import pages: upload, preview (the check's result), confirm, job progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sen.core.http import SenRequest
from sen.core.jobs import get_job
from sen.core.policy import requires
from sen.network.importing import selectors, services
from sen.network.importing.forms import UploadForm
from sen.network.importing.messages import expected_columns
from sen.network.importing.parsing import MAX_BYTES

# Room for the form's other fields and the multipart boundaries around the file.
_MAX_REQUEST_BYTES = MAX_BYTES + 64 * 1024


@require_http_methods(["GET", "POST"])
@requires("network.import_students")
def start(request: SenRequest) -> HttpResponse:
    form = UploadForm()
    too_large = ""
    if request.method == "POST":
        if int(request.META.get("CONTENT_LENGTH") or 0) > _MAX_REQUEST_BYTES:
            # Refused before Django reads the body: a huge upload costs nothing.
            too_large = _("The file is larger than %(limit)s MB. Split it into smaller files.") % {
                "limit": MAX_BYTES >> 20
            }
        else:
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    job = services.start_student_import(
                        actor=request.actor, filename=upload.name, data=upload.read()
                    )
                except ValidationError as error:
                    form.add_error("file", error)
                else:
                    return redirect("imports:detail", pk=job.pk)
    context = {
        "form": form,
        "too_large": too_large,
        "imports": selectors.recent_imports(request.actor),
        "columns": expected_columns(),
    }
    return render(request, "network/import/start.html", context)


@require_GET
@requires("network.import_students")
def detail(request: SenRequest, pk: int) -> HttpResponse:
    upload = selectors.get_import(request.actor, pk)
    context = selectors.import_overview(upload)
    return render(request, "network/import/detail.html", context)


@require_POST
@requires("network.import_students")
def confirm(request: SenRequest, pk: int) -> HttpResponse:
    upload = selectors.get_import(request.actor, pk)
    try:
        services.confirm_student_import(actor=request.actor, job=upload)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("imports:detail", pk=upload.pk)


@require_GET
@requires("network.view_job")
def job_status(request: SenRequest, pk: int) -> HttpResponse:
    """A job's progress as the partial that polls itself; with ?reload=1 the page
    reloads once the job has finished, to show its result."""
    job = get_job(request.actor, pk)
    response = render(
        request, "core/_job_progress.html", {"job": job, "poll_url": request.get_full_path()}
    )
    if job.is_finished and request.GET.get("reload") and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response
