"""Changes to schools, their inspections and designated teachers. Each runs in one
transaction with its audit entry."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from vsh.accounts.roles import Role
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


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _overlapping(start: date, end: date | None) -> Q:
    q = Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    if end is not None:
        q &= Q(started_on__lte=end)
    return q


def add_designation(
    *,
    actor,
    school: School,
    user,
    started_on: date,
    ended_on: date | None = None,
    is_lead: bool = True,
) -> DesignatedTeacher:
    """Designate `user` at `school`; from `started_on` they see its pupils on roll.

    Refused (ValidationError, nothing saved) for an account that is not an active
    designated teacher, an end before the start, or dates that overlap the same
    teacher's other designation at this school."""
    if user.role != Role.DESIGNATED_TEACHER or not user.is_active:
        raise ValidationError(
            {"user": f"{user} does not have an active designated teacher account."}
        )
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": "The end date must be on or after the start date."})
    with transaction.atomic():
        # Lock the school too: with no designation yet there is no row to lock, and two
        # managers could otherwise designate the same teacher at once.
        School.objects.select_for_update().get(pk=school.pk)
        designations = DesignatedTeacher.objects.select_for_update().filter(school=school)
        clash = (
            designations.filter(user=user)
            .filter(_overlapping(started_on, ended_on))
            .order_by("started_on")
            .first()
        )
        if clash is not None:
            until = f"to {_day(clash.ended_on)}" if clash.ended_on else "with no end date"
            raise ValidationError(
                {
                    "user": f"{user} is already designated at this school from "
                    f"{_day(clash.started_on)} {until}. Change the dates, or end that "
                    "designation first."
                }
            )
        designation = DesignatedTeacher.objects.create(
            school=school, user=user, started_on=started_on, ended_on=ended_on, is_lead=is_lead
        )
        record_create(actor, designation, detail=f"Designated {user} at {school}")
    return designation


def end_designation(*, actor, designation: DesignatedTeacher, ended_on: date) -> DesignatedTeacher:
    """End a designation; the teacher loses sight of the school's pupils after `ended_on`."""
    with transaction.atomic():
        designation = (
            DesignatedTeacher.objects.select_for_update(of=("self",))
            .select_related("user", "school")
            .get(pk=designation.pk)
        )
        if ended_on < designation.started_on:
            raise ValidationError(
                {
                    "ended_on": "The end date must be on or after the start date, "
                    f"{designation.started_on:%d/%m/%Y}."
                }
            )
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
