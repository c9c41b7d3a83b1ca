"""Factories for messaging: notifications, conversations, evaluations, and placements at
the moment they matter (ending soon, a classmate's at company A).

`classmate_placement(world)` places a classmate of Anna (school A, no family A data)
at company A under Sjaak (supervisor_a) with Tim (teacher_a): pages about it may be
shown to the company without showing family A.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from sen.messaging.models import Delivery, Evaluation, Message, Notification, Party, Thread
from sen.placements.models import Placement, PlacementStatus
from tests.factories import CompanyFactory, GuardianshipFactory, StudentFactory, UserFactory
from tests.factories.placements import placement_for


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "messaging.message"
    key = factory.Sequence(lambda n: f"test:{n}")
    subject = factory.Sequence(lambda n: f"Melding {n}")
    body = "Er is iets gebeurd."
    url = "/messages/notifications/"
    delivery = Delivery.IN_APP


class ThreadFactory(DjangoModelFactory):
    class Meta:
        model = Thread
        django_get_or_create = ("placement",)


def message(placement: Placement, author: Any, body: str, role: str) -> Message:
    """A message as `post_message` stores it, without its notifications."""
    thread, _ = Thread.objects.get_or_create(placement=placement)
    created = Message.objects.create(thread=thread, author=author, author_role=role, body=body)
    Thread.objects.filter(pk=thread.pk).update(last_message_at=created.created_at)
    return created


class EvaluationFactory(DjangoModelFactory):
    class Meta:
        model = Evaluation

    party = Party.STUDENT
    score_1 = 4
    score_2 = 4
    score_3 = 4
    comment = ""


def ending_placement(
    world: Any, family: str = "a", *, days_left: int = 7, **fields: Any
) -> Placement:
    """An active placement whose last day is `days_left` days from today."""
    today = timezone.localdate()
    return placement_for(
        world,
        family,
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=days_left),
        **fields,
    )


def classmate_placement(
    world: Any,
    *,
    first_name: str = "Daan",
    status: str = PlacementStatus.ACTIVE,
    days_left: int = 56,
    with_parent: bool = False,
) -> Placement:
    """A classmate of Anna at an offer of company A, supervised by Sjaak, taught by Tim."""
    from tests.factories import CompanyLocationFactory
    from tests.factories.offers import OfferFactory

    today = timezone.localdate()
    student = StudentFactory(
        school=world.school_a,
        first_name=first_name,
        last_name="Klein",
        user=UserFactory(
            email=f"{first_name.lower()}@leerling.test", full_name=f"{first_name} Klein"
        ),
    )
    if with_parent:
        parent = UserFactory(
            email=f"ouder-{first_name.lower()}@ouder.test", full_name="Ouder Klein"
        )
        GuardianshipFactory(student=student, email=parent.email, user=parent)
    offer = OfferFactory(
        company=world.company_a,
        location=CompanyLocationFactory(company=world.company_a),
        supervisor=world.user("supervisor_a"),
        status="published",
    )
    return Placement.objects.create(
        student=student,
        offer=offer,
        status=status,
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=days_left),
        schedule=list(offer.schedule),
        supervisor=world.user("supervisor_a"),
        teacher=world.user("teacher_a"),
    )


def placement_at_other_company(world: Any, family: str = "a", **fields: Any) -> Placement:
    """A placement of the family's student at a company outside the world (no world
    supervisor or contact takes part), with the family's teacher."""
    from tests.factories import CompanyLocationFactory
    from tests.factories.offers import OfferFactory

    company = CompanyFactory(name="Bakkerij Ter Horst", regions=[world.region])
    student = world.student_a if family == "a" else world.student_b
    teacher = world.user("teacher_a" if family == "a" else "teacher_b")
    supervisor = UserFactory(email=f"begeleider-{family}@terhorst.test", full_name="Bert ter Horst")
    today = timezone.localdate()
    offer = OfferFactory(
        company=company,
        location=CompanyLocationFactory(company=company),
        supervisor=supervisor,
        status="published",
    )
    values: dict[str, Any] = {
        "status": PlacementStatus.ACTIVE,
        "starts_on": today - dt.timedelta(days=60),
        "ends_on": today + dt.timedelta(days=7),
        **fields,
    }
    return Placement.objects.create(
        student=student,
        offer=offer,
        schedule=list(offer.schedule),
        supervisor=supervisor,
        teacher=teacher,
        **values,
    )
