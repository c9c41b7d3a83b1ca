"""The demo's conversations and evaluations (sen.messaging).

Runs after the placements (and their agreements) exist. The demo student's
placement and every third other running placement (at most MAX_THREADS) get a
short conversation between the workplace supervisor, the student, a parent and
the teacher, with the notifications `post_message` would have written: the
older ones read and e-mailed, the latest one unread, so the demo parent and the
demo supervisor see a count in their header. Placements in their evaluation
window (completed, or ending within two weeks) get the student's and the
company's evaluation, as `submit_evaluation` writes them.

Rows are bulk-inserted with the same values the services write; like the other
bulk steps of the demo, they are not audited one by one (the seed is, once).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from sen.core.actor import Role
from sen.core.demo.people import DEMO_STUDENT
from sen.messaging.evaluations.questions import WINDOW_DAYS
from sen.messaging.models import Delivery, Evaluation, Message, Notification, Party, Thread
from sen.messaging.threads.services import EXCERPT_LENGTH, KIND
from sen.network.models import Guardianship
from sen.placements.models import Placement, PlacementStatus

if TYPE_CHECKING:
    from sen.core.demo.builder import Build

MAX_THREADS = 60
# A conversation: who writes (a role of the placement) and what; {first} is the student's
# first name, {supervisor} the supervisor's first name.
SCRIPTS: tuple[tuple[tuple[str, str], ...], ...] = (
    (
        (
            Role.SUPERVISOR,
            "Hoi {first}, welkom! Neem morgen je werkschoenen mee, dan beginnen we om half negen.",
        ),
        (Role.STUDENT, "Dank je wel! Ik ben er om kwart over acht."),
        (Role.GUARDIAN, "Fijn dat het zo goed geregeld is. {first} heeft er veel zin in."),
        (Role.SUPERVISOR, "{first} heeft vandaag zelf een groep aangesloten. Knap werk!"),
    ),
    (
        (Role.TEACHER, "Hoe gaat het de eerste weken? Vergeet je logboek niet bij te houden."),
        (Role.STUDENT, "Goed! Ik heb al drie dagen ingevuld."),
        (Role.SUPERVISOR, "Klopt, {first} doet goed mee. Volgende week gaan we naar een klant."),
    ),
    (
        (Role.GUARDIAN, "{first} is donderdag bij de orthodontist en komt rond tien uur."),
        (Role.SUPERVISOR, "Geen probleem, bedankt voor het laten weten."),
    ),
    (
        (Role.SUPERVISOR, "Wil je morgen een pen en je opdrachtenboekje meenemen, {first}?"),
        (Role.STUDENT, "Doe ik, tot morgen {supervisor}!"),
        (Role.TEACHER, "Ik kom volgende week dinsdag even langs voor een gesprek."),
    ),
)
STUDENT_REMARKS = (
    "Ik heb veel geleerd en mocht echt meedoen.",
    "Leuke collega's, soms wel weinig te doen.",
    "Mijn begeleider legde alles goed uit.",
    "",
)
COMPANY_REMARKS = (
    "Gemotiveerde leerling, graag volgend jaar weer.",
    "Goede samenwerking met de docent.",
    "Graag iets meer voorbereiding op veiligheid.",
    "",
)


def _author(placement: Placement, role: str, parents: dict[int, list[Any]]) -> Any:
    if role == Role.STUDENT:
        return placement.student.user
    if role == Role.SUPERVISOR:
        return placement.supervisor
    if role == Role.TEACHER:
        return placement.teacher
    family = parents.get(placement.student_id, [])
    return family[0] if family else None


def _notice(placement: Placement, message: Message, author: Any, person: Any) -> dict[str, str]:
    """The subject and body `post_message` writes, in the person's language."""
    with translation.override(getattr(person, "language", "") or "nl"):
        return {
            "subject": _("New message: placement of %(student)s at %(company)s")
            % {"student": placement.student.first_name, "company": placement.offer.company},
            "body": _("%(author)s (%(role)s) wrote:")
            % {"author": author.get_full_name(), "role": Role(message.author_role).label}
            + "\n"
            + Truncator(message.body).chars(EXCERPT_LENGTH),
        }


