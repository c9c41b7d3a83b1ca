"""The quality view: exact aggregates per company and per elective; region coordinators see
no person, school coordinators only their own students' placements."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sen.messaging.evaluations.selectors import quality, summary
from sen.messaging.models import Evaluation, Party
from tests.factories import CompanyFactory, StudentFactory, UserFactory
from tests.factories.messaging import classmate_placement, ending_placement

pytestmark = pytest.mark.django_db
URL = reverse("messaging:quality")


@pytest.fixture(autouse=True)
def _no_mfa(settings):  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False


def _evaluate(placement, party, scores, comment=""):  # type: ignore[no-untyped-def]
    return Evaluation.objects.create(
        placement=placement,
        party=party,
        score_1=scores[0],
        score_2=scores[1],
        score_3=scores[2],
        comment=comment,
    )


@pytest.fixture
def evaluated(world):  # type: ignore[no-untyped-def]
    """Company A: Anna (4,5,3) and Daan (2,5,5) by students, (5,5,5) by the company;
    company B: Bram (3,3,3) and the company (4,2,4); a Twente company: (1,1,1)."""
    anna = ending_placement(world, "a")
    _evaluate(anna, Party.STUDENT, (4, 5, 3), "Anna vond het geweldig")
    _evaluate(anna, Party.COMPANY, (5, 5, 5), "Anna is een topper")
    _evaluate(classmate_placement(world, days_left=3), Party.STUDENT, (2, 5, 5))
    bram = ending_placement(world, "b")
    _evaluate(bram, Party.STUDENT, (3, 3, 3))
    _evaluate(bram, Party.COMPANY, (4, 2, 4), "Bram mag terugkomen")
    twente = CompanyFactory(name="Metaal Twente", regions=[world.other_region])
    from tests.factories.messaging import placement_at_other_company

    far = placement_at_other_company(world, "b")
    far.student = StudentFactory(school=world.school_c, first_name="Tijn")
    far.offer.company = twente
    far.offer.save(update_fields=["company"])
    far.save(update_fields=["student"])
    _evaluate(far, Party.STUDENT, (1, 1, 1))
    return world


def _figures(rows):  # type: ignore[no-untyped-def]
    return {
        r.name: (
            r.student.count,
            tuple(round(a, 3) for a in r.student.averages) if r.student.averages else None,
            r.company.count,
            tuple(round(a, 3) for a in r.company.averages) if r.company.averages else None,
        )
        for r in rows
    }


def test_quality_for_the_school_coordinator_covers_their_students(evaluated) -> None:  # type: ignore[no-untyped-def]
    rows = quality(evaluated.actor("coordinator_a"))

    assert _figures(rows) == {
        "Installatiebedrijf Jansen": (2, (3.0, 5.0, 4.0), 1, (5.0, 5.0, 5.0)),
    }
    assert rows[0].student.overall == 4.0
    assert rows[0].company.overall == 5.0


def test_quality_for_the_region_coordinator_covers_the_regions_companies(evaluated) -> None:  # type: ignore[no-untyped-def]
    rows = quality(evaluated.actor("region_coordinator"))

    assert _figures(rows) == {
        "Garage Wolters": (1, (3.0, 3.0, 3.0), 1, (4.0, 2.0, 4.0)),
        "Installatiebedrijf Jansen": (2, (3.0, 5.0, 4.0), 1, (5.0, 5.0, 5.0)),
    }
    assert _figures(quality(evaluated.actor("region_coordinator_other"))) == {
        "Metaal Twente": (1, (1.0, 1.0, 1.0), 0, None)
    }


def test_quality_per_elective(evaluated) -> None:  # type: ignore[no-untyped-def]
    (row,) = quality(evaluated.actor("region_coordinator"), group="elective")

    assert _figures([row])[row.name] == (3, (3.0, 4.333, 3.667), 2, (4.5, 3.5, 4.5))


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("name", ["Garage Wolters", "Installatiebedrijf Jansen"]),
        ("students", ["Installatiebedrijf Jansen", "Garage Wolters"]),
        ("companies", ["Installatiebedrijf Jansen", "Garage Wolters"]),
        ("count", ["Installatiebedrijf Jansen", "Garage Wolters"]),
        ("nonsense", ["Garage Wolters", "Installatiebedrijf Jansen"]),
    ],
)
def test_quality_sorts(evaluated, sort, order) -> None:  # type: ignore[no-untyped-def]
    rows = quality(evaluated.actor("region_coordinator"), sort=sort)

    assert [r.name for r in rows] == order


def test_quality_summary_weighs_every_evaluation(evaluated) -> None:  # type: ignore[no-untyped-def]
    parts = summary(quality(evaluated.actor("region_coordinator")))

    assert [(p["party"], p["count"]) for p in parts] == [("student", 3), ("company", 2)]
    assert [round(b["value"], 3) for b in parts[0]["bars"]] == [3.0, 4.333, 3.667]
    assert [b["percent"] for b in parts[1]["bars"]] == [90, 70, 90]
    assert str(parts[1]["bars"][0]["question"]) == "The student was well prepared"


@pytest.mark.parametrize("who", ["teacher_a", "supervisor_a", "student_a", "administrator"])
def test_quality_is_empty_for_other_roles(evaluated, who) -> None:  # type: ignore[no-untyped-def]
    assert quality(evaluated.actor(who)) == []


def test_quality_page_for_the_region_coordinator_shows_no_person(evaluated, login_as) -> None:  # type: ignore[no-untyped-def]
    text = login_as(evaluated.actor("region_coordinator")).get(URL).content.decode()

    assert "Installatiebedrijf Jansen" in text
    assert "2 by students, 1 by companies" in text
    assert '<rect class="score-fill" width="80" height="8"></rect>' in text
    for person in ("Anna", "Daan", "Bram", "Tijn", "Achterberg", "Klein", "Bosman"):
        assert person not in text, person
    for remark in ("geweldig", "topper", "terugkomen"):
        assert remark not in text
    assert "The evaluations one by one" not in text


def test_quality_page_for_the_school_coordinator_lists_their_evaluations(
    evaluated, login_as
) -> None:  # type: ignore[no-untyped-def]
    text = login_as(evaluated.actor("coordinator_a")).get(URL).content.decode()

    assert "The evaluations one by one" in text
    assert "Anna Achterberg" in text
    assert "Anna vond het geweldig" in text
    assert "Bram" not in text
    assert "Garage Wolters" not in text


def test_quality_page_keeps_filters_in_the_sort_links(evaluated, login_as) -> None:  # type: ignore[no-untyped-def]
    text = (
        login_as(evaluated.actor("region_coordinator"))
        .get(URL + "?group=elective")
        .content.decode()
    )

    assert 'href="?group=elective&amp;sort=students"' in text


@pytest.mark.parametrize("who", ["teacher_a", "supervisor_a", "contact_a", "student_a", "parent_a"])
def test_quality_page_for_others_is_404(world, login_as, who) -> None:  # type: ignore[no-untyped-def]
    assert login_as(world.actor(who)).get(URL).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_quality_page_query_count_does_not_grow(  # type: ignore[no-untyped-def]
    world, login_as, count, django_assert_max_num_queries
) -> None:
    for n in range(count):
        company = CompanyFactory(name=f"Bedrijf {n}", regions=[world.region])
        placement = ending_placement(world, "a")
        placement.offer.company = company
        placement.offer.save(update_fields=["company"])
        _evaluate(placement, Party.STUDENT, (3, 4, 5))
        placement.supervisor = UserFactory()
    client = login_as(world.actor("coordinator_a"))
    client.get(URL)

    with django_assert_max_num_queries(11):
        response = client.get(URL)

    assert response.content.decode().count("by students,") == count
