"""What waits for the actor in assessment: the home page's "To do" (sen.core.selectors).

A review exists once somebody first saves a part of it (sen.assessment.services.reviews);
from then on the parts not submitted yet are open for their writers:

- student: the reviews of their placements without their submitted self-assessment;
- supervisor: the reviews of the placements they supervise without their submitted
  scores (`placements.assessable_placements`: their own placements only);
- teacher: the school's finished placements without a grade, and those whose final
  review is not complete, as the overview's filters count them (`placements.overview`).

One query per step; none for other roles.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sen.assessment.models import PartRole, PartStatus, Review, ReviewPart
from sen.assessment.selectors.placements import assessable_placements, overview
from sen.core.actor import Actor, Role
from sen.core.links import link_for
from sen.core.selectors.base import NextStep, with_query
from sen.placements.models import PlacementStatus


def steps(actor: Actor) -> list[NextStep]:
    role = actor.role
    if role == Role.STUDENT:
        return _student(actor)
    if role == Role.SUPERVISOR:
        return _supervisor(actor)
    if role == Role.TEACHER:
        return _teacher(actor)
    return []


def open_reviews(actor: Actor, part: str) -> list[tuple[int, str]]:
    """(placement id, phase) of the reviews the actor sees whose `part` is not submitted."""
    placements = assessable_placements(actor)
    if actor.role == Role.STUDENT:
        placements = placements.filter(student__user_id=actor.user_id or 0)
    submitted = ReviewPart.objects.visible_to(actor).filter(role=part, status=PartStatus.SUBMITTED)
    return list(
        Review.objects.visible_to(actor)
        .filter(placement__in=placements.values("pk"))
        .exclude(pk__in=submitted.values("review_id"))
        .order_by("placement_id", "phase")
        .values_list("placement_id", "phase")
    )


def _link(actor: Actor, rows: list[tuple[int, str]], one: str, many: str) -> str | None:
    """One placement: its assessment page; several: the list."""
    placement_ids = {pk for pk, _phase in rows}
    if len(placement_ids) == 1:
        return link_for(actor, one, placement_ids.pop())
    return link_for(actor, many)


def _student(actor: Actor) -> list[NextStep]:
    rows = open_reviews(actor, PartRole.STUDENT)
    if not rows:
        return []
    return [
        NextStep(
            _("Fill in your self-assessment"),
            ngettext(
                "%(count)d review waits for your self-assessment: how did it go, "
                "what did you learn?",
                "%(count)d reviews wait for your self-assessment: how did it go, "
                "what did you learn?",
                len(rows),
            )
            % {"count": len(rows)},
            _link(actor, rows, "assessment:student_placement", "assessment:mine"),
        )
    ]


def _supervisor(actor: Actor) -> list[NextStep]:
    rows = open_reviews(actor, PartRole.SUPERVISOR)
    if not rows:
        return []
    return [
        NextStep(
            ngettext("Score %(count)d review", "Score %(count)d reviews", len(rows))
            % {"count": len(rows)},
            _("Give your scores and feedback; the teacher uses them for the grade."),
            _link(actor, rows, "assessment:supervisor_placement", "assessment:supervised"),
        )
    ]


def _teacher(actor: Actor) -> list[NextStep]:
    found: list[NextStep] = []
    url = link_for(actor, "assessment:overview")
    finished = PlacementStatus.COMPLETED
    grades = overview(actor, status=finished, todo="no_grade").count()
    if grades:
        found.append(
            NextStep(
                ngettext(
                    "%(count)d final grade to give",
                    "%(count)d final grades to give",
                    grades,
                )
                % {"count": grades},
                _("These placements have finished and have no grade yet."),
                with_query(url, status=finished, todo="no_grade"),
            )
        )
    reviews = overview(actor, status=finished, todo="final_open").count()
    if reviews:
        found.append(
            NextStep(
                ngettext(
                    "%(count)d final review to complete",
                    "%(count)d final reviews to complete",
                    reviews,
                )
                % {"count": reviews},
                _(
                    "These placements have finished, but their final review still misses "
                    "the student's, the supervisor's or your part."
                ),
                with_query(url, status=finished, todo="final_open"),
            )
        )
    return found
