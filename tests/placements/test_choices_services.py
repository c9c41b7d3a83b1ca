"""The choice-round services: every exit path, with explicit times."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sen.audit.models import AuditEvent
from sen.placements.models import ChoiceItem, ChoiceList, ChoiceRound, ChoiceStatus, RoundStatus
from sen.placements.selectors import choices as selectors
from sen.placements.services import choices as services
from tests.factories import PeriodFactory, ProfileFactory, StudentFactory
from tests.placements.test_choices_support import (
    make_list,
    make_offer,
    make_round,
    round_with_offers,
)


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def _ranking(choice_round, student):  # type: ignore[no-untyped-def]
    return list(
        ChoiceItem.objects.filter(choice_list__round=choice_round, choice_list__student=student)
        .order_by("rank")
        .values_list("offer_id", flat=True)
    )


def _data(world, **overrides):  # type: ignore[no-untyped-def]
    now = timezone.now()
    values = {
        "name": "Ronde 1",
        "period": PeriodFactory(school=world.school_a),
        "opens_at": now,
        "deadline": now + dt.timedelta(days=10),
        "min_choices": 3,
        "max_choices": 5,
        "max_distance_km": 25,
        "requires_mentor_approval": True,
        **overrides,
    }
    return services.RoundData(**values)


# --- Rounds -------------------------------------------------------------------------------


def test_create_round_saves_and_audits(world):
    offer = make_offer(world.company_a)
    data = _data(world, years=[3], tracks=["KB"], offers=[offer])

    choice_round = services.create_round(actor=world.actor("coordinator_a"), data=data)

    assert (choice_round.school_id, choice_round.status, choice_round.years) == (
        world.school_a.pk,
        RoundStatus.DRAFT,
        [3],
    )
    assert list(choice_round.offers.all()) == [offer]
    assert _actions() == ["placements.choice_round.created"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"min_choices": 0}, "min_choices"),
        ({"max_choices": 7}, "max_choices"),
        ({"min_choices": 4, "max_choices": 3}, "max_choices"),
    ],
)
def test_create_round_refuses_bad_numbers(world, overrides, field):
    with pytest.raises(ValidationError) as exc:
        services.create_round(actor=world.actor("coordinator_a"), data=_data(world, **overrides))

    assert set(exc.value.error_dict) == {field}
    assert ChoiceRound.objects.count() == 0


def test_create_round_refuses_deadline_before_opening(world):
    now = timezone.now()
    data = _data(world, opens_at=now, deadline=now - dt.timedelta(hours=1))

    with pytest.raises(ValidationError) as exc:
        services.create_round(actor=world.actor("coordinator_a"), data=data)

    assert set(exc.value.error_dict) == {"deadline"}


def test_create_round_refuses_other_schools_period(world):
    data = _data(world, period=PeriodFactory(school=world.school_b))

    with pytest.raises(ValidationError) as exc:
        services.create_round(actor=world.actor("coordinator_a"), data=data)

    assert set(exc.value.error_dict) == {"period"}


def test_create_round_refuses_unpublished_offer(world):
    draft = make_offer(world.company_a, status="draft")

    with pytest.raises(ValidationError) as exc:
        services.create_round(actor=world.actor("coordinator_a"), data=_data(world, offers=[draft]))

    assert set(exc.value.error_dict) == {"offers"}


def test_update_round_records_changes(world):
    choice_round = make_round(world.school_a, status=RoundStatus.DRAFT)
    data = _data(world, period=choice_round.period, name="Nieuwe naam")

    services.update_round(actor=world.actor("coordinator_a"), choice_round=choice_round, data=data)

    event = AuditEvent.objects.get(action="placements.choice_round.updated")
    assert event.changes["name"] == ["Keuzeronde blok 1", "Nieuwe naam"]


def test_update_round_refuses_closed_round(world):
    choice_round = make_round(world.school_a, status=RoundStatus.CLOSED)

    with pytest.raises(ValidationError):
        services.update_round(
            actor=world.actor("coordinator_a"),
            choice_round=choice_round,
            data=_data(world, period=choice_round.period),
        )


def test_open_and_close_round_follow_transitions(world):
    choice_round = make_round(world.school_a, status=RoundStatus.DRAFT)
    actor = world.actor("coordinator_a")

    services.open_round(actor=actor, choice_round=choice_round)
    services.close_round(actor=actor, choice_round=choice_round)

    choice_round.refresh_from_db()
    assert choice_round.status == RoundStatus.CLOSED
    assert _actions() == ["placements.choice_round.opened", "placements.choice_round.closed"]


def test_close_round_refuses_draft(world):
    choice_round = make_round(world.school_a, status=RoundStatus.DRAFT)

    with pytest.raises(ValidationError):
        services.close_round(actor=world.actor("coordinator_a"), choice_round=choice_round)
    assert _actions() == []


def test_open_round_refuses_passed_deadline(world):
    choice_round = make_round(world.school_a, status=RoundStatus.DRAFT)
    later = choice_round.deadline + dt.timedelta(minutes=1)

    with pytest.raises(ValidationError) as exc:
        services.open_round(
            actor=world.actor("coordinator_a"), choice_round=choice_round, now=later
        )

    assert set(exc.value.error_dict) == {"deadline"}


# --- Students -----------------------------------------------------------------------------


def _save(world, choice_round, ids, **kwargs):  # type: ignore[no-untyped-def]
    return services.save_ranking(
        actor=world.actor("student_a"),
        choice_round=choice_round,
        student=world.student_a,
        offer_ids=ids,
        **kwargs,
    )


def test_save_ranking_stores_order_and_audits(world):
    choice_round = round_with_offers(world)
    o1, _o2, o3 = selectors.round_offers(choice_round)

    _save(world, choice_round, [o3.pk, o1.pk])

    assert _ranking(choice_round, world.student_a) == [o3.pk, o1.pk]
    assert _actions() == ["placements.choice_list.saved"]


@pytest.mark.parametrize("bad", ["letters", "none", "duplicate", "too_many", "foreign"])
def test_save_ranking_refuses_malformed_ranking(world, bad):
    choice_round = round_with_offers(world)
    ids = [o.pk for o in selectors.round_offers(choice_round)]
    _save(world, choice_round, ids[:2])
    ranking = {
        "letters": ["x"],
        "none": [None],
        "duplicate": [ids[0], ids[0]],
        "too_many": [*ids, make_offer(world.company_a).pk],
        "foreign": [make_offer(world.company_b).pk],
    }[bad]
    choice_round.offers.add(*([] if bad != "too_many" else [ranking[-1]]))

    with pytest.raises(ValidationError):
        _save(world, choice_round, ranking)

    assert _ranking(choice_round, world.student_a) == ids[:2]


def test_save_ranking_refuses_after_deadline(world):
    choice_round = round_with_offers(world)
    ids = [o.pk for o in selectors.round_offers(choice_round)]

    with pytest.raises(ValidationError) as exc:
        _save(world, choice_round, ids[:2], now=choice_round.deadline)

    assert exc.value.messages == ["The deadline has passed; your choices can no longer be changed."]
    assert ChoiceList.objects.count() == 0


def test_save_ranking_refuses_before_opening(world):
    choice_round = round_with_offers(world)

    with pytest.raises(ValidationError):
        _save(world, choice_round, [], now=choice_round.opens_at - dt.timedelta(seconds=1))


def test_save_ranking_refuses_closed_round(world):
    choice_round = round_with_offers(world, status=RoundStatus.CLOSED)

    with pytest.raises(ValidationError):
        _save(world, choice_round, [])
    assert ChoiceList.objects.count() == 0


def test_save_ranking_refuses_student_outside_round(world):
    choice_round = round_with_offers(world, years=[4])

    with pytest.raises(ValidationError):
        _save(world, choice_round, [])


def test_eligibility_follows_years_classes_tracks_and_profiles(world):
    pie = ProfileFactory(code="PIE")
    inside = StudentFactory(school=world.school_a, year=3, class_name="3B", track="KB", profile=pie)
    StudentFactory(school=world.school_a, year=4, class_name="3B", track="KB", profile=pie)
    StudentFactory(school=world.school_a, year=3, class_name="3C", track="KB", profile=pie)
    StudentFactory(school=world.school_a, year=3, class_name="3B", track="TL", profile=pie)
    StudentFactory(school=world.school_a, year=3, class_name="3B", track="KB")
    StudentFactory(school=world.school_b, year=3, class_name="3B", track="KB", profile=pie)
    choice_round = make_round(world.school_a, years=[3], class_names=["3B"], tracks=["KB"])
    choice_round.profiles.set([pie])

    assert list(selectors.eligible_students(choice_round)) == [inside]


def test_moves_and_remove_change_the_ranking(world):
    choice_round = round_with_offers(world)
    o1, o2, o3 = (o.pk for o in selectors.round_offers(choice_round))
    kwargs = {"actor": world.actor("student_a"), "choice_round": choice_round}
    kwargs["student"] = world.student_a
    for offer in (o1, o2, o3):
        services.add_choice(**kwargs, offer_id=offer)

    services.move_choice(**kwargs, offer_id=o3, direction="up")
    services.move_choice(**kwargs, offer_id=o1, direction="up")  # already on top: no change
    services.move_choice(**kwargs, offer_id=o1, direction="down")
    assert _ranking(choice_round, world.student_a) == [o3, o1, o2]

    services.remove_choice(**kwargs, offer_id=o1)
    assert _ranking(choice_round, world.student_a) == [o3, o2]


def test_move_refuses_offer_not_chosen(world):
    choice_round = round_with_offers(world)

    with pytest.raises(ValidationError):
        services.move_choice(
            actor=world.actor("student_a"),
            choice_round=choice_round,
            student=world.student_a,
            offer_id="12345",
            direction="up",
        )


def _submit(world, choice_round, **kwargs):  # type: ignore[no-untyped-def]
    return services.submit_choices(
        actor=world.actor("student_a"), choice_round=choice_round, student=world.student_a, **kwargs
    )


def test_submit_sets_status_and_audits(world):
    choice_round = round_with_offers(world)
    _save(world, choice_round, [o.pk for o in selectors.round_offers(choice_round)][:2])

    choice_list = _submit(world, choice_round)

    assert choice_list.status == ChoiceStatus.SUBMITTED
    assert _actions() == ["placements.choice_list.saved", "placements.choice_list.submitted"]


def test_submit_refuses_too_few(world):
    choice_round = round_with_offers(world)
    _save(world, choice_round, [o.pk for o in selectors.round_offers(choice_round)][:1])

    with pytest.raises(ValidationError) as exc:
        _submit(world, choice_round)

    assert exc.value.messages == ["Choose between 2 and 3 offers; you have 1."]
    assert ChoiceList.objects.get().status == ChoiceStatus.DRAFT


def test_submit_refuses_after_deadline(world):
    choice_round = round_with_offers(world)
    _save(world, choice_round, [o.pk for o in selectors.round_offers(choice_round)][:2])

    with pytest.raises(ValidationError):
        _submit(world, choice_round, now=choice_round.deadline + dt.timedelta(seconds=1))
    assert ChoiceList.objects.get().status == ChoiceStatus.DRAFT


def test_submit_refuses_twice(world):
    choice_round = round_with_offers(world)
    _save(world, choice_round, [o.pk for o in selectors.round_offers(choice_round)][:2])
    _submit(world, choice_round)

    with pytest.raises(ValidationError):
        _submit(world, choice_round)


def test_changing_submitted_choices_makes_a_draft_again(world):
    choice_round = round_with_offers(world)
    ids = [o.pk for o in selectors.round_offers(choice_round)]
    _save(world, choice_round, ids[:2])
    _submit(world, choice_round)

    choice_list = _save(world, choice_round, ids[1::-1])

    assert choice_list.status == ChoiceStatus.DRAFT


# --- Mentors ------------------------------------------------------------------------------


def test_approve_and_return_are_audited(world):
    choice_round = round_with_offers(world)
    offers = list(selectors.round_offers(choice_round))
    other = StudentFactory(school=world.school_a)
    first = make_list(choice_round, world.student_a, offers[:2])
    second = make_list(choice_round, other, offers[:2])
    teacher = world.actor("teacher_a")

    services.approve_choices(actor=teacher, choice_list=first)
    services.return_choices(actor=teacher, choice_list=second, comment="Kies ook iets dichtbij.")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ChoiceStatus.APPROVED, ChoiceStatus.RETURNED)
    assert second.mentor_comment == "Kies ook iets dichtbij."
    assert _actions() == ["placements.choice_list.approved", "placements.choice_list.returned"]


def test_return_requires_comment(world):
    choice_round = round_with_offers(world)
    choice_list = make_list(
        choice_round, world.student_a, list(selectors.round_offers(choice_round))[:2]
    )

    with pytest.raises(ValidationError) as exc:
        services.return_choices(
            actor=world.actor("teacher_a"), choice_list=choice_list, comment=" "
        )

    assert set(exc.value.error_dict) == {"comment"}


def test_return_refuses_after_deadline(world):
    choice_round = round_with_offers(world)
    choice_list = make_list(
        choice_round, world.student_a, list(selectors.round_offers(choice_round))[:2]
    )

    with pytest.raises(ValidationError):
        services.return_choices(
            actor=world.actor("teacher_a"),
            choice_list=choice_list,
            comment="Te laat",
            now=choice_round.deadline,
        )


def test_approve_refuses_draft_and_round_without_approval(world):
    choice_round = round_with_offers(world)
    offers = list(selectors.round_offers(choice_round))
    draft = make_list(choice_round, world.student_a, offers[:2], status=ChoiceStatus.DRAFT)
    free_round = round_with_offers(world, requires_mentor_approval=False)
    free = make_list(free_round, world.student_a, list(selectors.round_offers(free_round))[:2])

    for choice_list in (draft, free):
        with pytest.raises(ValidationError):
            services.approve_choices(actor=world.actor("teacher_a"), choice_list=choice_list)
    assert _actions() == []


def test_approve_all_approves_only_submitted(world):
    choice_round = round_with_offers(world)
    offers = list(selectors.round_offers(choice_round))
    students = [StudentFactory(school=world.school_a) for _ in range(3)]
    for student in students[:2]:
        make_list(choice_round, student, offers[:2])
    make_list(choice_round, students[2], offers[:2], status=ChoiceStatus.DRAFT)

    count = services.approve_all(actor=world.actor("teacher_a"), choice_round=choice_round)

    assert count == 2
    statuses = sorted(ChoiceList.objects.values_list("status", flat=True))
    assert statuses == [ChoiceStatus.APPROVED, ChoiceStatus.APPROVED, ChoiceStatus.DRAFT]
    assert _actions() == ["placements.choice_list.approved"] * 2
