"""Pages of agreement documents: templates, an agreement and its PDFs, changing the terms,
the run's agreements with the batch job. Happy paths, outsiders and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sen.agreements.models import AgreementTemplate, AgreementVersion, TemplateVersion
from sen.agreements.services import templates
from sen.core.models import JobStatus
from sen.placements.models import Placement, PlacementStatus
from sen.placements.services import allocation as allocation_services
from tests.factories.agreements import agreement_version_for, sign_all
from tests.factories.placements import placement_for
from tests.placements.test_allocation_support import (
    closed_round,
    computed_run,
    published,
    rank_all,
    students,
)

FIRST = dt.date(2026, 9, 7)
LAST = dt.date(2026, 11, 27)
PARTIES = ("student_a", "parent_a", "teacher_a", "coordinator_a", "supervisor_a", "contact_a")
OUTSIDERS = (
    "student_b",
    "parent_b",
    "teacher_b",
    "coordinator_b",
    "coordinator_c",
    "supervisor_b",
    "contact_b",
    "region_coordinator",
)


@pytest.fixture(autouse=True)
def _no_mfa(settings):  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def version(world) -> AgreementVersion:  # type: ignore[no-untyped-def]
    placement = placement_for(
        world, "a", status=PlacementStatus.PROPOSED, starts_on=FIRST, ends_on=LAST
    )
    return agreement_version_for(placement)


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    """Queries of a page once the session's per-request caches are warm."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# --- Templates -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_template_list_shows_only_the_schools_templates(world, login_as) -> None:  # type: ignore[no-untyped-def]
    templates.create_from_builtin(actor=None, school=world.school_a, name="Ludger standaard")
    templates.create_from_builtin(actor=None, school=world.school_b, name="Staring standaard")
    client = login_as(world.actor("coordinator_a"))

    html = client.get(reverse("agreements:templates")).content.decode()

    assert "Ludger standaard" in html
    assert "Staring standaard" not in html


@pytest.mark.django_db
def test_template_list_costs_the_same_queries_for_1_and_3_templates(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("coordinator_a"))
    templates.create_from_builtin(actor=None, school=world.school_a, name="Een")
    one = _queries(client, reverse("agreements:templates"))

    templates.create_from_builtin(actor=None, school=world.school_a, name="Twee")
    templates.create_from_builtin(actor=None, school=world.school_a, name="Drie")
    three = _queries(client, reverse("agreements:templates"))

    assert one == three


@pytest.mark.django_db
def test_template_create_starts_from_sens_text(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("coordinator_a"))

    response = client.post(reverse("agreements:template_create"))

    template = AgreementTemplate.objects.get(school=world.school_a)
    assert response.url == reverse("agreements:template_edit", args=[template.pk])
    assert template.is_default is True
    assert template.versions.get().body_nl.startswith("# Praktijkovereenkomst hybride leren")


@pytest.mark.django_db
def test_template_edit_saves_a_new_version_and_keeps_the_used_one(world, login_as, version) -> None:  # type: ignore[no-untyped-def]
    template = version.template_version.template
    client = login_as(world.actor("coordinator_a"))

    response = client.post(
        reverse("agreements:template_edit", args=[template.pk]),
        {
            "name": "Aangepast",
            "body_nl": "Tekst voor {{ student_name }}",
            "body_en": "For {{ student_name }}",
        },
    )

    assert response.status_code == 302
    assert list(template.versions.values_list("number", flat=True)) == [2, 1]
    version.refresh_from_db()
    assert version.template_version.number == 1
    assert version.template_version.body_nl.startswith("# Praktijkovereenkomst")


