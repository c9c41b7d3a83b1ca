"""Reading choice rounds and choice lists.

Every query starts from `visible_to(actor)` or from a round the view already
fetched through it; pages annotate instead of looping so that their query
count does not grow with the number of students or offers shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from sen.catalogue.models import Offer, Period
from sen.catalogue.offers_models import OfferStatus
from sen.core.actor import Actor
from sen.core.scoping import get_visible_or_404
from sen.network.models import School, Student
from sen.placements.models import ChoiceItem, ChoiceList, ChoiceRound, ChoiceStatus, RoundStatus

NOT_STARTED = "not_started"
STUDENT_STATUSES = (NOT_STARTED, *ChoiceStatus.values)

# --- Offers of a round --------------------------------------------------------------------


def candidate_offers(school: School, period: Period | None = None) -> QuerySet[Offer]:
    """Published offers of companies in the school's regions (overlapping `period`, if given)."""
    offers = Offer.objects.filter(
        status=OfferStatus.PUBLISHED,
        company__regions__in=school.regions.values("pk"),
    )
    if period is not None:
        offers = offers.filter(starts_on__lte=period.ends_on, ends_on__gte=period.starts_on)
    return (
        Offer.objects.filter(pk__in=offers.values("pk"))
        .select_related("elective", "company", "location")
        .order_by("elective__name", "company__name", "pk")
    )


def round_offers(choice_round: ChoiceRound) -> QuerySet[Offer]:
    """The offers students can choose in the round (still published)."""
    picked = ChoiceRound.offers.through.objects.filter(choiceround_id=choice_round.pk)
    if picked.exists():
        offers = Offer.objects.filter(
            pk__in=picked.values("offer_id"), status=OfferStatus.PUBLISHED
        )
        return offers.select_related("elective", "company", "location").order_by(
            "elective__name", "company__name", "pk"
        )
    return candidate_offers(choice_round.school, choice_round.period)


# --- Students of a round ------------------------------------------------------------------


def eligible_students(choice_round: ChoiceRound) -> QuerySet[Student]:
    """The school's current students who take part in the round (empty criterion: all)."""
    students = Student.objects.filter(school_id=choice_round.school_id, left_on__isnull=True)
    if choice_round.years:
        students = students.filter(year__in=choice_round.years)
    if choice_round.class_names:
        students = students.filter(class_name__in=choice_round.class_names)
    if choice_round.tracks:
        students = students.filter(track__in=choice_round.tracks)
    profile_ids = ChoiceRound.profiles.through.objects.filter(choiceround_id=choice_round.pk)
    if profile_ids.exists():
        students = students.filter(profile_id__in=profile_ids.values("profile_id"))
    return students


def is_eligible(choice_round: ChoiceRound, student: Student) -> bool:
    return bool(eligible_students(choice_round).filter(pk=student.pk).exists())


def student_of(actor: Actor) -> Student:
    """The student record of a signed-in student (404 when the account has none)."""
    if actor.user_id is None or actor.school_id is None:
        raise Http404
    student = Student.objects.visible_to(actor).filter(user_id=actor.user_id).first()
    if student is None or student.school_id != actor.school_id:
        raise Http404
    return student


# --- Coordinator --------------------------------------------------------------------------


def round_form_options(actor: Actor) -> dict[str, Any]:
    """The choices of the round form: the school's periods, classes and the region's offers."""
    school = get_visible_or_404(School, actor, pk=actor.school_id)
    return {
        "periods": Period.objects.visible_to(actor).filter(school_id=school.pk),
        "class_names": sorted(
            set(
                Student.objects.visible_to(actor)
                .filter(school_id=school.pk, left_on__isnull=True)
                .values_list("class_name", flat=True)
            )
        ),
        "offers": candidate_offers(school),
    }


# --- Coordinator: rounds ---------------------------------------------------------------


def rounds_for_staff(actor: Actor) -> QuerySet[ChoiceRound]:
    return (
        ChoiceRound.objects.visible_to(actor)
        .filter(school_id=actor.school_id or 0)
        .select_related("period")
        .annotate(
            lists_submitted=Count(
                "choice_lists",
                filter=Q(choice_lists__status__in=[ChoiceStatus.SUBMITTED, ChoiceStatus.APPROVED]),
            ),
            lists_waiting=Count(
                "choice_lists", filter=Q(choice_lists__status=ChoiceStatus.SUBMITTED)
            ),
        )
        .order_by("-deadline", "pk")
    )


def round_for(actor: Actor, pk: int) -> ChoiceRound:
    queryset = ChoiceRound.objects.select_related("school", "period")
    return get_visible_or_404(queryset, actor, pk=pk)


@dataclass(frozen=True)
class Progress:
    eligible: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.counts.get(ChoiceStatus.SUBMITTED, 0) + self.counts.get(
            ChoiceStatus.APPROVED, 0
        )

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.eligible) if self.eligible else 0


def _status_subquery(choice_round: ChoiceRound) -> Any:
    lists = ChoiceList.objects.filter(round_id=choice_round.pk, student_id=OuterRef("pk"))
    return Coalesce(Subquery(lists.values("status")[:1]), Value(NOT_STARTED))


