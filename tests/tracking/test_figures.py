"""The arithmetic behind the pages: attendance percentages and absence flags, totals
by term and year, results against targets, and the scales' messages."""

from datetime import date

import pytest

from children.tracking import codes, selectors, services
from children.tracking.imports import parse_term
from children.tracking.models import AttendanceRecord
from tests.factories import ChildFactory, EnrolmentFactory, SchoolFactory, UserFactory
from tests.tracking.factories import AssessmentFactory, AttendanceRecordFactory, term
from vsh.accounts.roles import Role
from vsh.core.models import AuthoritySettings


def record(present, approved=0, authorised=0, unauthorised=0):
    return AttendanceRecord(
        possible_sessions=present + approved + authorised + unauthorised,
        present=present,
        approved_activity=approved,
        authorised_absence=authorised,
        unauthorised_absence=unauthorised,
    )


def test_approved_activity_counts_as_attendance():
    totals = selectors.Totals()
    totals.add(record(38, approved=2))
    assert totals.possible == 40
    assert totals.rate == 100
    assert str(totals.rate) == "100.0"
    assert totals.flag == ""


def test_percentages_are_rounded_to_one_place():
    assert str(record(35, authorised=2, unauthorised=1).attendance_rate) == "92.1"
    assert str(record(2, unauthorised=1).attendance_rate) == "66.7"


@pytest.mark.parametrize(
    "absent, possible, flag",
    [
        (3, 40, ""),
        (4, 40, "persistent"),  # exactly 10% is persistent absence
        (19, 40, "persistent"),
        (20, 40, "severe"),  # exactly 50% is severe absence
        (1, 11, ""),  # 9.09%
        (0, 0, ""),
    ],
)
def test_absence_flags(absent, possible, flag):
    assert codes.absence_flag(absent, possible) == flag


def test_flag_is_not_fooled_by_rounding():
    # 999 of 10,000 sessions missed shows as 10.0% but is below persistent absence.
    totals = selectors.Totals()
    totals.add(record(9001, authorised=999))
    assert str(totals.absence_rate) == "10.0"
    assert totals.flag == ""
    assert codes.absence_flag(1000, 10000) == "persistent"


@pytest.mark.django_db
def test_totals_for_the_year_and_each_term(head):
    child, school = ChildFactory(), SchoolFactory()
    EnrolmentFactory(child=child, school=school, started_on=date(2024, 9, 1))
    autumn, spring = term("autumn", 2025), term("spring", 2025)
    AttendanceRecordFactory(
        child=child,
        school=school,
        period_start=autumn.starts_on,
        period_end=autumn.ends_on,
        possible_sessions=40,
        present=38,
        approved_activity=2,
        authorised_absence=0,
    )
    AttendanceRecordFactory(
        child=child,
        school=school,
        period_start=spring.starts_on,
        period_end=spring.ends_on,
        possible_sessions=40,
        present=30,
        authorised_absence=6,
        unauthorised_absence=4,
    )
    # Last year: shown in its own year, not in this year's totals.
    AttendanceRecordFactory(
        child=child,
        school=school,
        period_start=date(2025, 3, 3),
        period_end=date(2025, 3, 7),
        possible_sessions=10,
        present=0,
        authorised_absence=10,
    )
    page = selectors.attendance(head, child, today=date(2026, 5, 1))
    current = page["current"]
    assert current.name == "2025/26"
    assert (current.total.possible, current.total.attended, current.total.absent) == (80, 70, 10)
    assert str(current.total.rate) == "87.5"
    assert current.total.flag == "persistent"  # 12.5% missed
    by_term = {str(t): totals for t, totals in current.terms}
    assert by_term["Autumn 2025/26"].rate == 100
    assert by_term["Spring 2025/26"].rate == 75
    assert by_term["Summer 2025/26"].records == 0
    earlier = [y for y in page["years"] if y.name == "2024/25"][0]
    assert earlier.total.possible == 10 and earlier.total.flag == "severe"


@pytest.mark.django_db
def test_holiday_periods_count_in_the_next_term(head):
    child = ChildFactory()
    spring = term("spring", 2025)
    AttendanceRecordFactory(child=child, period_start=date(2026, 1, 2), period_end=date(2026, 1, 9))
    page = selectors.attendance(head, child, today=date(2026, 2, 1))
    by_term = {t.pk: totals for t, totals in page["current"].terms}
    assert by_term[spring.pk].records == 1


@pytest.mark.django_db
def test_the_chart_uses_the_authority_threshold_and_lists_its_figures(head):
    settings = AuthoritySettings.load()
    settings.attendance_alert_below = 92
    settings.save()
    child = ChildFactory()
    AttendanceRecordFactory(child=child)
    page = selectors.attendance(head, child, today=date(2026, 11, 1))
    assert page["chart_by"] == "period"
    assert page["threshold"] == 92
    assert "<svg" in page["chart"] and "Attendance: 7 Sep 90%" in page["chart"]
    assert [label for label, _ in page["chart_points"]] == ["7 Sep"]
    by_term = selectors.attendance(head, child, chart_by="term", today=date(2026, 11, 1))
    assert [label for label, _ in by_term["chart_points"]] == ["Aut 26/27"]


