"""Changes to schools, their inspections and designated teachers. Each runs in one
transaction with its audit entry."""

from datetime import date

from django.db import transaction

from vsh.audit.services import record_create, record_update, snapshot

from .models import DesignatedTeacher, Inspection, School


def create_school(*, actor, data: dict) -> School:
    with transaction.atomic():
        school = School.objects.create(**data)
        record_create(actor, school)
    return school


def update_school(*, actor, school: School, data: dict) -> School:
    with transaction.atomic():
        before = snapshot(School.objects.select_for_update().get(pk=school.pk))
        for name, value in data.items():
            setattr(school, name, value)
        school.save()
        record_update(actor, school, before=before)
    return school


def add_inspection(*, actor, school: School, data: dict) -> Inspection:
    with transaction.atomic():
        inspection = Inspection.objects.create(school=school, **data)
        record_create(actor, inspection)
    return inspection


def add_designation(
    *,
    actor,
    school: School,
    user,
    started_on: date,
    ended_on: date | None = None,
    is_lead: bool = True,
) -> DesignatedTeacher:
    """Designate `user` at `school`; from `started_on` they see its pupils on roll."""
    with transaction.atomic():
        designation = DesignatedTeacher.objects.create(
            school=school, user=user, started_on=started_on, ended_on=ended_on, is_lead=is_lead
        )
        record_create(actor, designation, detail=f"Designated {user} at {school}")
    return designation


def end_designation(*, actor, designation: DesignatedTeacher, ended_on: date) -> DesignatedTeacher:
    """End a designation; the teacher loses sight of the school's pupils after `ended_on`."""
    with transaction.atomic():
        before = snapshot(designation)
        designation.ended_on = ended_on
        designation.save(update_fields=["ended_on"])
        record_update(
            actor,
            designation,
            before=before,
            detail=f"Ended designation of {designation.user} at {designation.school}",
        )
    return designation
