"""Logbook: the student writes, the supervisor registers attendance and reviews, the school
follows and keeps the calendar, parents see attendance and hours.

Setup: Anna (family A) has an active placement at company A under a supervisor who is
not in the world (so company A's people never see family A), with a draft entry with a
photo; Daan, a classmate outside both families, has an active placement under Sjaak
(supervisor_a) with a submitted entry (with a photo), an approved entry, and an approval
link from the digest. Both are planned every day, so "today" is always a working day.
"""

from __future__ import annotations

from typing import Any

from tests.access.spec import SIGNED_IN, Url

COORDINATORS = frozenset({"coordinator_a", "coordinator_b", "coordinator_c"})
SCHOOL_STAFF = frozenset({*COORDINATORS, "teacher_a", "teacher_b"})
SUPERVISORS = frozenset({"supervisor_a", "supervisor_b"})
STUDENTS = frozenset({"student_a", "student_b"})
PARENTS = frozenset({"parent_a", "parent_b"})
FOUND = (302,)
LINK_TOKEN = "matrix-approval-link-token-0123456789"


def _setup(world: Any) -> None:
    import hashlib
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from sen.logbook.models import (
        ApprovalDigest,
        ApprovalLink,
        EntryPhoto,
        EntryStatus,
        RequiredHours,
        SchoolHoliday,
    )
    from tests.factories import StudentFactory, UserFactory
    from tests.factories.logbook import entry, jpeg
    from tests.factories.offers import national
    from tests.logbook.conftest import daily

    today = timezone.localdate()
    yesterday = today - timedelta(days=1)

    anna = daily(world, "a")
    anna.supervisor = UserFactory(email="sven@jansen.test", full_name="Sven Smeets")
    anna.save()
    draft = entry(anna, yesterday, activities="Anna's draft")

    daan = daily(world, "a")
    daan.student = StudentFactory(school=world.school_a, first_name="Daan", last_name="Klein")
    daan.save()
    submitted = entry(daan, yesterday, status=EntryStatus.SUBMITTED, activities="Daan's day")
    entry(daan, yesterday - timedelta(days=1), status=EntryStatus.APPROVED)

    for each in (draft, submitted):
        photo = EntryPhoto(entry=each, format="jpeg", width=64, height=48)
        photo.image.save("matrix.jpg", ContentFile(jpeg()), save=False)
        photo.thumbnail.save("matrix-thumb.jpg", ContentFile(jpeg()), save=False)
        photo.save()

    digest = ApprovalDigest.objects.create(supervisor=world.user("supervisor_a"), day=today)
    link = ApprovalLink.objects.create(
        digest=digest,
        supervisor=world.user("supervisor_a"),
        token_hash=hashlib.sha256(LINK_TOKEN.encode()).hexdigest(),
        expires_at=timezone.now() + timedelta(days=7),
    )
    link.entries.set([submitted])
    SchoolHoliday.objects.create(
        school=world.school_a,
        name="Kerstvakantie",
        first_day=today + timedelta(days=60),
        last_day=today + timedelta(days=70),
    )
    RequiredHours.objects.create(school=world.school_a, elective=national(), hours=80)


def _placement(first_name: str) -> Any:
    def kwargs(world: Any) -> dict[str, int]:
        from sen.placements.models import Placement

        return {"pk": Placement.objects.get(student__first_name=first_name).pk}

    return kwargs


def _entry(first_name: str, status: str) -> Any:
    def kwargs(world: Any) -> dict[str, int]:
        from sen.logbook.models import LogEntry

        found = LogEntry.objects.get(placement__student__first_name=first_name, status=status)
        return {"pk": found.pk}

    return kwargs


def _photo(first_name: str) -> Any:
    def kwargs(world: Any) -> dict[str, int]:
        from sen.logbook.models import EntryPhoto

        return {"pk": EntryPhoto.objects.get(entry__placement__student__first_name=first_name).pk}

    return kwargs


def _holiday(world: Any) -> dict[str, int]:
    from sen.logbook.models import SchoolHoliday

    return {"pk": SchoolHoliday.objects.get().pk}


def _required(world: Any) -> dict[str, int]:
    from sen.logbook.models import RequiredHours

    return {"pk": RequiredHours.objects.get().pk}


def _daan_submitted(world: Any) -> dict[str, list[int]]:
    return {"entries": [_entry("Daan", "submitted")(world)["pk"]]}


SETUP = {"setup": _setup}
ANNA_READERS = frozenset({"student_a", "teacher_a", "coordinator_a"})
DAAN_READERS = frozenset({"supervisor_a", "teacher_a", "coordinator_a"})