def round_progress(choice_round: ChoiceRound) -> Progress:
    rows = (
        eligible_students(choice_round)
        .annotate(choice_status=_status_subquery(choice_round))
        .values("choice_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(STUDENT_STATUSES, 0)
    for row in rows:
        counts[row["choice_status"]] = row["n"]
    return Progress(eligible=sum(counts.values()), counts=counts)


def round_students(
    choice_round: ChoiceRound, *, status: str = "", class_name: str = ""
) -> QuerySet[Student]:
    students = eligible_students(choice_round).annotate(
        choice_status=_status_subquery(choice_round)
    )
    if status:
        students = students.filter(choice_status=status)
    if class_name:
        students = students.filter(class_name=class_name)
    return students.order_by("class_name", "last_name", "first_name", "pk")


def round_class_names(choice_round: ChoiceRound) -> list[str]:
    names = eligible_students(choice_round).values_list("class_name", flat=True).distinct()
    return sorted(set(names))


@dataclass(frozen=True)
class Popularity:
    offer: Offer
    first: int
    any_rank: int

    @property
    def oversubscribed(self) -> bool:
        return self.first > self.offer.places


def popularity(choice_round: ChoiceRound) -> list[Popularity]:
    """Per offer of the round: first choices and all choices (drafts included), vs places."""
    items = ChoiceItem.objects.filter(choice_list__round_id=choice_round.pk)
    counts: dict[int, dict[str, int]] = {
        row["offer_id"]: {"first": row["first"], "any_rank": row["any_rank"]}
        for row in items.values("offer_id")
        .annotate(first=Count("pk", filter=Q(rank=1)), any_rank=Count("pk"))
        .order_by()
    }
    rows = [
        Popularity(
            offer=offer,
            first=counts.get(offer.pk, {}).get("first", 0),
            any_rank=counts.get(offer.pk, {}).get("any_rank", 0),
        )
        for offer in round_offers(choice_round)
    ]
    return sorted(rows, key=lambda row: (-row.first, -row.any_rank, str(row.offer)))


# --- Students and parents -----------------------------------------------------------------


def _items_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "items",
        queryset=ChoiceItem.objects.select_related(
            "offer__elective", "offer__company", "offer__location"
        ).order_by("rank"),
    )


def choice_list(choice_round: ChoiceRound, student: Student) -> ChoiceList | None:
    return (
        ChoiceList.objects.filter(round_id=choice_round.pk, student_id=student.pk)
        .select_related("round")
        .prefetch_related(_items_prefetch())
        .first()
    )


def open_rounds_for_student(student: Student, now: datetime | None = None) -> list[ChoiceRound]:
    """Open rounds of the student's school that the student takes part in."""
    now = now or timezone.now()
    rounds = ChoiceRound.objects.filter(
        school_id=student.school_id, status=RoundStatus.OPEN
    ).select_related("period")
    return [r for r in rounds.order_by("deadline", "pk") if is_eligible(r, student)]


def student_round(actor: Actor, pk: int) -> tuple[ChoiceRound, Student]:
    """A round the signed-in student takes part in; 404 otherwise."""
    student = student_of(actor)
    choice_round = round_for(actor, pk)
    if choice_round.status == RoundStatus.DRAFT or not is_eligible(choice_round, student):
        raise Http404
    return choice_round, student


# --- Mentors ------------------------------------------------------------------------------


def review_lists(choice_round: ChoiceRound, *, status: str) -> QuerySet[ChoiceList]:
    lists = ChoiceList.objects.filter(
        round_id=choice_round.pk,
        student_id__in=eligible_students(choice_round).values("pk"),
    ).exclude(status=ChoiceStatus.DRAFT)
    if status:
        lists = lists.filter(status=status)
    return (
        lists.select_related("student")
        .prefetch_related(_items_prefetch())
        .order_by("student__class_name", "student__last_name", "student__first_name", "pk")
    )


def review_list_for(actor: Actor, pk: int) -> ChoiceList:
    queryset = ChoiceList.objects.select_related("round", "student")
    found = get_visible_or_404(queryset, actor, pk=pk)
    if found.round.school_id != actor.school_id:
        raise Http404
    return found


# --- Parents ------------------------------------------------------------------------------


@dataclass
class ChildChoices:
    student: Student
    rounds: list[tuple[ChoiceRound, ChoiceList | None]]


def children_choices(actor: Actor, pk: int | None = None) -> list[ChildChoices]:
    """The choices of the actor's children (of one child, `pk`: 404 when not theirs)."""
    children = list(Student.objects.visible_to(actor).order_by("first_name", "pk"))
    if pk is not None:
        children = [get_visible_or_404(Student, actor, pk=pk)]
    lists = {
        (cl.round_id, cl.student_id): cl
        for cl in ChoiceList.objects.visible_to(actor)
        .filter(student__in=children)
        .prefetch_related(_items_prefetch())
    }
    rounds = (
        ChoiceRound.objects.filter(school_id__in={c.school_id for c in children})
        .exclude(status=RoundStatus.DRAFT)
        .select_related("period")
        .order_by("-deadline", "pk")
    )
    result = []
    for child in children:
        mine = [
            (r, lists.get((r.pk, child.pk)))
            for r in rounds
            if r.school_id == child.school_id
            and ((r.pk, child.pk) in lists or is_eligible(r, child))
        ]
        result.append(ChildChoices(student=child, rounds=mine))
    return result
