"""The portfolio export: a student's portfolio as plain data, then as PDF or JSON.

What goes in: the student (name, school, track, year); per elective the student's
running or finished placements with company and dates, the logbook hours
(`sen.logbook.selectors.figures.hours_for`: approved and required), the grade with its
PTA code, the submitted parts of both reviews (level per criterion, text); and the
evidence the student marked "in my portfolio export", with photos embedded in the PDF.
Nothing else: no drafts, no other people's names (only the company), no internal ids.

JSON structure (`"format": "sen.portfolio"`, `"version": 1`; dates ISO 8601, grades
with a decimal comma as on Dutch reports, hours as decimal strings):

    {"format": "sen.portfolio", "version": 1, "generated_on": "2026-11-20",
     "student": {"name", "school", "track", "year"},
     "electives": [
       {"elective": {"name", "code", "duo_code"},
        "placements": [
          {"company", "starts_on", "ends_on", "status",
           "hours": {"approved", "required"} | null,
           "grade": {"value", "date", "pta_code"} | null,
           "reviews": [{"phase", "three_party_review_held_on",
                        "parts": [{"by": "student|supervisor|teacher", "submitted_on",
                                   "levels": [{"criterion", "level", "points", "comment"}],
                                   "text"}]}]}],
        "evidence": [EVIDENCE]}],
     "other_evidence": [EVIDENCE]}
    EVIDENCE = {"kind": "photo|file|reflection", "title", "text", "created_on",
                "criteria": [criterion titles], "file": {"type", "content_type", "size"} | null}

The JSON names the files but does not carry them; the PDF embeds the photos.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from sen.assessment.grading import format_grade
from sen.assessment.models import (
    ASSESSABLE_STATUSES,
    Grade,
    PartRole,
    PartStatus,
    Phase,
    Review,
    ReviewPart,
    Score,
)
from sen.network.models import Student
from sen.placements.models import Placement
from sen.portfolio.models import Evidence, EvidenceKind
from sen.portfolio.uploads import CONTENT_TYPES

logger = logging.getLogger(__name__)

CSS_PATH = Path(__file__).parent / "templates" / "portfolio" / "pdf" / "portfolio.css"
FORMAT, VERSION = "sen.portfolio", 1


@dataclass
class LevelLine:
    criterion: str
    level: str
    points: int
    comment: str


@dataclass
class PartData:
    by: str
    label: str
    submitted_on: dt.date | None
    levels: list[LevelLine]
    text: str


@dataclass
class ReviewData:
    phase: str
    label: str
    meeting_held_on: dt.date | None
    parts: list[PartData]


@dataclass
class EvidenceData:
    kind: str
    kind_label: str
    title: str
    text: str
    created_on: dt.date
    criteria: list[str]
    file_type: str
    size: int
    image_data_uri: str = ""  # photos, for the PDF

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "text": self.text,
            "created_on": self.created_on.isoformat(),
            "criteria": self.criteria,
            "file": {
                "type": self.file_type,
                "content_type": CONTENT_TYPES.get(self.file_type, ""),
                "size": self.size,
            }
            if self.file_type
            else None,
        }


@dataclass
class PlacementData:
    company: str
    starts_on: dt.date
    ends_on: dt.date
    status: str
    status_label: str
    hours_approved: Decimal | None
    hours_required: Decimal | None
    grade: str
    grade_date: dt.date | None
    pta_code: str
    reviews: list[ReviewData]


@dataclass
class ElectiveData:
    name: str
    code: str
    duo_code: str
    placements: list[PlacementData] = field(default_factory=list)
    evidence: list[EvidenceData] = field(default_factory=list)


@dataclass
class PortfolioData:
    student_name: str
    school: str
    track: str
    track_label: str
    year: int
    generated_on: dt.date
    electives: list[ElectiveData]
    other_evidence: list[EvidenceData]

    @property
    def evidence_count(self) -> int:
        return sum(len(e.evidence) for e in self.electives) + len(self.other_evidence)


def _hours(placements: list[Placement]) -> dict[int, Any]:
    """Approved and required logbook hours per placement (sen.logbook)."""
    if not placements:
        return {}
    from sen.logbook.selectors.figures import hours_for

    return hours_for(placements)


def _image_uri(evidence: Evidence) -> str:
    try:
        with (evidence.thumbnail or evidence.file).open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError):
        logger.warning("portfolio.export.file_missing", extra={"evidence": evidence.pk})
        return ""
    mime = CONTENT_TYPES.get(evidence.file_type, "image/jpeg")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _evidence(evidence: Evidence, *, embed: bool) -> EvidenceData:
    return EvidenceData(
        kind=evidence.kind,
        kind_label=str(EvidenceKind(evidence.kind).label),
        title=evidence.title,
        text=evidence.text,
        created_on=timezone.localdate(evidence.created_at),
        criteria=[c.title for c in evidence.criteria.all()],
        file_type=evidence.file_type,
        size=evidence.size,
        image_data_uri=_image_uri(evidence)
        if embed and evidence.kind == EvidenceKind.PHOTO
        else "",
    )


def _reviews(placement: Placement) -> list[ReviewData]:
    result = []
    reviews = placement.reviews.all()
    for review in sorted(reviews, key=lambda r: list(Phase.values).index(r.phase)):
        parts = [
            PartData(
                by=part.role,
                label=str(PartRole(part.role).label),
                submitted_on=timezone.localdate(part.submitted_at) if part.submitted_at else None,
                levels=[
                    LevelLine(s.criterion.title, s.level.label, s.level.points, s.comment)
                    for s in sorted(
                        part.scores.all(), key=lambda s: (s.criterion.order, s.criterion_id)
                    )
                ],
                text=part.text,
            )
            for part in sorted(part_list(review), key=lambda p: list(PartRole.values).index(p.role))
        ]
        if parts:
            result.append(
                ReviewData(
                    phase=review.phase,
                    label=str(Phase(review.phase).label),
                    meeting_held_on=review.meeting_held_on,
                    parts=parts,
                )
            )
    return result


def part_list(review: Review) -> list[ReviewPart]:
    """The submitted parts only: drafts never leave SEN."""
    return [p for p in review.parts.all() if p.status == PartStatus.SUBMITTED]


def portfolio_data(student: Student, *, embed_images: bool = True) -> PortfolioData:
    """The student's portfolio as data (about 10 queries, plus one file read per photo)."""
    placements = list(
        Placement.objects.filter(student=student, status__in=ASSESSABLE_STATUSES)
        .select_related("student", "offer__elective", "offer__company")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=Review.objects.prefetch_related(
                    Prefetch(
                        "parts",
                        queryset=ReviewPart.objects.prefetch_related(
                            Prefetch(
                                "scores",
                                queryset=Score.objects.select_related("criterion", "level"),
                            )
                        ),
                    )
                ),
            )
        )
        .order_by("starts_on", "pk")
    )
    grades = {g.placement_id: g for g in Grade.objects.filter(placement__in=placements)}
    hours = _hours(placements)
    evidence = list(
        Evidence.objects.filter(student=student, include_in_export=True)
        .select_related("placement__offer__elective")
        .prefetch_related("criteria")
        .order_by("created_at", "pk")
    )
    electives: dict[int, ElectiveData] = {}
    for placement in placements:
        elective = placement.offer.elective
        section = electives.setdefault(
            elective.pk, ElectiveData(elective.name, elective.code, elective.duo_code)
        )
        grade = grades.get(placement.pk)
        figure = hours.get(placement.pk)
        section.placements.append(
            PlacementData(
                company=placement.offer.company.name,
                starts_on=placement.starts_on,
                ends_on=placement.ends_on,
                status=placement.status,
                status_label=placement.get_status_display(),
                hours_approved=figure.approved if figure is not None else None,
                hours_required=figure.required if figure is not None else None,
                grade=format_grade(grade.value) if grade else "",
                grade_date=grade.graded_on if grade else None,
                pta_code=grade.pta_code if grade else "",
                reviews=_reviews(placement),
            )
        )
    other: list[EvidenceData] = []
    for item in evidence:
        data = _evidence(item, embed=embed_images)
        source = item.placement
        if source is not None and source.offer.elective_id in electives:
            electives[source.offer.elective_id].evidence.append(data)
        else:
            other.append(data)
    return PortfolioData(
        student_name=student.full_name,
        school=str(student.school),
        track=student.track,
        track_label=student.get_track_display(),
        year=student.year,
        generated_on=timezone.localdate(),
        electives=list(electives.values()),
        other_evidence=other,
    )


