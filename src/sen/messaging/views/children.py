"""A parent's page per child (from "Mijn kinderen"): placements, schedule, conversation."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sen.core.http import SenRequest
from sen.core.policy import requires
from sen.messaging import family
from sen.network.privacy import student_fields


@require_GET
@requires("messaging.view_child")
def child(request: SenRequest, pk: int) -> HttpResponse:
    actor = request.actor
    student = family.child_for(actor, pk)
    return render(
        request,
        "messaging/children/child.html",
        {
            "card": student_fields(actor, student, scoped=True),
            "placements": family.child_placements(actor, student),
        },
    )
