"""Home pages of school staff, students and families."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sen.core.actor import Actor, Role
from sen.core.links import link_for
from sen.core.selectors import electives
from sen.core.selectors.base import NextStep, school_year_of, with_query

# --- School staff ---------------------------------------------------------------------------


def school_figures(actor: Actor) -> dict[str, Any]:
    from sen.catalogue.models import Period
    from sen.network.models import Student

    today = timezone.localdate()
    year = school_year_of(today)
    students = Student.objects.visible_to(actor).filter(left_on__isnull=True)
    totals = students.aggregate(
        total=Count("pk"), without_account=Count("pk", filter=Q(user__isnull=True))
    )
    classes = list(
        students.values("year", "class_name")
        .annotate(count=Count("pk"))
        .order_by("year", "class_name")
    )
    periods = list(
        Period.objects.visible_to(actor)
        .filter(school_id=actor.school_id or 0, school_year=year)
        .order_by("starts_on")
    )
    return {
        "school": actor.organisation,
        "school_year": year,
        "student_count": totals["total"] or 0,
        "students_without_account": totals["without_account"] or 0,
        "classes": classes,
        "periods": periods,
        "current_period": next((p for p in periods if p.starts_on <= today <= p.ends_on), None),
        "next_period": next((p for p in periods if p.starts_on > today), None),
        "students_url": link_for(actor, "network:students"),
        "periods_url": link_for(actor, "catalogue:periods"),
        "school_url": link_for(actor, "network:my_school"),
    }


def coordinator(actor: Actor) -> dict[str, Any]:
    from sen.accounts.models import Invitation, Membership

    context = school_figures(actor)
    teacher_count = (
        Membership.objects.visible_to(actor)
        .filter(school_id=actor.school_id or 0, role=Role.TEACHER, is_active=True)
        .count()
    )
    pending = (
        Invitation.objects.visible_to(actor)
        .filter(
            school_id=actor.school_id or 0,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .count()
    )
    import_url = link_for(actor, "imports:start")
    invite_url = with_query(link_for(actor, "accounts:invite"), role=Role.TEACHER.value)
    people_url = link_for(actor, "accounts:people")
    steps: list[NextStep] = []
    if not context["student_count"]:
        steps.append(
            NextStep(
                _("Import your students"),
                _("Upload the student list exported from Magister or Somtoday (CSV)."),
                import_url,
            )
        )
    if not context["periods"]:
        steps.append(
            NextStep(
                _("Open a period for %(year)s") % {"year": context["school_year"]},
                _("Periods set when electives run; students choose per period."),
                context["periods_url"],
            )
        )
    if not teacher_count:
        steps.append(
            NextStep(
                _("Invite your teachers"),
                _("Teachers follow their students and give the final grades."),
                invite_url,
            )
        )
    if context["students_without_account"]:
        steps.append(
            NextStep(
                _("Invite students to SEN"),
                ngettext(
                    "%(count)d student has no account yet.",
                    "%(count)d students have no account yet.",
                    context["students_without_account"],
                )
                % {"count": context["students_without_account"]},
                context["students_url"],
            )
        )
    if pending:
        steps.append(
            NextStep(
                _("Follow up open invitations"),
                ngettext(
                    "%(count)d invitation has not been accepted yet.",
                    "%(count)d invitations have not been accepted yet.",
                    pending,
                )
                % {"count": pending},
                people_url,
            )
        )
    rounds = electives.coordinator_rounds(actor)
    steps[:0] = rounds["allocation_steps"]
    context.update(rounds)
    context.update(electives.school_placement_counts(actor))
    context.update(
        rounds_url=link_for(actor, "placements:rounds"),
        teacher_count=teacher_count,
        pending_invitations=pending,
        steps=steps,
        import_url=import_url,
        people_url=people_url,
    )
    return context


def teacher(actor: Actor) -> dict[str, Any]:
    context = school_figures(actor)
    to_review = electives.lists_to_review(actor)
    context.update(
        lists_to_review=to_review,
        lists_to_review_count=sum(count for _round, count, _url in to_review),
        review_url=link_for(actor, "placements:review_rounds"),
    )
    return context


# --- Students and families ------------------------------------------------------------------


def student(actor: Actor) -> dict[str, Any]:
    from sen.catalogue.models import Period
    from sen.network.models import Guardianship, Student

    today = timezone.localdate()
    student = (
        Student.objects.visible_to(actor)
        .filter(user_id=actor.user_id or 0)
        .select_related("school", "profile")
        .first()
    )
    periods: list[Any] = []
    guardians: list[Any] = []
    if student is not None:
        periods = list(
            Period.objects.visible_to(actor)
            .filter(school_id=student.school_id, ends_on__gte=today)
            .order_by("starts_on")[:3]
        )
        guardians = list(
            Guardianship.objects.visible_to(actor)
            .filter(student_id=student.pk)
            .order_by("full_name", "email")
        )
    students = [student] if student is not None else []
    return {
        "student": student,
        "rounds": electives.round_cards(actor, students).get(student.pk if student else 0, []),
        "placements": [
            (placement, electives.placement_badge(placement.status))
            for placement in electives.current_placements(actor, students).get(
                student.pk if student else 0, []
            )
        ],
        "outcome_url": link_for(actor, "placements:my_outcome"),
        "choices_url": link_for(actor, "placements:my_choices"),
        "periods": periods,
        "current_period": next((p for p in periods if p.starts_on <= today), None),
        "guardians": guardians,
        "me_url": link_for(actor, "network:me"),
        "sharing_url": link_for(actor, "network:me_sharing"),
    }


def guardian(actor: Actor) -> dict[str, Any]:
    from sen.network.models import Guardianship, Student

    children = list(
        Student.objects.visible_to(actor)
        .select_related("school", "profile")
        .order_by("first_name", "pk")
    )
    # Adult children who chose not to share: only how many, nothing about them (DOMAIN.md, 18+).
    not_shared = (
        Guardianship.objects.filter(user_id=actor.user_id or 0)
        .exclude(student_id__in=[child.pk for child in children])
        .count()
    )
    rounds = electives.round_cards(actor, children)
    placements = electives.current_placements(actor, children)
    return {
        "children": [
            (
                child,
                link_for(actor, "network:student", child.pk),
                rounds[child.pk],
                [(p, electives.placement_badge(p.status)) for p in placements[child.pk]],
            )
            for child in children
        ],
        "outcome_url": link_for(actor, "placements:my_outcome"),
        "not_shared_count": not_shared,
        "children_url": link_for(actor, "network:children"),
    }
