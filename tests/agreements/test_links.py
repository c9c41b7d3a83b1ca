"""Signing through an e-mailed link with a one-time code: the services and the public pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sen.agreements.models import AuthMethod, Party, Signature, SigningLink, VersionStatus
from sen.agreements.services import signing_links as links
from sen.audit.models import AuditEvent
from sen.placements.models import PlacementStatus
from tests.agreements.test_signing_support import (
    classmate,
    guardianship_of,
    make_link,
    pending_version,
    placement_of,
    sent,
    sign_as,
    verified_code,
)
from tests.factories.agreements import agreement_version_for

pytestmark = pytest.mark.django_db


def _refusals() -> list[str]:
    return [
        e.changes["reason"]
        for e in AuditEvent.objects.filter(action="agreements.signing_link.refused").order_by(
            "occurred_at", "seq"
        )
    ]


# --- Services -------------------------------------------------------------------------------


def test_create_link_stores_only_the_tokens_hash(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)

    link, token = make_link(version)

    assert len(token) >= 43
    assert link.token_hash == links.hash_token(token)
    assert token not in link.token_hash
    assert link.expires_at - timezone.now() > dt.timedelta(days=6, hours=23)
    assert link.email == "paula@ouder.test"


def test_create_link_retires_the_earlier_unused_link_of_that_seat(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    _first, first_token = make_link(version)

    make_link(version)

    with pytest.raises(links.LinkRefused) as refused:
        links.find_link(links.hash_token(first_token))
    assert refused.value.reason == links.Reason.EXPIRED


def test_create_link_refuses_a_student_or_school_seat(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)

    with pytest.raises(ValidationError):
        make_link(version, party=Party.SCHOOL, email="carla@ludger.test")


def test_find_link_unknown_token_is_refused_and_audited(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(links.LinkRefused) as refused:
        links.find_link(links.hash_token("not-a-real-token"))

    assert refused.value.reason == links.Reason.UNKNOWN
    assert refused.value.status == 404
    assert _refusals() == ["unknown"]


def test_find_link_expired_is_refused_and_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    link, token = make_link(version)
    SigningLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(1))

    with pytest.raises(links.LinkRefused) as refused:
        links.find_link(links.hash_token(token))

    assert refused.value.reason == links.Reason.EXPIRED
    assert refused.value.status == 410
    assert _refusals() == ["expired"]
    assert Signature.objects.count() == 0


def test_send_code_mails_six_digits_and_stores_only_an_hmac(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    link, _token = make_link(version)

    code = verified_code(link)

    link.refresh_from_db()
    assert re.fullmatch(r"\d{6}", code)
    assert mail.outbox[-1].to == ["paula@ouder.test"]
    assert code not in mail.outbox[-1].subject
    assert code not in link.code_hash
    assert link.code_hash == links.code_digest(link, code)
    assert link.code_sent_at is not None


def test_verify_code_right_code_works_once(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    link, _token = make_link(version)
    code = verified_code(link)

    links.verify_code(link=link, code=f" {code[:3]} {code[3:]} ")

    with pytest.raises(ValidationError) as again:
        links.verify_code(link=link, code=code)
    assert again.value.code == "code_expired"


def test_verify_code_expired_after_ten_minutes(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    link, _token = make_link(version)
    code = verified_code(link)
    SigningLink.objects.filter(pk=link.pk).update(
        code_sent_at=timezone.now() - dt.timedelta(minutes=10, seconds=1)
    )

    with pytest.raises(ValidationError) as refused:
        links.verify_code(link=link, code=code)

    assert refused.value.code == "code_expired"
    link.refresh_from_db()
    assert link.code_attempts == 0


def test_verify_code_wrong_five_times_locks_the_link(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    link, token = make_link(version)
    code = verified_code(link)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    codes = []
    for _attempt in range(5):
        with pytest.raises(ValidationError) as refused:
            links.verify_code(link=link, code=wrong)
        codes.append(refused.value.code)

    assert codes == ["wrong_code"] * 4 + ["locked"]
    link.refresh_from_db()
    assert link.code_attempts == 5
    with pytest.raises(links.LinkRefused) as locked:
        links.verify_code(link=link, code=code)  # even the right code no longer works
    assert locked.value.reason == links.Reason.LOCKED
    with pytest.raises(links.LinkRefused):
        links.find_link(links.hash_token(token))
    assert AuditEvent.objects.filter(action="agreements.signing_link.locked").count() == 1
    assert AuditEvent.objects.filter(action="agreements.signing_link.code_failed").count() == 5


def test_send_code_again_within_a_minute_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    link, _token = make_link(version)
    sent(links.send_code, link=link)

    with pytest.raises(ValidationError) as refused:
        sent(links.send_code, link=link)

    assert refused.value.code == "too_soon"
    assert len(mail.outbox) == 1


def test_send_code_at_most_five_an_hour(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    link, _token = make_link(version)
    for _n in range(5):
        sent(links.send_code, link=link)
        SigningLink.objects.filter(pk=link.pk).update(
            code_sent_at=timezone.now() - dt.timedelta(minutes=2)
        )

    with pytest.raises(ValidationError) as refused:
        sent(links.send_code, link=link)

    assert refused.value.code == "too_many"
    assert len(mail.outbox) == 5


def test_sign_with_link_uses_the_link_and_records_email_evidence(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    link, token = make_link(version)

    signature = links.sign_with_link(
        link=link,
        typed_name="Paula Achterberg",
        agreed=True,
        document_sha256=version.document_sha256,
        evidence_ip="198.51.100.4",
        user_agent="phone",
    )

    assert (signature.party, signature.auth_method, signature.user) == (
        Party.GUARDIAN,
        AuthMethod.EMAIL_CODE,
        None,
    )
    assert (signature.email, signature.guardianship) == (
        "paula@ouder.test",
        guardianship_of(world.student_a),
    )
    link.refresh_from_db()
    assert link.used_at is not None
    with pytest.raises(links.LinkRefused) as reused:
        links.find_link(links.hash_token(token))
    assert reused.value.reason == links.Reason.USED


def test_find_link_seat_signed_meanwhile_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    _link, token = make_link(version)
    sign_as(world, version, "parent_a")  # Paula signed after logging in instead

    with pytest.raises(links.LinkRefused) as refused:
        links.find_link(links.hash_token(token))

    assert refused.value.reason == links.Reason.SIGNED


def test_find_link_outdated_version_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    _link, token = make_link(version)
    version.status = VersionStatus.SUPERSEDED
    version.save(update_fields=["status"])

    with pytest.raises(links.LinkRefused) as refused:
        links.find_link(links.hash_token(token))

    assert refused.value.reason == links.Reason.OUTDATED


def test_company_link_for_an_address_that_is_no_longer_a_contact_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    _link, token = make_link(version, party=Party.COMPANY, email="oud@jansen.test", name="Oud")

    with pytest.raises(links.LinkRefused) as refused:
        links.find_link(links.hash_token(token))

    assert refused.value.reason == links.Reason.NOT_PARTY
    assert Signature.objects.count() == 0


def test_company_contact_signs_through_a_link(world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    link, _token = make_link(version, party=Party.COMPANY, email="karin@jansen.test", name="Karin")

    signature = links.sign_with_link(
        link=link,
        typed_name="Karin Jansen",
        agreed=True,
        document_sha256=version.document_sha256,
        evidence_ip=None,
        user_agent="",
    )

    assert (signature.party, signature.auth_method) == (Party.COMPANY, AuthMethod.EMAIL_CODE)


# --- The public pages -------------------------------------------------------------------------


def _open(client, token: str):  # type: ignore[no-untyped-def]
    response = client.get(reverse("agreements:link_open", kwargs={"token": token}))
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:link_page")
    return client.get(reverse("agreements:link_page"))


def test_link_page_shows_the_document_without_the_token_in_the_address(client, world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    _link, token = make_link(version)

    response = _open(client, token)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/agreements/sign/link/"
    text = response.content.decode()
    assert "Praktijkovereenkomst hybride leren" in text
    assert version.document_sha256 in text
    assert token not in text
    assert 'data-testid="send-code-form"' in text
    assert 'data-testid="sign-form"' not in text


def test_link_pages_send_no_referrer_and_no_store(client, world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    _link, token = make_link(version)

    opened = client.get(reverse("agreements:link_open", kwargs={"token": token}))
    page = client.get(reverse("agreements:link_page"))

    assert opened["Referrer-Policy"] == "no-referrer"
    assert page["Referrer-Policy"] == "same-origin"  # forms: browsers then keep the Origin
    for response in (opened, page):
        assert response["Cache-Control"] == "no-store, private"
        assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_link_page_full_flow_code_then_sign(
    client, world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    _link, token = make_link(version)
    _open(client, token)
    page = reverse("agreements:link_page")

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(page, {"action": "send_code"})
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    verified = client.post(page, {"action": "verify", "code": code})
    form_page = client.get(page)
    signed = client.post(
        page,
        {
            "action": "sign",
            "agree": "on",
            "typed_name": "Paula Achterberg",
            "document_sha256": version.document_sha256,
        },
        HTTP_USER_AGENT="Phone/1.0",
        REMOTE_ADDR="198.51.100.9",
    )

    assert (sent.status_code, verified.status_code) == (302, 302)
    assert 'data-testid="sign-form"' in form_page.content.decode()
    assert signed.status_code == 302
    assert signed["Location"] == reverse("agreements:link_done")
    signature = Signature.objects.get()
    assert (signature.party, signature.auth_method, signature.ip_address, signature.user_agent) == (
        Party.GUARDIAN,
        AuthMethod.EMAIL_CODE,
        "198.51.100.9",
        "Phone/1.0",
    )
    assert client.get(reverse("agreements:link_done")).status_code == 200
    again = _open(client, token)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_link_page_sign_without_a_verified_code_is_refused(client, world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    _link, token = make_link(version)
    _open(client, token)

    response = client.post(
        reverse("agreements:link_page"),
        {
            "action": "sign",
            "agree": "on",
            "typed_name": "Paula",
            "document_sha256": version.document_sha256,
        },
    )

    assert response.status_code == 302
    assert Signature.objects.count() == 0


def test_link_page_verified_code_is_bound_to_the_browser_session(client, world) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    version = pending_version(world)
    link, token = make_link(version)
    _open(client, token)
    code = verified_code(link)
    client.post(reverse("agreements:link_page"), {"action": "verify", "code": code})
    other = Client()
    _open(other, token)

    response = other.get(reverse("agreements:link_page"))

    assert 'data-testid="sign-form"' not in response.content.decode()


def test_link_page_wrong_codes_lock_the_link_on_the_fifth(client, world) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    link, token = make_link(version)
    _open(client, token)
    code = verified_code(link)
    wrong = f"{(int(code) + 7) % 1_000_000:06d}"

    statuses = [
        client.post(
            reverse("agreements:link_page"), {"action": "verify", "code": wrong}
        ).status_code
        for _n in range(5)
    ]

    assert statuses == [400, 400, 400, 400, 410]
    locked = client.get(reverse("agreements:link_page"))
    assert locked.status_code == 410
    assert "locked" in locked.content.decode()


@pytest.mark.parametrize("case", ["unknown", "expired", "used"])
def test_link_page_refusals_are_clear_and_audited(client, world, case) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    link, token = make_link(version)
    if case == "unknown":
        token = "x" * 43
    elif case == "expired":
        SigningLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    else:
        SigningLink.objects.filter(pk=link.pk).update(used_at=timezone.now())

    response = _open(client, token)

    assert response.status_code == (404 if case == "unknown" else 410)
    assert 'data-testid="link-refused"' in response.content.decode()
    assert "Nothing was signed or changed" in response.content.decode()
    assert _refusals() == [case]


def test_link_page_without_a_link_in_the_session_is_not_found(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("agreements:link_page"))

    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="agreements.signing_link.refused").count() == 0


def test_link_token_never_reaches_the_audit_trail_or_the_logs(client, world, caplog) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    link, token = make_link(version)
    caplog.set_level("DEBUG")
    _open(client, token)
    code = verified_code(link)
    client.post(reverse("agreements:link_page"), {"action": "verify", "code": "000000"})
    client.post(reverse("agreements:link_page"), {"action": "verify", "code": code})
    SigningLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    _open(client, token)  # refused: the 410 is logged without the token in its path

    events = list(AuditEvent.objects.values_list("changes", "object_label", "action"))
    dumped = repr(events)
    assert token not in dumped
    assert links.hash_token(token) not in dumped
    assert code not in dumped
    assert token not in caplog.text
    assert "agreements.signing_link.refused" in {action for *_rest, action in events}


def test_parent_without_an_account_gets_the_signed_pdf_attached(
    world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    student = classmate(world)
    version = agreement_version_for(placement_of(world, student))
    link, _token = make_link(version)

    with django_capture_on_commit_callbacks(execute=True):
        links.sign_with_link(
            link=link,
            typed_name="Mirjam de Wit",
            agreed=True,
            document_sha256=version.document_sha256,
            evidence_ip=None,
            user_agent="",
        )
        sign_as(world, version, "coordinator_a")
        sign_as(world, version, "contact_a")
        # Daan has no account in this test: the student seat is signed by a made-up login.
        from sen.agreements.services.signing import Evidence, Signer, sign
        from tests.factories import UserFactory

        student.user = UserFactory(email="daan@leerling.test", full_name="Daan de Wit")
        student.save(update_fields=["user"])
        sign(
            version=version,
            signer=Signer(party=Party.STUDENT, user=student.user),
            typed_name="Daan de Wit",
            agreed=True,
            document_sha256=version.document_sha256,
            evidence=Evidence(auth_method=AuthMethod.LOGIN),
            actor=None,
        )

    version.refresh_from_db()
    placement = version.agreement.placement
    placement.refresh_from_db()
    assert version.status == VersionStatus.SIGNED
    assert placement.status == PlacementStatus.ACTIVE
    copies = [m for m in mail.outbox if m.to == ["mirjam@ouder.test"] and m.attachments]
    assert len(copies) == 1
    name, content, mimetype = copies[0].attachments[0]
    assert (name.endswith(".pdf"), mimetype, content[:5]) == (True, "application/pdf", b"%PDF-")
