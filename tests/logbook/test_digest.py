"""The daily digest e-mail and its links: valid, reused, expired, another supervisor's."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sen.audit.models import AuditEvent
from sen.logbook.models import ApprovalDigest, ApprovalLink, EntryStatus, LogEntry
from sen.logbook.services import digest as services
from tests.factories.logbook import entry, planned_days
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://[^\s]+/logbook/approve/([A-Za-z0-9_-]+)/")


def waiting(placement: Any, count: int = 2) -> list[LogEntry]:
    return [
        entry(placement, day, status=EntryStatus.SUBMITTED)
        for day in planned_days(placement)[-count:]
    ]


def tokens_in(body: str) -> list[str]:
    return LINK.findall(body)


def test_digest_lists_the_waiting_entries_with_a_link_each_and_one_for_all(
    world, placement_a
) -> None:
    entries = waiting(placement_a)

    sent = services.send_digests()

    assert sent == 1
    [message] = mail.outbox
    assert message.to == ["sjaak@jansen.test"]
    assert message.subject == "SEN logbook: 2 entries to approve"
    assert message.body.count("Anna Achterberg") == 2
    assert len(tokens_in(message.body)) == 3  # one per entry and "approve all these"
    digest = ApprovalDigest.objects.get()
    links = list(ApprovalLink.objects.filter(digest=digest).order_by("pk"))
    assert [sorted(link.entries.values_list("pk", flat=True)) for link in links] == [
        [entries[0].pk],
        [entries[1].pk],
        sorted(e.pk for e in entries),
    ]
    # Only the hash of a token is stored.
    token = tokens_in(message.body)[0]
    assert not ApprovalLink.objects.filter(token_hash=token).exists()
    assert ApprovalLink.objects.filter(token_hash=services.hash_token(token)).exists()


def test_digest_is_sent_once_a_day(world, placement_a) -> None:
    waiting(placement_a)

    services.send_digests()
    services.send_digests()
    out = io.StringIO()
    call_command("send_logbook_digests", stdout=out)

    assert len(mail.outbox) == 1
    assert ApprovalDigest.objects.count() == 1
    assert out.getvalue() == "Sent 0 logbook digest(s).\n"


def test_the_next_day_brings_a_new_digest(world, placement_a) -> None:
    waiting(placement_a)
    today = timezone.localdate()

    services.send_digests(day=today)
    services.send_digests(day=today + dt.timedelta(days=1))

    assert len(mail.outbox) == 2


def test_no_digest_without_waiting_entries(world, placement_a) -> None:
    entry(placement_a, planned_days(placement_a)[-1], status=EntryStatus.DRAFT)

    assert services.send_digests() == 0
    assert mail.outbox == []


def test_each_supervisor_gets_only_their_own_entries(world, placement_a) -> None:
    waiting(placement_a, 1)
    waiting(placement_for(world, "b"), 1)

    services.send_digests()

    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert set(bodies) == {"sjaak@jansen.test", "sanne@wolters.test"}
    assert "Bram" not in bodies["sjaak@jansen.test"]
    assert "Anna" not in bodies["sanne@wolters.test"]


def digest_tokens(placement: Any, count: int = 2) -> tuple[list[LogEntry], list[str]]:
    entries = waiting(placement, count)
    services.send_digests()
    return entries, tokens_in(mail.outbox[-1].body)


def test_a_valid_link_shows_a_confirmation_and_changes_nothing_on_get(
    world, placement_a, client
) -> None:
    _entries, tokens = digest_tokens(placement_a)

    response = client.get(reverse("logbook:approve_by_link", args=[tokens[-1]]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "you are about to approve these 2 entries" in html
    assert set(LogEntry.objects.values_list("status", flat=True)) == {"submitted"}
    assert ApprovalLink.objects.filter(used_at__isnull=False).count() == 0


def test_posting_the_all_link_approves_exactly_its_entries_without_login(
    world, placement_a, client
) -> None:
    entries, tokens = digest_tokens(placement_a)
    other = entry(placement_a, planned_days(placement_a)[-3], status=EntryStatus.SUBMITTED)

    response = client.post(reverse("logbook:approve_by_link", args=[tokens[-1]]))

    assert response.status_code == 200
    assert "2 logbook entries approved." in response.content.decode()
    statuses = dict(LogEntry.objects.values_list("pk", "status"))
    assert statuses == {entries[0].pk: "approved", entries[1].pk: "approved", other.pk: "submitted"}
    assert {
        e.actor_user_id for e in AuditEvent.objects.filter(action="logbook.entry.approved")
    } == {world.user("supervisor_a").pk}


def test_a_per_entry_link_approves_only_that_entry(world, placement_a, client) -> None:
    entries, tokens = digest_tokens(placement_a)

    client.post(reverse("logbook:approve_by_link", args=[tokens[0]]))

    assert dict(LogEntry.objects.values_list("pk", "status")) == {
        entries[0].pk: "approved",
        entries[1].pk: "submitted",
    }


def test_a_reused_link_changes_nothing_and_says_so(world, placement_a, client) -> None:
    entries, tokens = digest_tokens(placement_a)
    url = reverse("logbook:approve_by_link", args=[tokens[0]])
    client.post(url)
    LogEntry.objects.filter(pk=entries[0].pk).update(status=EntryStatus.SUBMITTED)

    again = client.post(url)
    shown = client.get(url)

    assert again.status_code == 410
    assert (
        "This approval link has been used already. Nothing was changed." in again.content.decode()
    )
    assert shown.status_code == 410
    assert LogEntry.objects.get(pk=entries[0].pk).status == "submitted"
    assert AuditEvent.objects.filter(action="logbook.approval_link.refused").count() == 2


def test_an_expired_link_changes_nothing(world, placement_a, client) -> None:
    _entries, tokens = digest_tokens(placement_a)
    ApprovalLink.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    response = client.post(reverse("logbook:approve_by_link", args=[tokens[-1]]))

    assert response.status_code == 410
    assert "expired on" in response.content.decode()
    assert set(LogEntry.objects.values_list("status", flat=True)) == {"submitted"}


def test_an_unknown_link_is_refused(client, db) -> None:
    response = client.post(reverse("logbook:approve_by_link", args=["not-a-real-token"]))

    assert response.status_code == 404
    assert "This approval link is not valid. Nothing was changed." in response.content.decode()


def test_a_link_does_not_approve_entries_now_supervised_by_someone_else(
    world, placement_a, client
) -> None:
    _entries, tokens = digest_tokens(placement_a)
    placement_a.supervisor = world.user("supervisor_b")
    placement_a.save()

    response = client.post(reverse("logbook:approve_by_link", args=[tokens[-1]]))

    assert "0 logbook entries approved." in response.content.decode()
    assert set(LogEntry.objects.values_list("status", flat=True)) == {"submitted"}


def test_a_link_of_a_supervisor_who_left_the_company_approves_nothing(
    world, placement_a, client
) -> None:
    _entries, tokens = digest_tokens(placement_a)
    world.actor("supervisor_a").membership.is_active = False
    world.actor("supervisor_a").membership.save()

    client.post(reverse("logbook:approve_by_link", args=[tokens[-1]]))

    assert set(LogEntry.objects.values_list("status", flat=True)) == {"submitted"}


def test_another_supervisors_link_cannot_reach_these_entries(world, placement_a, client) -> None:
    anna_entries = waiting(placement_a, 1)
    bram = placement_for(world, "b")
    waiting(bram, 1)
    services.send_digests()
    sanne_mail = next(m for m in mail.outbox if m.to == ["sanne@wolters.test"])

    for token in tokens_in(sanne_mail.body):
        client.post(reverse("logbook:approve_by_link", args=[token]))

    assert LogEntry.objects.get(pk=anna_entries[0].pk).status == "submitted"
    assert LogEntry.objects.filter(placement=bram, status="approved").count() == 1


def test_entries_approved_meanwhile_are_left_alone(world, placement_a, client) -> None:
    entries, tokens = digest_tokens(placement_a)
    LogEntry.objects.filter(pk=entries[0].pk).update(status=EntryStatus.APPROVED)

    response = client.post(reverse("logbook:approve_by_link", args=[tokens[-1]]))

    assert "1 logbook entry approved." in response.content.decode()
    assert AuditEvent.objects.filter(action="logbook.entry.approved").count() == 1