URLS = [
    # The student
    Url("logbook:mine", STUDENTS, extra=SETUP, note="student_b sees the empty state"),
    Url(
        "logbook:placement",
        ANNA_READERS,
        kwargs=_placement("Anna"),
        extra=SETUP,
        shows=lambda w: ["Anna&#x27;s draft"],
    ),
    Url(
        "logbook:placement",
        DAAN_READERS,
        kwargs=_placement("Daan"),
        extra=SETUP,
        shows=lambda w: ["Daan&#x27;s day"],
    ),
    Url(
        "logbook:check_in",
        {"student_a"},
        kwargs=_placement("Anna"),
        method="post",
        ok_status=FOUND,
        extra=SETUP,
    ),
    Url("logbook:entry_create", {"student_a"}, kwargs=_placement("Anna"), extra=SETUP),
    Url("logbook:entry_edit", {"student_a"}, kwargs=_entry("Anna", "draft"), extra=SETUP),
    Url(
        "logbook:entry_submit",
        {"student_a"},
        kwargs=_entry("Anna", "draft"),
        method="post",
        ok_status=FOUND,
        extra=SETUP,
    ),
    Url(
        "logbook:photo_add",
        {"student_a"},
        kwargs=_entry("Anna", "draft"),
        method="post",
        ok_status=FOUND,
        extra=SETUP,
    ),
    Url(
        "logbook:photo_remove",
        {"student_a"},
        kwargs=_photo("Anna"),
        method="post",
        ok_status=FOUND,
        extra=SETUP,
    ),
    # Reading an entry and its photos
    Url("logbook:entry", ANNA_READERS, kwargs=_entry("Anna", "draft"), extra=SETUP),
    Url(
        "logbook:entry",
        DAAN_READERS,
        kwargs=_entry("Daan", "submitted"),
        extra=SETUP,
        shows=lambda w: ["Daan Klein"],
    ),
    Url("logbook:photo", DAAN_READERS, kwargs=_photo("Daan"), extra=SETUP),
    Url("logbook:photo_thumbnail", DAAN_READERS, kwargs=_photo("Daan"), extra=SETUP),
    Url("logbook:photo_thumbnail", ANNA_READERS, kwargs=_photo("Anna"), extra=SETUP),
    # The supervisor
    Url(
        "logbook:today",
        SUPERVISORS,
        extra=SETUP,
        note="supervisor_b sees an empty day",
    ),
    Url(
        "logbook:all_present",
        SUPERVISORS,
        method="post",
        ok_status=FOUND,
        extra=SETUP,
    ),
    Url(
        "logbook:attendance_set",
        {"supervisor_a"},
        kwargs=_placement("Daan"),
        method="post",
        data=lambda w: {"status": "present"},
        ok_status=FOUND,
        extra=SETUP,
    ),
    Url("logbook:review", SUPERVISORS, extra=SETUP),
    Url(
        "logbook:review_approve",
        SUPERVISORS,
        method="post",
        data=_daan_submitted,
        ok_status=FOUND,
        extra=SETUP,
        note="supervisor_b's ticks on another's entries are ignored",
    ),
    Url(
        "logbook:entry_approve",
        {"supervisor_a"},
        kwargs=_entry("Daan", "submitted"),
        method="post",
        ok_status=FOUND,
        extra=SETUP,
    ),
    Url(
        "logbook:entry_return",
        {"supervisor_a"},
        kwargs=_entry("Daan", "submitted"),
        method="post",
        data=lambda w: {"comment": "Graag een foto"},
        ok_status=FOUND,
        extra=SETUP,
    ),
    Url(
        "logbook:entry_correct",
        {"supervisor_a", "coordinator_a"},
        kwargs=_entry("Daan", "approved"),
        extra=SETUP,
    ),
    Url(
        "logbook:approve_by_link",
        SIGNED_IN,
        kwargs=lambda w: {"token": LINK_TOKEN},
        public=True,
        extra=SETUP,
        shows=lambda w: ["Daan Klein"],
        note="the token is the authority: whoever holds the link, signed in or not",
    ),
    Url(
        "logbook:approve_by_link",
        SIGNED_IN,
        kwargs=lambda w: {"token": LINK_TOKEN},
        method="post",
        public=True,
        extra=SETUP,
    ),
    # The school
    Url("logbook:overview", SCHOOL_STAFF, extra=SETUP),
    Url("logbook:holidays", COORDINATORS, extra=SETUP),
    Url(
        "logbook:holiday_remove",
        {"coordinator_a"},
        kwargs=_holiday,
        method="post",
        ok_status=FOUND,
        extra=SETUP,
    ),
    Url("logbook:required_hours", COORDINATORS, extra=SETUP),
    Url(
        "logbook:required_hours_remove",
        {"coordinator_a"},
        kwargs=_required,
        method="post",
        ok_status=FOUND,
        extra=SETUP,
    ),
    # Parents
    Url("logbook:children", PARENTS, extra=SETUP, note="parent_b sees the empty state"),
]
