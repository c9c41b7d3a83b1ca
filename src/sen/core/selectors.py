"""What each role's home page shows: the next thing to do, first."""

from __future__ import annotations

from typing import Any

from sen.core.actor import Actor, Role


def home_context(actor: Actor) -> dict[str, Any]:
    role = actor.role or "none"
    context: dict[str, Any] = {"template": f"core/home/{role}.html", "role": role}
    builder = _BUILDERS.get(role)
    if builder is not None:
        context.update(builder(actor))
    return context


def _school_staff(actor: Actor) -> dict[str, Any]:
    from sen.network.models import Student

    students = Student.objects.visible_to(actor)
    return {"student_count": students.count()}


def _student(actor: Actor) -> dict[str, Any]:
    from sen.network.models import Student

    return {"student": Student.objects.visible_to(actor).filter(user_id=actor.user_id or 0).first()}


def _guardian(actor: Actor) -> dict[str, Any]:
    from sen.network.models import Student

    return {"children": list(Student.objects.visible_to(actor).select_related("school"))}


def _company(actor: Actor) -> dict[str, Any]:
    return {"company": actor.organisation}


def _region(actor: Actor) -> dict[str, Any]:
    from sen.network.models import Company, School

    region_id = actor.region_id
    return {
        "school_count": School.objects.filter(regions=region_id).count(),
        "company_count": Company.objects.filter(regions=region_id, is_active=True).count(),
    }


_BUILDERS = {
    Role.COORDINATOR.value: _school_staff,
    Role.TEACHER.value: _school_staff,
    Role.STUDENT.value: _student,
    Role.GUARDIAN.value: _guardian,
    Role.COMPANY_CONTACT.value: _company,
    Role.SUPERVISOR.value: _company,
    Role.REGION_COORDINATOR.value: _region,
}
