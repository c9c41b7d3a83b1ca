"""The demo region: deterministic per seed, built once, with a working login per role."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from sen.accounts.models import Membership, User
from sen.audit.models import AuditEvent
from sen.catalogue.models import Offer, OfferQuota, OfferStatus, Period, Supervision
from sen.catalogue.offers_selectors import weeks_between, worktime_of
from sen.core.actor import Actor, Role
from sen.core.demo import DEMO_LOGINS, DEMO_PASSWORD
from sen.core.demo.data import ACHTERHOEK_BBOX, TWENTE_BBOX
from sen.core.demo.progress import Progress
from sen.core.demo.selectors import demo_digest, demo_region_exists
from sen.core.worktime import Hazard, WeeklySchedule, youngest_allowed_age
from sen.core.worktime import Supervision as WorkSupervision
from sen.network.models import (
    Company,
    CompanyLocation,
    Guardianship,
    Region,
    School,
    SchoolLocation,
    Student,
)
from sen.placements.models import (
    ChoiceItem,
    ChoiceList,
    ChoiceRound,
    ChoiceStatus,
    Placement,
    RoundStatus,
)
from sen.placements.selectors.choices import eligible_students, round_offers
from sen.placements.services.choices import add_choice, submit_choices

BBOX = {"achterhoek": ACHTERHOEK_BBOX, "twente": TWENTE_BBOX}


def seed(**options: object) -> str:
    out = io.StringIO()
    call_command("seed_demo", scale="tiny", stdout=out, **options)
    return out.getvalue()


class _Undo(Exception):
    pass


def digest_of_fresh_seed(seed_value: int) -> tuple[str, int, int, int, int]:
    """Seed an empty database, fingerprint it, and roll everything back."""
    result: tuple[str, int, int, int, int] = ("", 0, 0, 0, 0)
    try:
        with transaction.atomic():
            assert not demo_region_exists()
            seed(seed=seed_value)
            result = (
                demo_digest(),
                Student.objects.count(),
                User.objects.count(),
                Offer.objects.count(),
                ChoiceItem.objects.count(),
            )
            raise _Undo
    except _Undo:
        pass
    return result


@pytest.mark.django_db
def test_seed_demo_same_seed_gives_same_region() -> None:
    first = digest_of_fresh_seed(7)
    second = digest_of_fresh_seed(7)
    other = digest_of_fresh_seed(8)

    assert first == second
    assert first[1] == 60 + 15  # Achterhoek and Twente students
    assert first[3] > 0 and first[4] > 0  # offers and choices are part of the fingerprint
    assert other[0] != first[0]
    assert other[1] == first[1]  # same scale, other people


@pytest.mark.django_db
def test_seed_demo_second_run_does_nothing() -> None:
    seed()
    counts = _row_counts()

    output = seed()

    assert "already exists (2 schools, 12 companies, 60 students): nothing to do" in output
    assert _row_counts() == counts
    assert AuditEvent.objects.filter(action="core.demo.seeded").count() == 1


def _row_counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (School, Student, User, Offer, OfferQuota, ChoiceRound, ChoiceList, ChoiceItem)
    )


@pytest.mark.django_db
def test_seed_demo_tiny_scale_counts() -> None:
    seed()

    achterhoek = Region.objects.get(slug="achterhoek")
    assert School.objects.filter(regions=achterhoek).count() == 2
    assert Company.objects.filter(regions=achterhoek).count() == 12
    assert Student.objects.filter(school__regions=achterhoek).count() == 60
    assert Period.objects.filter(school__regions=achterhoek).count() == 8
    assert set(Period.objects.values_list("name", flat=True)) == {
        "Blok 1",
        "Blok 2",
        "Blok 3",
        "Blok 4",
    }
    assert Student.objects.filter(user__isnull=True).count() == 0
    assert all(1 <= n <= 2 for n in _guardians_per_student())
    assert Guardianship.objects.filter(user__isnull=False).exists()


def _guardians_per_student() -> list[int]:
    from django.db.models import Count

    return list(Student.objects.annotate(n=Count("guardianships")).values_list("n", flat=True))


@pytest.mark.django_db
def test_demo_logins_have_their_roles_and_the_demo_password() -> None:
    seed()

    for login in DEMO_LOGINS:
        user = User.objects.get(email=login.email)
        roles = sorted(Membership.objects.filter(user=user).values_list("role", flat=True))
        assert (login.email, roles) == (login.email, sorted(login.roles))
        assert user.full_name == login.full_name
        assert user.check_password(DEMO_PASSWORD), login.email


@pytest.mark.django_db
def test_demo_logins_belong_together() -> None:
    seed()
    student = Student.objects.get(user__email="leerling@demo.sen.nl")
    school = student.school

    parent_children = Student.objects.filter(guardianships__user__email="ouder@demo.sen.nl")
    assert list(parent_children) == [student]
    assert student.is_minor
    for email in ("docent@demo.sen.nl", "coordinator@demo.sen.nl"):
        assert Membership.objects.get(user__email=email).school == school
    both = Membership.objects.filter(user__email="docent-coordinator@demo.sen.nl")
    assert {(m.role, m.school_id) for m in both} == {
        (Role.TEACHER, school.pk),
        (Role.COORDINATOR, school.pk),
    }
    supervisor = Membership.objects.get(user__email="begeleider@demo.sen.nl")
    contact = Membership.objects.get(user__email="bedrijf@demo.sen.nl")
    assert supervisor.company == contact.company
    assert contact.company is not None and contact.company.regions.get().slug == "achterhoek"
    assert Membership.objects.get(user__email="regio@demo.sen.nl").region.slug == "achterhoek"
    assert Membership.objects.get(user__email="twente@demo.sen.nl").region.slug == "twente"


@pytest.mark.django_db
def test_every_location_lies_in_its_region() -> None:
    seed()

    points = [
        (loc.school.regions.get().slug, loc.latitude, loc.longitude)
        for loc in SchoolLocation.objects.select_related("school")
    ] + [
        (loc.company.regions.get().slug, loc.latitude, loc.longitude)
        for loc in CompanyLocation.objects.select_related("company")
    ]
    outside = [
        (slug, lat, lon)
        for slug, lat, lon in points
        if not (
            Decimal(str(BBOX[slug][0])) <= lat <= Decimal(str(BBOX[slug][1]))
            and Decimal(str(BBOX[slug][2])) <= lon <= Decimal(str(BBOX[slug][3]))
        )
    ]
    assert len(points) > 20
    assert outside == []


@pytest.mark.django_db
def test_seeded_records_pass_model_validation() -> None:
    seed()

    samples = [
        *School.objects.all(),
        *SchoolLocation.objects.all(),
        *Period.objects.all()[:8],
        *Company.objects.all(),
        *CompanyLocation.objects.all()[:10],
        *Student.objects.all()[:20],
        *Guardianship.objects.all()[:20],
        *User.objects.all()[:20],
        *Membership.objects.all()[:20],
        *Offer.objects.all(),
        *OfferQuota.objects.all(),
        *ChoiceRound.objects.all(),
        *ChoiceList.objects.all()[:20],
        *ChoiceItem.objects.all()[:20],
    ]
    for obj in samples:
        obj.full_clean()
    assert all(len(s.brin) == 4 for s in School.objects.all())
    assert all(c.kvk_number.isdigit() and len(c.kvk_number) == 8 for c in Company.objects.all())


@pytest.mark.django_db
def test_student_dates_of_birth_match_their_year() -> None:
    seed()

    start = date(2026, 10, 1)
    wrong = [
        (s.year, s.date_of_birth)
        for s in Student.objects.all()
        if s.age_on(start) not in (11 + s.year, 12 + s.year, 13 + s.year)
    ]
    assert wrong == []
    assert {s.class_name[0] for s in Student.objects.all()} <= {"2", "3", "4"}


@pytest.mark.django_db
def test_second_region_is_separate() -> None:
    seed()
    twente = Region.objects.get(slug="twente")
    membership = Membership.objects.get(user__email="twente@demo.sen.nl")
    actor = Actor(user=membership.user, membership=membership, memberships=(membership,))

    visible = set(School.objects.visible_to(actor).values_list("name", flat=True))

    assert visible == set(School.objects.filter(regions=twente).values_list("name", flat=True))
    assert visible == {"Vakcollege Twickel"}
    assert not Company.objects.filter(regions=twente).filter(regions__slug="achterhoek").exists()


@pytest.mark.django_db
def test_seed_demo_reset_refuses_without_a_database_file() -> None:
    seed()

    with pytest.raises(CommandError, match="SQLite database file"):
        seed(reset=True)


@pytest.mark.django_db
def test_seed_demo_refuses_in_production(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        seed()
    assert not demo_region_exists()


def test_seed_demo_reset_rebuilds_the_sqlite_file(tmp_path: Path) -> None:
    env = {**os.environ, "SEN_ENV": "demo", "SEN_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)

    def run(*args: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
            [sys.executable, "-m", "sen", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stdout

    run("migrate", "-v0")
    first = run("seed_demo", "--scale", "tiny", "--skip-checks")
    reset = run("seed_demo", "--scale", "tiny", "--reset", "--skip-checks")

    assert "Demo region ready" in first
    assert f"Deleted {tmp_path / 'demo.sqlite3'}" in reset
    assert "Demo region ready" in reset


def test_progress_redraws_in_place_on_a_terminal_and_prints_one_line_in_a_log() -> None:
    terminal, log = io.StringIO(), io.StringIO()
    for out, live in ((terminal, True), (log, False)):
        progress = Progress(out, live=live)
        with progress.phase("students", 4) as phase:
            phase.advance(2)
            phase.advance(2)

    assert terminal.getvalue().count("\r") == 3  # 50 %, 100 %, and the finished line
    assert terminal.getvalue().endswith(" s\n")
    assert log.getvalue().count("\n") == 1
    assert "[##############################] 100%        4 rows" in log.getvalue()
    assert [label for label, _ in progress.phases] == ["students"]


# --- Offers and choice rounds -------------------------------------------------------------

BLOCKS_2_3 = {
    "Blok 2": (date(2026, 11, 9), date(2027, 1, 29)),
    "Blok 3": (date(2027, 2, 1), date(2027, 4, 16)),
}


@pytest.mark.django_db
def test_seeded_published_offers_pass_the_worktime_rules_for_their_minimum_age() -> None:
    seed()
    published = list(Offer.objects.filter(status=OfferStatus.PUBLISHED).select_related("location"))

    failing = [(o.title, worktime_of(o).problems) for o in published if not worktime_of(o).ok]
    too_young = [
        o.title
        for o in published
        if youngest_allowed_age(
            WeeklySchedule.from_rows(o.schedule),
            hazards=[Hazard(h) for h in o.hazards],
            supervision=WorkSupervision(o.supervision),
            weeks=weeks_between(o.starts_on, o.ends_on),
            max_age=17,
        )
        != o.min_age
    ]
    supervisors = set(
        Membership.objects.filter(role=Role.SUPERVISOR).values_list("company_id", "user_id")
    )

    assert len(published) > 12
    assert failing == []
    assert too_young == []
    assert {o.min_age for o in published} <= {14, 16}
    assert all(o.published_at is not None and 1 <= o.places <= 6 for o in published)
    assert all(o.location.company_id == o.company_id for o in published)
    assert all((o.company_id, o.supervisor_id) in supervisors for o in published)
    assert all(
        any(start <= o.starts_on <= o.ends_on <= end for start, end in BLOCKS_2_3.values())
        for o in published
    )
    assert all(o.supervision == Supervision.EXPERT for o in published if o.hazards)


@pytest.mark.django_db
def test_seeded_quotas_reserve_places_for_a_school_of_the_offers_region() -> None:
    seed(seed=3)

    quotas = list(OfferQuota.objects.select_related("offer__company", "school"))

    assert quotas
    for quota in quotas:
        assert 1 <= quota.places < quota.offer.places
        assert quota.school.regions.get() == quota.offer.company.regions.get()


@pytest.mark.django_db
def test_demo_company_has_published_offers_and_drafts() -> None:
    seed()
    company = Membership.objects.get(user__email="bedrijf@demo.sen.nl").company

    statuses = sorted(Offer.objects.filter(company=company).values_list("status", flat=True))

    # Three Blok 3 places, two Blok 2 places (now and from 30 November) and two drafts.
    assert statuses == ["draft", "draft"] + ["published"] * 5
    assert set(
        Offer.objects.filter(company=company).values_list("supervisor__email", flat=True)
    ) == {"begeleider@demo.sen.nl"}


@pytest.mark.django_db
def test_every_school_has_one_open_round_with_valid_choices() -> None:
    seed()
    now = timezone.now()

    rounds = list(
        ChoiceRound.objects.filter(name="Keuzeronde blok 3").select_related("school", "period")
    )

    assert sorted(r.school.name for r in rounds) == sorted(
        School.objects.values_list("name", flat=True)
    )
    for choice_round in rounds:
        assert (choice_round.name, choice_round.period.name, choice_round.years) == (
            "Keuzeronde blok 3",
            "Blok 3",
            [3, 4],
        )
        assert choice_round.status == RoundStatus.OPEN
        assert choice_round.opens_at < now < choice_round.deadline
        assert (choice_round.min_choices, choice_round.max_choices) == (3, 5)
        assert choice_round.requires_mentor_approval
        allowed = set(round_offers(choice_round).values_list("pk", flat=True))
        eligible = set(eligible_students(choice_round).values_list("pk", flat=True))
        for choice_list in choice_round.choice_lists.prefetch_related("items"):
            ranking = [item.offer_id for item in choice_list.items.all()]
            assert choice_list.student_id in eligible
            assert set(ranking) <= allowed
            if choice_list.status != ChoiceStatus.DRAFT:
                assert 3 <= len(ranking) <= 5
                assert choice_list.submitted_at is not None
    lists = ChoiceList.objects.all()
    assert set(lists.values_list("status", flat=True)) == set(ChoiceStatus.values)
    assert all(cl.mentor_comment and cl.reviewed_by_id for cl in lists.filter(status="returned"))
    assert all(cl.reviewed_by_id for cl in lists.filter(status="approved"))


@pytest.mark.django_db
def test_demo_student_has_a_draft_with_two_choices_to_finish() -> None:
    seed()
    student = Student.objects.get(user__email="leerling@demo.sen.nl")
    membership = Membership.objects.get(user=student.user)
    actor = Actor(user=student.user, membership=membership, memberships=(membership,))
    choice_round = ChoiceRound.objects.get(school=student.school, status=RoundStatus.OPEN)
    choice_list = ChoiceList.objects.get(round=choice_round, student=student)
    ranking = list(choice_list.items.values_list("offer_id", flat=True))
    third = round_offers(choice_round).exclude(pk__in=ranking).first()
    assert third is not None

    assert choice_list.status == ChoiceStatus.DRAFT
    assert len(ranking) == 2
    add_choice(actor=actor, choice_round=choice_round, student=student, offer_id=third.pk)
    submitted = submit_choices(actor=actor, choice_round=choice_round, student=student)

    assert submitted.status == ChoiceStatus.SUBMITTED
    assert list(submitted.items.values_list("offer_id", flat=True)) == [*ranking, third.pk]


@pytest.mark.django_db
def test_every_school_has_an_allocated_blok_2_round_with_a_published_run() -> None:
    seed()

    rounds = list(ChoiceRound.objects.filter(name="Keuzeronde blok 2").prefetch_related("runs"))

    assert sorted(r.school_id for r in rounds) == sorted(
        School.objects.values_list("pk", flat=True)
    )
    for choice_round in rounds:
        assert choice_round.status == RoundStatus.ALLOCATED
        expected = ["published"] if choice_round.choice_lists.exists() else []
        assert [run.status for run in choice_round.runs.all()] == expected
    placements = Placement.objects.filter(run__round__in=rounds)
    assert placements.count() > 0
    assert set(placements.values_list("starts_on", flat=True)) == set(
        placements.values_list("offer__starts_on", flat=True)
    )


@pytest.mark.django_db
def test_demo_students_are_placed_at_the_demo_company_in_blok_2() -> None:
    seed()
    company = Membership.objects.get(user__email="bedrijf@demo.sen.nl").company

    placed = dict(
        Placement.objects.filter(offer__company=company).values_list("student__email", "starts_on")
    )

    assert placed["leerling@demo.sen.nl"] == date(2026, 11, 9)
    assert placed["leerling2@demo.sen.nl"] == date(2026, 11, 30)
    assert Guardianship.objects.get(student__email="leerling2@demo.sen.nl").user is None
