"""The terms of an agreement: a snapshot of every fact the document names, and its words.

`build_terms(placement)` reads the placement, its offer, the student, the school and
the people once and returns plain JSON (names, ISO dates, minutes, codes). The
snapshot is stored with the version (`AgreementVersion.terms`), so the document can
be rendered again, in Dutch or English, without reading any record that may since
have changed. `content_for(terms, lang)` turns it into the strings and SEN-built
HTML blocks the template language fills in (`template_text.Content`): only strings,
never model objects, so a school's text cannot reach anything else.
"""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal
from typing import Any

from django.utils import timezone

from sen.agreements.builtin_template import (
    HAZARDS,
    LABELS,
    MONTHS,
    SUPERVISION,
    TRACKS,
    WEEKDAYS,
)
from sen.agreements.services.template_text import Content
from sen.catalogue.models import SchoolElective
from sen.catalogue.offers_selectors import weeks_between
from sen.core.worktime import ScheduleError, WeeklySchedule, age_on, minutes_per_day
from sen.network.models import Guardianship, SchoolLocation
from sen.placements.models import Placement

LANGUAGES = ("nl", "en")


def _person(user: Any) -> dict[str, str] | None:
    if user is None:
        return None
    return {"name": user.get_full_name() or user.email, "email": user.email}


def _address(location: Any) -> str:
    if location is None:
        return ""
    return f"{location.street}, {location.postcode} {location.city}"


def schedule_minutes(schedule: list[dict[str, Any]]) -> dict[int, int]:
    """Working minutes per weekday (0 = Monday), breaks excluded; {} for an unreadable week."""
    try:
        week = WeeklySchedule.from_rows(schedule)
    except ScheduleError:
        return {}
    return minutes_per_day(week)


def total_minutes(schedule: list[dict[str, Any]], starts_on: dt.date, ends_on: dt.date) -> int:
    """Working minutes over the period: every calendar day from the first to the last day
    counts its weekday's minutes (so a period that starts on a Wednesday skips Monday and
    Tuesday of the first week)."""
    per_day = schedule_minutes(schedule)
    if not per_day:
        return 0
    days = (ends_on - starts_on).days + 1
    full_weeks, rest = divmod(max(0, days), 7)
    total = full_weeks * sum(per_day.values())
    for offset in range(rest):
        total += per_day[(starts_on + dt.timedelta(days=full_weeks * 7 + offset)).weekday()]
    return total


def build_terms(
    placement: Placement, *, version: int, today: dt.date | None = None
) -> dict[str, Any]:
    """Every fact of the agreement for `placement`, as JSON-ready values.

    The student's date of birth is left out on purpose: the company is a party and
    never sees it (sen.network.privacy); the age on the first day is what the rules
    and the document need.
    """
    student = placement.student
    school = student.school
    offer = placement.offer
    location = offer.location
    school_location = (
        SchoolLocation.objects.filter(school_id=school.pk).order_by("name", "pk").first()
    )
    guardians = list(
        Guardianship.objects.filter(student_id=student.pk)
        .order_by("full_name", "email")
        .values_list("full_name", "email")
    )
    age = age_on(student.date_of_birth, placement.starts_on)
    per_day = schedule_minutes(placement.schedule)
    return {
        "version": version,
        "generated_on": (today or timezone.localdate()).isoformat(),
        "school": {
            "name": school.name,
            "brin": school.brin,
            "address": _address(school_location) or school.city,
        },
        "company": {
            "name": offer.company.name,
            "kvk": offer.company.kvk_number,
            "address": _address(location),
        },
        "location": {"name": location.name, "address": _address(location)},
        "student": {
            "name": student.full_name,
            "age_at_start": age,
            "minor": age < 18,
            "number": student.student_number,
            "class_name": student.class_name,
            "track": student.track,
            "profile": student.profile.name if student.profile else "",
        },
        "guardians": [{"name": name or email} for name, email in guardians],
        "supervisor": _person(placement.supervisor),
        "teacher": _person(placement.teacher),
        "elective": {
            "code": offer.elective.code,
            # The school's own name for the elective, when it gave one (catalogue.SchoolElective).
            "name": SchoolElective.objects.filter(
                school_id=school.pk, elective_id=offer.elective_id
            )
            .exclude(local_name="")
            .values_list("local_name", flat=True)
            .first()
            or offer.elective.name,
        },
        "programme": {"title": str(offer), "description": offer.description.strip()},
        "school_year": offer.school_year,
        "starts_on": placement.starts_on.isoformat(),
        "ends_on": placement.ends_on.isoformat(),
        "weeks": weeks_between(placement.starts_on, placement.ends_on),
        "schedule": sorted(
            (dict(row) for row in placement.schedule),
            key=lambda row: (int(row.get("weekday", 0)), str(row.get("start", ""))),
        ),
        "sunday_required": offer.sunday_required,
        "weekly_minutes": sum(per_day.values()),
        "total_minutes": total_minutes(placement.schedule, placement.starts_on, placement.ends_on),
        "hazards": list(offer.hazards),
        "supervision": offer.supervision,
    }


