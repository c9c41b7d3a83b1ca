"""Agreement documents: generate a version, change the terms, build the PDFs.

What the parties sign is the version's `document_html`, the Dutch text rendered from
a school's template version and the terms snapshot; `document_sha256` is the SHA-256
of exactly those bytes (UTF-8), and every Signature stores it. The PDF of a version is
rendered from the same HTML. Once the last party has signed, `attach_signed_pdf`
stores the final PDF (document + signature page); its SHA-256 (`signed_sha256`) is
what `verify_agreement` recognises.

Version lifecycle (VERSION_TRANSITIONS): a new version awaits signatures. A change of
terms supersedes a version that is still awaiting signatures at once; a *signed*
version stays in force (and the placement stays active) until its successor is signed
too, and is superseded then (in `attach_signed_pdf`). See docs/concepts.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sen.accounts.models import Membership, User
from sen.agreements import pdf
from sen.agreements.builtin_template import AUTH_METHODS, LABELS, PARTIES
from sen.agreements.models import (
    VERSION_TRANSITIONS,
    Agreement,
    AgreementVersion,
    Signature,
    TemplateVersion,
    VersionStatus,
)
from sen.agreements.services import template_text
from sen.agreements.services.templates import default_version
from sen.agreements.services.terms import build_terms, content_for
from sen.audit.services import record
from sen.catalogue.offers_selectors import weeks_between
from sen.core.actor import Actor, Role
from sen.core.worktime import (
    AgeBand,
    Hazard,
    ScheduleError,
    Supervision,
    WeeklySchedule,
    check_placement,
)
from sen.placements.models import Placement, PlacementStatus
from sen.placements.services.placements import transition

# Placements that may get (a new version of) an agreement.
OPEN_STATUSES = frozenset(
    {PlacementStatus.PROPOSED, PlacementStatus.AGREEMENT_PENDING, PlacementStatus.ACTIVE}
)
# Versions that count: a placement with one of these is not generated again.
CURRENT_STATUSES = (VersionStatus.AWAITING, VersionStatus.SIGNED)


# --- The document --------------------------------------------------------------------------


def canonical(document_html: str) -> bytes:
    """The bytes that are hashed and signed: NFC-normalised UTF-8 with Unix newlines."""
    text = unicodedata.normalize("NFC", document_html.replace("\r\n", "\n"))
    return text.encode("utf-8")


def document_hash(document_html: str) -> str:
    return hashlib.sha256(canonical(document_html)).hexdigest()


def render_document(body: str, terms: dict[str, Any], *, lang: str = "nl") -> str:
    """The document HTML of `terms` in a template text (Dutch is the signed one)."""
    rendered = template_text.render(body, content_for(terms, lang), lang=lang)
    return canonical(rendered).decode("utf-8")


def translation_html(version: AgreementVersion) -> str:
    """The English rendering of a version, for information (not what is signed)."""
    return render_document(version.template_version.body_en, version.terms, lang="en")


def check_transition(version: AgreementVersion, target: str) -> None:
    if target not in VERSION_TRANSITIONS[version.status]:
        raise ValidationError(
            _("Version %(number)s is %(status)s and cannot change any more.")
            % {"number": version.number, "status": version.get_status_display()},
            code="version_status",
        )


# --- The minors' rules ---------------------------------------------------------------------


def worktime_problems(
    *,
    schedule: Sequence[dict[str, Any]],
    sunday_required: bool,
    hazards: Sequence[str],
    supervision: str,
    date_of_birth: dt.date,
    starts_on: dt.date,
    ends_on: dt.date,
) -> list[str]:
    """What keeps this student from this work on these terms ([] when nothing does).

    The student's age band on the first day decides (sen.core.worktime); each message
    names the rule and its source.
    """
    try:
        week = WeeklySchedule.from_rows(schedule, sunday_required=sunday_required)
    except ScheduleError as error:
        return [str(error.message)]
    if not week.shifts:
        return [_("The schedule has no working day: add at least one.")]
    band = AgeBand.on(date_of_birth, starts_on)
    found = check_placement(
        week,
        band,
        hazards=[Hazard(code) for code in hazards if code in Hazard._value2member_map_],
        supervision=Supervision(supervision)
        if supervision in Supervision._value2member_map_
        else Supervision.NONE,
        weeks=weeks_between(starts_on, ends_on),
    )
    return list(dict.fromkeys(violation.message for violation in found))


def check_worktime(placement: Placement) -> None:
    """Refuse terms that break the minors' rules for this student, with rule and source."""
    problems = worktime_problems(
        schedule=placement.schedule,
        sunday_required=placement.offer.sunday_required,
        hazards=placement.offer.hazards,
        supervision=placement.offer.supervision,
        date_of_birth=placement.student.date_of_birth,
        starts_on=placement.starts_on,
        ends_on=placement.ends_on,
    )
    if problems:
        head = _(
            "This agreement cannot be made: %(student)s is %(age)s on the first day and the "
            "work breaks the rules for young workers:"
        ) % {
            "student": placement.student.full_name,
            "age": placement.student.age_on(placement.starts_on),
        }
        raise ValidationError([ValidationError(m, code="worktime") for m in (head, *problems)])


