"""Who may do what in the regional network.

Function-level rules (no object) decide which pages a role reaches and which
menu items it sees; object-level rules decide per school, company or student.
Views fetch records through `visible_to(actor)` first and then ask these rules,
so a record outside the actor's scope and a forbidden action both answer 404.
"""

from __future__ import annotations

from typing import Any

import rules

from sen.core.actor import Actor, Role
from sen.core.policy import has_role, is_signed_in

is_region_coordinator = has_role(Role.REGION_COORDINATOR)
is_school_staff = has_role(Role.COORDINATOR, Role.TEACHER)
is_school_coordinator = has_role(Role.COORDINATOR)
is_company_member = has_role(Role.SUPERVISOR, Role.COMPANY_CONTACT)
is_company_contact = has_role(Role.COMPANY_CONTACT)
is_student = has_role(Role.STUDENT)
is_guardian = has_role(Role.GUARDIAN)


@rules.predicate
def has_region(actor: Actor, obj: Any = None) -> bool:
    return actor.region_id is not None


@rules.predicate
def in_actors_region(actor: Actor, obj: Any) -> bool:
    """The school or company belongs to the region the actor coordinates now."""
    if obj is None or actor.region_id is None or obj.pk is None:
        return False
    return bool(obj.regions.filter(pk=actor.region_id).exists())


@rules.predicate
def works_at_school(actor: Actor, school: Any) -> bool:
    return school is not None and actor.school_id is not None and actor.school_id == school.pk


@rules.predicate
def works_at_company(actor: Actor, company: Any) -> bool:
    return company is not None and actor.company_id is not None and actor.company_id == company.pk


@rules.predicate
def at_students_school(actor: Actor, student: Any) -> bool:
    return (
        student is not None and actor.school_id is not None and actor.school_id == student.school_id
    )


@rules.predicate
def is_the_student(actor: Actor, student: Any) -> bool:
    return student is not None and student.user_id is not None and student.user_id == actor.user_id


@rules.predicate
def is_guardian_of(actor: Actor, student: Any) -> bool:
    """A guardian who may follow this student (a minor, or an adult who shares)."""
    if student is None:
        return False
    from sen.core.scoping import guardian_student_ids
    from sen.network.models import Student

    return bool(Student.objects.filter(pk=student.pk, pk__in=guardian_student_ids(actor)).exists())


@rules.predicate
def is_adult(actor: Actor, student: Any) -> bool:
    return student is not None and not student.is_minor


manages_region = is_region_coordinator & has_region
region_manages = is_region_coordinator & in_actors_region

# Region coordinators: the overview, adding schools and companies to the network.
rules.add_rule("network.view_region", manages_region)
rules.add_rule("network.add_school", manages_region)
rules.add_rule("network.add_company", manages_region)

# Function-level gates (asked without an object): who reaches school and company
# pages at all. The object rules below then decide per school or company.
rules.add_rule("network.open_schools", is_school_staff | manages_region)
rules.add_rule("network.edit_schools", is_school_coordinator | manages_region)
rules.add_rule("network.edit_companies", is_company_contact | manages_region)

# Schools: staff see their own school; region coordinators the schools of their region.
rules.add_rule("network.view_own_school", is_school_staff)
rules.add_rule("network.view_school", (is_school_staff & works_at_school) | region_manages)
rules.add_rule("network.change_school", (is_school_coordinator & works_at_school) | region_manages)
rules.add_rule("network.change_school_regions", region_manages)

# Companies: the public profile is for everyone signed in.
rules.add_rule("network.view_company", is_signed_in)
rules.add_rule("network.view_own_company", is_company_member)
rules.add_rule("network.view_company_people", is_company_member & works_at_company)
rules.add_rule("network.change_company", (is_company_contact & works_at_company) | region_manages)
rules.add_rule("network.change_company_regions", region_manages)
rules.add_rule("network.join_region", manages_region)

# Students: the school's staff, the student, and guardians who may follow them.
rules.add_rule("network.open_students", is_school_staff | is_student | is_guardian)
rules.add_rule("network.view_student_list", is_school_staff)
rules.add_rule(
    "network.view_student",
    (is_school_staff & at_students_school)
    | (is_student & is_the_student)
    | (is_guardian & is_guardian_of),
)
rules.add_rule("network.invite_guardian", is_school_coordinator & at_students_school)
rules.add_rule("network.view_own_details", is_student)
# DOMAIN.md: from 18 the student decides what parents see.
rules.add_rule("network.change_sharing", is_student & is_the_student & is_adult)
rules.add_rule("network.view_children", is_guardian)
