"""Choice rounds: the coordinator's rounds, the student's ranking, the mentor's review, parents.

Views parse, authorise, call a service or selector and render; another school's
round or another family's list answers 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sen.catalogue.models import Offer
from sen.core.http import SenRequest
from sen.core.policy import authorize, requires
from sen.placements.forms_choices import (
    ReturnForm,
    RoundForm,
    RoundStudentsFilterForm,
    status_label,
)
from sen.placements.models import ROUND_TRANSITIONS, ChoiceRound, ChoiceStatus, RoundStatus
from sen.placements.selectors import choices as selectors
from sen.placements.services import choices as services

STUDENT_PAGE_SIZE = 25
REVIEW_PAGE_SIZE = 30


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def offer_card(offer: Offer) -> dict[str, Any]:
    days = sorted({int(slot.get("weekday", -1)) for slot in offer.schedule or []} - {-1})
    return {
        "pk": offer.pk,
        "elective": offer.elective.name,
        "company": offer.company.name,
        "town": offer.location.city,
        "days": ", ".join(str(WEEKDAYS_ABBR[d]) for d in days if d in WEEKDAYS_ABBR),
        "places": offer.places,
    }


# --- Coordinator --------------------------------------------------------------------------


@require_GET
@requires("placements.manage_rounds")
def rounds(request: SenRequest) -> HttpResponse:
    return render(
        request,
        "placements/choices/rounds.html",
        {"rounds": selectors.rounds_for_staff(request.actor)},
    )


def _round_form(request: SenRequest, choice_round: ChoiceRound | None) -> RoundForm:
    options = selectors.round_form_options(request.actor)
    initial = RoundForm.initial_for(choice_round) if choice_round else {}
    data = request.POST if request.method == "POST" else None
    return RoundForm(data, initial=initial, **options)


def _round_form_view(request: SenRequest, choice_round: ChoiceRound | None) -> HttpResponse:
    form = _round_form(request, choice_round)
    if request.method == "POST" and form.is_valid():
        try:
            if choice_round is None:
                saved = services.create_round(actor=request.actor, data=form.data_object())
                messages.success(request, _("The choice round was created. Open it when ready."))
            else:
                saved = services.update_round(
                    actor=request.actor, choice_round=choice_round, data=form.data_object()
                )
                messages.success(request, _("The choice round was saved."))
            return redirect("placements:round", pk=saved.pk)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
    return render(
        request,
        "placements/choices/round_form.html",
        {"form": form, "choice_round": choice_round},
    )


@require_http_methods(["GET", "POST"])
@requires("placements.manage_rounds")
def round_create(request: SenRequest) -> HttpResponse:
    return _round_form_view(request, None)


@require_http_methods(["GET", "POST"])
@requires("placements.manage_rounds")
def round_edit(request: SenRequest, pk: int) -> HttpResponse:
    choice_round = selectors.round_for(request.actor, pk)
    authorize(request.actor, "placements.manage_round", choice_round)
    return _round_form_view(request, choice_round)


@require_GET
@requires("placements.manage_rounds")
def round_detail(request: SenRequest, pk: int) -> HttpResponse:
    choice_round = selectors.round_for(request.actor, pk)
    authorize(request.actor, "placements.manage_round", choice_round)
    form = RoundStudentsFilterForm(
        request.GET, class_names=selectors.round_class_names(choice_round)
    )
    filters = form.filters()
    page = Paginator(selectors.round_students(choice_round, **filters), STUDENT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    progress = selectors.round_progress(choice_round)
    context = {
        "choice_round": choice_round,
        "progress": progress,
        "tiles": [(status_label(s), s, progress.counts[s]) for s in selectors.STUDENT_STATUSES],
        "form": form,
        "page": page,
        "rows": [(s, status_label(s.choice_status)) for s in page],  # type: ignore[attr-defined]
        "popularity": selectors.popularity(choice_round),
        "editable": choice_round.status in services.EDITABLE_ROUND,
        "can_open": RoundStatus.OPEN in ROUND_TRANSITIONS[choice_round.status],
        "can_close": RoundStatus.CLOSED in ROUND_TRANSITIONS[choice_round.status],
    }
    template = "placements/choices/round.html"
    if getattr(request, "htmx", False):
        template += "#students"
    return render(request, template, context)


def _transition(request: SenRequest, pk: int, verb: str) -> HttpResponse:
    choice_round = selectors.round_for(request.actor, pk)
    authorize(request.actor, "placements.manage_round", choice_round)
    try:
        if verb == "open":
            services.open_round(actor=request.actor, choice_round=choice_round)
            messages.success(request, _("The choice round is open: students can choose now."))
        else:
            services.close_round(actor=request.actor, choice_round=choice_round)
            messages.success(request, _("The choice round is closed."))
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    return redirect("placements:round", pk=choice_round.pk)


@require_POST
@requires("placements.manage_rounds")
def round_open(request: SenRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "open")


@require_POST
@requires("placements.manage_rounds")
def round_close(request: SenRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, "close")


# --- Students -----------------------------------------------------------------------------


@require_GET
@requires("placements.make_choices")
def my_choices(request: SenRequest) -> HttpResponse:
    student = selectors.student_of(request.actor)
    now = timezone.now()
    cards = []
    for choice_round in selectors.open_rounds_for_student(student, now):
        found = selectors.choice_list(choice_round, student)
        cards.append(
            {
                "round": choice_round,
                "status": status_label(found.status if found else selectors.NOT_STARTED),
                "status_key": found.status if found else selectors.NOT_STARTED,
                "count": len(found.items.all()) if found else 0,
                "open": choice_round.opens_at <= now < choice_round.deadline,
                "not_yet": now < choice_round.opens_at,
            }
        )
    return render(request, "placements/choices/my_choices.html", {"cards": cards})


def _choose_context(choice_round: ChoiceRound, student: Any) -> dict[str, Any]:
    now = timezone.now()
    found = selectors.choice_list(choice_round, student)
    items = list(found.items.all()) if found else []
    chosen = {item.offer_id for item in items}
    return {
        "choice_round": choice_round,
        "choice_list": found,
        "status": status_label(found.status if found else selectors.NOT_STARTED),
        "status_key": found.status if found else selectors.NOT_STARTED,
        "returned": found is not None and found.status == ChoiceStatus.RETURNED,
        "ranking": [
            {
                "rank": item.rank,
                "card": offer_card(item.offer),
                "first": i == 0,
                "last": i == len(items) - 1,
            }
            for i, item in enumerate(items)
        ],
        "offers": [
            offer_card(o) for o in selectors.round_offers(choice_round) if o.pk not in chosen
        ],
        "can_change": choice_round.status == RoundStatus.OPEN
        and choice_round.opens_at <= now < choice_round.deadline,
        "full": len(items) >= choice_round.max_choices,
        "enough": choice_round.min_choices <= len(items) <= choice_round.max_choices,
        "submitted": found is not None
        and found.status in (ChoiceStatus.SUBMITTED, ChoiceStatus.APPROVED),
    }


@require_GET
@requires("placements.make_choices")
def choose(request: SenRequest, pk: int) -> HttpResponse:
    choice_round, student = selectors.student_round(request.actor, pk)
    return render(request, "placements/choices/choose.html", _choose_context(choice_round, student))


@require_POST
@requires("placements.make_choices")
def choose_change(request: SenRequest, pk: int) -> HttpResponse:
    """Add, remove or move one choice; htmx gets the ranking back, others a redirect."""
    choice_round, student = selectors.student_round(request.actor, pk)
    action = request.POST.get("action", "")
    offer_id = request.POST.get("offer", "")
    kwargs: dict[str, Any] = {
        "actor": request.actor,
        "choice_round": choice_round,
        "student": student,
        "offer_id": offer_id,
    }
    error = ""
    try:
        if action == "add":
            services.add_choice(**kwargs)
        elif action == "remove":
            services.remove_choice(**kwargs)
        elif action in ("up", "down"):
            services.move_choice(**kwargs, direction=action)
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        error = " ".join(_errors(exc))
    if getattr(request, "htmx", False):
        context = _choose_context(choice_round, student) | {"error": error}
        return render(request, "placements/choices/choose.html#chooser", context)
    if error:
        messages.error(request, error)
    return redirect("placements:choose", pk=choice_round.pk)


@require_POST
@requires("placements.make_choices")
def choose_submit(request: SenRequest, pk: int) -> HttpResponse:
    choice_round, student = selectors.student_round(request.actor, pk)
    try:
        services.submit_choices(actor=request.actor, choice_round=choice_round, student=student)
        messages.success(request, _("Your choices have been submitted."))
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    return redirect("placements:choose", pk=choice_round.pk)


# --- Mentors ------------------------------------------------------------------------------


@require_GET
@requires("placements.review_choices")
def review_rounds(request: SenRequest) -> HttpResponse:
    found = selectors.rounds_for_staff(request.actor).filter(
        status__in=[RoundStatus.OPEN, RoundStatus.CLOSED], requires_mentor_approval=True
    )
    return render(request, "placements/choices/review_rounds.html", {"rounds": found})


@require_http_methods(["GET", "POST"])
@requires("placements.review_choices")
def review_round(request: SenRequest, pk: int) -> HttpResponse:
    choice_round = selectors.round_for(request.actor, pk)
    authorize(request.actor, "placements.review_round", choice_round)
    if request.method == "POST":
        try:
            count = services.approve_all(actor=request.actor, choice_round=choice_round)
            messages.success(request, _("%(count)d choice lists approved.") % {"count": count})
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
        return redirect("placements:review_round", pk=choice_round.pk)
    status = request.GET.get("status", ChoiceStatus.SUBMITTED)
    if status not in ChoiceStatus.values and status != "":
        status = ChoiceStatus.SUBMITTED
    lists = selectors.review_lists(choice_round, status=status)
    page = Paginator(lists, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "choice_round": choice_round,
        "page": page,
        "rows": [
            {
                "list": cl,
                "status": status_label(cl.status),
                "cards": [offer_card(item.offer) | {"rank": item.rank} for item in cl.items.all()],
            }
            for cl in page
        ],
        "status": status,
        "statuses": [
            (s, status_label(s))
            for s in (ChoiceStatus.SUBMITTED, ChoiceStatus.APPROVED, ChoiceStatus.RETURNED)
        ],
        "return_form": ReturnForm(),
    }
    return render(request, "placements/choices/review_round.html", context)


def _review_list(request: SenRequest, pk: int) -> Any:
    choice_list = selectors.review_list_for(request.actor, pk)
    authorize(request.actor, "placements.review_round", choice_list.round)
    return choice_list


@require_POST
@requires("placements.review_choices")
def review_approve(request: SenRequest, pk: int) -> HttpResponse:
    choice_list = _review_list(request, pk)
    try:
        services.approve_choices(actor=request.actor, choice_list=choice_list)
        messages.success(
            request,
            _("Choices of %(name)s approved.") % {"name": choice_list.student.full_name},
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    return redirect("placements:review_round", pk=choice_list.round_id)


@require_POST
@requires("placements.review_choices")
def review_return(request: SenRequest, pk: int) -> HttpResponse:
    choice_list = _review_list(request, pk)
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.return_choices(actor=request.actor, choice_list=choice_list, comment=comment)
        messages.success(
            request,
            _("Choices of %(name)s sent back.") % {"name": choice_list.student.full_name},
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    return redirect("placements:review_round", pk=choice_list.round_id)


# --- Parents ------------------------------------------------------------------------------


@require_GET
@requires("placements.view_child_choices")
def children_choices(request: SenRequest, pk: int | None = None) -> HttpResponse:
    children = [
        {
            "student": child.student,
            "rounds": [
                {
                    "round": r,
                    "list": cl,
                    "status": status_label(cl.status if cl else selectors.NOT_STARTED),
                    "status_key": cl.status if cl else selectors.NOT_STARTED,
                    "cards": [
                        offer_card(item.offer) | {"rank": item.rank} for item in cl.items.all()
                    ]
                    if cl
                    else [],
                }
                for r, cl in child.rounds
            ],
        }
        for child in selectors.children_choices(request.actor, pk)
    ]
    return render(
        request, "placements/choices/children.html", {"children": children, "one": pk is not None}
    )