# --- Generating versions -------------------------------------------------------------------


def _locked_placement(placement: Placement) -> Placement:
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related(
            "student__school",
            "student__profile",
            "offer__company",
            "offer__location",
            "offer__elective",
            "supervisor",
            "teacher",
        )
        .get(pk=placement.pk)
    )


def _check_open(placement: Placement) -> None:
    if placement.status not in OPEN_STATUSES:
        raise ValidationError(
            _("The placement is %(status)s: its agreement can no longer change.")
            % {"status": placement.get_status_display().lower()},
            code="placement_status",
        )


def _new_version(
    *,
    agreement: Agreement,
    placement: Placement,
    template_version: TemplateVersion,
    actor: Actor | None,
    reason: str = "",
) -> AgreementVersion:
    check_worktime(placement)
    number = (agreement.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    terms = build_terms(placement, version=number)
    document = render_document(template_version.body_nl, terms, lang="nl")
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=number,
        status=VersionStatus.AWAITING,
        template_version=template_version,
        terms=terms,
        change_reason=reason,
        document_html=document,
        document_sha256=document_hash(document),
        created_by_id=actor.user_id if actor else None,
    )
    if agreement.template_id != template_version.template_id:
        agreement.template_id = template_version.template_id
        agreement.save(update_fields=["template", "updated_at"])
    return version


def generate(
    *, placement: Placement, actor: Actor | None, template_version: TemplateVersion | None = None
) -> tuple[AgreementVersion, bool]:
    """`generate_agreement`, also saying whether a version was made (False: one existed)."""
    with transaction.atomic():
        locked = _locked_placement(placement)
        agreement, _created = Agreement.objects.get_or_create(placement=locked)
        current = agreement.versions.filter(status__in=CURRENT_STATUSES).order_by("-number").first()
        if current is not None:
            return current, False
        _check_open(locked)
        school = locked.student.school
        chosen = template_version or default_version(school=school, actor=actor)
        if chosen.template.school_id != school.pk:
            raise ValidationError(
                _("This template belongs to another school."), code="template_school"
            )
        version = _new_version(
            agreement=agreement, placement=locked, template_version=chosen, actor=actor
        )
        if locked.status == PlacementStatus.PROPOSED:
            transition(actor=actor, placement=locked, to=PlacementStatus.AGREEMENT_PENDING)
        record(
            "agreements.agreement.generated",
            actor=actor,
            obj=version,
            changes={
                "version": version.number,
                "template": chosen.template.name,
                "template_version": chosen.number,
                "document_sha256": version.document_sha256,
            },
        )
    placement.refresh_from_db()
    return version, True


def generate_agreement(
    *, placement: Placement, actor: Actor | None, template_version: TemplateVersion | None = None
) -> AgreementVersion:
    """The agreement of `placement`: a first version awaiting signatures.

    Builds the terms snapshot, re-checks the schedule against the minors' rules
    (ValidationError with the rule and its source), renders the Dutch document from the
    school's default template (or `template_version`), stores its SHA-256 and moves a
    proposed placement to agreement pending. Idempotent: a placement that already has a
    version awaiting signatures or signed gets that version back, and nothing changes.
    """
    version, _made = generate(placement=placement, actor=actor, template_version=template_version)
    return version


TERM_FIELDS = ("starts_on", "ends_on", "schedule", "supervisor_id", "teacher_id")


def _check_people(placement: Placement, supervisor: User | None, teacher: User | None) -> None:
    errors: dict[str, str] = {}
    if (
        supervisor is not None
        and not Membership.objects.filter(
            user=supervisor,
            company_id=placement.offer.company_id,
            role__in=(Role.SUPERVISOR, Role.COMPANY_CONTACT),
            is_active=True,
        ).exists()
    ):
        errors["supervisor"] = _("Choose a workplace supervisor of %(company)s.") % {
            "company": placement.offer.company.name
        }
    if (
        teacher is not None
        and not Membership.objects.filter(
            user=teacher,
            school_id=placement.student.school_id,
            role__in=(Role.TEACHER, Role.COORDINATOR),
            is_active=True,
        ).exists()
    ):
        errors["teacher"] = _("Choose a teacher of %(school)s.") % {
            "school": placement.student.school.name
        }
    if errors:
        raise ValidationError(errors)


