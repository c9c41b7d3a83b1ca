"""The audit log page and the chain check page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sen.audit.models import AuditEvent
from sen.audit.services import record
from tests.audit.helpers import tamper

LOG = reverse("audit:log")
VERIFY = reverse("audit:verify")


@pytest.fixture(autouse=True)
def _no_mfa(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False
    settings.LANGUAGE_CODE = "en"


def _seed(world) -> None:  # type: ignore[no-untyped-def]
    """One event in each kind of chain, by different people."""
    record(
        "network.student.updated",
        actor=world.actor("coordinator_a"),
        obj=world.student_a,
        changes={"class_name": ["3B", "3C"]},
    )
    record("network.student.updated", actor=world.actor("coordinator_b"), obj=world.student_b)
    record("network.company.updated", actor=world.actor("contact_a"), obj=world.company_a)
    record("network.company.updated", actor=world.actor("contact_b"), obj=world.company_b)
    record("network.region.updated", actor=world.actor("region_coordinator"), obj=world.region)
    record("network.region.updated", actor=None, obj=world.other_region)


def _rows(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(action code, record) of each row of the log, top to bottom."""
    html = response.content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return re.findall(
        r'<small class="audit-code">([^<]+)</small></span></td>\s*'
        r'<td data-label="Record">([^<]*)</td>',
        body,
    )


def _get(client, url: str = LOG, **params):  # type: ignore[no-untyped-def]
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("coordinator_a", [("network.student.updated", "Anna Achterberg")]),
        ("coordinator_b", [("network.student.updated", "Bram Bosman")]),
        ("coordinator_c", []),
        ("contact_a", [("network.company.updated", "Installatiebedrijf Jansen")]),
        ("region_coordinator", [("network.region.updated", "Achterhoek")]),
        ("region_coordinator_other", [("network.region.updated", "Twente")]),
    ],
)
def test_log_shows_the_events_of_the_readers_organisation(world, login_as, name, expected) -> None:  # type: ignore[no-untyped-def]
    _seed(world)
    client = login_as(world.actor(name))

    assert _rows(_get(client, action="network")) == expected


@pytest.mark.django_db
def test_log_shows_administrators_everything(world, login_as) -> None:  # type: ignore[no-untyped-def]
    _seed(world)
    client = login_as(world.actor("administrator"))

    rows = _rows(_get(client, action="network"))

    assert sorted(rows) == sorted(
        [
            ("network.student.updated", "Anna Achterberg"),
            ("network.student.updated", "Bram Bosman"),
            ("network.company.updated", "Installatiebedrijf Jansen"),
            ("network.company.updated", "Garage Wolters"),
            ("network.region.updated", "Achterhoek"),
            ("network.region.updated", "Twente"),
        ]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["student_a", "parent_a", "teacher_a", "supervisor_a"], ids=str)
def test_log_is_not_found_for_other_roles(world, login_as, name) -> None:  # type: ignore[no-untyped-def]
    _seed(world)
    client = login_as(world.actor(name))

    assert client.get(LOG).status_code == 404
    assert client.get(VERIFY).status_code == 404


