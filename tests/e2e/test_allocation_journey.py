"""Issue 3's journey in the browser: offer → choices on a phone → mentor → dry run → publish → why.

A company contact publishes an offer through the form; the coordinator of Ludger College
opens a choice round; Anna ranks two offers on her phone; her mentor approves; the
coordinator makes a dry run, reads the comparison chart, moves a classmate by hand and
publishes; Anna and her mother see her place and why. Staring College runs its own round
over the same offers through the services (Bram's place comes out of the same offers).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from sen.catalogue.models import Elective, Offer, OfferStatus
from sen.placements.models import (
    AllocationRun,
    ChoiceList,
    ChoiceRound,
    ChoiceStatus,
    Placement,
    RunStatus,
)
from sen.placements.services import allocation as allocation_services
from sen.placements.services import choices as choice_services
from tests.factories import CompanyLocationFactory, PeriodFactory, StudentFactory
from tests.factories.offers import OfferFactory
from tests.placements.test_choices_support import make_list

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STARTS, ENDS = dt.date(2027, 1, 11), dt.date(2027, 3, 19)


def submit(tab: Any, form: str = "main form[method=post]") -> None:
    """Press the submit button of the (first) matching form and wait for the next page."""
    with tab.page.expect_navigation():
        tab.page.locator(form).first.locator("button[type=submit]").first.click()


def setup_world(world: Any, settings: Any) -> dict[str, Any]:
    """Periods for both schools, a second published offer, and Anna's two classmates."""
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False
    CompanyLocationFactory(company=world.company_a, name="Werkplaats Doetinchem")
    for school in (world.school_a, world.school_b):
        PeriodFactory(
            school=school,
            name="Blok 3",
            starts_on=dt.date(2027, 1, 4),
            ends_on=dt.date(2027, 3, 26),
        )
    electives = list(Elective.objects.filter(school=None, retired_on__isnull=True)[:2])
    garage = OfferFactory(
        company=world.company_b,
        elective=electives[1],
        starts_on=STARTS,
        ends_on=ENDS,
        places=3,
        status=OfferStatus.PUBLISHED,
    )
    classmates = [
        StudentFactory(school=world.school_a, first_name=name, last_name="Klein")
        for name in ("Daan", "Eva")
    ]
    return {"elective": electives[0], "garage": garage, "classmates": classmates}