def change_terms(
    *,
    placement: Placement,
    actor: Actor,
    starts_on: dt.date,
    ends_on: dt.date,
    schedule: list[dict[str, Any]],
    supervisor: User | None,
    teacher: User | None,
    reason: str,
) -> AgreementVersion:
    """New terms for a placement, as version n+1 of its agreement (awaiting signatures).

    The placement's terms are updated; a version still awaiting signatures is
    superseded now; a signed version stays in force, with the placement active, until
    the new version is signed (then `attach_signed_pdf` supersedes it). Refused for a
    completed or cancelled placement, without a reason, when nothing changes, or when
    the new terms break the minors' rules.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the terms change.")}, code="reason")
    if ends_on < starts_on:
        raise ValidationError(
            {"ends_on": _("The last day cannot lie before the first day.")}, code="dates"
        )
    try:
        rows = WeeklySchedule.from_rows(schedule).as_rows()
    except ScheduleError as error:
        raise ValidationError({"schedule": str(error.message)}, code="schedule") from None
    with transaction.atomic():
        locked = _locked_placement(placement)
        _check_open(locked)
        _check_people(locked, supervisor, teacher)
        before = {
            "starts_on": locked.starts_on,
            "ends_on": locked.ends_on,
            "schedule": locked.schedule,
            "supervisor_id": locked.supervisor_id,
            "teacher_id": locked.teacher_id,
        }
        after = {
            "starts_on": starts_on,
            "ends_on": ends_on,
            "schedule": rows,
            "supervisor_id": supervisor.pk if supervisor else None,
            "teacher_id": teacher.pk if teacher else None,
        }
        if before == after:
            raise ValidationError(_("Nothing changed: these are the current terms."))
        locked.starts_on, locked.ends_on, locked.schedule = starts_on, ends_on, rows
        locked.supervisor, locked.teacher = supervisor, teacher
        check_worktime(locked)
        locked.save(update_fields=[*TERM_FIELDS, "updated_at"])
        agreement, _created = Agreement.objects.get_or_create(placement=locked)
        previous = agreement.versions.order_by("-number").first()
        superseded: list[int] = []
        for old in agreement.versions.filter(status=VersionStatus.AWAITING):
            check_transition(old, VersionStatus.SUPERSEDED)
            old.status = VersionStatus.SUPERSEDED
            old.save(update_fields=["status", "updated_at"])
            superseded.append(old.number)
        chosen = (
            previous.template_version
            if previous is not None
            else default_version(school=locked.student.school, actor=actor)
        )
        version = _new_version(
            agreement=agreement,
            placement=locked,
            template_version=chosen,
            actor=actor,
            reason=reason,
        )
        if locked.status == PlacementStatus.PROPOSED:
            transition(actor=actor, placement=locked, to=PlacementStatus.AGREEMENT_PENDING)
        record(
            "agreements.agreement.terms_changed",
            actor=actor,
            obj=version,
            changes={
                **{
                    key: [before[key], after[key]]
                    for key in TERM_FIELDS
                    if before[key] != after[key]
                },
                "reason": reason,
                "version": version.number,
                "superseded": superseded,
                "document_sha256": version.document_sha256,
            },
        )
    placement.refresh_from_db()
    return version


# --- PDFs ----------------------------------------------------------------------------------


def counting_signatures(version: AgreementVersion) -> list[Signature]:
    return list(version.signatures.filter(withdrawn_at__isnull=True).order_by("signed_at", "pk"))


def _pdf_input(version: AgreementVersion, signatures: Sequence[Signature] = ()) -> pdf.PdfDocument:
    terms = version.terms
    lang = "nl"
    labels = LABELS[lang]
    lines = tuple(
        pdf.SignatureLine(
            name=signature.typed_name,
            party=PARTIES[lang].get(signature.party, signature.party),
            role=signature.role_label,
            method=AUTH_METHODS[lang].get(signature.auth_method, signature.auth_method),
            signed_at=signature.signed_at,
            ip_address=signature.ip_address or "",
            user_agent=signature.user_agent,
            email=signature.email,
            document_sha256=signature.document_sha256,
        )
        for signature in signatures
    )
    return pdf.PdfDocument(
        document_html=version.document_html,
        lang=lang,
        title=f"{labels['title']} {terms['student']['name']}, {labels['version']} {version.number}",
        author=terms["school"]["name"],
        school_name=terms["school"]["name"],
        school_address=terms["school"]["address"],
        version=version.number,
        document_sha256=version.document_sha256,
        created=version.created_at,
        signatures=lines,
        signed_at=version.signed_at or (signatures[-1].signed_at if signatures else None),
    )


def document_pdf_bytes(version: AgreementVersion) -> bytes:
    """The PDF of the version's document (no signature page), rendered once and kept."""
    if version.document_pdf:
        with version.document_pdf.open("rb") as handle:
            return bytes(handle.read())
    data = pdf.render_pdf(_pdf_input(version))
    version.document_pdf.save(
        f"agreement-{version.agreement_id}-v{version.number}.pdf", ContentFile(data), save=False
    )
    AgreementVersion.objects.filter(pk=version.pk).update(
        document_pdf=version.document_pdf.name, updated_at=timezone.now()
    )
    return data


