"""The history partial and the words behind it (sen.audit.labels, sen.audit.presentation)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from sen.audit import labels
from sen.audit.selectors import history_for
from sen.audit.services import record
from sen.core.actor import Role


def _text(html: str) -> str:
    """The visible text of some HTML, with whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _render(history) -> str:  # type: ignore[no-untyped-def]
    return render_to_string("audit/_history.html", {"history": history})


def _first_tuesday_of_february(year: int) -> dt.date:
    day = dt.date(year, 2, 1)
    return day + dt.timedelta(days=(1 - day.weekday()) % 7)


def test_format_when_is_dutch_with_weekday_and_24_hour_time() -> None:
    this_year = timezone.localdate().year
    tuesday = _first_tuesday_of_february(this_year)
    moment = dt.datetime(this_year, 2, tuesday.day, 13, 5, tzinfo=dt.UTC)  # 14:05 in Amsterdam
    with translation.override("nl"):
        assert labels.format_when(moment) == f"di {tuesday.day} feb 14:05"
        assert labels.format_when(dt.datetime(2020, 2, 4, 13, 5, tzinfo=dt.UTC)) == (
            "di 4 feb 2020 14:05"
        )
    with translation.override("en"):
        assert labels.format_when(dt.datetime(2020, 2, 4, 13, 5, tzinfo=dt.UTC)) == (
            "Tue 4 Feb 2020 14:05"
        )


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("accounts.user.logged_in", "Signed in"),  # an exact code in the registry
        ("audit.log.viewed", "Viewed the audit log"),
        ("network.student.updated", "Student changed"),  # a known verb, the model's name
        ("network.school.created", "School created"),
        ("placements.placement_offer.created", "Placement offer created"),  # no such model
        ("network.student.teleported", "Student: action recorded"),  # unknown verb: the fallback
        ("audit.chain.checked_twice", "Audit chain: action recorded"),
        ("accounts.mfa.rate_limited", "Code entry paused after too many wrong codes"),
        ("accounts.invitation.resent", "Invitation sent again"),
        ("accounts.recovery_code.sent", "Recovery code sent"),  # OBJECTS before the model
        ("network.school_location.viewed", "School location viewed"),  # SchoolLocation
    ],
)
def test_describe_turns_action_codes_into_words(action: str, expected: str) -> None:
    with translation.override("en"):
        assert labels.describe(action) == expected


def test_describe_is_dutch_for_every_action_code_with_a_phrase() -> None:
    codes = [*labels.ACTIONS, *(f"network.student.{verb}" for verb in labels.VERBS)]

    with translation.override("en"):
        english = {code: labels.describe(code) for code in codes}
    with translation.override("nl"):
        untranslated = [code for code in codes if labels.describe(code) == english[code]]
        fallback = labels.describe("accounts.invitation.teleported")

    assert untranslated == []
    assert fallback == "Uitnodiging: actie vastgelegd"


def test_field_labels_and_values_read_like_the_forms() -> None:
    from sen.network.models import Student

    with translation.override("en"):
        assert labels.field_label(Student, "class_name") == "Class"
        assert labels.field_label(None, "odd_key") == "Odd key"
        assert labels.format_value(Student, "track", "KB") == "Advanced vocational (KB)"
        assert labels.format_value(None, "x", None) == "(empty)"
        assert labels.format_value(None, "x", True) == "yes"
        assert labels.format_value(None, "x", "2026-02-03") == "3 Feb 2026"
        assert labels.format_value(None, "x", ["a", 2]) == "a, 2"
        assert labels.format_value(None, "x", "y" * 200) == "y" * 119 + "…"
    assert labels.is_sensitive(Student, "date_of_birth")
    assert not labels.is_sensitive(Student, "class_name")


@pytest.mark.django_db
def test_history_shows_when_who_what_and_the_changed_fields(world) -> None:  # type: ignore[no-untyped-def]
    student = world.student_a
    event = record(
        "network.student.updated",
        actor=world.actor("coordinator_a"),
        obj=student,
        changes={"class_name": ["3B", "3C"], "track": ["KB", "GL"]},
    )

    with translation.override("en"):
        html = _render(history_for(student, world.actor("coordinator_a")))
        when = labels.format_when(event.occurred_at)

    text = _text(html)
    assert f'<time datetime="{event.occurred_at.isoformat()}">{when}</time>' in html
    assert "Student changed" in text
    assert f"by Carla Claassen {Role.COORDINATOR.label}" in text
    assert "Class: 3B → became 3C" in text  # "became" is for screen readers only
    assert "Track (leerweg): Advanced vocational (KB) → became Combined (GL)" in text
    assert '<span aria-hidden="true">→</span>' in html


@pytest.mark.django_db
def test_history_never_shows_values_of_sensitive_fields(world) -> None:  # type: ignore[no-untyped-def]
    student = world.student_a
    record(
        "network.student.updated",
        actor=world.actor("coordinator_a"),
        obj=student,
        changes={"date_of_birth": ["2011-03-01", "2011-03-02"], "home_postcode": ["", "7001 AB"]},
    )

    with translation.override("en"):
        text = _text(_render(history_for(student, world.actor("coordinator_a"))))

    assert "Date of birth: changed (value not shown)" in text
    assert "Home postcode: changed (value not shown)" in text
    assert "2011" not in text
    assert "7001" not in text


@pytest.mark.django_db
def test_history_escapes_what_people_typed(world) -> None:  # type: ignore[no-untyped-def]
    student = world.student_a
    record(
        "network.student.updated",
        actor=world.actor("coordinator_a"),
        obj=student,
        changes={"class_name": ["<script>alert(1)</script>", "3C"]},
    )

    html = _render(history_for(student, world.actor("coordinator_a")))

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_history_names_sen_itself_for_automatic_changes_and_lists_newest_first(world) -> None:  # type: ignore[no-untyped-def]
    school = world.school_a
    record("network.school.created", actor=None, obj=school)
    record("network.school.updated", actor=world.actor("coordinator_a"), obj=school)

    with translation.override("en"):
        text = _text(_render(history_for(school, world.actor("coordinator_a"))))

    assert text.index("School changed") < text.index("School created")
    assert "by SEN (automatic)" in text


@pytest.mark.django_db
def test_history_without_events_says_so() -> None:
    with translation.override("en"):
        text = _text(_render([]))
    assert text == "History No changes have been recorded yet."


@pytest.mark.django_db
def test_history_renders_without_queries(world, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    student = world.student_a
    for i in range(3):
        record("network.student.updated", actor=None, obj=student, changes={"year": [i, i + 1]})
    history = history_for(student, world.actor("coordinator_a"))

    with django_assert_num_queries(0):
        _render(history)


@pytest.mark.django_db
def test_history_shows_that_a_credential_changed_without_its_value(world) -> None:  # type: ignore[no-untyped-def]
    user = world.user("teacher_a")
    record(
        "accounts.user.updated",
        actor=world.actor("administrator"),
        obj=user,
        changes={"session_token": ["old", "new"]},
    )

    with translation.override("en"):
        text = _text(_render(history_for(user, world.actor("administrator"))))

    assert "Session token: changed (value not shown)" in text
    assert "hidden" not in text
