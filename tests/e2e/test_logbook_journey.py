"""Issue 5's journey on phones: the student logs a day with a photo, the supervisor registers
attendance with one tap, and approves the day from the digest e-mail without logging in.

Bram (16, school B) is placed at Garage Wolters under Sanne (supervisor_b) on every day of
the week (the offer says the work needs Sundays, which 16-year-olds may then do), so the
journey works whatever day it runs. The digest is read from the demo mailbox, as a
visitor of the demo would. The browsers ask for Dutch; the e-mail is in the site language.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from sen.logbook.models import Attendance, EntryPhoto, LogEntry
from sen.logbook.services.digest import send_digests
from tests.factories.logbook import jpeg
from tests.factories.placements import placement_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EVERY_DAY = [
    {"weekday": day, "start": "08:30", "end": "15:00", "break_minutes": 30} for day in range(7)
]


def submit(tab: Any, selector: str) -> None:
    with tab.page.expect_navigation():
        tab.page.locator(selector).first.click()


def test_logbook_journey_photo_attendance_and_digest_approval(
    world, open_tab, settings, live_server, tmp_path
) -> None:
    settings.DEMO = True  # the demo mailbox
    settings.EMAIL_BACKEND = "sen.core.mail.OutboxBackend"
    settings.SEN_BASE_URL = live_server.url
    placement = placement_for(
        world, "b", schedule=[dict(row) for row in EVERY_DAY], sunday_required=True
    )
    today = timezone.localdate()
    photo = tmp_path / "werkplaats.jpg"
    photo.write_bytes(jpeg(size=(800, 600), with_gps=True))
    tabs = []

    # 1. Bram logs today on his phone: the hours come from his schedule; a photo with it.
    bram = open_tab("phone")
    tabs.append(bram)
    bram.login(world.user("student_b").email)
    bram.goto("/logbook/")
    page = bram.page
    assert page.locator("main progress").count() == 1
    bram.screenshot("logbook-student-empty-phone")
    submit(bram, "main a[href$='/entries/new/']")
    assert page.locator("#id_date").input_value() == today.isoformat()
    assert page.locator("#id_hours").input_value() == "6"
    page.locator("#id_activities").fill("Remblokken vervangen met Sanne.")
    page.locator("#id_reflection").fill("Eerst de wielmoeren losdraaien, dan pas opkrikken.")
    page.locator("#id_photo").set_input_files(str(photo))
    bram.screenshot("logbook-student-form-phone")
    submit(bram, "main form button[name=submit]")
    entry = LogEntry.objects.get(placement=placement)
    assert (entry.date, entry.status) == (today, "submitted")
    assert EntryPhoto.objects.filter(entry=entry).count() == 1
    assert "Remblokken vervangen" in page.locator("main .entry-cards").inner_text()
    bram.screenshot("logbook-student-submitted-phone")

    # 2. Sanne registers Bram as present with one tap on "Vandaag" (htmx swaps the row).
    sanne = open_tab("phone")
    tabs.append(sanne)
    sanne.login(world.user("supervisor_b").email)
    sanne.goto("/logbook/today/")
    row = sanne.page.locator(f"#row-{placement.pk}")
    assert "Bram Bosman" in row.inner_text()
    row.locator("button[value=present]").click()
    sanne.page.locator(f"#row-{placement.pk} button[value=present][aria-pressed=true]").wait_for()
    assert Attendance.objects.get(placement=placement, date=today).status == "present"
    sanne.screenshot("logbook-today-phone")

    # 3. The daily digest goes out; Sanne opens it in the demo mailbox, not logged in.
    assert send_digests() == 1
    mail = open_tab("phone")
    tabs.append(mail)
    mail.goto("/demo/mail/")
    submit(mail, "main a:has-text('SEN logbook')")
    body = mail.page.locator("main .mail-body").inner_text()
    assert "Bram Bosman" in body
    links = re.findall(r"https?://\S+/logbook/approve/\S+/", body)
    assert len(links) == 2  # the entry's own link and "approve all these"
    mail.screenshot("logbook-digest-mail-phone")
    submit(mail, f"main .mail-body a[href='{links[-1]}']")
    assert "je gaat deze regel goedkeuren" in mail.page.locator("main").inner_text()
    mail.screenshot("logbook-digest-confirm-phone")
    entry.refresh_from_db()
    assert entry.status == "submitted"  # nothing changes on GET
    submit(mail, "main form button[type=submit]")
    assert "1 logboekregel goedgekeurd." in mail.page.locator("main").inner_text()
    mail.screenshot("logbook-digest-approved-phone")
    entry.refresh_from_db()
    assert (entry.status, entry.reviewed_by) == ("approved", world.user("supervisor_b"))

    # 4. The same link again: a clear page, nothing changed.
    mail.goto(links[-1].replace(live_server.url, ""))
    assert "Deze goedkeuringslink is al gebruikt." in mail.page.locator("main").inner_text()

    # 5. Bram sees his approved hours on the progress bar.
    bram.goto("/logbook/")
    assert bram.page.locator("main progress").get_attribute("value") == "6"
    assert "✓ Goedgekeurd" in bram.page.locator("main .entry-cards").inner_text()
    bram.screenshot("logbook-student-approved-phone")

    # The used link answers 410 Gone on purpose; the browser logs that status, nothing else.
    expected = "the server responded with a status of 410 (Gone)"
    assert [p for tab in tabs for p in tab.problems() if expected not in p] == []
