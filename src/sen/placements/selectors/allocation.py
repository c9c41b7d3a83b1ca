"""Reads for allocation: the engine's input from a round, a run's figures and lists,
and the plain-language explanation of an outcome ("Waarom deze plek?")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sen.catalogue.models import Offer
from sen.core.actor import Actor
from sen.network.models import SchoolLocation, Student
from sen.placements import allocation as engine
from sen.placements.models import (
    SEAT_HOLDING,
    AllocationRun,
    Assignment,
    ChoiceItem,
    ChoiceList,
    ChoiceRound,
    ChoiceStatus,
    Mechanism,
    Placement,
    RunStatus,
)
from sen.placements.selectors.choices import round_offers
from sen.placements.services.placements import held_by_school, seats_open_to

INELIGIBLE_TEXT: dict[str, Promise] = {
    engine.Ineligibility.OFFER_UNAVAILABLE: gettext_lazy("the offer is no longer available"),
    engine.Ineligibility.TOO_YOUNG: gettext_lazy("you are younger than the minimum age"),
    engine.Ineligibility.TRACK: gettext_lazy("it is not open to your track"),
    engine.Ineligibility.PROFILE: gettext_lazy("it is not open to your profile"),
    engine.Ineligibility.TOO_FAR: gettext_lazy("it is farther than the maximum travel distance"),
    engine.Ineligibility.SCHEDULE_OVERLAP: gettext_lazy("it overlaps a placement you already have"),
}
MECHANISM_LABELS: dict[str, Promise] = {
    **{m.value: m.label for m in Mechanism},
    engine.Mechanism.FIRST_COME_FIRST_SERVED.value: gettext_lazy("First come, first served"),
}
INPUT_STATUSES = (ChoiceStatus.SUBMITTED, ChoiceStatus.APPROVED)


def _point(lat: Any, lon: Any) -> engine.Point | None:
    return engine.Point(float(lat), float(lon)) if lat is not None and lon is not None else None


def school_home(school_id: int) -> engine.Point | None:
    """The school's first location with coordinates: where distances are measured from."""
    row = (
        SchoolLocation.objects.filter(school_id=school_id, latitude__isnull=False)
        .order_by("pk")
        .values_list("latitude", "longitude")
        .first()
    )
    return _point(*row) if row else None


def student_point(
    student: Student, *, home: engine.Point | None = None, submitted_at: Any = None
) -> engine.Student:
    return engine.Student(
        id=student.pk,
        school_id=student.school_id,
        birth_date=student.date_of_birth,
        track=student.track,
        profile=student.profile.code if student.profile_id and student.profile else "",
        home=home if home is not None else school_home(student.school_id),
        submitted_at=submitted_at,
    )


def offer_points(offers: Sequence[Offer], *, school_id: int | None = None) -> list[engine.Offer]:
    """Engine offers with the seats left after placements that already hold one.

    For one school's run (`school_id`), seats still reserved for other schools are not
    offered at all: placing would refuse them (`seats_open_to`), so the engine must not
    hand them out. A regional run covers every school and keeps every reserve.
    """
    held = held_by_school(o.pk for o in offers)
    points = []
    for offer in offers:
        taken = held.get(offer.pk, {})
        capacity = max(0, offer.places - sum(taken.values()))
        all_quotas = {q.school_id: q.places for q in offer.quotas.all()}
        if school_id is not None:
            capacity = seats_open_to(
                places=offer.places, quotas=all_quotas, held=taken, school_id=school_id
            )
            all_quotas = {k: v for k, v in all_quotas.items() if k == school_id}
        quotas: dict[int, int] = {}
        for quota_school, places in all_quotas.items():
            left = max(0, places - taken.get(quota_school, 0))
            quotas[quota_school] = min(left, capacity - sum(quotas.values()))
        points.append(
            engine.Offer(
                id=offer.pk,
                company_id=offer.company_id,
                elective_id=offer.elective_id,
                capacity=capacity,
                quotas=quotas,
                min_age=offer.min_age,
                tracks=frozenset(offer.tracks or ()),
                profiles=frozenset(p.code for p in offer.profiles.all()),
                location=_point(offer.location.latitude, offer.location.longitude),
            )
        )
    return points


