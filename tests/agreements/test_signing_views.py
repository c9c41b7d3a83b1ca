"""Signing pages for logged-in parties: the "to sign" list, signing, refusals, withdrawing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sen.agreements.models import AgreementVersion, AuthMethod, Party, Signature, VersionStatus
from sen.placements.models import PlacementStatus
from tests.agreements.test_signing_support import (
    classmate,
    pending_version,
    placement_of,
    sign_as,
)
from tests.factories.accounts import login_verified
from tests.factories.agreements import agreement_version_for
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db

PARTIES = ("student_a", "parent_a", "coordinator_a", "contact_a")


@pytest.fixture(autouse=True)
def _password_login_is_enough(settings):  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False


def _sign_url(version: AgreementVersion) -> str:
    return reverse("agreements:sign", kwargs={"pk": version.pk})


def _post_sign(client, version: AgreementVersion, **extra):  # type: ignore[no-untyped-def]
    data = {
        "agree": "on",
        "typed_name": "Mijn Naam",
        "document_sha256": version.document_sha256,
    } | extra
    return client.post(_sign_url(version), data, HTTP_USER_AGENT="Phone/2.0")


@pytest.mark.parametrize("name", PARTIES)
def test_sign_page_shows_the_document_and_the_form_to_each_party(world, login_as, name) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)

    response = login_as(world.actor(name)).get(_sign_url(version))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Praktijkovereenkomst hybride leren" in text
    assert f'value="{version.document_sha256}"' in text
    assert "I have read the agreement and agree" in text
    assert "0 of 4" in text


@pytest.mark.parametrize(
    ("name", "party", "method"),
    [
        ("student_a", Party.STUDENT, AuthMethod.LOGIN),
        ("parent_a", Party.GUARDIAN, AuthMethod.LOGIN),
        ("contact_a", Party.COMPANY, AuthMethod.LOGIN),
        ("coordinator_a", Party.SCHOOL, AuthMethod.LOGIN),
    ],
)
def test_sign_page_post_signs_for_the_actors_party(world, login_as, name, party, method) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    client = login_as(world.actor(name))

    response = _post_sign(client, version)

    assert response.status_code == 302
    assert response["Location"] == _sign_url(version)
    signature = Signature.objects.get()
    assert (signature.party, signature.auth_method, signature.user) == (
        party,
        method,
        world.user(name),
    )
    assert (signature.typed_name, signature.user_agent, signature.ip_address) == (
        "Mijn Naam",
        "Phone/2.0",
        "127.0.0.1",
    )
    page = client.get(_sign_url(version)).content.decode()
    assert 'data-testid="you-signed"' in page
    assert 'data-testid="sign-form"' not in page


def test_sign_page_coordinator_with_two_factor_records_login_mfa(world, client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = True
    version = pending_version(world)
    login_verified(client, world.actor("coordinator_a"))

    response = _post_sign(client, version)

    assert response.status_code == 302
    assert Signature.objects.get().auth_method == AuthMethod.LOGIN_MFA


def test_sign_page_coordinator_without_two_factor_goes_to_mfa_first(
    world, login_as, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = True
    version = pending_version(world)

    response = _post_sign(login_as(world.actor("coordinator_a")), version)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_setup"))
    assert Signature.objects.count() == 0


@pytest.mark.parametrize(
    "name",
    ["student_b", "parent_b", "coordinator_b", "contact_b", "teacher_a", "supervisor_a"],
)
def test_sign_page_is_not_found_for_non_parties(world, login_as, name) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    client = login_as(world.actor(name))

    assert client.get(_sign_url(version)).status_code == 404
    assert _post_sign(client, version).status_code == 404
    assert Signature.objects.count() == 0


def test_sign_page_parent_of_an_adult_student_is_not_a_party(world, login_as) -> None:  # type: ignore[no-untyped-def]
    from sen.network.models import Guardianship

    student = world.student_a
    placement = placement_for(world, "a", status=PlacementStatus.PROPOSED)
    student.date_of_birth = placement.starts_on.replace(year=placement.starts_on.year - 18)
    student.shares_with_guardians = True  # Paula may follow Anna, but does not sign for her
    student.save(update_fields=["date_of_birth", "shares_with_guardians"])
    version = agreement_version_for(placement)
    assert Guardianship.objects.filter(student=student).exists()

    response = login_as(world.actor("parent_a")).get(_sign_url(version))

    assert response.status_code == 404


def test_sign_page_outdated_version_points_to_the_current_one(world, login_as) -> None:  # type: ignore[no-untyped-def]
    old = pending_version(world)
    AgreementVersion.objects.filter(pk=old.pk).update(status=VersionStatus.SUPERSEDED)
    current = AgreementVersion.objects.create(
        agreement=old.agreement,
        number=2,
        template_version=old.template_version,
        terms=old.terms,
        document_html=old.document_html,
        document_sha256=old.document_sha256,
    )
    client = login_as(world.actor("student_a"))

    page = client.get(_sign_url(old))
    refused = _post_sign(client, old)

    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="outdated"' in text
    assert _sign_url(current) in text
    assert "Open the current version (version 2)" in text
    assert 'data-testid="sign-form"' not in text
    assert refused.status_code == 409
    assert Signature.objects.count() == 0


def test_sign_page_changed_document_is_refused_with_the_new_hash(world, login_as) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    client = login_as(world.actor("student_a"))

    response = _post_sign(client, version, document_sha256="f" * 64)

    assert response.status_code == 409
    text = response.content.decode()
    assert "changed while you were reading" in text
    assert f'value="{version.document_sha256}"' in text
    assert Signature.objects.count() == 0


def test_sign_page_already_signed_is_refused(world, login_as) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    client = login_as(world.actor("student_a"))
    _post_sign(client, version)

    response = _post_sign(client, version)

    assert response.status_code == 409
    assert Signature.objects.count() == 1


def test_sign_page_without_the_checkbox_shows_the_error(world, login_as) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    client = login_as(world.actor("student_a"))

    response = client.post(
        _sign_url(version),
        {"typed_name": "Anna", "document_sha256": version.document_sha256},
    )

    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert Signature.objects.count() == 0


def test_sign_page_last_signature_makes_the_placement_active(world, login_as) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    for name in PARTIES[:-1]:
        sign_as(world, version, name)

    response = _post_sign(login_as(world.actor("contact_a")), version)

    assert response.status_code == 302
    version.refresh_from_db()
    placement = version.agreement.placement
    placement.refresh_from_db()
    assert (version.status, placement.status) == (VersionStatus.SIGNED, PlacementStatus.ACTIVE)


def test_withdraw_page_withdraws_the_actors_own_signature(world, login_as) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    signature = sign_as(world, version, "parent_a")
    client = login_as(world.actor("parent_a"))

    response = client.post(
        reverse("agreements:withdraw", kwargs={"pk": version.pk}), {"reason": "Te snel getekend"}
    )

    assert response.status_code == 302
    signature.refresh_from_db()
    assert (signature.withdrawn_reason, signature.withdrawn_at is not None) == (
        "Te snel getekend",
        True,
    )
    assert 'data-testid="sign-form"' in client.get(_sign_url(version)).content.decode()


def test_withdraw_page_without_an_own_signature_is_not_found(world, login_as) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    sign_as(world, version, "student_a")

    response = login_as(world.actor("parent_a")).post(
        reverse("agreements:withdraw", kwargs={"pk": version.pk}), {"reason": "Nee"}
    )

    assert response.status_code == 404
    assert Signature.objects.get().withdrawn_at is None


def test_to_sign_lists_open_and_signed_agreements(world, login_as) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    client = login_as(world.actor("student_a"))

    before = client.get(reverse("agreements:to_sign")).content.decode()
    sign_as(world, version, "student_a")
    after = client.get(reverse("agreements:to_sign")).content.decode()

    assert _sign_url(version) in before
    assert "Read and sign" in before
    assert "Read and sign" not in after
    assert "Signed by you, waiting for the others" in after


def test_to_sign_is_empty_for_a_parent_of_another_child(world, login_as) -> None:  # type: ignore[no-untyped-def]
    pending_version(world)

    response = login_as(world.actor("parent_b")).get(reverse("agreements:to_sign"))

    assert response.status_code == 200
    assert "Nothing to sign right now" in response.content.decode()


@pytest.mark.parametrize("name", ["teacher_a", "supervisor_a", "region_coordinator"])
def test_to_sign_is_not_found_for_roles_that_never_sign(world, login_as, name) -> None:  # type: ignore[no-untyped-def]
    assert login_as(world.actor(name)).get(reverse("agreements:to_sign")).status_code == 404


def _versions(world, count: int) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        student = classmate(world, parent_email=f"ouder{n}@ouder.test")
        student.student_number = f"Q{n}"
        student.save(update_fields=["student_number"])
        agreement_version_for(placement_of(world, student))


@pytest.mark.parametrize("count", [1, 3])
def test_to_sign_queries_are_bounded(world, login_as, django_assert_max_num_queries, count) -> None:  # type: ignore[no-untyped-def]
    _versions(world, count)
    client = login_as(world.actor("coordinator_a"))
    client.get(reverse("agreements:to_sign"))  # the session's first-request writes

    with django_assert_max_num_queries(10):
        response = client.get(reverse("agreements:to_sign"))

    assert response.content.decode().count("Read and sign") == count


@pytest.mark.parametrize("count", [1, 3])
def test_sign_page_queries_are_bounded(
    world, login_as, django_assert_max_num_queries, count
) -> None:  # type: ignore[no-untyped-def]
    version = pending_version(world)
    for name in PARTIES[:count]:  # 1 or 3 signatures on the page
        sign_as(world, version, name)
    client = login_as(world.actor("contact_a"))
    client.get(_sign_url(version))  # the session's first-request writes

    with django_assert_max_num_queries(14):
        response = client.get(_sign_url(version))

    assert response.status_code == 200
    assert response.content.decode().count("signed by ") == count
