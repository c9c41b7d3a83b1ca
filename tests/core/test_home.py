"""Home pages per role: real figures within the actor's scope, next steps, bounded queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from sen.catalogue.models import Elective
from sen.core.actor import ANONYMOUS, Actor, Role
from sen.core.context_processors import menu_for
from sen.core.links import link_for
from sen.core.nav import NavItem
from sen.core.selectors import Bar, bars, school_year_of
from sen.core.views import bad_request, server_error
from tests.factories import (
    CompanyFactory,
    CompanyLocationFactory,
    ElectiveFactory,
    GuardianshipFactory,
    InvitationFactory,
    MembershipFactory,
    PeriodFactory,
    SchoolFactory,
    StudentFactory,
    UserFactory,
    actor_for,
)
from tests.factories.agreements import agreement_version_for
from tests.factories.assessment import ReviewFactory, ReviewPartFactory, rubric_for_placement
from tests.factories.home import choices_of, placed, round_at, run_of, running_offer
from tests.factories.logbook import AttendanceFactory, entry, planned_days
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings: Any) -> None:
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False


def this_year() -> str:
    return school_year_of(timezone.localdate())


def home(login_as: Callable[[Actor], Any], actor: Actor) -> Any:
    response = login_as(actor).get("/")
    assert response.status_code == 200
    return response


# --- Every role --------------------------------------------------------------------------

TEMPLATES = {
    "student_a": "core/home/student.html",
    "parent_a": "core/home/guardian.html",
    "teacher_a": "core/home/teacher.html",
    "coordinator_a": "core/home/coordinator.html",
    "supervisor_a": "core/home/supervisor.html",
    "contact_a": "core/home/company_contact.html",
    "region_coordinator": "core/home/region_coordinator.html",
    "administrator": "core/home/administrator.html",
}


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_home_renders_the_roles_page_with_one_h1(world, login_as, name) -> None:
    response = home(login_as, world.actor(name))

    html = response.content.decode()
    assert TEMPLATES[name] in [t.name for t in response.templates]
    assert html.count("<h1") == 1
    assert 'data-testid="acting-as"' in html
    assert '<main id="main"' in html
    assert 'role="status"' in html


def _more_electives(world, n):  # type: ignore[no-untyped-def]
    """n of everything the electives part shows: rounds, lists, runs, offers, placements."""
    supervisor = world.user("supervisor_a")
    for _ in range(n):
        offer = running_offer(world.company_a, supervisor=supervisor, places=3)
        running_offer(world.company_a, status="draft")
        open_round = round_at(world.school_a)
        classmate = StudentFactory(school=world.school_a)
        GuardianshipFactory(student=classmate, user=world.user("parent_a"))
        choices_of(open_round, world.student_a, "returned", comment="Kies er nog een")
        choices_of(open_round, classmate)
        run_of(round_at(world.school_a, status="closed"))
        round_at(world.school_a, status="closed")
        placed(world.student_a, offer, decline_in_days=3)
        placed(classmate, offer, "active")


def _more_students(world, n):  # type: ignore[no-untyped-def]
    StudentFactory.create_batch(n, school=world.school_a)
    PeriodFactory.create_batch(n, school=world.school_a, school_year=this_year())
    _more_electives(world, n)


def _more_children(world, n):  # type: ignore[no-untyped-def]
    for _ in range(n):
        child = StudentFactory(school=world.school_a)
        GuardianshipFactory(student=child, user=world.user("parent_a"))
    _more_electives(world, n)


def _more_locations(world, n):  # type: ignore[no-untyped-def]
    CompanyLocationFactory.create_batch(n, company=world.company_a)
    MembershipFactory.create_batch(n, role=Role.SUPERVISOR, company=world.company_a)
    _more_electives(world, n)


def _more_companies(world, n):  # type: ignore[no-untyped-def]
    for i in range(n):
        company = CompanyFactory(regions=[world.region], sector=f"Sector {i}")
        CompanyLocationFactory(company=company)
        SchoolFactory(regions=[world.region], city=f"Stad {i}")
        running_offer(company)


def _more_everything(world, n):  # type: ignore[no-untyped-def]
    _more_students(world, n)
    _more_companies(world, n)
    InvitationFactory.create_batch(n, school=world.school_a)


EVERY_DAY = [
    {"weekday": d, "start": "08:30", "end": "15:00", "break_minutes": 30} for d in range(7)
]


def _more_todos(world, n):  # type: ignore[no-untyped-def]
    """n of everything the "To do" list counts for family A (sen.*.home)."""
    today = timezone.localdate()
    run = run_of(round_at(world.school_a, status="closed"), status="published")
    rubric = None
    for _ in range(n):
        # Anna: an agreement to sign, days to fill in, a returned entry, an open review.
        anna = placement_for(world, "a")
        agreement_version_for(anna)
        days = planned_days(anna)
        entry(anna, days[0], status="returned")
        entry(anna, days[1], status="submitted")
        rubric = rubric or rubric_for_placement(anna)
        review = ReviewFactory(placement=anna, rubric=rubric)
        ReviewPartFactory(review=review, role="teacher", status="submitted")
        # A classmate (a child of Paula too) planned today, twice absent, to sign for.
        child = StudentFactory(
            school=world.school_a, first_name="Kim", date_of_birth=dt.date(2011, 5, 1)
        )
        GuardianshipFactory(student=child, user=world.user("parent_a"))
        daily = placement_for(world, "a", schedule=EVERY_DAY)
        daily.student = child
        daily.save(update_fields=["student"])
        for days_ago in (1, 2):
            AttendanceFactory(
                placement=daily,
                date=today - dt.timedelta(days=days_ago),
                status="unexcused",
            )
        proposal = placement_for(world, "a", status="proposed")
        proposal.student = child
        proposal.save(update_fields=["student"])
        agreement_version_for(proposal)
        # A finished placement to grade, and a published run's placement without agreement.
        placement_for(world, "a", status="completed")
        in_run = placement_for(world, "a", status="proposed")
        in_run.run = run
        in_run.save(update_fields=["run"])


# name -> (how to add n records it shows, most queries allowed: session, user,
# memberships, session save (3), plus the page's own fixed set, plus "To do")
QUERY_CASES = {
    # + rounds, round profiles, choice lists, placements; to do: to sign (3), logbook
    # (placements, holidays, entries, absences), open reviews
    "student_a": (_more_students, 21),
    "parent_a": (_more_children, 16),  # + the same for all children at once; to sign (3)
    # + rounds with lists to approve; to do: absences, grades, final reviews
    "teacher_a": (_more_students, 13),
    # + rounds, profiles, students, lists, placements; to do: awaiting, runs, absences
    "coordinator_a": (_more_everything, 19),
    # + placements; to do: today (placements, holidays, attendance), to approve, reviews
    "supervisor_a": (_more_locations, 15),
    "contact_a": (_more_locations, 15),  # + placements, offers; to do: to sign (3)
    "region_coordinator": (_more_companies, 11),  # + offers
    "administrator": (_more_everything, 15),
}


def _plural(n: int, one: str, many: str) -> str:
    return (one if n == 1 else many) % {"n": n}


# name -> the "To do" titles after _more_todos(world, n)
TODO_TITLES = {
    "student_a": lambda n: [
        _plural(n, "Sign your agreement", "Sign your %(n)d agreements"),
        "Fill in your logbook",
        _plural(n, "%(n)d entry was returned", "%(n)d entries were returned"),
        "Fill in your self-assessment",
    ],
    "parent_a": lambda n: [
        _plural(n, "Sign the agreement of Anna", "Sign the %(n)d agreements of Anna"),
        *["Sign the agreement of Kim"] * n,
    ],
    "teacher_a": lambda n: [
        _plural(n, "%(n)d student with repeated absence", "%(n)d students with repeated absence"),
        _plural(n, "%(n)d final grade to give", "%(n)d final grades to give"),
        _plural(n, "%(n)d final review to complete", "%(n)d final reviews to complete"),
    ],
    "coordinator_a": lambda n: [
        _plural(2 * n, "%(n)d agreement awaits signatures", "%(n)d agreements await signatures"),
        "Draw up the agreements of a published allocation",
        _plural(n, "%(n)d student with repeated absence", "%(n)d students with repeated absence"),
    ],
    "supervisor_a": lambda n: [
        _plural(
            n,
            "Register attendance for today (%(n)d student)",
            "Register attendance for today (%(n)d students)",
        ),
        _plural(n, "%(n)d logbook entry to approve", "%(n)d logbook entries to approve"),
        _plural(n, "Score %(n)d review", "Score %(n)d reviews"),
    ],
    "contact_a": lambda n: [
        _plural(
            2 * n,
            "Sign %(n)d agreement for the company",
            "Sign %(n)d agreements for the company",
        )
    ],
    "region_coordinator": lambda n: [],
    "administrator": lambda n: [],
}


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("name", list(QUERY_CASES))
def test_home_runs_a_fixed_number_of_queries(
    world, login_as, django_assert_max_num_queries, name, count
) -> None:
    grow, most = QUERY_CASES[name]
    grow(world, count)
    _more_todos(world, count)
    client = login_as(world.actor(name))

    with django_assert_max_num_queries(most):
        response = client.get("/")

    assert response.status_code == 200
    assert [step.title for step in response.context["todos"]] == TODO_TITLES[name](count)


# --- Coordinator and teacher ---------------------------------------------------------------


def test_coordinator_home_counts_only_their_school(world, login_as) -> None:
    year = this_year()
    StudentFactory(school=world.school_a, class_name="3A")
    StudentFactory(school=world.school_a, class_name="3A", left_on=dt.date(2024, 7, 1))
    StudentFactory(school=world.school_b, class_name="3A")
    MembershipFactory(role=Role.TEACHER, school=world.school_a, is_active=False)
    PeriodFactory(school=world.school_a, school_year=year, name="Blok 1")
    PeriodFactory(school=world.school_a, school_year="2001-2002", name="Oud")
    PeriodFactory(school=world.school_b, school_year=year, name="Blok B")
    InvitationFactory(school=world.school_a)
    InvitationFactory(school=world.school_a, accepted_at=timezone.now())
    InvitationFactory(school=world.school_a, revoked_at=timezone.now())
    InvitationFactory(school=world.school_a, expires_at=timezone.now() - dt.timedelta(days=1))
    InvitationFactory(school=world.school_b)

    context = home(login_as, world.actor("coordinator_a")).context

    assert context["student_count"] == 2  # Anna and the new 3A student; not the leaver
    assert context["students_without_account"] == 1
    assert context["teacher_count"] == 1  # Tim; not the inactive membership
    assert [p.name for p in context["periods"]] == ["Blok 1"]
    assert context["pending_invitations"] == 1
    assert context["classes"] == [
        {"year": 3, "class_name": "3A", "count": 1},
        {"year": 3, "class_name": "3B", "count": 1},
    ]


def test_coordinator_of_an_empty_school_gets_the_first_steps(login_as) -> None:
    school = SchoolFactory(name="Nieuw College")
    actor = actor_for(MembershipFactory(role=Role.COORDINATOR, school=school))

    response = home(login_as, actor)

    titles = [step.title for step in response.context["steps"]]
    assert titles == [
        "Import your students",
        f"Open a period for {this_year()}",
        "Invite your teachers",
    ]
    for step in response.context["steps"]:
        assert step.url is None or step.url.startswith("/")
    html = response.content.decode()
    assert "There are no students at your school in SEN yet." in html
    assert "No periods have been set for this school year yet." in html


def test_coordinator_with_everything_set_up_sees_no_steps(world, login_as) -> None:
    # School A: Anna has an account, Tim teaches, no invitation is open; only a period is missing.
    PeriodFactory(school=world.school_a, school_year=this_year())

    response = home(login_as, world.actor("coordinator_a"))

    assert response.context["steps"] == []
    assert "Your school is set up" in response.content.decode()


def test_teacher_home_shows_classes_and_the_current_period(world, login_as) -> None:
    today = timezone.localdate()
    StudentFactory(school=world.school_a, class_name="4K", year=4)
    PeriodFactory(
        school=world.school_a,
        school_year=this_year(),
        name="Blok nu",
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=30),
    )

    response = home(login_as, world.actor("teacher_a"))

    assert response.context["student_count"] == 2
    assert [row["class_name"] for row in response.context["classes"]] == ["3B", "4K"]
    assert response.context["current_period"].name == "Blok nu"
    assert "Blok nu runs now" in response.content.decode()


# --- Students and families -----------------------------------------------------------------


def test_student_home_shows_their_own_record_and_coming_periods(world, login_as) -> None:
    today = timezone.localdate()
    PeriodFactory(
        school=world.school_a,
        name="Voorbij",
        starts_on=today - dt.timedelta(days=60),
        ends_on=today - dt.timedelta(days=30),
    )
    PeriodFactory(
        school=world.school_a,
        name="Straks",
        starts_on=today + dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=60),
    )
    PeriodFactory(
        school=world.school_b,
        name="Andere school",
        starts_on=today + dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=60),
    )

    response = home(login_as, world.actor("student_a"))

    assert response.context["student"] == world.student_a
    assert [p.name for p in response.context["periods"]] == ["Straks"]
    assert response.context["current_period"] is None
    assert [g.full_name for g in response.context["guardians"]] == ["Paula Achterberg"]
    html = response.content.decode()
    assert "Your choices will appear here once the choice round opens." in html
    assert "Ludger College" in html
    assert "Bram" not in html


def test_student_without_a_record_is_told_what_to_do(login_as) -> None:
    school = SchoolFactory()
    actor = actor_for(MembershipFactory(role=Role.STUDENT, school=school))

    response = home(login_as, actor)

    assert response.context["student"] is None
    assert "Your account is not linked to a student yet" in response.content.decode()


def test_guardian_home_shows_only_their_children(world, login_as) -> None:
    response = home(login_as, world.actor("parent_a"))

    children = [child for child, _url, _rounds, _placements in response.context["children"]]
    assert children == [world.student_a]
    assert response.context["not_shared_count"] == 0
    html = response.content.decode()
    assert "Parent of Anna" in html
    assert "Bram" not in html


def test_guardian_of_an_adult_who_does_not_share_sees_only_a_count(world, login_as) -> None:
    adult = StudentFactory(
        school=world.school_b,
        first_name="Zoë",
        date_of_birth=dt.date(2000, 1, 1),
        shares_with_guardians=False,
    )
    GuardianshipFactory(student=adult, user=world.user("parent_a"))

    response = home(login_as, world.actor("parent_a"))

    assert [child for child, _url, _rounds, _placements in response.context["children"]] == [
        world.student_a
    ]
    assert response.context["not_shared_count"] == 1
    html = response.content.decode()
    assert "Zoë" not in html
    assert "Staring College" not in html
    assert "has chosen not to share their progress" in html


def test_guardian_without_children_gets_an_explanation(login_as) -> None:
    actor = actor_for(MembershipFactory(role=Role.GUARDIAN))

    response = home(login_as, actor)

    assert response.context["children"] == []
    assert "No children are linked to your account yet." in response.content.decode()


# --- Companies -----------------------------------------------------------------------------


def test_company_contact_sees_how_complete_the_profile_is(world, login_as) -> None:
    world.company_a.description = ""
    world.company_a.website = "https://jansen.example"
    world.company_a.save()
    CompanyLocationFactory(company=world.company_b)
    InvitationFactory(company=world.company_a, role=Role.SUPERVISOR)

    response = home(login_as, world.actor("contact_a"))

    checks = {check.label: check.done for check in response.context["checks"]}
    assert checks == {
        "A description of the company and its work": False,
        "The sector": True,
        "A website": True,
        "At least one location where students work": False,
        "At least one workplace supervisor": True,
    }
    assert (response.context["checks_done"], response.context["checks_total"]) == (3, 5)
    assert response.context["pending_invitations"] == 1
    assert '<progress id="profile-progress" value="3" max="5">' in response.content.decode()


def test_supervisor_sees_the_profile_but_no_edit_links(world, login_as) -> None:
    CompanyLocationFactory(company=world.company_a, name="Hal 2")

    response = home(login_as, world.actor("supervisor_a"))

    assert [loc.name for loc in response.context["locations"]] == ["Hal 2"]
    assert response.context["edit_url"] is None
    assert response.context["invite_url"] is None
    assert "Students you supervise appear here" in response.content.decode()


# --- Region and platform -------------------------------------------------------------------


def test_region_coordinator_sees_only_their_region(world, login_as) -> None:
    CompanyFactory(regions=[world.region], sector="Bouw", sbb_accredited=True)
    CompanyFactory(regions=[world.region], sector="", is_active=False)
    CompanyFactory(regions=[world.other_region], sector="Zorg")
    CompanyLocationFactory(company=world.company_a)
    national = Elective.objects.filter(school__isnull=True, retired_on__isnull=True).count()
    ElectiveFactory()
    ElectiveFactory(retired_on=dt.date(2020, 8, 1))
    ElectiveFactory(school=world.school_a, code="EIGEN1")
    ElectiveFactory(school=world.school_c, code="EIGEN2")

    response = home(login_as, world.actor("region_coordinator"))

    context = response.context
    assert context["school_count"] == 2
    assert context["company_count"] == 3
    assert context["accredited_count"] == 1
    assert context["location_count"] == 1
    assert context["elective_count"] == national + 2  # a new national one and school A's own
    assert context["sector_bars"] == [Bar("Installatietechniek", 2, 100), Bar("Bouw", 1, 50)]
    assert context["town_bars"] == [Bar("Doetinchem", 2, 100)]
    assert [step.title for step in context["steps"]] == ["Complete company locations"]
    html = response.content.decode()
    assert '<rect width="50" height="10"' in html
    assert "Zorg" not in html


def test_administrator_sees_platform_counts(world, login_as) -> None:
    response = home(login_as, world.actor("administrator"))

    context = response.context
    assert (context["region_count"], context["school_count"], context["company_count"]) == (
        2,
        3,
        2,
    )
    assert context["student_count"] == 2
    assert dict(context["roles"])[Role.COORDINATOR.label] == 3


# --- The shell -----------------------------------------------------------------------------


def test_header_shows_the_role_and_organisation(world, login_as) -> None:
    html = home(login_as, world.actor("contact_a")).content.decode()

    header = html.split('data-testid="acting-as"')[1].split("</p>")[0]
    assert "Company contact" in header
    assert "Installatiebedrijf Jansen" in header


def test_role_switcher_shows_only_with_several_memberships(world, login_as) -> None:
    single = home(login_as, world.actor("teacher_a")).content.decode()
    user = world.user("teacher_a")
    extra = MembershipFactory(user=user, role=Role.COORDINATOR, school=world.school_b)
    both = Actor(
        user=user,
        membership=world.actor("teacher_a").membership,
        memberships=(world.actor("teacher_a").membership, extra),
    )

    several = home(login_as, both).content.decode()

    assert 'id="role-switch"' not in single
    assert 'id="role-switch"' in several
    assert "School coordinator — Staring College" in several


def test_user_without_a_role_gets_the_no_role_page(login_as) -> None:
    user = UserFactory()

    response = home(login_as, Actor(user=user))

    assert "core/home/none.html" in [t.name for t in response.templates]
    assert "No role yet" in response.content.decode()


def test_demo_banner_shows_only_in_demo_mode(world, login_as, settings) -> None:
    client = login_as(world.actor("student_a"))
    without = client.get("/").content.decode()
    settings.DEMO = True

    with_banner = client.get("/").content.decode()

    assert "demo-banner" not in without
    assert "demo-banner" in with_banner


def test_messages_are_shown_in_the_status_region(world, client) -> None:
    client.force_login(world.user("student_a"))

    response = client.post("/account/logout/", follow=True)

    html = response.content.decode()
    status = html.split('role="status"')[1].split("</div>")[0]
    assert "You are logged out." in status


def test_menu_leaves_out_items_without_a_page_or_rule(world) -> None:
    items = [
        NavItem("core:home", "Home", "core.view_home"),
        NavItem("nowhere:page", "Nowhere", "core.view_home"),
        NavItem("core:home", "Unknown rule", "no.such_rule"),
        NavItem("core:demo_mailbox", "Mailbox", "core.view_demo_mailbox"),
    ]

    menu = menu_for(world.actor("student_a"), items)

    assert menu == [{"url": "/", "label": "Home", "name": "core:home"}]
    assert menu_for(ANONYMOUS, items) == []


def test_link_for_gives_a_url_only_for_pages_the_actor_may_open(world) -> None:
    actor = world.actor("student_a")

    assert link_for(actor, "core:home") == "/"
    assert link_for(ANONYMOUS, "core:home") is None  # the view requires core.view_home
    assert link_for(actor, "core:demo_mailbox") is None  # demo mode only
    assert link_for(actor, "no_such:page") is None


def test_url_if_tag_sets_the_url_or_nothing(world) -> None:
    template = Template(
        '{% load sen_ui %}{% url_if "core:home" as a %}{% url_if "no:page" as b %}'
        "[{{ a }}][{{ b|default:'' }}][{{ 3|percent_of:4 }}][{{ 1|percent_of:0 }}]"
    )

    rendered = template.render(Context({"actor": world.actor("student_a")}))

    assert rendered == "[/][][75][0]"


def test_school_year_starts_in_august() -> None:
    assert school_year_of(dt.date(2026, 7, 31)) == "2025-2026"
    assert school_year_of(dt.date(2026, 8, 1)) == "2026-2027"


def test_bars_are_sorted_and_relative_to_the_largest() -> None:
    assert bars([("b", 2), ("a", 4), ("c", 2)]) == [
        Bar("a", 4, 100),
        Bar("b", 2, 50),
        Bar("c", 2, 50),
    ]
    assert bars([]) == []


# --- Error pages ---------------------------------------------------------------------------


def test_not_found_page_keeps_the_shell(world, login_as) -> None:
    response = login_as(world.actor("student_a")).get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert html.count("<h1") == 1
    assert 'class="skip-link"' in html
    assert "Ludger College" in html


def test_bad_request_page_explains_what_to_do(rf: RequestFactory) -> None:
    request = rf.get("/")
    request.actor = ANONYMOUS  # type: ignore[attr-defined]

    response = bad_request(request)

    assert response.status_code == 400
    assert "Something in the request was not right" in response.content.decode()


def test_server_error_page_is_standalone_and_bilingual(rf: RequestFactory) -> None:
    response = server_error(rf.get("/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in html
    assert "Something went wrong" in html
    assert "<script" not in html


def test_every_role_has_a_home_template() -> None:
    for role in [*Role.values, "none"]:
        assert get_template(f"core/home/{role}.html").template.name == f"core/home/{role}.html"


# --- Electives: choice rounds, allocation, offers and placements ----------------------------


def test_student_home_shows_the_open_round_with_days_left(world, login_as) -> None:
    choice_round = round_at(world.school_a, days_left=13, name="Keuzeronde blok 2")
    round_at(world.school_a, status="closed")
    round_at(world.school_a, years=[4])  # Anna is in year 3: not her round
    round_at(world.school_b)  # another school's round

    response = home(login_as, world.actor("student_a"))

    cards = response.context["rounds"]
    assert [(c.round, c.status, c.message) for c in cards] == [
        (choice_round, "not_started", "Make your choices: 13 days left")
    ]
    assert cards[0].url == f"/placements/choices/{choice_round.pk}/"
    html = response.content.decode()
    assert f'href="/placements/choices/{choice_round.pk}/"' in html
    assert "Choose your electives" in html


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("submitted", "Submitted, waiting for your mentor"),
        ("approved", "Approved by your mentor"),
        ("returned", "Sent back: read your mentor's comment"),
    ],
)
def test_student_home_shows_where_their_choices_stand(world, login_as, status, message) -> None:
    choice_round = round_at(world.school_a)
    choices_of(choice_round, world.student_a, status, comment="Kies ook een reserve")

    response = home(login_as, world.actor("student_a"))

    [card] = response.context["rounds"]
    assert card.message == message
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html
    assert ("Kies ook een reserve" in html) == (status == "returned")


def test_student_home_shows_their_placement_with_why_this_place(world, login_as) -> None:
    offer = running_offer(world.company_a, elective=ElectiveFactory(name="Zorg en welzijn"))
    placement = placed(world.student_a, offer, "agreement_pending")
    placed(world.student_a, running_offer(world.company_b), "cancelled")
    placed(world.student_b, running_offer(world.company_b), "active")

    response = home(login_as, world.actor("student_a"))

    assert response.context["placements"] == [(placement, "warn")]
    html = response.content.decode()
    assert "Zorg en welzijn" in html
    assert "Installatiebedrijf Jansen" in html
    assert "Awaiting agreement" in html
    assert "Garage Wolters" not in html
    assert f'href="{reverse("placements:my_outcome")}"' in html and "Why this place?" in html


def test_guardian_home_shows_each_childs_choices_and_placement(world, login_as) -> None:
    choice_round = round_at(world.school_a)
    choices_of(choice_round, world.student_a, "submitted")
    placement = placed(world.student_a, running_offer(world.company_a), "active")
    round_at(world.school_b)  # Bram's school: not Paula's child
    placed(world.student_b, running_offer(world.company_b), "active")

    response = home(login_as, world.actor("parent_a"))

    [(child, _url, rounds, placements)] = response.context["children"]
    assert child == world.student_a
    assert [(c.round, c.message) for c in rounds] == [(choice_round, "Submitted")]
    assert rounds[0].url == f"/placements/choices/children/{world.student_a.pk}/"
    assert placements == [(placement, "ok")]
    html = response.content.decode()
    assert "Garage Wolters" not in html


def test_teacher_home_counts_choices_waiting_for_approval(world, login_as) -> None:
    choice_round = round_at(world.school_a)
    choices_of(choice_round, world.student_a, "submitted")
    choices_of(choice_round, StudentFactory(school=world.school_a), "submitted")
    choices_of(choice_round, StudentFactory(school=world.school_a), "approved")
    choices_of(round_at(world.school_a, requires_mentor_approval=False), StudentFactory())
    choices_of(round_at(world.school_b), world.student_b, "submitted")

    response = home(login_as, world.actor("teacher_a"))

    url = f"/placements/choices/review/{choice_round.pk}/?status=submitted"
    assert response.context["lists_to_review"] == [(choice_round, 2, url)]
    assert response.context["lists_to_review_count"] == 2
    html = response.content.decode()
    assert "2 students wait for your approval of their choices." in html
    assert f'href="{url}"' in html


def test_coordinator_home_shows_round_progress_and_allocation_steps(world, login_as) -> None:
    open_round = round_at(world.school_a, name="Blok 3")
    classmates = StudentFactory.create_batch(3, school=world.school_a)
    choices_of(open_round, world.student_a, "approved")
    choices_of(open_round, classmates[0], "submitted")
    choices_of(open_round, classmates[1], "draft")
    choices_of(round_at(world.school_b), world.student_b, "submitted")
    to_allocate = round_at(world.school_a, status="closed", name="Blok 2")
    with_proposal = round_at(world.school_a, status="closed", name="Blok 1")
    proposal = run_of(with_proposal)
    run_of(round_at(world.school_b, status="closed"))
    round_at(world.school_a, status="allocated", name="Blok 0")

    response = home(login_as, world.actor("coordinator_a"))

    [progress] = response.context["round_progress"]
    assert (progress.round, progress.done, progress.eligible) == (open_round, 2, 4)
    steps = {(s.title, s.url) for s in response.context["steps"][:2]}
    assert steps == {
        ("Publish the allocation of Blok 1", f"/placements/allocation/runs/{proposal.pk}/"),
        ("Start the allocation of Blok 2", f"/placements/allocation/rounds/{to_allocate.pk}/"),
    }
    html = response.content.decode()
    assert f'<progress id="round-progress-{open_round.pk}" value="2" max="4">' in html


def test_coordinator_home_counts_placements_waiting(world, login_as) -> None:
    offer = running_offer(world.company_a)
    placed(world.student_a, offer, "proposed")
    placed(StudentFactory(school=world.school_a), offer, "agreement_pending")
    placed(StudentFactory(school=world.school_a), offer, "active")
    placed(world.student_b, offer, "proposed")

    context = home(login_as, world.actor("coordinator_a")).context

    assert (context["placements_proposed"], context["placements_pending"]) == (1, 1)
    assert (
        context["placements_proposed_url"] == "/placements/allocation/placements/?status=proposed"
    )


def test_company_contact_sees_offers_and_incoming_students(world, login_as) -> None:
    running_offer(world.company_a, status="draft")
    published = running_offer(world.company_a, places=3)
    running_offer(world.company_a, places=5)
    ended = timezone.localdate() - dt.timedelta(days=1)
    running_offer(world.company_a, places=9, starts_on=ended, ends_on=ended)
    running_offer(world.company_b, places=7)
    placed(world.student_a, published, decline_in_days=5)
    soonest = placed(StudentFactory(school=world.school_a), published, decline_in_days=2)
    placed(world.student_b, running_offer(world.company_b), decline_in_days=1)

    response = home(login_as, world.actor("contact_a"))

    context = response.context
    assert (context["draft_offers"], context["published_offers"]) == (1, 2)
    assert context["published_places"] == 8
    assert context["proposed_students"] == 2
    assert context["decline_before"] == soonest.decline_deadline
    html = response.content.decode()
    assert "Decline before" in html
    assert 'href="/placements/allocation/incoming/?status=proposed"' in html


def test_supervisor_sees_only_students_at_their_offers(world, login_as) -> None:
    mine = running_offer(world.company_a, supervisor=world.user("supervisor_a"))
    placed(world.student_a, mine, "active")
    placed(StudentFactory(school=world.school_a), mine, "agreement_pending")
    placed(StudentFactory(school=world.school_a), running_offer(world.company_a), "active")
    placed(world.student_b, running_offer(world.company_b), "active")

    response = home(login_as, world.actor("supervisor_a"))

    assert response.context["placed_students"] == 2
    assert "draft_offers" not in response.context
    assert "Students you supervise appear here" not in response.content.decode()


def test_region_coordinator_sees_published_offers_of_the_region(world, login_as) -> None:
    running_offer(world.company_a, places=4)
    running_offer(world.company_b, places=6)
    running_offer(world.company_a, status="draft", places=10)
    running_offer(CompanyFactory(regions=[world.other_region]), places=20)

    context = home(login_as, world.actor("region_coordinator")).context

    assert (context["region_offer_count"], context["region_place_count"]) == (2, 10)