def build_input(choice_round: ChoiceRound, *, seed: int) -> engine.AllocationInput:
    """The round as engine input: students with submitted (or approved) choices who do not
    already hold a place at one of the round's offers, and the round's offers."""
    offers = list(round_offers(choice_round).prefetch_related("quotas", "profiles"))
    offer_ids = {o.pk for o in offers}
    placed = Placement.objects.filter(offer_id__in=offer_ids, status__in=SEAT_HOLDING).values(
        "student_id"
    )
    lists = (
        ChoiceList.objects.filter(
            round=choice_round, status__in=INPUT_STATUSES, student__left_on__isnull=True
        )
        .exclude(student_id__in=placed)
        .select_related("student__profile")
        .prefetch_related(Prefetch("items", queryset=ChoiceItem.objects.order_by("rank")))
        .order_by("student_id")
    )
    home = school_home(choice_round.school_id)
    students, preferences = [], {}
    for choice_list in lists:
        students.append(
            student_point(choice_list.student, home=home, submitted_at=choice_list.submitted_at)
        )
        preferences[choice_list.student_id] = [item.offer_id for item in choice_list.items.all()]
    if any(s.submitted_at is None for s in students):
        students = [engine.Student(**{**_fields(s), "submitted_at": None}) for s in students]
    return engine.AllocationInput(
        students=students,
        offers=offer_points(offers, school_id=choice_round.school_id),
        preferences=preferences,
        reference_date=choice_round.period.starts_on,
        seed=seed,
        max_choices=choice_round.max_choices,
        max_distance_km=choice_round.max_distance_km,
    )


def _fields(student: engine.Student) -> dict[str, Any]:
    return {name: getattr(student, name) for name in student.__slots__}


# --- Runs -----------------------------------------------------------------------------------


def allocation_rounds(actor: Actor) -> QuerySet[ChoiceRound]:
    return (
        ChoiceRound.objects.visible_to(actor)
        .filter(school_id=actor.school_id or 0)
        .select_related("period")
        .annotate(run_count=Count("runs", filter=Q(runs__region__isnull=True)))
        .order_by("-deadline")
    )


def runs_for_round(choice_round: ChoiceRound) -> QuerySet[AllocationRun]:
    # A school's own runs; regional runs covering this round live on the regional pages.
    return (
        choice_round.runs.filter(region__isnull=True)
        .select_related("job", "created_by")
        .order_by("-created_at")
    )


def run_for_actor(actor: Actor, pk: int) -> AllocationRun:
    from sen.core.scoping import get_visible_or_404

    queryset = AllocationRun.objects.visible_to(actor).select_related(
        "round__period", "round__school", "job"
    )
    return get_visible_or_404(queryset, actor, pk=pk)


def chart(figures: dict[str, Any]) -> dict[str, Any]:
    """Rows of the comparison chart: per outcome (1st … nth choice, unplaced) a bar per
    mechanism, with its share of the students as a percentage for the bar's width."""
    summaries = figures.get("summaries", [])
    if not summaries:
        return {"rows": [], "mechanisms": []}
    total = max(1, summaries[0]["students"])
    mechanisms = [
        {"code": s["mechanism"], "label": MECHANISM_LABELS.get(s["mechanism"], s["mechanism"])}
        for s in summaries
    ]
    rows = []
    for rank in range(1, figures.get("max_rank", 0) + 1):
        values = [s["rank_counts"][rank - 1] for s in summaries]
        rows.append({"rank": rank, "bars": _bars(values, mechanisms, total)})
    rows.append(
        {"rank": None, "bars": _bars([s["unplaced"] for s in summaries], mechanisms, total)}
    )
    return {"rows": rows, "mechanisms": mechanisms, "summaries": summaries}