def filename(student: Student, fmt: str) -> str:
    return (
        f"portfolio-{slugify(student.full_name) or 'leerling'}-{timezone.localdate():%Y%m%d}.{fmt}"
    )


# --- JSON ----------------------------------------------------------------------------------


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.1f}"


def as_json(data: PortfolioData) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_on": data.generated_on.isoformat(),
        "student": {
            "name": data.student_name,
            "school": data.school,
            "track": data.track,
            "year": data.year,
        },
        "electives": [
            {
                "elective": {"name": e.name, "code": e.code, "duo_code": e.duo_code},
                "placements": [
                    {
                        "company": p.company,
                        "starts_on": p.starts_on.isoformat(),
                        "ends_on": p.ends_on.isoformat(),
                        "status": p.status,
                        "hours": {
                            "approved": _decimal(p.hours_approved),
                            "required": _decimal(p.hours_required),
                        }
                        if p.hours_approved is not None
                        else None,
                        "grade": {
                            "value": p.grade,
                            "date": p.grade_date.isoformat() if p.grade_date else None,
                            "pta_code": p.pta_code,
                        }
                        if p.grade
                        else None,
                        "reviews": [
                            {
                                "phase": r.phase,
                                "three_party_review_held_on": r.meeting_held_on.isoformat()
                                if r.meeting_held_on
                                else None,
                                "parts": [
                                    {
                                        "by": part.by,
                                        "submitted_on": part.submitted_on.isoformat()
                                        if part.submitted_on
                                        else None,
                                        "levels": [
                                            {
                                                "criterion": line.criterion,
                                                "level": line.level,
                                                "points": line.points,
                                                "comment": line.comment,
                                            }
                                            for line in part.levels
                                        ],
                                        "text": part.text,
                                    }
                                    for part in r.parts
                                ],
                            }
                            for r in p.reviews
                        ],
                    }
                    for p in e.placements
                ],
                "evidence": [item.as_json() for item in e.evidence],
            }
            for e in data.electives
        ],
        "other_evidence": [item.as_json() for item in data.other_evidence],
    }