@pytest.mark.django_db
def test_template_edit_refuses_an_unknown_placeholder_next_to_the_field(world, login_as) -> None:  # type: ignore[no-untyped-def]
    template = templates.create_from_builtin(actor=None, school=world.school_a)
    client = login_as(world.actor("coordinator_a"))

    response = client.post(
        reverse("agreements:template_edit", args=[template.pk]),
        {"name": "X", "body_nl": "Hallo {{ student.user.email }}", "body_en": "Hi"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Unknown placeholder(s): {{ student.user.email }}. You can use: {{ agreement_version }}"
        in html
    )
    assert TemplateVersion.objects.filter(template=template).count() == 1


@pytest.mark.django_db
def test_template_preview_renders_example_data_in_both_languages(world, login_as) -> None:  # type: ignore[no-untyped-def]
    template = templates.create_from_builtin(actor=None, school=world.school_a)
    client = login_as(world.actor("coordinator_a"))
    url = reverse("agreements:template_preview", args=[template.pk])

    dutch = client.get(url).content.decode()
    english = client.get(url + "?lang=en").content.decode()

    assert "<li><strong>De leerling</strong>: Sam Voorbeeld</li>" in dutch
    assert "<h1>Work placement agreement for hybrid learning</h1>" in english


@pytest.mark.django_db
def test_template_make_default_switches_the_default(world, login_as) -> None:  # type: ignore[no-untyped-def]
    first = templates.create_from_builtin(actor=None, school=world.school_a, name="Een")
    second = templates.create_from_builtin(actor=None, school=world.school_a, name="Twee")
    client = login_as(world.actor("coordinator_a"))

    client.post(reverse("agreements:template_default", args=[second.pk]))

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_default, second.is_default) == (False, True)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["coordinator_b", "teacher_a"])
def test_template_pages_answer_404_to_others(world, login_as, name: str) -> None:  # type: ignore[no-untyped-def]
    template = templates.create_from_builtin(actor=None, school=world.school_a)
    client = login_as(world.actor(name))

    assert client.get(reverse("agreements:template_edit", args=[template.pk])).status_code == 404
    assert (
        client.post(reverse("agreements:template_default", args=[template.pk])).status_code == 404
    )


# --- One agreement -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", PARTIES)
def test_agreement_page_shows_the_document_to_every_party(
    world, login_as, version, name: str
) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor(name))

    response = client.get(reverse("agreements:detail", args=[version.agreement_id]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Praktijkovereenkomst hybride leren</h1>" in html
    assert "✎ Awaiting signatures" in html
    assert reverse("agreements:version_pdf", args=[version.pk]) in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", OUTSIDERS)
def test_agreement_page_answers_404_to_outsiders(world, login_as, version, name: str) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor(name))

    assert client.get(reverse("agreements:detail", args=[version.agreement_id])).status_code == 404
    url = reverse("agreements:version_pdf", args=[version.pk])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_agreement_page_shows_the_english_rendering_on_request(world, login_as, version) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("parent_a"))

    html = client.get(
        reverse("agreements:detail", args=[version.agreement_id]) + "?lang=en"
    ).content.decode()

    assert "<h1>Work placement agreement for hybrid learning</h1>" in html
    assert "This English rendering is for information only" in html


@pytest.mark.django_db
def test_version_pdf_is_served_inline_with_nosniff(world, login_as, version) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("student_a"))

    response = client.get(reverse("agreements:version_pdf", args=[version.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="praktijkovereenkomst-{version.agreement_id}-v1.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"%PDF-")


@pytest.mark.django_db
def test_signed_pdf_exists_only_once_the_version_is_signed(world, login_as, version) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("contact_a"))
    url = reverse("agreements:signed_pdf", args=[version.pk])
    assert client.get(url).status_code == 404

    signed = sign_all(version)

    response = client.get(url)
    assert response.status_code == 200
    import hashlib

    assert hashlib.sha256(response.content).hexdigest() == signed.signed_sha256


@pytest.mark.django_db
def test_versions_stay_readable_after_a_change(world, login_as, version) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("coordinator_a"))
    form = {
        "starts_on": "2026-09-07",
        "ends_on": "2026-12-18",
        "day2_start": "09:00",
        "day2_end": "14:30",
        "day2_break": "30",
        "supervisor": world.user("supervisor_a").pk,
        "teacher": world.user("teacher_a").pk,
        "reason": "Andere werkdag",
    }

    response = client.post(reverse("agreements:change_terms", args=[version.agreement_id]), form)

    assert response.url == reverse("agreements:detail", args=[version.agreement_id])
    html = client.get(response.url).content.decode()
    assert "Version 2" in html and "Version 1" in html
    assert "Reason for the change: Andere werkdag" in html
    assert "↺ Replaced by a newer version" in html
    assert reverse("agreements:version_pdf", args=[version.pk]) in html


@pytest.mark.django_db
def test_change_terms_form_shows_the_worktime_rule_and_source(world, login_as, version) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("coordinator_a"))
    form = {
        "starts_on": "2026-09-07",
        "ends_on": "2026-11-27",
        "day2_start": "15:00",
        "day2_end": "20:00",
        "reason": "Avond",
    }

    response = client.post(reverse("agreements:change_terms", args=[version.agreement_id]), form)

    html = response.content.decode()
    assert response.status_code == 200
    assert "(source: Rijksoverheid, &#x27;Mogen kinderen van 14 en 15 jaar" in html
    assert AgreementVersion.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["teacher_a", "student_a", "contact_a", "coordinator_b"])
