"""Factories for tracking records. Deterministic defaults; override freely."""

from datetime import date

import factory
from django.utils import timezone

from children.models import SdqAssessment
from children.school_years import academic_year_start
from children.tracking import codes
from children.tracking.models import Assessment, AttendanceRecord, Celebration, Suspension
from tests.factories import ChildFactory, SchoolFactory
from vsh.terms.models import Season, Term
from vsh.terms.services import ensure_academic_year


def term(season: str = Season.AUTUMN, start_year: int | None = None) -> Term:
    start_year = start_year or academic_year_start(timezone.localdate())
    year = ensure_academic_year(start_year)
    return Term.objects.get(academic_year=year, season=season)


class AttendanceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttendanceRecord

    child = factory.SubFactory(ChildFactory)
    school = factory.SubFactory(SchoolFactory)
    period_start = date(2026, 9, 7)
    period_end = date(2026, 9, 11)
    possible_sessions = 10
    present = 9
    approved_activity = 0
    authorised_absence = 1
    unauthorised_absence = 0


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    child = factory.SubFactory(ChildFactory)
    term = factory.LazyFunction(term)
    subject = codes.Subject.MATHS
    measure = codes.Measure.TERMLY_TA
    actual = "expected"
    target = "expected"


class SuspensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suspension

    child = factory.SubFactory(ChildFactory)
    school = factory.SubFactory(SchoolFactory)
    category = codes.ExclusionCategory.SUSPENSION
    starts_on = date(2026, 10, 5)
    sessions = 4
    reason = codes.ExclusionReason.PD


class SdqFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SdqAssessment

    child = factory.SubFactory(ChildFactory)
    assessed_on = date(2026, 3, 1)
    score = 12


class CelebrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Celebration

    child = factory.SubFactory(ChildFactory)
    achieved_on = date(2026, 10, 1)
    title = "Star of the week"
    nominated_by = Celebration.From.SCHOOL