def render_json(data: PortfolioData) -> bytes:
    return json.dumps(as_json(data), ensure_ascii=False, indent=2).encode("utf-8")


# --- PDF -----------------------------------------------------------------------------------


def _url_fetcher() -> Any:
    from weasyprint import URLFetcher

    class NoNetwork(URLFetcher):  # type: ignore[misc]
        """Refuses every URL but data: (the photos are embedded; nothing is ever fetched)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                logger.warning("portfolio.pdf.url_refused", extra={"scheme": url.split(":")[0]})
                raise ValueError("SEN portfolio PDFs fetch no URLs")
            return super().fetch(url, headers)

    return NoNetwork(allowed_protocols={"data"})


def page_html(data: PortfolioData) -> str:
    return render_to_string(
        "portfolio/pdf/portfolio.html",
        {"data": data, "lang": translation.get_language() or "nl"},
    )


def render_pdf(data: PortfolioData) -> bytes:
    """The portfolio as an A4 PDF: a cover, a section per elective, other evidence."""
    from weasyprint import CSS, HTML

    fetcher = _url_fetcher()
    document = HTML(string=page_html(data), url_fetcher=fetcher).render(
        stylesheets=[CSS(string=CSS_PATH.read_text(encoding="utf-8"), url_fetcher=fetcher)]
    )
    pdf: bytes = document.write_pdf()
    return pdf