def test_change_terms_is_for_the_schools_coordinators_only(
    world, login_as, version, name: str
) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor(name))

    url = reverse("agreements:change_terms", args=[version.agreement_id])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_generate_for_placement_draws_up_one_agreement(world, login_as) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(
        world, "a", status=PlacementStatus.PROPOSED, starts_on=FIRST, ends_on=LAST
    )
    client = login_as(world.actor("coordinator_a"))

    response = client.post(reverse("agreements:generate_for_placement", args=[placement.pk]))

    version = AgreementVersion.objects.get()
    assert response.url == reverse("agreements:detail", args=[version.agreement_id])


@pytest.mark.django_db
def test_generate_for_placement_answers_404_to_another_school(world, login_as) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(
        world, "a", status=PlacementStatus.PROPOSED, starts_on=FIRST, ends_on=LAST
    )
    client = login_as(world.actor("coordinator_b"))

    response = client.post(reverse("agreements:generate_for_placement", args=[placement.pk]))

    assert response.status_code == 404
    assert not AgreementVersion.objects.exists()


# --- Runs ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_run_page_starts_the_batch_and_shows_progress_and_result(
    world, login_as, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    run = published(world)
    client = login_as(world.actor("coordinator_a"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("agreements:run_generate", args=[run.pk]))

    assert response.url == reverse("agreements:run", args=[run.pk])
    html = client.get(response.url).content.decode()
    assert "Drawn up: 4. Already had one: 0. Refused: 0." in html
    assert html.count("✎ Awaiting signatures") == 4
    progress = client.get(reverse("agreements:run_progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert 'value="4" max="4"' in progress.content.decode()
    assert progress["HX-Refresh"] == "true"


@pytest.mark.django_db
def test_run_progress_polls_while_the_job_is_queued(world, login_as) -> None:  # type: ignore[no-untyped-def]
    run = published(world)
    client = login_as(world.actor("coordinator_a"))
    client.post(reverse("agreements:run_generate", args=[run.pk]))  # on_commit not run: queued

    response = client.get(reverse("agreements:run_progress", args=[run.pk]))

    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "Waiting to start" in html
    from sen.core.models import BackgroundJob

    assert BackgroundJob.objects.get(kind="agreements.generate_batch").status == JobStatus.QUEUED


@pytest.mark.django_db
def test_run_pages_answer_404_to_another_school(world, login_as) -> None:  # type: ignore[no-untyped-def]
    run = published(world)
    client = login_as(world.actor("coordinator_b"))

    assert client.get(reverse("agreements:run", args=[run.pk])).status_code == 404
    assert client.post(reverse("agreements:run_generate", args=[run.pk])).status_code == 404


def _published_run(world, count: int, name: str):  # type: ignore[no-untyped-def]
    choice_round, offers = closed_round(world, places=(1, 1, 1), name=name)
    rank_all(choice_round, students(world, count), offers)
    run = computed_run(world.actor("coordinator_a"), choice_round)
    allocation_services.publish(actor=world.actor("coordinator_a"), run=run)
    for placement in Placement.objects.filter(run=run):
        agreement_version_for(placement)
    return run


@pytest.mark.django_db
def test_run_page_costs_the_same_queries_for_1_and_3_placements(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("coordinator_a"))
    small = _published_run(world, 1, "Ronde een")
    large = _published_run(world, 3, "Ronde drie")

    one = _queries(client, reverse("agreements:run", args=[small.pk]))
    three = _queries(client, reverse("agreements:run", args=[large.pk]))

    assert one == three
    assert (
        client.get(reverse("agreements:run", args=[large.pk]))
        .content.decode()
        .count("✎ Awaiting signatures")
        == 3
    )


@pytest.mark.django_db
def test_run_list_costs_the_same_queries_for_1_and_3_runs(world, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world.actor("coordinator_a"))
    _published_run(world, 1, "Ronde een")
    one = _queries(client, reverse("agreements:runs"))

    _published_run(world, 1, "Ronde twee")
    _published_run(world, 1, "Ronde drie")
    three = _queries(client, reverse("agreements:runs"))

    assert one == three
    html = client.get(reverse("agreements:runs")).content.decode()
    assert html.count("1/1") == 3
