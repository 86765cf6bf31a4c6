"""Reads for the school pages. Schools are not child records, but every pupil count
and pupil list starts from the children the user may see."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from children.models import Child, Enrolment
from children.school_years import year_group_label
from vsh.access import policy
from vsh.accounts.roles import Role

from .models import DesignatedTeacher, School

LEAVERS_WINDOW_DAYS = 365


def _current(on: date) -> Q:
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))


def schools_for(user) -> QuerySet[School]:
    """The schools a user may open: the virtual school sees every school, a
    designated teacher the schools they are designated at today, nobody else any."""
    if user.is_superuser or user.is_virtual_school:
        return School.objects.all()
    if user.role == Role.DESIGNATED_TEACHER:
        return School.objects.filter(pk__in=policy.designated_school_ids(user))
    return School.objects.none()


def may_list_schools(user) -> bool:
    return user.is_superuser or user.is_virtual_school or user.role == Role.DESIGNATED_TEACHER


def _visible_pupils_now(user, on: date) -> QuerySet[Enrolment]:
    """Enrolments current on `on` of children the user may see."""
    return Enrolment.objects.filter(_current(on)).filter(
        child__in=Child.objects.visible_to(user).values("pk")
    )


def with_pupil_counts(schools: QuerySet[School], user, on: date | None = None):
    """Annotate `pupils_now`: visible children on each school's roll today, in the
    same query as the schools so a list page costs the same for 3 or 3,000."""
    on = on or timezone.localdate()
    counts = (
        _visible_pupils_now(user, on)
        .filter(school=OuterRef("pk"))
        .order_by()
        .values("school")
        .annotate(n=Count("child", distinct=True))
        .values("n")
    )
    return schools.annotate(
        pupils_now=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))
    )


@dataclass
class SchoolFilters:
    q: str = ""
    phase: str = ""
    authority: str = ""  # "in" or "out"
    status: str = ""
    with_pupils: bool = False

    @property
    def active(self) -> bool:
        return bool(self.q or self.phase or self.authority or self.status or self.with_pupils)


def school_list(user, filters: SchoolFilters) -> QuerySet[School]:
    schools = with_pupil_counts(schools_for(user), user)
    if filters.q:
        term = filters.q.strip()
        schools = schools.filter(
            Q(name__icontains=term) | Q(urn__startswith=term) | Q(town__icontains=term)
        )
    if filters.phase:
        schools = schools.filter(phase=filters.phase)
    if filters.authority == "in":
        schools = schools.filter(la_code=settings.AUTHORITY_LA_CODE)
    elif filters.authority == "out":
        schools = schools.exclude(la_code=settings.AUTHORITY_LA_CODE)
    if filters.status:
        schools = schools.filter(status=filters.status)
    if filters.with_pupils:
        schools = schools.filter(pupils_now__gt=0)
    return schools.order_by("name", "pk")


def get_school(user, pk: int) -> School:
    """A school the user may open, or 404."""
    return get_object_or_404(schools_for(user), pk=pk)


@dataclass
class SchoolRecord:
    school: School
    inspections: list
    current_designations: list
    upcoming_designations: list
    past_designations: list
    pupils_now: list
    leavers: list


def _designation_current(designation: DesignatedTeacher, on: date) -> bool:
    return designation.started_on <= on and (
        designation.ended_on is None or designation.ended_on >= on
    )


def school_record(user, school: School, on: date | None = None) -> SchoolRecord:
    """Everything on the school page, in a fixed number of queries."""
    on = on or timezone.localdate()
    designations = list(
        school.designated_teachers.select_related("user").order_by("-started_on", "pk")
    )
    current = [d for d in designations if _designation_current(d, on)]
    upcoming = [d for d in designations if d.started_on > on]
    past = [d for d in designations if d.ended_on is not None and d.ended_on < on]

    pupils_now = list(
        _visible_pupils_now(user, on)
        .filter(school=school)
        .select_related("child")
        .order_by("child__last_name", "child__first_name", "pk")
    )
    on_roll = {e.child_id for e in pupils_now}
    since = on - timedelta(days=LEAVERS_WINDOW_DAYS)
    # A child who left and came back is on roll, not a leaver; one who left twice
    # is listed once, with the latest departure.
    leavers, seen = [], set(on_roll)
    for enrolment in (
        Enrolment.objects.filter(
            school=school,
            ended_on__gte=since,
            ended_on__lt=on,
            child__in=Child.objects.visible_to(user).values("pk"),
        )
        .select_related("child")
        .order_by("-ended_on", "pk")
    ):
        if enrolment.child_id not in seen:
            seen.add(enrolment.child_id)
            leavers.append(enrolment)
    for enrolment in (*pupils_now, *leavers):
        enrolment.year_label = year_group_label(enrolment.child.year_group)
    return SchoolRecord(
        school=school,
        inspections=list(school.inspections.all()),
        current_designations=current,
        upcoming_designations=upcoming,
        past_designations=past,
        pupils_now=pupils_now,
        leavers=leavers,
    )


def designations(school: School) -> list[DesignatedTeacher]:
    return list(school.designated_teachers.select_related("user").order_by("-started_on", "pk"))
