"""Filling in an evaluation, and asking the parties for one when a placement ends.

The window: a placement can be evaluated from WINDOW_DAYS days before its last
day while it is active, and any time once it is completed; never when it was
cancelled or has not started. One evaluation per party (the student; the
company, by its contact or the placement's supervisor) per placement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from sen.audit.services import record
from sen.core.actor import Actor, Role
from sen.messaging.evaluations.questions import WINDOW_DAYS
from sen.messaging.models import Evaluation, Party
from sen.messaging.rules import evaluation_party
from sen.messaging.services import notify
from sen.placements.models import Placement, PlacementStatus

KIND = "messaging.evaluation_requested"
MAX_COMMENT = 2000
# Completed placements are still asked about for this long after their last day.
ASK_AFTER_END = dt.timedelta(days=30)


def window_opens_on(placement: Placement) -> dt.date:
    return placement.ends_on - dt.timedelta(days=WINDOW_DAYS)


def is_open(placement: Placement, *, today: dt.date | None = None) -> bool:
    try:
        check_window(placement, today=today)
    except ValidationError:
        return False
    return True


def check_window(placement: Placement, *, today: dt.date | None = None) -> None:
    """Raise unless the placement can be evaluated today."""
    if placement.status == PlacementStatus.COMPLETED:
        return
    if placement.status != PlacementStatus.ACTIVE:
        raise ValidationError(
            _("Only a placement that is running or completed can be evaluated."), code="status"
        )
    opens = window_opens_on(placement)
    if (today or timezone.localdate()) < opens:
        raise ValidationError(
            _("You can evaluate this placement from %(date)s.")
            % {"date": formats.date_format(opens, "D j F Y")},
            code="too_early",
        )


def submit_evaluation(
    *,
    actor: Actor,
    placement: Placement,
    scores: Sequence[int],
    comment: str = "",
    today: dt.date | None = None,
) -> Evaluation:
    """Store the actor's party's evaluation of the placement (the student, or the company)."""
    party = evaluation_party(actor, placement)
    if party is None:
        raise ValidationError(
            _("Only the student and the company of this placement evaluate it."),
            code="not_a_party",
        )
    check_window(placement, today=today)
    if len(scores) != 3 or any(
        isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5
        for score in scores
    ):
        raise ValidationError(_("Answer every question with a number from 1 to 5."), code="scores")
    text = comment.strip()
    if len(text) > MAX_COMMENT:
        raise ValidationError(
            _("Your remarks have at most %(max)d characters.") % {"max": MAX_COMMENT},
            code="too_long",
        )
    duplicate = ValidationError(
        _("You have already evaluated this placement.")
        if party == Party.STUDENT
        else _("Your company has already evaluated this placement."),
        code="duplicate",
    )
    if Evaluation.objects.filter(placement=placement, party=party).exists():
        raise duplicate
    with transaction.atomic():
        try:
            with transaction.atomic():  # two colleagues at once: the database keeps one
                evaluation = Evaluation.objects.create(
                    placement=placement,
                    party=party,
                    author=actor.user,
                    score_1=scores[0],
                    score_2=scores[1],
                    score_3=scores[2],
                    comment=text,
                )
        except IntegrityError as exc:
            raise duplicate from exc
        record(
            "messaging.evaluation.submitted",
            actor=actor,
            obj=evaluation,
            changes={"placement": placement.pk, "party": party},
            object_label=str(placement),
        )
    return evaluation


def _language(person: Any) -> str:
    return str(getattr(person, "language", "") or settings.LANGUAGE_CODE)


def request_evaluations(*, today: dt.date | None = None) -> int:
    """Ask the student and the company of every placement in its evaluation window that
    they have not evaluated yet (once: the notification key is per placement and party).
    Returns how many notifications were created. Run daily (docs/operations.md)."""
    from sen.accounts.models import Membership

    today = today or timezone.localdate()
    placements = list(
        Placement.objects.filter(
            Q(status=PlacementStatus.ACTIVE, ends_on__lte=today + dt.timedelta(days=WINDOW_DAYS))
            | Q(status=PlacementStatus.COMPLETED, ends_on__gte=today - ASK_AFTER_END)
        ).select_related("student__user", "offer__company", "supervisor")
    )
    done = set(
        Evaluation.objects.filter(placement__in=placements).values_list("placement_id", "party")
    )
    contacts: dict[int, list[Any]] = {}
    for membership in Membership.objects.filter(
        company_id__in={p.offer.company_id for p in placements if p.supervisor_id is None},
        role=Role.COMPANY_CONTACT,
        is_active=True,
    ).select_related("user"):
        contacts.setdefault(membership.company_id or 0, []).append(membership.user)
    created = 0
    for placement in placements:
        url = reverse("messaging:evaluate", args=[placement.pk])
        student_user = placement.student.user
        if (placement.pk, Party.STUDENT) not in done and student_user is not None:
            with translation.override(_language(student_user)):
                created += len(
                    notify(
                        kind=KIND,
                        key=f"evaluation:{placement.pk}:student",
                        recipients=[student_user],
                        subject=_("How was your placement at %(company)s?")
                        % {"company": placement.offer.company},
                        body=_("Answer three short questions; it takes a minute."),
                        url=url,
                        placement=placement,
                    )
                )
        if (placement.pk, Party.COMPANY) not in done:
            people = (
                [placement.supervisor]
                if placement.supervisor is not None
                else contacts.get(placement.offer.company_id, [])
            )
            for person in people:
                with translation.override(_language(person)):
                    created += len(
                        notify(
                            kind=KIND,
                            key=f"evaluation:{placement.pk}:company",
                            recipients=[person],
                            subject=_("How did the placement of %(student)s go?")
                            % {"student": placement.student.first_name},
                            body=_("Answer three short questions; it takes a minute."),
                            url=url,
                            placement=placement,
                        )
                    )
    return created