def staring_round(world: Any, offers: list[Offer]) -> None:
    """Staring College runs its own round over the same offers, through the services."""
    coordinator, bram = world.actor("coordinator_b"), world.actor("student_b")
    now = timezone.now()
    choice_round = choice_services.create_round(
        actor=coordinator,
        data=choice_services.RoundData(
            name="Keuzeronde Staring",
            period=world.school_b.periods.get(),
            opens_at=now - dt.timedelta(hours=1),
            deadline=now + dt.timedelta(days=7),
            min_choices=2,
            max_choices=2,
            max_distance_km=None,
            requires_mentor_approval=False,
        ),
    )
    choice_round = choice_services.open_round(actor=coordinator, choice_round=choice_round)
    ids = [offers[1].pk, offers[0].pk]
    choice_services.save_ranking(
        actor=bram, choice_round=choice_round, student=world.student_b, offer_ids=ids
    )
    choice_services.submit_choices(actor=bram, choice_round=choice_round, student=world.student_b)
    choice_round = choice_services.close_round(actor=coordinator, choice_round=choice_round)
    run = allocation_services.start_run(
        actor=coordinator, choice_round=choice_round, mechanism="deferred_acceptance"
    )
    run.refresh_from_db()
    assert run.status == RunStatus.PROPOSAL  # the task ran at once (ImmediateBackend)
    assert allocation_services.publish(actor=coordinator, run=run) == 1


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_allocation_journey_offer_to_explained_place(world, open_tab, settings) -> None:
    extra = setup_world(world, settings)
    tabs = []

    # 1. The company contact creates an offer through the form and publishes it.
    contact = open_tab("desktop")
    tabs.append(contact)
    contact.login(world.user("contact_a").email)
    contact.goto("/catalogue/offers/new/")
    page = contact.page
    page.locator("#id_elective").select_option(str(extra["elective"].pk))
    page.locator("#id_title").fill("Warmtepompen installeren")
    page.locator("#id_location").select_option(index=1)
    page.locator("#id_starts_on").fill(STARTS.isoformat())
    page.locator("#id_ends_on").fill(ENDS.isoformat())
    page.locator("#id_places").fill("2")
    page.locator("#id_day1_start").fill("08:30")
    page.locator("#id_day1_end").fill("15:00")
    page.locator("#id_day1_break").fill("30")
    submit(contact, "main form.offer-form")
    assert re.search(r"/catalogue/offers/\d+/$", page.url), page.url
    offer = Offer.objects.get(title="Warmtepompen installeren")
    assert offer.status == OfferStatus.DRAFT
    submit(contact, f"form[action='/catalogue/offers/{offer.pk}/publish/']")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    offers = [offer, extra["garage"]]
    staring_round(world, offers)

    # 2. The coordinator creates and opens a choice round through the form.
    coordinator = open_tab("desktop")
    tabs.append(coordinator)
    coordinator.login(world.user("coordinator_a").email)
    coordinator.goto("/placements/choices/rounds/new/")
    page = coordinator.page
    now = timezone.now()
    page.locator("#id_name").fill("Keuzeronde blok 3")
    page.locator("#id_period").select_option(str(world.school_a.periods.get().pk))
    page.locator("#id_opens_at").fill(local(now - dt.timedelta(hours=1)))
    page.locator("#id_deadline").fill(local(now + dt.timedelta(days=7)))
    page.locator("#id_min_choices").fill("2")
    page.locator("#id_max_choices").fill("2")
    assert page.locator("#id_requires_mentor_approval").is_checked()
    submit(coordinator)
    choice_round = ChoiceRound.objects.get(name="Keuzeronde blok 3")
    assert page.url == f"{coordinator.base_url}/placements/choices/rounds/{choice_round.pk}/"
    submit(coordinator, f"form[action$='/rounds/{choice_round.pk}/open/']")
    choice_round.refresh_from_db()
    assert choice_round.status == "open"
    for classmate in extra["classmates"]:  # Anna's classmates chose before her
        make_list(choice_round, classmate, offers)

    # Anna ranks on her phone: she picks both offers, then moves the garage up and back down.
    anna = open_tab("phone")
    tabs.append(anna)
    anna.login(world.user("student_a").email)
    anna.goto(f"/placements/choices/{choice_round.pk}/")
    page = anna.page
    ranking = page.get_by_test_id("ranking")
    for n in (1, 2):
        page.locator("#chooser button[name=action][value=add]").first.click()
        ranking.locator("li").nth(n - 1).wait_for()
    assert ranking.locator("li").count() == 2
    first = ranking.locator("li").first.locator("header").inner_text()
    ranking.locator("li").nth(1).locator("button[value=up]").click()
    page.wait_for_function(
        "(t) => !document.querySelector('[data-testid=ranking] li header').innerText.includes(t)",
        arg=first,
    )
    page.get_by_test_id("ranking").locator("li").first.locator("button[value=down]").click()
    page.wait_for_function(
        "(t) => document.querySelector('[data-testid=ranking] li header').innerText.includes(t)",
        arg=first,
    )
    submit(anna, f"form[action$='/choices/{choice_round.pk}/submit/']")
    anna_list = ChoiceList.objects.get(round=choice_round, student=world.student_a)
    assert anna_list.status == ChoiceStatus.SUBMITTED
    top = anna_list.items.order_by("rank").values_list("offer__elective__name", flat=True)
    assert top.first() in first

    # 3. Her mentor approves every submitted list.
    mentor = open_tab("desktop")
    tabs.append(mentor)
    mentor.login(world.user("teacher_a").email)
    mentor.goto("/placements/choices/review/")
    with mentor.page.expect_navigation():
        mentor.page.locator(f"main a[href$='/review/{choice_round.pk}/']").first.click()
    submit(mentor)
    assert set(ChoiceList.objects.filter(round=choice_round).values_list("status", flat=True)) == {
        ChoiceStatus.APPROVED
    }

    # 4. The coordinator closes the round and makes a dry run.
    coordinator.goto(f"/placements/choices/rounds/{choice_round.pk}/")
    submit(coordinator, f"form[action$='/rounds/{choice_round.pk}/close/']")
    coordinator.goto(f"/placements/allocation/rounds/{choice_round.pk}/")
    page = coordinator.page
    page.locator("input[name=mechanism][value=deferred_acceptance]").check()
    submit(coordinator)
    run = AllocationRun.objects.get(round=choice_round)
    assert page.url == f"{coordinator.base_url}/placements/allocation/runs/{run.pk}/"
    assert run.status == RunStatus.PROPOSAL  # computed during the request (ImmediateBackend)
    chart = page.locator("figure.allocation-chart")
    assert chart.is_visible()
    assert chart.locator("svg[role=img]").count() >= 2  # choice 1, choice 2 (and unplaced)
    assert page.locator("figure.allocation-chart + table tbody tr").count() == 3
    assert "Anna Achterberg" in page.locator("#assignments").inner_text()
    coordinator.screenshot("allocation-proposal-desktop")

    # Adjust: move a classmate who got the heat pumps to the garage, which has room.
    moved = run.assignments.filter(offer=offer).exclude(student=world.student_a).first()
    assert moved is not None
    row = page.locator(f"#assignments form:has(input[name=assignment][value='{moved.pk}'])")
    row.locator("select").select_option(str(extra["garage"].pk))
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    moved.refresh_from_db()
    assert (moved.offer_id, moved.manual) == (extra["garage"].pk, True)
    submit(coordinator, f"form[action$='/runs/{run.pk}/publish/']")
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    assert Placement.objects.filter(run=run).count() == 3
    anna_place = Placement.objects.get(run=run, student=world.student_a)

    # 5. Anna sees her place and why on her phone; her mother sees it too.
    anna.goto("/placements/allocation/my-place/")
    page = anna.page
    article = page.locator("main article").first
    assert anna_place.offer.elective.name in article.locator("h2").inner_text()
    assert article.locator("h3").first.is_visible()
    assert article.locator("ul li").count() >= 1
    anna.screenshot("allocation-why-phone")

    parent = open_tab("phone")
    tabs.append(parent)
    parent.login(world.user("parent_a").email)
    parent.goto("/placements/allocation/my-place/")
    shown = parent.page.locator("main article").first.inner_text()
    assert anna_place.offer.elective.name in shown
    assert "Anna Achterberg" in shown

    assert [problem for tab in tabs for problem in tab.problems()] == []
