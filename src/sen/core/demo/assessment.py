"""The demo's assessment and portfolios: rubrics and assignments, reviews, grades, evidence.

Call after the demo placements exist (and after the logbook step, when there is one):
`build_assessment(build)`. It adds, with bulk inserts and the values the services write
(sen.assessment.services, sen.portfolio.services):

- a rubric per school and elective that has running or finished placements, from the
  built-in templates (technical profielen get "Technisch werk", the others the general
  vmbo template), with its four levels per criterion, the template's assignments and a
  PTA code (K/<profiel>/<code>);
- for running placements, the mid-term review under way: about half of the students
  submitted their self-assessment, about a third of the supervisors their scores, some
  teachers their assessment with the three-party review held;
- for placements that ended (completed, or past their last day): both reviews submitted
  by all three parties and a grade by the teacher (a few BB/KB grades below 4, so the
  exam-rule flag and the export warning show);
- evidence: a written reflection for about a third of the students with a running
  placement, and for the demo student two reflections and a photo of their work
  (drawn here, cleaned like an upload and stored under a generated name).

The demo student's mid-term review always has their self-assessment and the
supervisor's scores, so their *Beoordeling* page shows feedback. No audit events and
no notifications: this is history, not something happening now.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageDraw

from sen.accounts.models import Membership
from sen.assessment.models import (
    Assignment,
    Criterion,
    Grade,
    Level,
    PartRole,
    PartStatus,
    Phase,
    Review,
    ReviewPart,
    Rubric,
    Score,
)
from sen.assessment.rubric_templates import TECHNICAL_WORK, VMBO_PRACTICAL, RubricTemplate
from sen.core.actor import Role
from sen.core.demo.people import DEMO_STUDENT
from sen.core.images import clean_image
from sen.placements.models import Placement, PlacementStatus
from sen.portfolio.models import Evidence, EvidenceKind

if TYPE_CHECKING:
    from sen.core.demo.builder import Build

REFLECTIONS = (
    "Ik vond het spannend om te beginnen, maar de collega's helpen me goed. Ik wil sneller "
    "leren werken met het gereedschap.",
    "Deze weken heb ik geleerd om eerst een plan te maken voordat ik begin. Dat scheelt veel "
    "fouten.",
    "Het ging goed met samenwerken. Ik vraag nu sneller om hulp als ik iets niet weet.",
    "Veilig werken vond ik eerst lastig, nu denk ik er zelf aan om mijn "
    "beschermingsmiddelen te dragen.",
    "Ik ben trots op wat ik heb gemaakt. Volgende keer wil ik netter afwerken.",
)
FEEDBACK = (
    "Werkt netjes en is altijd op tijd. Mag wat vaker zelf initiatief nemen.",
    "Leert snel en stelt goede vragen. Let nog beter op veilig werken.",
    "Prettig in de omgang met collega's en klanten. Het tempo mag omhoog.",
    "Zelfstandig en precies. Een aanwinst voor de werkplaats.",
)
TEACHER_NOTES = (
    "Goed gesprek gehad met leerling en praktijkbegeleider. Afspraken over zelfstandig werken.",
    "De leerling ontwikkelt zich goed; de reflectie mag nog concreter.",
    "Voldoet aan de eisen van het keuzevak. Mooie bewijsstukken in het portfolio.",
)
LEVEL_WEIGHTS = {"Onvoldoende": 5, "Voldoende": 35, "Goed": 45, "Uitstekend": 15}
LOW_GRADE_SHARE = 0.04  # of the graded BB/KB placements: grades below 4 (the exam-rule flag)


def _template(placement: Placement) -> RubricTemplate:
    profile = placement.offer.elective.profile
    return TECHNICAL_WORK if profile is not None and profile.is_technical else VMBO_PRACTICAL


def _pta_code(placement: Placement) -> str:
    elective = placement.offer.elective
    profile = elective.profile.code if elective.profile is not None else "VRIJ"
    return f"K/{profile}/{elective.duo_code or elective.code}"[:40]


def _rubrics(build: Build, placements: list[Placement]) -> dict[tuple[int, int], Rubric]:
    """A rubric with criteria, levels and assignments per (school, elective) in use."""
    wanted: dict[tuple[int, int], Placement] = {}
    for placement in placements:
        wanted.setdefault((placement.student.school_id, placement.offer.elective_id), placement)
    existing = {
        (r.school_id, r.elective_id): r
        for r in Rubric.objects.filter(
            school_id__in={k[0] for k in wanted}, elective_id__in={k[1] for k in wanted}
        )
    }
    new = {
        key: Rubric(
            school_id=key[0],
            elective_id=key[1],
            title=f"{_template(p).title} · {p.offer.elective.name}"[:200],
            pta_code=_pta_code(p),
            template=_template(p).key,
        )
        for key, p in wanted.items()
        if key not in existing
    }
    criteria: list[tuple[Criterion, RubricTemplate]] = []
    assignments: list[Assignment] = []
    with build.progress.phase("rubrics", len(new)) as phase:
        build.insert(Rubric, list(new.values()), phase)
    for key, rubric in new.items():
        template = _template(wanted[key])
        for n, spec in enumerate(template.criteria):
            criteria.append(
                (
                    Criterion(
                        rubric=rubric,
                        title=spec.title,
                        description=spec.description,
                        weight=spec.weight,
                        order=n,
                    ),
                    template,
                )
            )
        assignments += [
            Assignment(
                school_id=key[0],
                elective_id=key[1],
                title=a.title,
                instructions=a.instructions,
                phase=a.phase,
                order=n,
            )
            for n, a in enumerate(template.assignments)
        ]
    levels: list[Level] = []
    with build.progress.phase(
        "criteria and assignments", len(criteria) + len(assignments)
    ) as phase:
        build.insert(Criterion, [c for c, _t in criteria], phase)
        build.insert(Assignment, assignments, phase)
    for criterion, template in criteria:
        levels += [
            Level(
                criterion=criterion,
                label=spec.label,
                points=spec.points,
                description=spec.description,
                order=n,
            )
            for n, spec in enumerate(template.levels)
        ]
    with build.progress.phase("levels", len(levels)) as phase:
        build.insert(Level, levels, phase)
    build.count("rubrics", len(new))
    build.count("assignments", len(assignments))
    return {**existing, **new}


def _pick(build: Build, criterion: Criterion) -> Level:
    levels = list(criterion.levels.all())
    label = build.gen.weighted(list(LEVEL_WEIGHTS.items()))
    return next((lv for lv in levels if lv.label == label), levels[len(levels) // 2])


def _teachers(placements: list[Placement]) -> dict[int, Any]:
    """A teacher per school, for placements that name none."""
    teachers: dict[int, Any] = {}
    for membership in (
        Membership.objects.filter(
            role=Role.TEACHER, school_id__in={p.student.school_id for p in placements}
        )
        .select_related("user")
        .order_by("pk")
    ):
        teachers.setdefault(membership.school_id or 0, membership.user)
    return teachers


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 15), tzinfo=timezone.get_current_timezone())


def _photo(build: Build, n: int) -> tuple[str, str, int]:
    """A drawn brick wall, cleaned like an upload and stored: (file, thumbnail, size)."""
    rng = build.gen.rng
    picture = Image.new("RGB", (960, 720), (205, 200, 190))
    draw = ImageDraw.Draw(picture)
    for row in range(0, 720, 48):
        offset = 60 if (row // 48) % 2 else 0
        for col in range(-offset, 960, 120):
            shade = (150 + rng.randrange(40), 60 + rng.randrange(30), 40 + rng.randrange(20))
            draw.rectangle([col + 4, row + 4, col + 116, row + 44], fill=shade)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    buffer.seek(0)
    cleaned = clean_image(buffer, f"muur-{n}.jpg", len(buffer.getvalue()))
    name = uuid.uuid4().hex
    image = default_storage.save(f"portfolio/{name}.jpg", ContentFile(cleaned.image))
    thumb = default_storage.save(f"portfolio/{name}-thumb.jpg", ContentFile(cleaned.thumbnail))
    return image, thumb, len(cleaned.image)


def build_assessment(build: Build) -> None:
    """Rubrics, reviews, grades and evidence for the demo placements (module docstring)."""
    gen = build.gen
    today = timezone.localdate()
    schools = [s.pk for plan in build.plans for s in plan.schools]
    placements = list(
        Placement.objects.filter(
            student__school_id__in=schools,
            status__in=(PlacementStatus.ACTIVE, PlacementStatus.COMPLETED),
        )
        .select_related("student", "offer__elective__profile", "supervisor", "teacher")
        .order_by("pk")
    )
    if not placements:
        return
    rubrics = _rubrics(build, placements)
    criteria: dict[int, list[Criterion]] = {}
    for criterion in Criterion.objects.filter(
        rubric_id__in=[r.pk for r in rubrics.values()]
    ).prefetch_related("levels"):
        criteria.setdefault(criterion.rubric_id, []).append(criterion)
    teachers = _teachers(placements)
    done_reviews = set(
        Review.objects.filter(placement__in=placements).values_list("placement_id", "phase")
    )
    graded = set(
        Grade.objects.filter(placement__in=placements).values_list("placement_id", flat=True)
    )

    reviews: list[Review] = []
    parts: list[tuple[Review, ReviewPart, list[tuple[Criterion, Level]]]] = []
    grades: list[Grade] = []
    evidence: list[Evidence] = []
    for placement in placements:
        rubric = rubrics[(placement.student.school_id, placement.offer.elective_id)]
        its_criteria = criteria.get(rubric.pk, [])
        teacher = placement.teacher or teachers.get(placement.student.school_id)
        ended = placement.status == PlacementStatus.COMPLETED or placement.ends_on < today
        is_demo = placement.student.email == DEMO_STUDENT
        writers: dict[str, dict[str, bool]] = {}
        if ended:
            writers = {phase: dict.fromkeys(PartRole.values, True) for phase in Phase.values}
        else:
            writers[Phase.MIDTERM] = {
                PartRole.STUDENT: is_demo or gen.chance(0.5),
                PartRole.SUPERVISOR: is_demo or gen.chance(0.35),
                PartRole.TEACHER: not is_demo and gen.chance(0.15),
            }
        for which, who in writers.items():
            if (placement.pk, which) in done_reviews or not any(who.values()):
                continue
            halfway = placement.starts_on + (placement.ends_on - placement.starts_on) / 2
            day = max(
                placement.starts_on,
                min(today, placement.ends_on if which == Phase.FINAL else halfway),
            )
            review = Review(
                placement=placement,
                phase=which,
                rubric=rubric,
                visible_to_parents=True,
                meeting_held_on=day if who.get(PartRole.TEACHER) else None,
                meeting_recorded_by=teacher if who.get(PartRole.TEACHER) else None,
            )
            reviews.append(review)
            for role, wrote in who.items():
                if not wrote:
                    continue
                author = {
                    PartRole.STUDENT: placement.student.user,
                    PartRole.SUPERVISOR: placement.supervisor,
                    PartRole.TEACHER: teacher,
                }[PartRole(role)]
                text = {
                    PartRole.STUDENT: gen.choice(REFLECTIONS),
                    PartRole.SUPERVISOR: gen.choice(FEEDBACK),
                    PartRole.TEACHER: gen.choice(TEACHER_NOTES),
                }[PartRole(role)]
                part = ReviewPart(
                    role=role,
                    status=PartStatus.SUBMITTED,
                    text=text,
                    submitted_at=_moment(day, 10 + len(parts) % 6),
                    submitted_by=author,
                )
                picks = [(c, _pick(build, c)) for c in its_criteria]
                parts.append((review, part, picks))
        if ended and placement.pk not in graded:
            low = placement.student.track in ("BB", "KB") and gen.chance(LOW_GRADE_SHARE)
            value = (
                Decimal(gen.rng.randint(25, 39)) / 10
                if low
                else Decimal(gen.rng.randint(55, 90)) / 10
            )
            grades.append(
                Grade(
                    placement=placement,
                    value=value,
                    pta_code=rubric.pta_code,
                    graded_on=min(today, placement.ends_on + dt.timedelta(days=3)),
                    graded_by=teacher,
                )
            )
        if not ended and (is_demo or gen.chance(0.33)):
            evidence.append(
                Evidence(
                    student=placement.student,
                    placement=placement,
                    kind=EvidenceKind.REFLECTION,
                    title="Mijn eerste weken",
                    text=gen.choice(REFLECTIONS),
                    include_in_export=True,
                )
            )
        if is_demo:
            image, thumb, size = _photo(build, placement.pk)
            evidence += [
                Evidence(
                    student=placement.student,
                    placement=placement,
                    kind=EvidenceKind.PHOTO,
                    title="Muurtje in halfsteens verband",
                    text="Mijn eerste muur, samen met mijn begeleider uitgezet.",
                    file=image,
                    thumbnail=thumb,
                    file_type="jpg",
                    size=size,
                    include_in_export=True,
                ),
                Evidence(
                    student=placement.student,
                    kind=EvidenceKind.REFLECTION,
                    title="Waarom ik dit keuzevak koos",
                    text="Ik wil later iets met techniek doen en werk graag met mijn handen.",
                    include_in_export=False,
                ),
            ]

    n_scores = sum(len(picks) for _review, _part, picks in parts)
    total = len(reviews) + len(parts) + n_scores + len(grades) + len(evidence)
    with build.progress.phase("reviews, grades and evidence", total) as phase:
        build.insert(Review, reviews, phase)
        for review, part, _picks in parts:
            part.review = review
        build.insert(ReviewPart, [part for _review, part, _picks in parts], phase)
        scores = [
            Score(part=part, criterion=criterion, level=level)
            for _review, part, picks in parts
            for criterion, level in picks
        ]
        build.insert(Score, scores, phase)
        build.insert(Grade, grades, phase)
        build.insert(Evidence, evidence, phase)
    build.count("reviews", len(reviews))
    build.count("review parts", len(parts))
    build.count("grades", len(grades))
    build.count("evidence", len(evidence))
