"""Generating an agreement: the terms snapshot, the Dutch document, the minors' rules,
idempotence and the placement's move to agreement pending."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError

from sen.agreements.models import Agreement, AgreementTemplate, AgreementVersion, VersionStatus
from sen.agreements.services import templates
from sen.agreements.services.documents import (
    document_hash,
    generate_agreement,
    translation_html,
)
from sen.agreements.services.terms import total_minutes
from sen.audit.models import AuditEvent
from sen.placements.models import PlacementStatus
from tests.factories.placements import placement_for

FIRST = dt.date(2026, 9, 7)  # a Monday
LAST = dt.date(2026, 11, 27)  # a Friday: 12 weeks


def _placement(world, **kwargs):  # type: ignore[no-untyped-def]
    return placement_for(
        world, "a", status=PlacementStatus.PROPOSED, starts_on=FIRST, ends_on=LAST, **kwargs
    )


@pytest.mark.django_db
def test_generate_agreement_fills_every_fact_of_the_placement(world) -> None:  # type: ignore[no-untyped-def]
    placement = _placement(world)

    version = generate_agreement(placement=placement, actor=world.actor("coordinator_a"))

    html = version.document_html
    expected = [
        "<h1>Praktijkovereenkomst hybride leren</h1>",
        "<li><strong>De school</strong>: Ludger College (BRIN 01AA), Doetinchem, hierna "
        '"de school";</li>',
        "<li><strong>Het leerbedrijf</strong>: Installatiebedrijf Jansen (KvK 11111111), "
        'Industrieweg 10, 7008 AA Doetinchem, hierna "het bedrijf";</li>',
        "<li><strong>De leerling</strong>: Anna Achterberg, 15 jaar bij de start, "
        "leerlingnummer A001, klas 3B, leerweg kaderberoepsgericht (KB), hierna "
        '"de leerling";</li>',
        "<li><strong>De ouder(s)/verzorger(s) van de leerling</strong>: Paula Achterberg.</li>",
        "De leerling is bij de start van de praktijkperiode 15 jaar en dus minderjarig.",
        f"keuzevak <strong>{placement.offer.elective.name}</strong> "
        f"({placement.offer.elective.code})",
        f"Programma bij het bedrijf: <strong>{placement.offer.title}</strong>.",
        "Praktijkbegeleider bij het bedrijf: <strong>Sjaak Smit</strong> (sjaak@jansen.test).",
        "Docent namens de school: <strong>Tim Teunissen</strong> (tim@ludger.test).",
        "De praktijkperiode loopt van 7 september 2026 tot en met 27 november 2026 (12 weken).",
        "op dinsdag en donderdag: <strong>12 uur per week</strong> en "
        "<strong>144 uur in totaal</strong>",
        '<tr><th scope="row">dinsdag</th><td>08:30</td><td>15:00</td><td>30 min</td>'
        "<td>6</td></tr>",
        '<tr><th scope="row">donderdag</th><td>08:30</td><td>15:00</td><td>30 min</td>'
        "<td>6</td></tr>",
        "De school blijft eindverantwoordelijk voor het onderwijsprogramma, de toetsing en de "
        "beoordeling van het keuzevak.",
        "artikel 7:658 van het Burgerlijk Wetboek",
        "aansprakelijkheidsverzekering (WA)",
        "collectieve ongevallenverzekering",
        "Algemene verordening gegevensbescherming (AVG)",
        "## Artikel 9".replace("## ", "<h2>") + ". Tussentijds beëindigen</h2>",
        "Het bedrijf verklaart dat bij het werk geen van de risico's aanwezig is",
        "Toezicht: het bedrijf laat de leerling werken <strong>onder toezicht van de "
        "praktijkbegeleider</strong>.",
        "<li><strong>De leerling</strong>: Anna Achterberg</li>",
        "<li><strong>Ouder/verzorger</strong>: Paula Achterberg</li>",
        "<li><strong>De school</strong>: Ludger College (namens de school)</li>",
        "<li><strong>Het bedrijf</strong>: Installatiebedrijf Jansen (namens het bedrijf)</li>",
    ]
    missing = [text for text in expected if text not in html]
    assert missing == []
    assert version.terms["student"]["age_at_start"] == 15
    assert version.terms["weekly_minutes"] == 12 * 60
    assert version.terms["total_minutes"] == 144 * 60
    assert version.document_sha256 == hashlib.sha256(html.encode("utf-8")).hexdigest()
    assert version.document_sha256 == document_hash(html)
    assert (version.number, version.status) == (1, VersionStatus.AWAITING)


@pytest.mark.django_db
def test_generate_agreement_moves_a_proposed_placement_to_agreement_pending(world) -> None:  # type: ignore[no-untyped-def]
    placement = _placement(world)

    version = generate_agreement(placement=placement, actor=world.actor("coordinator_a"))

    placement.refresh_from_db()
    assert placement.status == PlacementStatus.AGREEMENT_PENDING
    event = AuditEvent.objects.get(action="agreements.agreement.generated")
    assert (event.object_id, event.changes["document_sha256"]) == (
        str(version.pk),
        version.document_sha256,
    )
    assert AuditEvent.objects.filter(action="placements.placement.agreement_pending").count() == 1


@pytest.mark.django_db
def test_generate_agreement_is_idempotent(world) -> None:  # type: ignore[no-untyped-def]
    placement = _placement(world)
    first = generate_agreement(placement=placement, actor=world.actor("coordinator_a"))

    second = generate_agreement(placement=placement, actor=world.actor("coordinator_a"))

    assert second.pk == first.pk
    assert AgreementVersion.objects.count() == 1
    assert AuditEvent.objects.filter(action="agreements.agreement.generated").count() == 1


@pytest.mark.django_db
def test_generate_agreement_refuses_a_schedule_that_breaks_the_minors_rules(world) -> None:  # type: ignore[no-untyped-def]
    long_days = [{"weekday": 1, "start": "07:30", "end": "16:00", "break_minutes": 30}]
    placement = _placement(world, schedule=long_days)

    with pytest.raises(ValidationError) as caught:
        generate_agreement(placement=placement, actor=world.actor("coordinator_a"))

    assert caught.value.error_list[0].code == "worktime"
    assert caught.value.messages == [
        "This agreement cannot be made: Anna Achterberg is 15 on the first day and the work "
        "breaks the rules for young workers:",
        "On Tuesday, 8 h of work is not allowed for 14- and 15-year-olds: at most 7 h a day "
        "(source: Rijksoverheid, 'Mogen kinderen van 14 en 15 jaar een beroepsstage lopen?').",
    ]
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PROPOSED
    assert not AgreementVersion.objects.exists()
    assert not Agreement.objects.exists()


@pytest.mark.django_db
def test_generate_agreement_refuses_hazards_forbidden_for_minors(world) -> None:  # type: ignore[no-untyped-def]
    placement = _placement(world, hazards=["dangerous_substances"])

    with pytest.raises(ValidationError) as caught:
        generate_agreement(placement=placement, actor=world.actor("coordinator_a"))

    assert caught.value.error_list[0].code == "worktime"
    assert "(source: Arbobesluit, art. 4.105" in " ".join(caught.value.messages)


@pytest.mark.django_db
def test_generate_agreement_names_declared_hazards_and_expert_supervision(world) -> None:  # type: ignore[no-untyped-def]
    placement = _placement(world, hazards=["machines"], supervision="expert")

    version = generate_agreement(placement=placement, actor=world.actor("coordinator_a"))

    assert "Het bedrijf verklaart dat bij het werk de volgende risico's aanwezig zijn:" in (
        version.document_html
    )
    assert '<ul class="agreement-hazards"><li>werken met of bij machines</li></ul>' in (
        version.document_html
    )
    assert "<strong>onder deskundig toezicht</strong>" in version.document_html


@pytest.mark.django_db
def test_generate_agreement_for_an_adult_has_no_parent_party(world) -> None:  # type: ignore[no-untyped-def]
    world.student_a.date_of_birth = dt.date(2007, 1, 1)
    world.student_a.save(update_fields=["date_of_birth"])
    placement = _placement(world)

    version = generate_agreement(placement=placement, actor=world.actor("coordinator_a"))

    assert "19 jaar en ondertekent deze overeenkomst zelf." in version.document_html
    assert "Ouder/verzorger" not in version.document_html
    assert "en dus minderjarig" not in version.document_html
    assert version.terms["student"]["minor"] is False


@pytest.mark.django_db
@pytest.mark.parametrize("status", [PlacementStatus.CANCELLED, PlacementStatus.COMPLETED])
def test_generate_agreement_refuses_an_ended_placement(world, status: str) -> None:  # type: ignore[no-untyped-def]
    placement = _placement(world)
    placement.status = status
    placement.save(update_fields=["status"])

    with pytest.raises(ValidationError) as caught:
        generate_agreement(placement=placement, actor=world.actor("coordinator_a"))

    assert caught.value.code == "placement_status"
    assert not AgreementVersion.objects.exists()


@pytest.mark.django_db
def test_generate_agreement_makes_the_schools_default_template_when_it_has_none(world) -> None:  # type: ignore[no-untyped-def]
    version = generate_agreement(placement=_placement(world), actor=world.actor("coordinator_a"))

    template = AgreementTemplate.objects.get(school=world.school_a)
    assert template.is_default is True
    assert version.template_version.template == template
    assert AuditEvent.objects.filter(action="agreements.template.created").count() == 1


@pytest.mark.django_db
def test_generate_agreement_uses_the_schools_edited_default_text(world) -> None:  # type: ignore[no-untyped-def]
    coordinator = world.actor("coordinator_a")
    template = templates.create_from_builtin(actor=coordinator, school=world.school_a)
    templates.save_version(
        actor=coordinator,
        template=template,
        name="Eigen tekst",
        body_nl="# Overeenkomst van {{ school_name }}\n\nVoor {{ student_name }}.",
        body_en="# Agreement of {{ school_name }}\n\nFor {{ student_name }}.",
    )

    version = generate_agreement(placement=_placement(world), actor=coordinator)

    assert version.document_html == (
        '<article class="agreement-document" lang="nl">\n'
        "<h1>Overeenkomst van Ludger College</h1>\n"
        "<p>Voor Anna Achterberg.</p>\n"
        "</article>\n"
    )
    assert version.template_version.number == 2
    assert translation_html(version) == (
        '<article class="agreement-document" lang="en">\n'
        "<h1>Agreement of Ludger College</h1>\n"
        "<p>For Anna Achterberg.</p>\n"
        "</article>\n"
    )


@pytest.mark.django_db
def test_generate_agreement_refuses_another_schools_template(world) -> None:  # type: ignore[no-untyped-def]
    other = templates.create_from_builtin(actor=world.actor("coordinator_b"), school=world.school_b)

    with pytest.raises(ValidationError) as caught:
        generate_agreement(
            placement=_placement(world),
            actor=world.actor("coordinator_a"),
            template_version=other.versions.get(),
        )

    assert caught.value.code == "template_school"


def test_total_minutes_counts_only_the_days_inside_the_period() -> None:
    tuesday_thursday = [
        {"weekday": 1, "start": "08:30", "end": "15:00", "break_minutes": 30},
        {"weekday": 3, "start": "08:30", "end": "15:00", "break_minutes": 30},
    ]

    # Wednesday 9 Sep to Tuesday 15 Sep 2026: one Thursday and one Tuesday.
    minutes = total_minutes(tuesday_thursday, dt.date(2026, 9, 9), dt.date(2026, 9, 15))

    assert minutes == 12 * 60
    assert total_minutes(tuesday_thursday, FIRST, LAST) == 144 * 60