# --- Words ---------------------------------------------------------------------------------


def long_date(value: str | dt.date, lang: str) -> str:
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def hours(minutes: int, lang: str) -> str:
    """Minutes as hours: "6", "6,5", "12,25" (nl) or "6.5" (en)."""
    value = (Decimal(minutes) / 60).quantize(Decimal("0.01")).normalize()
    text = f"{value:f}"
    return text.replace(".", ",") if lang == "nl" else text


def join_words(words: list[str], lang: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {LABELS[lang]['and']} {words[-1]}"


def _minute(value: str) -> int:
    moment = dt.time.fromisoformat(value)
    return moment.hour * 60 + moment.minute


def _schedule_table(terms: dict[str, Any], lang: str) -> str:
    labels = LABELS[lang]
    rows = terms.get("schedule") or []
    if not rows:
        return f"<p>{html.escape(labels['no_schedule'])}</p>"
    head = "".join(
        f'<th scope="col">{html.escape(labels[key])}</th>'
        for key in ("day", "start", "end", "break", "hours")
    )
    lines = [
        '<table class="agreement-schedule">',
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
    ]
    for row in rows:
        start, end = str(row.get("start", "")), str(row.get("end", ""))
        pause = int(row.get("break_minutes", 0))
        try:
            span = _minute(end) - _minute(start)
        except ValueError:
            span = 0
        minutes = max(0, span - pause)
        day = WEEKDAYS[lang][int(row.get("weekday", 0))]
        cells = [
            f'<th scope="row">{html.escape(day)}</th>',
            f"<td>{html.escape(start)}</td>",
            f"<td>{html.escape(end)}</td>",
            f"<td>{pause} {html.escape(labels['minutes'])}</td>",
            f"<td>{html.escape(hours(minutes, lang))}</td>",
        ]
        lines.append(f"<tr>{''.join(cells)}</tr>")
    lines.append("</tbody>")
    week = html.escape(hours(int(terms.get("weekly_minutes", 0)), lang))
    lines.append(
        f'<tfoot><tr><th scope="row" colspan="4">{html.escape(labels["week_total"])}</th>'
        f"<td>{week}</td></tr></tfoot>"
    )
    lines.append("</table>")
    return "\n".join(lines)


def _hazards_list(terms: dict[str, Any], lang: str) -> str:
    codes = terms.get("hazards") or []
    if not codes:
        return ""
    items = "".join(f"<li>{html.escape(HAZARDS[lang].get(code, code))}</li>" for code in codes)
    return f'<ul class="agreement-hazards">{items}</ul>'


def signers(terms: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """Who signs, as (party, name) lines for the document's signature block."""
    labels = LABELS[lang]
    rows = [(labels["signer_student"], terms["student"]["name"])]
    if terms["student"]["minor"]:
        names = [g["name"] for g in terms.get("guardians") or []]
        rows.append((labels["signer_guardian"], join_words(names, lang) or labels["unknown"]))
    rows.append(
        (labels["signer_school"], f"{terms['school']['name']} ({labels['signs_for_school']})")
    )
    rows.append(
        (labels["signer_company"], f"{terms['company']['name']} ({labels['signs_for_company']})")
    )
    return rows


def _signature_block(terms: dict[str, Any], lang: str) -> str:
    items = "".join(
        f"<li><strong>{html.escape(party)}</strong>: {html.escape(name)}</li>"
        for party, name in signers(terms, lang)
    )
    return f'<ul class="agreement-signers">{items}</ul>'


def content_for(terms: dict[str, Any], lang: str) -> Content:
    """The strings, blocks and sections of the document in `lang` ("nl" or "en")."""
    if lang not in LANGUAGES:
        raise ValueError(f"No agreement language {lang!r}")
    labels = LABELS[lang]
    unknown = labels["unknown"]
    student = terms["student"]
    supervisor = terms.get("supervisor") or {}
    teacher = terms.get("teacher") or {}
    days = sorted({int(row.get("weekday", 0)) for row in terms.get("schedule") or []})
    hazards = terms.get("hazards") or []
    values = {
        "agreement_version": str(terms["version"]),
        "generated_on": long_date(terms["generated_on"], lang),
        "school_name": terms["school"]["name"],
        "school_brin": terms["school"]["brin"],
        "school_address": terms["school"]["address"],
        "school_year": terms.get("school_year", ""),
        "company_name": terms["company"]["name"],
        "company_kvk": terms["company"]["kvk"],
        "company_address": terms["company"]["address"],
        "work_location": f"{terms['location']['name']}, {terms['location']['address']}",
        "student_name": student["name"],
        "student_age": str(student["age_at_start"]),
        "student_number": student["number"],
        "student_class": student["class_name"],
        "student_track": TRACKS[lang].get(student["track"], student["track"]),
        "student_profile": student["profile"] or unknown,
        "guardian_names": join_words([g["name"] for g in terms.get("guardians") or []], lang)
        or unknown,
        "supervisor_name": supervisor.get("name", unknown),
        "supervisor_email": supervisor.get("email", unknown),
        "teacher_name": teacher.get("name", unknown),
        "teacher_email": teacher.get("email", unknown),
        "elective_name": terms["elective"]["name"],
        "elective_code": terms["elective"]["code"],
        "programme_title": terms["programme"]["title"],
        "programme_description": terms["programme"]["description"],
        "starts_on": long_date(terms["starts_on"], lang),
        "ends_on": long_date(terms["ends_on"], lang),
        "weeks": str(terms["weeks"]),
        "working_days": join_words([WEEKDAYS[lang][day] for day in days], lang) or unknown,
        "weekly_hours": hours(int(terms["weekly_minutes"]), lang),
        "total_hours": hours(int(terms["total_minutes"]), lang),
        "supervision": SUPERVISION[lang].get(terms["supervision"], terms["supervision"]),
        "hazards_text": join_words([HAZARDS[lang].get(h, h) for h in hazards], lang)
        or labels["none"],
    }
    blocks = {
        "schedule_table": _schedule_table(terms, lang),
        "hazards_list": _hazards_list(terms, lang),
        "signature_block": _signature_block(terms, lang),
    }
    sections = {
        "minor": bool(student["minor"]),
        "adult": not student["minor"],
        "hazards": bool(hazards),
        "no_hazards": not hazards,
    }
    return Content(values=values, blocks=blocks, sections=sections)


def example_terms() -> dict[str, Any]:
    """Made-up terms for previewing a template (nobody real)."""
    return {
        "version": 1,
        "generated_on": timezone.localdate().isoformat(),
        "school": {
            "name": "Voorbeeldcollege",
            "brin": "99ZZ",
            "address": "Schoolstraat 1, 7001 AB Doetinchem",
        },
        "company": {
            "name": "Voorbeeldbedrijf BV",
            "kvk": "12345678",
            "address": "Industrieweg 10, 7008 AA Doetinchem",
        },
        "location": {"name": "Werkplaats", "address": "Industrieweg 10, 7008 AA Doetinchem"},
        "student": {
            "name": "Sam Voorbeeld",
            "age_at_start": 15,
            "minor": True,
            "number": "123456",
            "class_name": "3B",
            "track": "KB",
            "profile": "Produceren, installeren en energie",
        },
        "guardians": [{"name": "Alex Voorbeeld"}],
        "supervisor": {"name": "Jip de Begeleider", "email": "jip@voorbeeldbedrijf.nl"},
        "teacher": {"name": "Noor de Docent", "email": "noor@voorbeeldcollege.nl"},
        "elective": {"code": "1206", "name": "Elektrotechnische installaties in de woning"},
        "programme": {
            "title": "Installeren in de praktijk",
            "description": (
                "Meewerken aan het aanleggen van groepen en schakelingen in nieuwbouwwoningen."
            ),
        },
        "school_year": "2026-2027",
        "starts_on": "2026-09-07",
        "ends_on": "2026-11-27",
        "weeks": 12,
        "schedule": [
            {"weekday": 1, "start": "08:30", "end": "15:00", "break_minutes": 30},
            {"weekday": 3, "start": "08:30", "end": "15:00", "break_minutes": 30},
        ],
        "sunday_required": False,
        "weekly_minutes": 720,
        "total_minutes": 8640,
        "hazards": ["machines"],
        "supervision": "supervised",
    }
