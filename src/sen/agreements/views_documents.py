"""Pages of agreement documents: a school's templates, an agreement with its versions and
PDFs, changing the terms, drawing up the agreements of an allocation, and checking a PDF.

Each view parses, authorises (rule + `visible_to`), calls a service or selector and
renders. Anything outside the actor's scope answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sen.agreements import selectors_documents as selectors
from sen.agreements.forms_documents import (
    ChangeTermsForm,
    TemplateForm,
    VerifyForm,
    terms_initial,
)
from sen.agreements.models import VersionStatus
from sen.agreements.services import batch, documents, templates, verification
from sen.agreements.services.reminders import ask_to_sign
from sen.agreements.services.template_text import BLOCKS, PLACEHOLDERS, SECTIONS
from sen.agreements.services.terms import example_terms
from sen.core.http import SenRequest
from sen.core.policy import authorize, can, requires

# --- Templates -----------------------------------------------------------------------------


@require_GET
@requires("agreements.manage_templates")
def template_list(request: SenRequest) -> HttpResponse:
    return render(
        request,
        "agreements/documents/templates.html",
        {"templates": list(selectors.templates_for(request.actor))},
    )


@require_POST
@requires("agreements.manage_templates")
def template_create(request: SenRequest) -> HttpResponse:
    school = request.actor.organisation
    template = templates.create_from_builtin(actor=request.actor, school=school)
    messages.success(request, _("A new template with SEN's text was made. Adjust it and save."))
    return redirect("agreements:template_edit", pk=template.pk)


def _placeholder_help() -> dict[str, object]:
    return {
        "placeholders": list(PLACEHOLDERS.items()),
        "blocks": list(BLOCKS.items()),
        "sections": list(SECTIONS.items()),
    }


@require_http_methods(["GET", "POST"])
@requires("agreements.manage_templates")
def template_edit(request: SenRequest, pk: int) -> HttpResponse:
    template = selectors.template_for(request.actor, pk)
    authorize(request.actor, "agreements.manage_template", template)
    versions = selectors.template_versions(template)
    latest = versions[0] if versions else None
    initial = {
        "name": template.name,
        "body_nl": latest.body_nl if latest else "",
        "body_en": latest.body_en if latest else "",
    }
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = templates.save_version(
                actor=request.actor,
                template=template,
                name=form.cleaned_data["name"],
                body_nl=form.cleaned_data["body_nl"],
                body_en=form.cleaned_data["body_en"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Saved as version %(number)s. New agreements use this text.")
                % {"number": version.number},
            )
            return redirect("agreements:template_edit", pk=template.pk)
    return render(
        request,
        "agreements/documents/template_edit.html",
        {"template": template, "versions": versions, "form": form, **_placeholder_help()},
    )


@require_GET
@requires("agreements.manage_templates")
def template_preview(request: SenRequest, pk: int) -> HttpResponse:
    template = selectors.template_for(request.actor, pk)
    authorize(request.actor, "agreements.manage_template", template)
    versions = selectors.template_versions(template)
    wanted = request.GET.get("version", "")
    version = next(
        (v for v in versions if str(v.number) == wanted), versions[0] if versions else None
    )
    lang = "en" if request.GET.get("lang") == "en" else "nl"
    document = ""
    problems: list[str] = []
    if version is not None:
        body = version.body_en if lang == "en" else version.body_nl
        try:
            document = documents.render_document(body, example_terms(), lang=lang)
        except ValidationError as exc:
            problems = exc.messages
    return render(
        request,
        "agreements/documents/template_preview.html",
        {
            "template": template,
            "version": version,
            "versions": versions,
            "lang": lang,
            "document": document,
            "problems": problems,
        },
    )


@require_POST
@requires("agreements.manage_templates")
def template_make_default(request: SenRequest, pk: int) -> HttpResponse:
    template = selectors.template_for(request.actor, pk)
    authorize(request.actor, "agreements.manage_template", template)
    templates.make_default(actor=request.actor, template=template)
    messages.success(request, _("New agreements now use “%(name)s”.") % {"name": template.name})
    return redirect("agreements:templates")


# --- One agreement -------------------------------------------------------------------------


@require_GET
@requires("agreements.view_agreement")
def agreement_detail(request: SenRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_for(request.actor, pk)
    versions = selectors.versions_of(agreement)
    current = versions[0] if versions else None
    in_force = next((v for v in versions if v.status == VersionStatus.SIGNED), None)
    lang = "en" if request.GET.get("lang") == "en" and current else "nl"
    document = ""
    if current is not None:
        document = documents.translation_html(current) if lang == "en" else current.document_html
    return render(
        request,
        "agreements/documents/agreement.html",
        {
            "agreement": agreement,
            "placement": agreement.placement,
            "versions": versions,
            "current": current,
            "in_force": in_force,
            "document": document,
            "lang": lang,
            "can_change": can(request.actor, "agreements.change_terms", agreement),
        },
    )


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Length"] = str(len(data))
    return response


@require_GET
@requires("agreements.view_agreement")
def version_pdf(request: SenRequest, pk: int) -> HttpResponse:
    """The document of a version (by the version's id) as PDF, rendered once, then kept."""
    version = selectors.version_for(request.actor, pk)
    name = f"praktijkovereenkomst-{version.agreement_id}-v{version.number}.pdf"
    return _pdf_response(documents.document_pdf_bytes(version), name)


@require_GET
@requires("agreements.view_agreement")
def signed_pdf(request: SenRequest, pk: int) -> HttpResponse:
    """The stored final PDF of a signed version (404 until it exists)."""
    version = selectors.version_for(request.actor, pk)
    data = documents.signed_pdf_bytes(version)
    if not data:
        raise Http404
    name = f"praktijkovereenkomst-{version.agreement_id}-v{version.number}-ondertekend.pdf"
    return _pdf_response(data, name)


@require_http_methods(["GET", "POST"])
@requires("agreements.view_agreement")
def change_terms(request: SenRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_for(request.actor, pk)
    authorize(request.actor, "agreements.change_terms", agreement)
    placement = agreement.placement
    form = ChangeTermsForm(
        request.POST or None,
        initial=terms_initial(placement),
        supervisors=selectors.supervisor_choices(placement),
        teachers=selectors.teacher_choices(placement),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = documents.change_terms(
                placement=placement,
                actor=request.actor,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                schedule=data["schedule"],
                supervisor=data["supervisor"],
                teacher=data["teacher"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                for message in exc.messages:
                    form.add_error(None, message)
        else:
            ask_to_sign(version=version, actor=request.actor)
            messages.success(
                request,
                _("Version %(number)s was drawn up. Every party signs it again.")
                % {"number": version.number},
            )
            return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request,
        "agreements/documents/change_terms.html",
        {"agreement": agreement, "placement": placement, "form": form},
    )


@require_POST
@requires("agreements.generate")
def generate_for_placement(request: SenRequest, pk: int) -> HttpResponse:
    placement = selectors.placement_for(request.actor, pk)
    authorize(request.actor, "agreements.generate_for", placement)
    try:
        version = documents.generate_agreement(placement=placement, actor=request.actor)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        if placement.run_id:
            return redirect("agreements:run", pk=placement.run_id)
        return redirect("agreements:runs")
    ask_to_sign(version=version, actor=request.actor)
    messages.success(request, _("The agreement was drawn up."))
    return redirect("agreements:detail", pk=version.agreement_id)


# --- Allocation runs -----------------------------------------------------------------------


@require_GET
@requires("agreements.generate")
def run_list(request: SenRequest) -> HttpResponse:
    return render(
        request,
        "agreements/documents/runs.html",
        {"runs": list(selectors.published_runs(request.actor))},
    )


@require_GET
@requires("agreements.generate")
def run_detail(request: SenRequest, pk: int) -> HttpResponse:
    run = selectors.run_for(request.actor, pk)
    school_id = request.actor.school_id
    return render(
        request,
        "agreements/documents/run.html",
        {
            "run": run,
            "rows": selectors.run_rows(run, school_id=school_id),
            "job": batch.latest_job(run, school_id=school_id),
            "open_count": selectors.open_count(run, school_id=school_id),
        },
    )


@require_POST
@requires("agreements.generate")
def run_generate(request: SenRequest, pk: int) -> HttpResponse:
    run = selectors.run_for(request.actor, pk)
    try:
        batch.start_batch(actor=request.actor, run=run)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Drawing up the agreements has started."))
    return redirect("agreements:run", pk=run.pk)


@require_GET
@requires("agreements.generate")
def run_progress(request: SenRequest, pk: int) -> HttpResponse:
    run = selectors.run_for(request.actor, pk)
    job = batch.latest_job(run, school_id=request.actor.school_id)
    if job is None:
        return redirect("agreements:run", pk=run.pk)
    response = render(
        request, "core/_job_progress.html", {"job": job, "poll_url": request.get_full_path()}
    )
    if job.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


# --- Verification --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@requires("agreements.verify")
def verify(request: SenRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = verification.verify_upload(
                actor=request.actor, chunks=form.cleaned_data["file"].chunks()
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
    return render(
        request,
        "agreements/documents/verify.html",
        {"form": form, "result": result},
        status=200,
    )
