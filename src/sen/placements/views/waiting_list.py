"""Waiting lists for the school coordinator: offers with a free seat after a published
allocation, who waits for them (by rank, then lottery number) and placing the next one.
Another school's round answers 404."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sen.core.http import SenRequest
from sen.core.policy import authorize, requires
from sen.placements.models import ChoiceRound
from sen.placements.selectors import waiting_list as selectors
from sen.placements.services import waiting_list as services


class PlaceForm(forms.Form):
    student = forms.IntegerField(min_value=1)


def _round(request: SenRequest, pk: int) -> ChoiceRound:
    choice_round = selectors.round_for_actor(request.actor, pk)
    authorize(request.actor, "placements.manage_round", choice_round)
    return choice_round


@require_GET
@requires("placements.allocate")
def waiting_lists(request: SenRequest) -> HttpResponse:
    return render(
        request,
        "placements/waiting_list/index.html",
        {"overview": selectors.overview(request.actor)},
    )


@require_GET
@requires("placements.allocate")
def waiting_list(request: SenRequest, pk: int, offer_pk: int) -> HttpResponse:
    choice_round = _round(request, pk)
    room = selectors.room_for_offer(choice_round, offer_pk)
    if room is None:
        raise Http404
    return render(
        request,
        "placements/waiting_list/offer.html",
        {"round": choice_round, "room": room},
    )


@require_POST
@requires("placements.allocate")
def place(request: SenRequest, pk: int, offer_pk: int) -> HttpResponse:
    choice_round = _round(request, pk)
    form = PlaceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a student from the waiting list."))
    else:
        try:
            placement = services.place_from_waiting_list(
                actor=request.actor,
                choice_round=choice_round,
                offer_id=offer_pk,
                student_id=form.cleaned_data["student"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(student)s has a proposed place at %(offer)s; the company has been told.")
                % {
                    "student": placement.student.full_name,
                    "offer": selectors.offer_label(placement.offer),
                },
            )
    return redirect("placements:waiting_list", pk=choice_round.pk, offer_pk=offer_pk)