def _bars(values: list[int], mechanisms: list[dict[str, Any]], total: int) -> list[dict[str, Any]]:
    return [
        {"value": v, "pct": f"{100 * v / total:.1f}", "y": i * 14, **m}
        for i, (v, m) in enumerate(zip(values, mechanisms, strict=True))
    ]


def current_figures(run: AllocationRun) -> dict[str, Any]:
    """The proposal as it stands (after manual adjustments): counts per rank and seats left."""
    counts = Counter(run.assignments.values_list("rank", flat=True))
    per_offer = Counter(
        run.assignments.filter(offer__isnull=False).values_list("offer_id", flat=True)
    )
    capacity = {int(k): v for k, v in run.figures.get("capacity", {}).items()}
    max_rank = max([run.figures.get("max_rank", 0), *[r for r in counts if r]], default=0)
    return {
        "students": sum(counts.values()),
        "ranks": [{"rank": r, "count": counts.get(r, 0)} for r in range(1, max_rank + 1)],
        "unplaced": counts.get(None, 0),
        "seats_left": sum(max(0, c - per_offer.get(o, 0)) for o, c in capacity.items()),
        "per_offer": per_offer,
        "capacity": capacity,
    }


def run_assignments(
    run: AllocationRun, *, outcome: str = "", query: str = ""
) -> QuerySet[Assignment]:
    qs = run.assignments.select_related(
        "student", "offer__company", "offer__elective", "offer__location"
    )
    if outcome == "unplaced":
        qs = qs.filter(offer__isnull=True)
    elif outcome == "manual":
        qs = qs.filter(manual=True)
    elif outcome.isdigit():
        qs = qs.filter(rank=int(outcome))
    if query:
        qs = qs.filter(
            Q(student__first_name__icontains=query)
            | Q(student__last_name__icontains=query)
            | Q(student__class_name__icontains=query)
        )
    return qs.order_by("student__last_name", "student__first_name", "pk")


def offers_with_room(run: AllocationRun, figures: dict[str, Any]) -> list[dict[str, Any]]:
    capacity, used = figures["capacity"], figures["per_offer"]
    ids = [o for o, c in capacity.items() if c - used.get(o, 0) > 0]
    offers = Offer.objects.filter(pk__in=ids).select_related("company", "elective", "location")
    return [
        {"offer": o, "left": capacity[o.pk] - used.get(o.pk, 0)}
        for o in offers.order_by("elective__name", "pk")
    ]


def round_offer_choices(run: AllocationRun) -> list[tuple[int, str]]:
    """The round's offers labelled as in the Place column: "elective — company, town"."""
    return [
        (o.pk, f"{o.elective.name} — {o.company.name}, {o.location.city}")
        for o in round_offers(run.round)
    ]


# --- Explanations ----------------------------------------------------------------------------


def offer_names(ids: Iterable[int]) -> dict[int, str]:
    offers = Offer.objects.filter(pk__in=set(ids)).select_related("company", "elective")
    return {o.pk: f"{o.elective.name} — {o.company.name}" for o in offers}


def explanation_ids(explanation: dict[str, Any]) -> set[int]:
    ids = {n["offer_id"] for n in explanation.get("missed", [])}
    ids |= set(explanation.get("alternatives", []))
    if explanation.get("offer_id"):
        ids.add(explanation["offer_id"])
    return ids


def sentences(
    explanation: dict[str, Any], names: dict[int, str], *, offer_id: int | None, total: int = 0
) -> list[str]:
    """Plain sentences that say why the student got this outcome (and not a higher choice)."""
    out: list[str] = []
    rank = explanation.get("rank")
    if explanation.get("manual"):
        out.append(
            _("Your coordinator placed you at %(offer)s by hand.")
            % {"offer": names.get(offer_id or 0, "")}
            if offer_id
            else _("Your coordinator took you out of this allocation by hand.")
        )
    elif offer_id and rank:
        out.append(
            _("You got your choice number %(rank)s: %(offer)s.")
            % {"rank": rank, "offer": names.get(offer_id, "")}
        )
    elif not offer_id:
        out.append(_("You did not get a place in this allocation."))
    for note in explanation.get("missed", []):
        out.append(_note_sentence(note, names))
    if explanation.get("lottery"):
        if total:
            out.append(
                _("Your lottery number was %(number)s of %(total)s; a lower number goes first.")
                % {"number": explanation["lottery"], "total": total}
            )
        else:
            out.append(
                _("Your lottery number was %(number)s; a lower number goes first.")
                % {"number": explanation["lottery"]}
            )
    return out


