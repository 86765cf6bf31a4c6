"""The attendance, attainment and well-being pages of a child's record: what they
show, who reaches them, the audit of each view and what each load costs."""

import itertools
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from children.tracking import codes
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    SchoolFactory,
)
from tests.tracking.factories import (
    AssessmentFactory,
    AttendanceRecordFactory,
    CelebrationFactory,
    SdqFactory,
    SuspensionFactory,
    term,
)
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PAGES = ["attendance", "attainment", "wellbeing"]
_assessments = itertools.count()


@pytest.fixture
def school():
    return SchoolFactory(name="Riverside Academy")


@pytest.fixture
def child(school):
    child = ChildFactory(first_name="Amara", last_name="Okafor", upn="W318200012345")
    EnrolmentFactory(child=child, school=school, started_on=date(2024, 9, 1))
    return child


def url(name, child):
    return reverse(f"tracking:{name}", kwargs={"child_pk": child.pk})


def add_records(child, school, weeks: int, first=date(2025, 9, 8)):
    for week in range(weeks):
        start = first + timedelta(weeks=week)
        AttendanceRecordFactory(
            child=child, school=school, period_start=start, period_end=start + timedelta(4)
        )
        SuspensionFactory(child=child, school=school, starts_on=start, sessions=2)
        n = next(_assessments)
        AssessmentFactory(
            child=child,
            term=term("autumn", 2012 + n // 16),
            subject=codes.Subject.values[n % 16],
            measure=[codes.Measure.GCSE, codes.Measure.PHONICS][week % 2],
            actual=["5", "30"][week % 2],
            target=["6", "32"][week % 2],
        )
        SdqFactory(child=child, assessed_on=start, score=week % 40)
        CelebrationFactory(child=child, achieved_on=start)


# What the pages show ---------------------------------------------------------------


def test_attendance_page_shows_periods_totals_flags_and_suspensions(login, head, child, school):
    AttendanceRecordFactory(
        child=child,
        school=school,
        period_start=date(2025, 9, 8),
        period_end=date(2025, 9, 12),
        possible_sessions=40,
        present=38,
        approved_activity=2,
        authorised_absence=0,
    )
    AttendanceRecordFactory(
        child=child,
        school=school,
        period_start=date(2025, 9, 15),
        period_end=date(2025, 9, 19),
        possible_sessions=40,
        present=36,
        authorised_absence=3,
        unauthorised_absence=1,
    )
    SuspensionFactory(
        child=child,
        school=school,
        starts_on=date(2025, 10, 6),
        sessions=12,
        reason="PA",
        second_reason="VA",
    )
    SuspensionFactory(
        child=child,
        school=school,
        starts_on=date(2025, 11, 3),
        sessions=12,
        alternative_provision="Riverside PRU",
        alternative_provision_from=date(2025, 11, 10),
    )
    html = login(head).get(url("attendance", child)).content.decode()
    assert "100.0%" in html
    assert "90.0%" in html and "Persistent absence" in html
    assert "Physical assault against an adult (PA)" in html
    assert "Verbal abuse or threatening behaviour against an adult (VA)" in html
    assert "12 sessions (6 days)" in html
    assert html.count("Alternative provision needed from day 6") == 1
    assert "Riverside PRU" in html
    assert "Autumn 2025/26" in html  # totals by term
    assert "<svg" in html and "The figures in this chart" in html
    assert "threshold of 90%" in html


def test_attainment_page_groups_by_measure_with_on_track_tags(login, head, child):
    AssessmentFactory(
        child=child, term=term("autumn", 2025), measure="ks2_ta", actual="WTS", target="EXS"
    )
    AssessmentFactory(
        child=child,
        term=term("summer", 2025),
        subject="reading",
        measure="ks2_scaled",
        actual="104",
        target="100",
    )
    AssessmentFactory(
        child=child, term=term("autumn", 2025), measure="phonics", actual="35", target=""
    )
    html = login(head).get(url("attainment", child)).content.decode()
    assert "Key stage 2" in html and "Year 1 phonics screening check" in html
    assert "Working towards the expected standard" in html
    assert "Below target" in html and "On track" in html and "No target" in html
    assert "Latest Key stage 2 test scaled score (80 to 120) results against targets" in html
    assert "The threshold mark is 32 out of 40." in html


def test_wellbeing_page_shows_sdq_bands_and_celebrations_newest_first(login, head, child):
    SdqFactory(child=child, assessed_on=date(2025, 3, 1), score=12)
    SdqFactory(child=child, assessed_on=date(2025, 9, 1), score=15, informant="teacher")
    SdqFactory(child=child, assessed_on=date(2026, 3, 1), score=None, reason_not_completed="SDQ2")
    CelebrationFactory(child=child, achieved_on=date(2025, 6, 1), title="Swimming badge")
    CelebrationFactory(child=child, achieved_on=date(2025, 12, 1), title="Reading award")
    html = login(head).get(url("wellbeing", child)).content.decode()
    assert "Close to average" in html and "Slightly raised" in html
    assert "Carer(s) refused to complete and return questionnaire (SDQ2)" in html
    assert "<svg" in html and "17 to 40" in html
    assert html.index("Reading award") < html.index("Swimming badge")


def test_each_page_load_is_audited_once(login, caseworker, child):
    AllocationFactory(child=child, worker=caseworker)
    client = login(caseworker)
    for name in PAGES:
        before = AuditEvent.objects.filter(action="view", child=child).count()
        assert client.get(url(name, child)).status_code == 200
        assert AuditEvent.objects.filter(action="view", child=child).count() == before + 1


# Who reaches them ------------------------------------------------------------------


def test_outside_reach_is_not_found(login, child):
    teacher_elsewhere = DesignatedTeacherFactory().user
    client = login(teacher_elsewhere)
    for name in PAGES:
        assert client.get(url(name, child)).status_code == 404, name


def test_social_workers_read_school_records_without_the_entry_buttons(
    login, social_worker, child, school
):
    AllocationFactory(child=child, kind="social_worker", worker=social_worker)
    AttendanceRecordFactory(child=child, school=school)
    client = login(social_worker)
    html = client.get(url("attendance", child)).content.decode()
    assert "Add attendance" not in html and "Edit<span" not in html
    assert "Add an assessment" not in client.get(url("attainment", child)).content.decode()
    wellbeing = client.get(url("wellbeing", child)).content.decode()
    assert "Add an SDQ score" in wellbeing and "Add a celebration" in wellbeing


def test_designated_teachers_edit_only_their_own_schools_records(login, child, school):
    teacher = DesignatedTeacherFactory(school=school).user
    earlier_school = SchoolFactory(name="Old Primary")
    EnrolmentFactory(
        child=child,
        school=earlier_school,
        started_on=date(2023, 9, 1),
        ended_on=date(2024, 8, 31),
    )
    ours = AttendanceRecordFactory(child=child, school=school)
    theirs = AttendanceRecordFactory(
        child=child,
        school=earlier_school,
        period_start=date(2024, 3, 4),
        period_end=date(2024, 3, 8),
    )
    html = login(teacher).get(url("attendance", child)).content.decode()
    assert reverse("tracking:attendance_edit", args=[child.pk, ours.pk]) in html
    assert reverse("tracking:attendance_edit", args=[child.pk, theirs.pk]) not in html


# What they cost --------------------------------------------------------------------


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", PAGES)
def test_each_page_costs_the_same_however_many_records(
    login, head, child, school, name, django_assert_max_num_queries
):
    client = login(head)
    add_records(child, school, 1)
    client.get(url(name, child))  # the first load sets up the year's terms
    few = _queries(client, url(name, child))
    add_records(child, school, 20, first=date(2024, 9, 2))
    client.get(url(name, child))  # and the terms of the earlier year
    many = _queries(client, url(name, child))
    assert many == few
    with django_assert_max_num_queries(15):
        client.get(url(name, child))


def test_the_designated_teachers_page_costs_the_same_too(login, child, school):
    teacher = DesignatedTeacherFactory(school=school).user
    client = login(teacher)
    add_records(child, school, 1)
    client.get(url("attendance", child))
    few = _queries(client, url("attendance", child))
    add_records(child, school, 10, first=date(2024, 9, 2))
    client.get(url("attendance", child))
    assert _queries(client, url("attendance", child)) == few
