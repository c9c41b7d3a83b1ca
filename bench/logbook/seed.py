"""Three school years of attendance and logbook history on top of the seeded region.

    python bench/logbook/seed.py [--days-per-week 3] [--years 3]   (SEN_ENV and DATABASE_URL set)

Every student of the region gets one placement per school year (September to June, at a
company of the region, N days a week): the current year's is active, the earlier ones
completed. Every planned day that has passed has an attendance row, and every day the
student was there a logbook entry (mostly approved; the last week waiting; a few
returned), as `sen.core.demo.logbook` writes them. The demo logins get a realistic
share: the demo student's placements are at the demo company under the demo supervisor
(begeleider@demo.sen.nl), who supervises a dozen students working today.

Rows go in with raw `executemany` in large batches, in one transaction per table, the
values adapted by Django's database operations (so SQLite and PostgreSQL both work).
A stamp row (a school holiday named STAMP) makes a second run a no-op. Prints the rows
written and the seconds each step took.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

STAMP = "bench-history"
PLACEMENTS_PER_BATCH = 500  # about 70,000 rows per executemany
DEMO_SUPERVISOR_STUDENTS = 12
HOLIDAYS = (  # (month, day, days): herfst and kerst of each school year, roughly
    ("Herfstvakantie", 10, 17, 9),
    ("Kerstvakantie", 12, 19, 16),
    ("Voorjaarsvakantie", 2, 20, 9),
    ("Meivakantie", 4, 25, 9),
)
ACTIVITIES = (
    "Leidingen op maat gezaagd en ontbraamd.",
    "Een groep in de meterkast gemonteerd.",
    "Materiaal uitgezocht en de bus ingeladen.",
    "Een radiator vervangen en ontlucht.",
    "Onderhoud aan een cv-ketel.",
    "Kabels getrokken in een nieuwbouwwoning.",
)


def school_years(today: dt.date, years: int) -> list[tuple[int, dt.date, dt.date]]:
    """(first calendar year, first day, last day) of the last `years` school years."""
    current = today.year if today.month >= 8 else today.year - 1
    return [
        (start, dt.date(start, 9, 1), dt.date(start + 1, 6, 30))
        for start in range(current - years + 1, current + 1)
    ]


def insert_sql(table: str, columns: Sequence[str]) -> str:
    from django.db import connection

    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    name = connection.ops.quote_name(table)
    return f"INSERT INTO {name} ({quoted}) VALUES ({marks})"  # noqa: S608 - fixed names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days-per-week", type=int, default=3)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sen.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from sen.accounts.models import Membership, User
    from sen.catalogue.models import Offer
    from sen.core.actor import Role
    from sen.logbook.models import (
        Attendance,
        AttendanceStatus,
        EntryStatus,
        LogEntry,
        SchoolHoliday,
    )
    from sen.logbook.schedule import Terms
    from sen.network.models import School, Student
    from sen.placements.models import Placement, PlacementStatus

    if SchoolHoliday.objects.filter(name=STAMP).exists():
        print(
            f"History already there: {LogEntry.objects.count():,} entries, "
            f"{Attendance.objects.count():,} attendance rows."
        )
        return 0
    rng = random.Random(args.seed)
    today = timezone.localdate()
    started = time.perf_counter()
    ops = connection.ops

    # --- Who and where -------------------------------------------------------------------
    demo_supervisor = User.objects.get(email="begeleider@demo.sen.nl")
    demo_student = Student.objects.get(user__email="leerling@demo.sen.nl")
    demo_company_id = Membership.objects.get(user=demo_supervisor, role=Role.SUPERVISOR).company_id
    schools = list(School.objects.filter(regions__slug="achterhoek").order_by("pk"))
    students = list(Student.objects.filter(school__in=schools, left_on__isnull=True).order_by("pk"))
    offers = list(
        Offer.objects.filter(company__regions__slug="achterhoek")
        .exclude(company_id=demo_company_id)
        .values_list("pk", "company_id", "supervisor_id")
    )
    demo_offers = list(
        Offer.objects.filter(company_id=demo_company_id).values_list(
            "pk", "company_id", "supervisor_id"
        )
    )
    company_supervisors: dict[int, list[int]] = {}
    for company_id, user_id in Membership.objects.filter(role=Role.SUPERVISOR).values_list(
        "company_id", "user_id"
    ):
        company_supervisors.setdefault(company_id, []).append(user_id)
    teachers: dict[int, list[int]] = {}
    for school_id, user_id in Membership.objects.filter(
        role=Role.TEACHER, school__in=schools
    ).values_list("school_id", "user_id"):
        teachers.setdefault(school_id, []).append(user_id)
    print(f"{len(students):,} students at {len(schools)} schools, {len(offers):,} offers")

    # --- Holidays ------------------------------------------------------------------------
    years = school_years(today, args.years)
    holidays: list[tuple[dt.date, dt.date]] = []
    for start, _first, _last in years:
        for _name, month, day, length in HOLIDAYS:
            first = dt.date(start if month >= 8 else start + 1, month, day)
            holidays.append((first, first + dt.timedelta(days=length - 1)))
    SchoolHoliday.objects.bulk_create(
        [
            SchoolHoliday(school=school, name=name, first_day=first, last_day=last)
            for school in schools
            for (name, *_rest), (first, last) in zip(HOLIDAYS * len(years), holidays, strict=True)
        ]
    )

    # --- Placements ----------------------------------------------------------------------
    def schedule(days: Sequence[int]) -> list[dict[str, object]]:
        return [
            {"weekday": d, "start": "08:30", "end": "15:00", "break_minutes": 30}
            for d in sorted(days)
        ]

    placements: list[Placement] = []
    today_weekday = today.weekday()
    demo_daily = 0
    for student in students:
        for _start, first, last in years:
            current = last >= today
            is_demo = student.pk == demo_student.pk
            under_demo = is_demo or (
                current
                and demo_daily < DEMO_SUPERVISOR_STUDENTS
                and student.school_id == demo_student.school_id
                and rng.random() < 0.05
            )
            pool = demo_offers if under_demo and demo_offers else offers
            offer_id, company_id, supervisor_id = rng.choice(pool)
            if under_demo:
                supervisor_id = demo_supervisor.pk
            elif supervisor_id is None and company_supervisors.get(company_id):
                supervisor_id = rng.choice(company_supervisors[company_id])
            days = rng.sample(range(5), args.days_per_week)
            if under_demo and current and today_weekday not in days:
                days[0] = today_weekday  # the demo supervisor has students today
            if under_demo and current and not is_demo:
                demo_daily += 1
            placements.append(
                Placement(
                    student=student,
                    offer_id=offer_id,
                    status=PlacementStatus.ACTIVE if current else PlacementStatus.COMPLETED,
                    starts_on=first,
                    ends_on=last,
                    schedule=schedule(days),
                    supervisor_id=supervisor_id,
                    teacher_id=rng.choice(teachers.get(student.school_id) or [None]),
                )
            )
    for index in range(0, len(placements), 5000):
        Placement.objects.bulk_create(placements[index : index + 5000])
    step = time.perf_counter()
    print(f"  placements         {len(placements):>10,}  {step - started:6.1f} s")

    # --- History -------------------------------------------------------------------------
    terms = {
        p.pk: Terms.of(
            starts_on=p.starts_on, ends_on=p.ends_on, schedule=p.schedule, holidays=holidays
        )
        for p in placements
    }
    yesterday = today - dt.timedelta(days=1)
    outcomes = [
        status.value
        for status, weight in (
            (AttendanceStatus.PRESENT, 88),
            (AttendanceStatus.LATE, 5),
            (AttendanceStatus.SICK, 4),
            (AttendanceStatus.EXCUSED, 2),
            (AttendanceStatus.UNEXCUSED, 1),
        )
        for _ in range(weight)
    ]
    date = ops.adapt_datefield_value
    stamp = ops.adapt_datetimefield_value
    decimal = ops.adapt_decimalfield_value
    now = stamp(timezone.now())
    attendance_columns = [
        "created_at",
        "updated_at",
        "placement_id",
        "date",
        "status",
        "checked_in_at",
        "registered_by_id",
        "registered_at",
    ]
    entry_columns = [
        "created_at",
        "updated_at",
        "placement_id",
        "date",
        "hours",
        "activities",
        "reflection",
        "hours_note",
        "status",
        "submitted_at",
        "reviewed_by_id",
        "reviewed_at",
        "review_comment",
    ]

    def rows_for(batch: list[Placement]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        attendance: list[tuple[Any, ...]] = []
        entries: list[tuple[Any, ...]] = []
        for p in batch:
            for day, minutes in terms[p.pk].planned_days(until=yesterday):
                status = rng.choice(outcomes)
                at = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 5)))
                attendance.append(
                    (now, now, p.pk, date(day), status, None, p.supervisor_id, stamp(at))
                )
                if status not in (AttendanceStatus.PRESENT, AttendanceStatus.LATE):
                    continue
                hours = Decimal(minutes) / 60
                if status == AttendanceStatus.LATE:
                    hours -= Decimal("0.5")
                submitted = timezone.make_aware(dt.datetime.combine(day, dt.time(16, 0)))
                recent = (today - day).days <= 7
                state = EntryStatus.APPROVED.value
                if recent:
                    state = EntryStatus.SUBMITTED.value
                elif rng.random() < 0.02:
                    state = EntryStatus.RETURNED.value
                entries.append(
                    (
                        now,
                        now,
                        p.pk,
                        date(day),
                        decimal(hours, 4, 2),
                        rng.choice(ACTIVITIES),
                        "",
                        "",
                        state,
                        stamp(submitted),
                        None if recent else p.supervisor_id,
                        None if recent else stamp(submitted + dt.timedelta(hours=16)),
                        "Vertel wat je hebt geleerd." if state == EntryStatus.RETURNED else "",
                    )
                )
        return attendance, entries

    attendance_sql = insert_sql(Attendance._meta.db_table, attendance_columns)
    entry_sql = insert_sql(LogEntry._meta.db_table, entry_columns)
    counts = [0, 0]
    with transaction.atomic(), connection.cursor() as cursor:
        for index in range(0, len(placements), PLACEMENTS_PER_BATCH):
            attendance, entries = rows_for(placements[index : index + PLACEMENTS_PER_BATCH])
            cursor.executemany(attendance_sql, attendance)
            cursor.executemany(entry_sql, entries)
            counts[0] += len(attendance)
            counts[1] += len(entries)
    after = time.perf_counter()
    print(f"  attendance         {counts[0]:>10,}")
    print(f"  logbook entries    {counts[1]:>10,}  {after - step:6.1f} s")
    step = after
    if connection.vendor == "sqlite" or connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    SchoolHoliday.objects.create(
        school=schools[0], name=STAMP, first_day=dt.date(1999, 1, 1), last_day=dt.date(1999, 1, 1)
    )
    print(f"History seeded in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