def build_messaging(build: Build) -> None:
    gen = build.gen
    now = timezone.now()
    today = timezone.localdate()
    schools = [s for plan in build.plans for s in plan.schools]
    running = list(
        Placement.objects.filter(
            student__school__in=schools,
            status__in=[PlacementStatus.ACTIVE, PlacementStatus.COMPLETED],
        )
        .select_related("student__user", "offer__company", "supervisor", "teacher")
        .order_by("pk")
    )
    demo = [p for p in running if p.student.user and p.student.user.email == DEMO_STUDENT]
    others = [p for index, p in enumerate(running) if index % 3 == 0 and p not in demo]
    chosen = demo + others[:MAX_THREADS]
    parents: dict[int, list[Any]] = {}
    for guardianship in (
        Guardianship.objects.filter(student__in=[p.student_id for p in chosen], user__isnull=False)
        .select_related("user", "student")
        .order_by("pk")
    ):
        student = guardianship.student
        if student.is_minor or student.shares_with_guardians:
            parents.setdefault(student.pk, []).append(guardianship.user)

    threads: list[Thread] = []
    planned: list[tuple[Thread, Placement, list[tuple[Any, str, str, dt.datetime]]]] = []
    for number, placement in enumerate(chosen):
        script = SCRIPTS[0] if placement in demo else SCRIPTS[number % len(SCRIPTS)]
        lines = []
        start = now - dt.timedelta(days=len(script) + 1, hours=gen.rng.randint(0, 6))
        for step, (role, text) in enumerate(script):
            author = _author(placement, role, parents)
            if author is None:
                continue
            supervisor = (
                placement.supervisor.get_full_name().split(" ")[0] if placement.supervisor else ""
            )
            body = text.format(first=placement.student.first_name, supervisor=supervisor)
            lines.append((author, str(role), body, start + dt.timedelta(days=step, hours=step * 3)))
        if not lines:
            continue
        thread = Thread(placement=placement, created_at=lines[0][3], last_message_at=lines[-1][3])
        threads.append(thread)
        planned.append((thread, placement, lines))

    messages: list[Message] = []
    owners: list[tuple[Message, Placement, Any, bool]] = []
    for thread, placement, lines in planned:
        for index, (author, role, body, when) in enumerate(lines):
            message = Message(
                thread=thread, author=author, author_role=role, body=body, created_at=when
            )
            messages.append(message)
            owners.append((message, placement, author, index == len(lines) - 1))

    evaluations: list[Evaluation] = []
    for placement in running:
        window_open = placement.status == PlacementStatus.COMPLETED or (
            placement.ends_on - dt.timedelta(days=WINDOW_DAYS) <= today
        )
        if not window_open or not gen.chance(0.7):
            continue
        if placement.student.user is not None:
            evaluations.append(_evaluation(build, placement, Party.STUDENT, placement.student.user))
        if placement.supervisor is not None and gen.chance(0.8):
            evaluations.append(_evaluation(build, placement, Party.COMPANY, placement.supervisor))

    with build.progress.phase("conversations", len(threads) + 2 * len(messages)) as phase:
        build.insert(Thread, threads, phase)
        for message in messages:
            message.thread_id = message.thread.pk
        build.insert(Message, messages, phase)
        notifications: list[Notification] = []
        for message, placement, author, latest in owners:
            people = [placement.student.user, *parents.get(placement.student_id, [])]
            people += [placement.supervisor, placement.teacher]
            seen: set[int] = set()
            for person in people:
                if person is None or person.pk == author.pk or person.pk in seen:
                    continue
                seen.add(person.pk)
                notifications.append(
                    Notification(
                        recipient=person,
                        kind=KIND,
                        key=f"message:{message.pk}",
                        url=reverse("messaging:thread", args=[placement.pk]),
                        placement=placement,
                        delivery=Delivery.IMMEDIATE,
                        read_at=None if latest else message.created_at,
                        emailed_at=message.created_at,
                        email_attempts=1,
                        **_notice(placement, message, author, person),
                    )
                )
        phase.grow(len(notifications))
        build.insert(Notification, notifications, phase)
    with build.progress.phase("evaluations", len(evaluations)) as phase:
        build.insert(Evaluation, evaluations, phase)
    build.count("conversations", len(threads))
    build.count("messages", len(messages))
    build.count("notifications", len(notifications))
    build.count("evaluations", len(evaluations))


def _evaluation(build: Build, placement: Placement, party: str, author: Any) -> Evaluation:
    gen = build.gen
    scores = [gen.choice((2, 3, 4, 4, 4, 5, 5, 5)) for _ in range(3)]
    remarks = STUDENT_REMARKS if party == Party.STUDENT else COMPANY_REMARKS
    return Evaluation(
        placement=placement,
        party=party,
        author=author,
        score_1=scores[0],
        score_2=scores[1],
        score_3=scores[2],
        comment=gen.choice(remarks),
        created_at=(
            timezone.make_aware(dt.datetime.combine(placement.ends_on, dt.time(16, 0)))
            if placement.ends_on < timezone.localdate()
            else timezone.now() - dt.timedelta(minutes=gen.rng.randint(5, 120))
        ),
    )