@pytest.mark.django_db
def test_log_redirects_anonymous_visitors_to_the_login_page(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(LOG)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_log_shows_who_what_and_the_changes_in_words(world, login_as) -> None:  # type: ignore[no-untyped-def]
    _seed(world)
    client = login_as(world.actor("coordinator_a"))

    html = _get(client, action="network").content.decode()

    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Carla Claassen School coordinator" in text
    assert "Student changed network.student.updated" in text
    assert "Class: 3B → became 3C" in text


@pytest.mark.django_db
def test_viewing_the_log_is_itself_audited(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("coordinator_a"))

    _get(client, action="network.student", page="1")

    viewed = AuditEvent.objects.get(action="audit.log.viewed")
    assert viewed.chain == f"school:{world.school_a.pk}"
    assert viewed.actor_label == "Carla Claassen"
    assert viewed.changes == {"action": "network.student", "page": 1}
    # The next reader of the school's log sees that the log was read.
    rows = _rows(_get(login_as(world.actor("coordinator_a")), action="audit"))
    assert rows == [("audit.log.viewed", "—")]


@pytest.mark.django_db
def test_log_filters_by_action_prefix(world, login_as) -> None:  # type: ignore[no-untyped-def]
    _seed(world)
    client = login_as(world.actor("administrator"))

    rows = _rows(_get(client, action="network.company"))

    assert sorted(rows) == [
        ("network.company.updated", "Garage Wolters"),
        ("network.company.updated", "Installatiebedrijf Jansen"),
    ]


@pytest.mark.django_db
def test_log_filters_by_date_range(world, login_as) -> None:  # type: ignore[no-untyped-def]
    _seed(world)
    client = login_as(world.actor("coordinator_a"))
    today = timezone.localdate()
    day = dt.timedelta(days=1)

    assert len(_rows(_get(client, action="network", since=today, until=today))) == 1
    assert _rows(_get(client, action="network", since=today + day)) == []
    assert _rows(_get(client, action="network", until=today - day)) == []


@pytest.mark.django_db
def test_log_filters_by_person(world, login_as) -> None:  # type: ignore[no-untyped-def]
    _seed(world)
    client = login_as(world.actor("administrator"))
    contact = world.user("contact_a")

    response = _get(client, action="network", person=contact.pk)

    assert _rows(response) == [("network.company.updated", "Installatiebedrijf Jansen")]
    assert (
        f'<option value="{contact.pk}" selected>Karin Jansen</option>' in response.content.decode()
    )


@pytest.mark.django_db
def test_log_offers_only_people_from_the_readers_log(world, login_as) -> None:  # type: ignore[no-untyped-def]
    _seed(world)
    client = login_as(world.actor("coordinator_a"))

    html = _get(client).content.decode()

    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', html)
    assert [label for _pk, label in options] == ["Carla Claassen"]


@pytest.mark.django_db
def test_log_shows_an_error_for_an_impossible_date_range(world, login_as) -> None:  # type: ignore[no-untyped-def]
    _seed(world)
    client = login_as(world.actor("coordinator_a"))
    today = timezone.localdate()

    response = _get(client, action="network", since=today, until=today - dt.timedelta(days=1))

    assert "The end date lies before the start date." in response.content.decode()
    assert len(_rows(response)) == 1  # the valid filters still apply


@pytest.mark.django_db
def test_log_refuses_an_action_filter_that_is_no_code(world, login_as) -> None:  # type: ignore[no-untyped-def]
    _seed(world)
    client = login_as(world.actor("coordinator_a"))

    response = _get(client, action="' OR 1=1 --")

    assert "Use an action code or its start" in response.content.decode()


@pytest.mark.django_db
def test_log_pages_by_fifty(world, login_as) -> None:  # type: ignore[no-untyped-def]
    for i in range(55):
        record("network.school.updated", actor=None, obj=world.school_a, changes={"n": i})
    client = login_as(world.actor("coordinator_a"))

    first = _get(client, action="network")
    second = _get(client, action="network", page=2)

    assert len(_rows(first)) == 50
    assert len(_rows(second)) == 5
    assert "Page 1 of 2" in first.content.decode()
    assert 'href="?action=network&amp;page=2" rel="next"' in first.content.decode()
    assert 'href="?action=network&amp;page=1" rel="prev"' in second.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["coordinator_a", "contact_a", "administrator"])
def test_log_query_count_does_not_grow_with_events(world, login_as, name) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor(name))
    actor = world.actor(name)
    org = {"school_id": actor.school_id, "company_id": actor.company_id}

    def queries_with(events: int) -> int:
        while AuditEvent.objects.filter(action="network.school.updated").count() < events:
            record("network.school.updated", actor=actor, obj=None, **org)
        with CaptureQueriesContext(connection) as context:
            _get(client)
        return len(context.captured_queries)

    _get(client)  # the first request of a session also stores when it was last seen
    one, three = queries_with(1), queries_with(3)
    assert one == three
    assert three <= 20


@pytest.mark.django_db
def test_verify_shows_every_chain_intact(world, login_as) -> None:  # type: ignore[no-untyped-def]
    _seed(world)
    client = login_as(world.actor("administrator"))

    html = _get(client, VERIFY).content.decode()

    assert "All 6 chains are intact (6 events)." in html
    assert "Ludger College" in html
    assert "Installatiebedrijf Jansen" in html
    assert html.count("badge-ok") == 7  # the summary and each chain


@pytest.mark.django_db
def test_verify_shows_the_first_broken_link(world, login_as) -> None:  # type: ignore[no-untyped-def]
    events = [record("network.school.updated", actor=None, obj=world.school_a) for _ in range(3)]
    tamper(events[1].pk, "network.school.forged")
    client = login_as(world.actor("administrator"))

    html = _get(client, VERIFY).content.decode()

    assert "1 chain is broken." in html
    assert "event 2: content was changed after it was written" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("administrator", ["audit:log", "audit:verify"]),
        ("coordinator_a", ["audit:log"]),
        ("contact_a", ["audit:log"]),
        ("region_coordinator", ["audit:log"]),
        ("teacher_a", []),
        ("parent_a", []),
    ],
)
def test_menu_offers_the_audit_pages_to_those_who_may_open_them(world, name, expected) -> None:  # type: ignore[no-untyped-def]
    from sen.audit.nav import ITEMS
    from sen.core.policy import can

    offered = [item.url_name for item in ITEMS if can(world.actor(name), item.rule)]

    assert offered == expected
