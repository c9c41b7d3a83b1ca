"""Home pages of companies, region coordinators and administrators."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sen.core.actor import Actor, Role
from sen.core.links import link_for
from sen.core.selectors import electives
from sen.core.selectors.base import Check, NextStep, bars, with_query

# --- Companies ------------------------------------------------------------------------------


def company(actor: Actor) -> dict[str, Any]:
    from sen.accounts.models import Invitation, Membership
    from sen.network.models import CompanyLocation

    company = actor.organisation
    locations = list(
        CompanyLocation.objects.visible_to(actor)
        .filter(company_id=actor.company_id or 0)
        .order_by("name")
    )
    supervisor_count = (
        Membership.objects.visible_to(actor)
        .filter(company_id=actor.company_id or 0, role=Role.SUPERVISOR, is_active=True)
        .count()
    )
    is_contact = actor.role == Role.COMPANY_CONTACT
    pending = 0
    if is_contact:
        pending = (
            Invitation.objects.visible_to(actor)
            .filter(
                company_id=actor.company_id or 0,
                accepted_at__isnull=True,
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .count()
        )
    company_url = link_for(actor, "network:my_company")
    edit_url = link_for(actor, "network:company_edit", actor.company_id)
    location_url = link_for(actor, "network:company_location_add", actor.company_id)
    invite_url = with_query(link_for(actor, "accounts:invite"), role=Role.SUPERVISOR.value)
    checks = [
        Check(_("A description of the company and its work"), bool(company.description), edit_url),
        Check(_("The sector"), bool(company.sector), edit_url),
        Check(_("A website"), bool(company.website), edit_url),
        Check(_("At least one location where students work"), bool(locations), location_url),
        Check(_("At least one workplace supervisor"), bool(supervisor_count), invite_url),
    ]
    done = sum(1 for check in checks if check.done)
    extra = electives.incoming_students(actor)
    if is_contact:
        extra.update(electives.company_offers(actor))
    return extra | {
        "company": company,
        "regions": list(company.regions.order_by("name")),
        "locations": locations,
        "supervisor_count": supervisor_count,
        "pending_invitations": pending,
        "checks": checks,
        "checks_done": done,
        "checks_total": len(checks),
        "company_url": company_url,
        "edit_url": edit_url if is_contact else None,
        "invite_url": invite_url if is_contact else None,
        "is_contact": is_contact,
    }


# --- Region and platform --------------------------------------------------------------------


def region(actor: Actor) -> dict[str, Any]:
    from sen.catalogue.models import Elective
    from sen.network.models import Company, CompanyLocation, School

    region_id = actor.region_id
    schools_by_town = list(
        School.objects.visible_to(actor)
        .filter(regions=region_id)
        .values_list("city")
        .annotate(count=Count("pk", distinct=True))
    )
    companies = Company.objects.visible_to(actor).filter(regions=region_id, is_active=True)
    by_sector = list(
        companies.values_list("sector").annotate(
            count=Count("pk", distinct=True),
            accredited=Count("pk", filter=Q(sbb_accredited=True), distinct=True),
            without_location=Count("pk", filter=Q(locations__isnull=True), distinct=True),
        )
    )
    location_count = (
        CompanyLocation.objects.visible_to(actor).filter(company__in=companies.values("pk")).count()
    )
    today = timezone.localdate()
    elective_count = (
        Elective.objects.visible_to(actor)
        .filter(Q(school__isnull=True) | Q(school__regions=region_id))
        .filter(Q(retired_on__isnull=True) | Q(retired_on__gt=today))
        .distinct()
        .count()
    )
    no_sector = _("No sector given")
    company_count = sum(row[1] for row in by_sector)
    without_location = sum(row[3] for row in by_sector)
    region_url = link_for(actor, "network:region")
    add_school_url = link_for(actor, "network:school_add")
    add_company_url = link_for(actor, "network:company_add")
    steps: list[NextStep] = []
    if not schools_by_town:
        steps.append(
            NextStep(
                _("Add the schools of the region"),
                _("Schools join the region to share its companies and electives."),
                add_school_url,
            )
        )
    if not company_count:
        steps.append(
            NextStep(
                _("Add the first companies"),
                _("Companies offer places where students follow (part of) an elective."),
                add_company_url,
            )
        )
    if without_location:
        steps.append(
            NextStep(
                _("Complete company locations"),
                ngettext(
                    "%(count)d company has no location yet, so students cannot find it.",
                    "%(count)d companies have no location yet, so students cannot find them.",
                    without_location,
                )
                % {"count": without_location},
                region_url,
            )
        )
    return electives.region_offers(actor) | {
        "region": actor.organisation,
        "school_count": sum(row[1] for row in schools_by_town),
        "company_count": company_count,
        "accredited_count": sum(row[2] for row in by_sector),
        "location_count": location_count,
        "elective_count": elective_count,
        "sector_bars": bars([(row[0] or no_sector, row[1]) for row in by_sector]),
        "town_bars": bars([(row[0], row[1]) for row in schools_by_town]),
        "steps": steps,
        "region_url": region_url,
        "add_school_url": add_school_url,
        "add_company_url": add_company_url,
        "electives_url": link_for(actor, "catalogue:index"),
    }


def administrator(actor: Actor) -> dict[str, Any]:
    from sen.accounts.models import Invitation, Membership, User
    from sen.audit.models import AuditChain, AuditEvent
    from sen.network.models import Company, Region, School, Student

    chains = AuditChain.objects.visible_to(actor).aggregate(
        chains=Count("pk"), events=Sum("length")
    )
    per_role = dict(
        Membership.objects.visible_to(actor)
        .filter(is_active=True)
        .values_list("role")
        .annotate(count=Count("pk"))
    )
    return {
        "region_count": Region.objects.visible_to(actor).count(),
        "school_count": School.objects.visible_to(actor).count(),
        "company_count": Company.objects.visible_to(actor).filter(is_active=True).count(),
        "student_count": Student.objects.visible_to(actor).filter(left_on__isnull=True).count(),
        "user_count": User.objects.visible_to(actor).filter(is_active=True).count(),
        "pending_invitations": Invitation.objects.visible_to(actor)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())
        .count(),
        "roles": [(label, per_role.get(value, 0)) for value, label in Role.choices],
        "chain_count": chains["chains"] or 0,
        "event_count": chains["events"] or 0,
        "last_event_at": AuditEvent.objects.visible_to(actor).aggregate(at=Max("occurred_at"))[
            "at"
        ],
        "audit_url": link_for(actor, "audit:log"),
        "audit_verify_url": link_for(actor, "audit:verify"),
        "people_url": link_for(actor, "accounts:people"),
    }