@pytest.mark.parametrize(
    "measure, actual, target, expected",
    [
        (codes.Measure.GCSE, "5", "4", True),
        (codes.Measure.GCSE, "3", "4", False),
        (codes.Measure.GCSE, "U", "1", False),
        (codes.Measure.EYFS_GLD, "yes", "yes", True),
        (codes.Measure.EYFS_GLD, "no", "yes", False),
        (codes.Measure.KS2_TA, "WTS", "EXS", False),
        (codes.Measure.KS2_TA, "GDS", "EXS", True),
        (codes.Measure.TERMLY_TA, "above", "expected", True),
        (codes.Measure.KS2_SCALED, "99", "100", False),
        (codes.Measure.PHONICS, "32", "32", True),
        (codes.Measure.PHONICS, "32", "", None),
    ],
)
def test_on_track(measure, actual, target, expected):
    from children.tracking.models import Assessment

    assert Assessment(measure=measure, actual=actual, target=target).on_track is expected


def test_scale_messages_name_the_allowed_values():
    assert (
        codes.value_message(codes.Measure.KS2_TA, "actual result")
        == "Enter the actual result as one of BLW, PK, WTS, EXS or GDS "
        "(Key stage 2 teacher assessment)"
    )
    assert "yes or no" in codes.value_message(codes.Measure.EYFS_GLD, "target")
    assert "a whole number from 80 to 120" in codes.value_message(
        codes.Measure.KS2_SCALED, "target"
    )
    assert codes.normalise_value(codes.Measure.GCSE, " u ") == "U"
    assert codes.normalise_value(codes.Measure.TERMLY_TA, "Expected") == "expected"


def test_weekdays_and_the_most_sessions_in_a_period():
    assert services.weekdays_between(date(2025, 9, 8), date(2025, 9, 12)) == 5
    assert services.weekdays_between(date(2025, 9, 8), date(2025, 9, 21)) == 10
    assert services.most_sessions_problem(date(2025, 9, 8), date(2025, 9, 12), 10) is None
    problem = services.most_sessions_problem(date(2025, 9, 8), date(2025, 9, 12), 12)
    assert "at most 10 sessions" in problem and "12 are recorded" in problem


def test_terms_are_read_as_season_and_academic_year():
    today = date(2026, 11, 1)
    assert parse_term("Autumn 2025/26", today) == (2025, "autumn")
    assert parse_term("summer 2025-2026", today) == (2025, "summer")
    assert parse_term("Spring term 2026/27", today) == (2026, "spring")
    assert parse_term("Autumn 2025/27", today) is None
    assert parse_term("Autumn 25", today) is None
    assert parse_term("Autumn 2030/31", today) is None


@pytest.mark.django_db
def test_the_next_period_follows_the_authority_rhythm():
    child = ChildFactory()
    today = date(2026, 11, 18)  # a Wednesday
    assert selectors.suggested_period(child, today) == (date(2026, 11, 9), date(2026, 11, 13))
    AttendanceRecordFactory(
        child=child, period_start=date(2026, 11, 9), period_end=date(2026, 11, 13)
    )
    assert selectors.suggested_period(child, today) == (date(2026, 11, 16), date(2026, 11, 20))

    settings = AuthoritySettings.load()
    settings.attendance_period = AuthoritySettings.AttendancePeriod.HALF_TERMLY
    settings.save()
    autumn = term("autumn", 2026)
    start, end = selectors.suggested_period(child, today)
    assert start > autumn.half_term_ends_on and end == autumn.ends_on


@pytest.mark.django_db
def test_designated_teachers_record_for_their_own_school_only():
    from tests.factories import DesignatedTeacherFactory

    designation = DesignatedTeacherFactory()
    other = SchoolFactory()
    teacher = designation.user
    assert services.may_record_for_school(teacher, designation.school.pk)
    assert not services.may_record_for_school(teacher, other.pk)
    assert services.may_record_for_school(UserFactory(role=Role.CASEWORKER), other.pk)
    assert not services.may_record_for_school(UserFactory(role=Role.SOCIAL_WORKER), other.pk)


@pytest.mark.django_db
def test_latest_results_are_charted_against_targets(head):
    child = ChildFactory()
    AssessmentFactory(
        child=child,
        measure="gcse",
        subject="maths",
        term=term("autumn", 2026),
        actual="",
        predicted="4",
        target="5",
    )
    AssessmentFactory(
        child=child,
        measure="gcse",
        subject="maths",
        term=term("autumn", 2025),
        actual="3",
        target="5",
    )
    page = selectors.attainment(head, child)
    gcse = [g for g in page["groups"] if g["title"] == "GCSE"][0]
    chart = str(gcse["charts"][0])
    # The newest term's prediction is the latest result.
    assert "Mathematics: result 4 (predicted, Aut 26/27), target 5" in chart
    assert "national standard is 4" in chart
