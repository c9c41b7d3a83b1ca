"""Portfolio pages: the student's own portfolio (add, change, remove, export), one piece of
evidence and its file, and a student's portfolio for teachers, the supervisor and parents.

Files are served only here, after the access check: photos inline (they were re-encoded
without metadata), every other file as an attachment under a generated name, always with
`X-Content-Type-Options: nosniff` (SECURITY-CHECKLIST 5.4.1, 3.2.1).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sen.core.http import SenRequest
from sen.core.policy import authorize, can, requires
from sen.portfolio import selectors, services
from sen.portfolio.forms import EvidenceEditForm, EvidenceForm
from sen.portfolio.models import Evidence, EvidenceKind
from sen.portfolio.uploads import CONTENT_TYPES


def _to_form(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _elective_id(request: SenRequest) -> int | None:
    raw = request.GET.get("elective", "")
    return int(raw) if raw.isdigit() else None


def _placement_choices(student: Any) -> list[tuple[int, str]]:
    return [
        (p.pk, f"{p.offer.elective.name} — {p.offer.company.name}")
        for p in selectors.placements_of(student)
    ]


def _mine_context(request: SenRequest, form: EvidenceForm | None = None) -> dict[str, Any]:
    student = selectors.own_student(request.actor)
    elective_id = _elective_id(request)
    initial: dict[str, Any] = {}
    if elective_id:
        placements = [
            p for p in selectors.placements_of(student) if p.offer.elective_id == elective_id
        ]
        if placements:
            initial["placement"] = placements[0].pk
    return {
        "portfolio": selectors.portfolio(request.actor, student, elective_id=elective_id),
        "form": form or EvidenceForm(placements=_placement_choices(student), initial=initial),
        "own": True,
    }


@require_GET
@requires("portfolio.keep")
def mine(request: SenRequest) -> HttpResponse:
    return render(request, "portfolio/mine.html", _mine_context(request))


@require_POST
@requires("portfolio.keep")
def add(request: SenRequest) -> HttpResponse:
    student = selectors.own_student(request.actor)
    form = EvidenceForm(request.POST, request.FILES, placements=_placement_choices(student))
    if form.is_valid():
        placement_id = form.cleaned_data["placement"]
        placement = next(
            (p for p in selectors.placements_of(student) if p.pk == placement_id), None
        )
        upload = form.cleaned_data["file"]
        try:
            evidence = services.add_evidence(
                actor=request.actor,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                placement=placement,
                upload=upload,
                filename=upload.name if upload else "",
                include_in_export=form.cleaned_data["include_in_export"],
            )
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(
                request,
                _("Added to your portfolio. Link it to the criteria it shows.")
                if evidence.placement_id
                else _("Added to your portfolio."),
            )
            return redirect("portfolio:evidence", pk=evidence.pk)
    return render(request, "portfolio/mine.html", _mine_context(request, form))


def _edit_form(evidence: Evidence, data: Any = None) -> EvidenceEditForm:
    criteria = [(c.pk, c.title) for c in services.allowed_criteria(evidence)]
    return EvidenceEditForm(
        data,
        criteria=criteria,
        initial={
            "title": evidence.title,
            "text": evidence.text,
            "criteria": [c.pk for c in evidence.criteria.all()],
            "include_in_export": evidence.include_in_export,
        },
    )


@require_GET
@requires("portfolio.view_evidence")
def evidence(request: SenRequest, pk: int) -> HttpResponse:
    found = selectors.get_evidence(request.actor, pk)
    own = can(request.actor, "portfolio.change_evidence", found)
    if not own:
        authorize(request.actor, "portfolio.view_students")
    return render(
        request,
        "portfolio/evidence.html",
        {"evidence": found, "own": own, "form": _edit_form(found) if own else None},
    )


@require_POST
@requires("portfolio.keep")
def evidence_edit(request: SenRequest, pk: int) -> HttpResponse:
    found = selectors.get_evidence(request.actor, pk)
    authorize(request.actor, "portfolio.change_evidence", found)
    form = _edit_form(found, request.POST)
    if form.is_valid():
        try:
            services.update_evidence(
                actor=request.actor,
                evidence=found,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                criteria_ids=form.cleaned_data["criteria"],
                include_in_export=form.cleaned_data["include_in_export"],
            )
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("portfolio:evidence", pk=found.pk)
    return render(
        request, "portfolio/evidence.html", {"evidence": found, "own": True, "form": form}
    )


@require_POST
@requires("portfolio.keep")
def evidence_remove(request: SenRequest, pk: int) -> HttpResponse:
    found = selectors.get_evidence(request.actor, pk)
    authorize(request.actor, "portfolio.change_evidence", found)
    services.remove_evidence(actor=request.actor, evidence=found)
    messages.success(request, _("Removed from your portfolio."))
    return redirect("portfolio:mine")


def _serve(request: SenRequest, pk: int, *, thumbnail: bool) -> HttpResponse:
    found = selectors.get_evidence(request.actor, pk)
    if not can(request.actor, "portfolio.change_evidence", found):
        authorize(request.actor, "portfolio.view_students")
    stored = found.thumbnail if thumbnail else found.file
    if not stored:
        raise Http404
    try:
        with stored.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    ext = found.file_type
    response = HttpResponse(
        content, content_type=CONTENT_TYPES.get(ext, "application/octet-stream")
    )
    # A generated ASCII name (a slug of the title, the id): no raw user text in the header.
    small = "-klein" if thumbnail else ""
    name = f"{slugify(found.title)[:60] or 'bewijsstuk'}-{found.pk}{small}.{ext}"
    disposition = "inline" if found.kind == EvidenceKind.PHOTO else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@requires("portfolio.view_evidence")
def evidence_file(request: SenRequest, pk: int) -> HttpResponse:
    return _serve(request, pk, thumbnail=False)


@require_GET
@requires("portfolio.view_evidence")
def evidence_thumbnail(request: SenRequest, pk: int) -> HttpResponse:
    return _serve(request, pk, thumbnail=True)


@require_GET
@requires("portfolio.view_students")
def student(request: SenRequest, pk: int) -> HttpResponse:
    found = selectors.get_student(request.actor, pk)
    return render(
        request,
        "portfolio/student.html",
        {
            "portfolio": selectors.portfolio(
                request.actor, found, elective_id=_elective_id(request)
            ),
            "own": False,
        },
    )


def _export(request: SenRequest, fmt: str) -> HttpResponse:
    try:
        export = services.export_portfolio(actor=request.actor, fmt=fmt)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("portfolio:mine")
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@requires("portfolio.keep")
def export_pdf(request: SenRequest) -> HttpResponse:
    """Start the PDF export in the background and follow it (it takes seconds, not ms)."""
    try:
        job = services.start_pdf_export(actor=request.actor)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("portfolio:mine")
    return redirect("portfolio:export_job", pk=job.pk)


@require_GET
@requires("portfolio.keep")
def export_job(request: SenRequest, pk: int) -> HttpResponse:
    job = selectors.export_job(request.actor, pk)
    return render(request, "portfolio/export_job.html", {"job": job})


@require_GET
@requires("portfolio.keep")
def export_job_status(request: SenRequest, pk: int) -> HttpResponse:
    """The job's progress as the partial that polls itself; the page reloads once the job
    has finished, to show the download."""
    job = selectors.export_job(request.actor, pk)
    response = render(
        request, "core/_job_progress.html", {"job": job, "poll_url": request.get_full_path()}
    )
    if job.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_GET
@requires("portfolio.keep")
def export_download(request: SenRequest, pk: int) -> HttpResponse:
    job = selectors.export_job(request.actor, pk)
    name = str(job.result.get("file", "")) if job.status == "succeeded" else ""
    if not name.startswith(services.EXPORTS):
        raise Http404
    try:
        with default_storage.open(name, "rb") as handle:
            content = handle.read()
    except FileNotFoundError as exc:  # replaced by a newer export
        raise Http404 from exc
    response = HttpResponse(content, content_type="application/pdf")
    filename = str(job.result.get("filename") or "portfolio.pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(filename[:-4]) or "portfolio"}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@requires("portfolio.keep")
def export_json(request: SenRequest) -> HttpResponse:
    return _export(request, "json")