def _note_sentence(note: dict[str, Any], names: dict[int, str]) -> str:
    values = {
        "rank": note["rank"],
        "offer": names.get(note["offer_id"], ""),
        "seats": note.get("capacity", 0),
        "taken": note.get("taken_by_others", 0),
    }
    reason = note["reason"]
    if reason == engine.MissReason.INELIGIBLE:
        reasons = ", ".join(str(INELIGIBLE_TEXT.get(r, r)) for r in note.get("ineligible", []))
        return _("You could not take choice %(rank)s (%(offer)s): %(reasons)s.") % {
            **values,
            "reasons": reasons,
        }
    if reason == engine.MissReason.RESERVED:
        return (
            _(
                "Choice %(rank)s (%(offer)s) still had room, but those places are reserved for "
                "students of other schools."
            )
            % values
        )
    if reason == engine.MissReason.OPTIMISED:
        return (
            ngettext(
                "Choice %(rank)s (%(offer)s) had %(seats)s place; it went to another student "
                "so that more students got a high choice overall.",
                "Choice %(rank)s (%(offer)s) had %(seats)s places; they went to other students "
                "so that more students got a high choice overall.",
                values["seats"],
            )
            % values
        )
    text = (
        ngettext(
            "Choice %(rank)s (%(offer)s) had %(seats)s place; ",
            "Choice %(rank)s (%(offer)s) had %(seats)s places; ",
            values["seats"],
        )
        % values
    )
    ahead = note.get("ahead_by_priority", 0)
    by_lottery = values["taken"] - ahead
    parts = []
    if by_lottery:
        parts.append(
            ngettext(
                "%(n)s student with a better lottery number chose it too",
                "%(n)s students with a better lottery number chose it too",
                by_lottery,
            )
            % {"n": by_lottery}
        )
    if ahead:
        parts.append(
            ngettext(
                "%(n)s student with priority chose it too",
                "%(n)s students with priority chose it too",
                ahead,
            )
            % {"n": ahead}
        )
    if not parts:
        parts.append(_("every place went to a student ahead of you"))
    return text + _(" and ").join(parts) + "."


def published_outcomes(actor: Actor) -> list[dict[str, Any]]:
    """The student's (or guardian's children's) outcomes of published runs, explained."""
    assignments = list(
        Assignment.objects.visible_to(actor)
        .filter(run__status=RunStatus.PUBLISHED)
        .select_related("student", "run__round", "offer__company", "offer__elective")
        .order_by("-run__published_at")
    )
    names = offer_names(set().union(*(explanation_ids(a.explanation) for a in assignments)))
    totals = dict(
        Assignment.objects.filter(run_id__in={a.run_id for a in assignments})
        .values_list("run_id")
        .annotate(n=Count("pk"))
    )
    # The placement at the assignment's current offer (a waiting-list move changes the
    # offer); the newest one wins when a student was placed there more than once.
    placements: dict[tuple[int, int | None, int | None], Placement] = {
        (p.student_id, p.run_id, p.offer_id): p
        for p in Placement.objects.visible_to(actor)
        .filter(run_id__in={a.run_id for a in assignments})
        .order_by("created_at", "pk")
    }
    return [
        {
            "assignment": a,
            "placement": placements.get((a.student_id, a.run_id, a.offer_id)),
            "sentences": sentences(
                a.explanation, names, offer_id=a.offer_id, total=totals.get(a.run_id, 0)
            ),
            "alternatives": [names[o] for o in a.explanation.get("alternatives", []) if o in names]
            if a.offer_id is None
            else [],
        }
        for a in assignments
    ]