def signed_pdf_bytes(version: AgreementVersion) -> bytes:
    """The stored final PDF of a signed version (b"" when it was not built yet)."""
    if not version.signed_pdf:
        return b""
    with version.signed_pdf.open("rb") as handle:
        return bytes(handle.read())


def _check_signed(version: AgreementVersion) -> None:
    if version.status != VersionStatus.SIGNED:
        raise ValidationError(
            _("Only a version every party has signed gets a signed PDF."), code="not_signed"
        )


def attach_signed_pdf(version: AgreementVersion) -> None:
    """Build and store the final PDF of a signed version: the document and a signature
    page with every counting signature's evidence. Sets `signed_sha256` (SHA-256 of the
    stored PDF bytes) and supersedes the earlier versions that were signed (they were in
    force until now). Idempotent: a version that has its signed PDF is left as it is.

    The signing code calls this (through `sen.agreements.tasks.build_signed_pdf`) once
    the version is SIGNED; any other status is refused.
    """
    # Render first, outside any transaction: a PDF takes a fraction of a second to a few
    # seconds, and holding the write lock that long would stall every other writer
    # (on SQLite, the whole database). The row is then locked only to store the result.
    fresh = AgreementVersion.objects.get(pk=version.pk)
    _check_signed(fresh)
    if fresh.signed_pdf and fresh.signed_sha256:
        version.refresh_from_db()
        return
    signatures = counting_signatures(fresh)
    if not signatures:
        raise ValidationError(_("This version has no signatures."), code="no_signatures")
    if fresh.signed_at is None:
        fresh.signed_at = signatures[-1].signed_at
    data = pdf.render_pdf(_pdf_input(fresh, signatures))
    with transaction.atomic():
        locked = AgreementVersion.objects.select_for_update().get(pk=version.pk)
        _check_signed(locked)
        if locked.signed_pdf and locked.signed_sha256:  # another worker stored it meanwhile
            version.refresh_from_db()
            return
        if [s.pk for s in counting_signatures(locked)] != [s.pk for s in signatures]:
            raise ValidationError(
                _("The signatures changed while the PDF was being made; make it again."),
                code="signatures_changed",
            )
        locked.signed_at = fresh.signed_at
        locked.signed_pdf.save(
            f"agreement-{locked.agreement_id}-v{locked.number}-signed.pdf",
            ContentFile(data),
            save=False,
        )
        locked.signed_sha256 = hashlib.sha256(data).hexdigest()
        locked.save(update_fields=["signed_pdf", "signed_sha256", "signed_at", "updated_at"])
        record(
            "agreements.version.signed_pdf_stored",
            actor=None,
            obj=locked,
            changes={
                "version": locked.number,
                "signed_sha256": locked.signed_sha256,
                "signatures": len(signatures),
            },
        )
        for older in locked.agreement.versions.filter(
            number__lt=locked.number, status=VersionStatus.SIGNED
        ):
            check_transition(older, VersionStatus.SUPERSEDED)
            older.status = VersionStatus.SUPERSEDED
            older.save(update_fields=["status", "updated_at"])
            record(
                "agreements.version.superseded",
                actor=None,
                obj=older,
                changes={
                    "status": [VersionStatus.SIGNED, VersionStatus.SUPERSEDED],
                    "by_version": locked.number,
                },
            )
    version.refresh_from_db()
