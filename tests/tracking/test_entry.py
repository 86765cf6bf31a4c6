"""Recording attendance, assessments, suspensions, SDQ scores and celebrations:
who may, what is checked and the messages people see, the audit trail, and the
alert hooks called inside the same transaction."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from children.models import SdqAssessment
from children.tracking import services
from children.tracking.models import Assessment, AttendanceRecord, Celebration, Suspension
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    SchoolFactory,
    UserFactory,
)
from tests.tracking.factories import (
    AssessmentFactory,
    AttendanceRecordFactory,
    SuspensionFactory,
    term,
)
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def last_week() -> tuple[date, date]:
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 7)
    return monday, monday + timedelta(days=4)


@pytest.fixture
def school():
    return SchoolFactory(name="Riverside Academy")


@pytest.fixture
def child(school):
    # In Year 6 in 2025/26, the year of most of the assessments here.
    child = ChildFactory(first_name="Amara", last_name="Okafor", date_of_birth=date(2015, 5, 17))
    EnrolmentFactory(child=child, school=school, started_on=date(2024, 9, 1))
    return child


@pytest.fixture
def teacher(school):
    return DesignatedTeacherFactory(school=school).user


def url(name, child, pk=None):
    kwargs = {"child_pk": child.pk}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"tracking:{name}", kwargs=kwargs)


def attendance_post(school, **changes):
    start, end = last_week()
    data = {
        "period_start": start.strftime("%d/%m/%Y"),
        "period_end": end.strftime("%d/%m/%Y"),
        "school": school.pk,
        "possible_sessions": "10",
        "present": "8",
        "approved_activity": "1",
        "authorised_absence": "1",
        "unauthorised_absence": "0",
        "not_counted": "",
    }
    data.update(changes)
    return data


# Attendance ------------------------------------------------------------------------


@mock.patch("children.tracking.alerts.on_attendance_recorded")
def test_designated_teacher_adds_attendance(hook, login, teacher, child, school):
    client = login(teacher)
    form = client.get(url("attendance_add", child)).content.decode()
    start, _ = last_week()
    assert start.strftime("%d/%m/%Y") in form  # the suggested week
    assert f'value="{school.pk}" selected' in form  # the current school
    response = client.post(url("attendance_add", child), attendance_post(school))
    assert response.status_code == 302
    saved = AttendanceRecord.objects.get(child=child)
    assert (saved.possible_sessions, saved.attended, saved.recorded_by) == (10, 9, teacher)
    assert saved.source == "entered"
    hook.assert_called_once_with(saved)
    assert AuditEvent.objects.filter(
        action="create", object_type="tracking.AttendanceRecord", object_id=str(saved.pk)
    ).exists()


def test_sessions_that_do_not_add_up_are_refused_with_the_numbers(login, teacher, child, school):
    response = login(teacher).post(
        url("attendance_add", child), attendance_post(school, present="9")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Present (9), approved educational activity (1), authorised absence (1) and "
        "unauthorised absence (0) add up to 11 sessions, but possible sessions is 10." in html
    )
    assert not AttendanceRecord.objects.exists()


def test_more_sessions_than_the_period_has_are_refused(login, teacher, child, school):
    response = login(teacher).post(
        url("attendance_add", child),
        attendance_post(school, possible_sessions="12", present="10", approved_activity="1"),
    )
    assert "has at most 10 sessions (two each weekday), but 12 are recorded" in (
        response.content.decode()
    )
    assert not AttendanceRecord.objects.exists()


def test_overlapping_periods_at_the_same_school_are_refused(login, teacher, child, school):
    start, end = last_week()
    AttendanceRecordFactory(child=child, school=school, period_start=start, period_end=end)
    later = start + timedelta(days=2)
    response = login(teacher).post(
        url("attendance_add", child),
        attendance_post(
            school,
            period_start=later.strftime("%d/%m/%Y"),
            period_end=(end + timedelta(days=7)).strftime("%d/%m/%Y"),
        ),
    )
    html = response.content.decode()
    assert "is already recorded, and overlaps this period" in html
    assert AttendanceRecord.objects.count() == 1


def test_the_school_must_have_had_the_child_on_roll(login, head, school):
    child = ChildFactory()
    EnrolmentFactory(child=child, school=school, started_on=timezone.localdate())
    response = login(head).post(url("attendance_add", child), attendance_post(school))
    assert "was not on the roll of Riverside Academy between" in response.content.decode()
    assert not AttendanceRecord.objects.exists()


@mock.patch("children.tracking.alerts.on_attendance_recorded")
def test_editing_attendance_is_audited_and_raises_the_hook(hook, login, caseworker, child, school):
    AllocationFactory(child=child, worker=caseworker)
    start, end = last_week()
    existing = AttendanceRecordFactory(
        child=child, school=school, period_start=start, period_end=end
    )
    response = login(caseworker).post(
        url("attendance_edit", child, existing.pk),
        attendance_post(school, present="6", approved_activity="0", unauthorised_absence="3"),
    )
    assert response.status_code == 302
    existing.refresh_from_db()
    assert (existing.present, existing.unauthorised_absence) == (6, 3)
    hook.assert_called_once()
    update = AuditEvent.objects.get(action="update", object_type="tracking.AttendanceRecord")
    assert update.changes["present"] == {"old": 9, "new": 6}


def test_a_failing_hook_leaves_nothing_half_saved(teacher, child, school):
    start, end = last_week()
    data = {
        "period_start": start,
        "period_end": end,
        "possible_sessions": 10,
        "present": 10,
        "approved_activity": 0,
        "authorised_absence": 0,
        "unauthorised_absence": 0,
        "not_counted": 0,
    }
    with (
        mock.patch(
            "children.tracking.alerts.on_attendance_recorded", side_effect=RuntimeError("down")
        ),
        pytest.raises(RuntimeError),
    ):
        services.create_attendance(user=teacher, child=child, school=school, data=data)
    assert not AttendanceRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="create").exists()


def test_social_workers_cannot_record_school_information(login, social_worker, child, school):
    AllocationFactory(child=child, kind="social_worker", worker=social_worker)
    client = login(social_worker)
    record = AttendanceRecordFactory(child=child, school=school)
    for name, pk in [
        ("attendance_add", None),
        ("attendance_edit", record.pk),
        ("assessment_add", None),
        ("suspension_add", None),
    ]:
        assert client.get(url(name, child, pk)).status_code == 403, name
    assert client.post(url("attendance_add", child), attendance_post(school)).status_code == 403
    assert AttendanceRecord.objects.count() == 1


def test_designated_teacher_of_another_school_gets_not_found(login, child, school):
    outsider = DesignatedTeacherFactory().user
    record = AttendanceRecordFactory(child=child, school=school)
    client = login(outsider)
    assert client.get(url("attendance_add", child)).status_code == 404
    assert client.get(url("attendance_edit", child, record.pk)).status_code == 404
    assert client.post(url("attendance_add", child), attendance_post(school)).status_code == 404


def test_designated_teacher_cannot_change_another_schools_record(login, teacher, child):
    earlier = SchoolFactory()
    EnrolmentFactory(
        child=child, school=earlier, started_on=date(2023, 9, 1), ended_on=date(2024, 8, 31)
    )
    theirs = AttendanceRecordFactory(
        child=child, school=earlier, period_start=date(2024, 3, 4), period_end=date(2024, 3, 8)
    )
    client = login(teacher)
    assert client.get(url("attendance_edit", child, theirs.pk)).status_code == 403
    # Nor can they record for that school: it is not offered, and a forged choice fails.
    response = client.post(url("attendance_add", child), attendance_post(earlier))
    assert "Select a valid choice" in response.content.decode()
    assert AttendanceRecord.objects.count() == 1


# Assessments -----------------------------------------------------------------------


def assessment_post(**changes):
    data = {
        "term": term("autumn", 2025).pk,
        "subject": "maths",
        "subject_name": "",
        "measure": "ks2_ta",
        "actual": "exs",
        "predicted": "",
        "target": "GDS",
    }
    data.update(changes)
    return data


def test_adding_an_assessment_normalises_values(login, teacher, child):
    response = login(teacher).post(url("assessment_add", child), assessment_post())
    assert response.status_code == 302
    saved = Assessment.objects.get(child=child)
    assert (saved.actual, saved.target, saved.on_track) == ("EXS", "GDS", False)
    assert AuditEvent.objects.filter(action="create", object_type="tracking.Assessment").exists()


def test_values_off_the_scale_are_refused_naming_the_scale(login, teacher, child):
    response = login(teacher).post(
        url("assessment_add", child), assessment_post(actual="expected", target="120")
    )
    html = response.content.decode()
    assert (
        "Enter the actual result as one of BLW, PK, WTS, EXS or GDS "
        "(Key stage 2 teacher assessment)" in html
    )
    assert "Enter the target as one of BLW, PK, WTS, EXS or GDS" in html
    response = login(teacher).post(
        url("assessment_add", child),
        assessment_post(measure="ks2_scaled", actual="79", target=""),
    )
    assert "Enter the actual result as a whole number from 80 to 120" in (response.content.decode())
    assert not Assessment.objects.exists()


def test_an_assessment_needs_a_value_and_is_recorded_once(login, teacher, child):
    client = login(teacher)
    response = client.post(url("assessment_add", child), assessment_post(actual="", target=""))
    assert "at least one is needed" in response.content.decode()
    AssessmentFactory(child=child, term=term("autumn", 2025), measure="ks2_ta", actual="WTS")
    response = client.post(url("assessment_add", child), assessment_post())
    assert "is already recorded. Edit that assessment instead." in response.content.decode()
    assert Assessment.objects.count() == 1


def test_editing_an_assessment(login, teacher, child):
    existing = AssessmentFactory(
        child=child, term=term("autumn", 2025), measure="ks2_scaled", actual="96", target="100"
    )
    response = login(teacher).post(
        url("assessment_edit", child, existing.pk),
        assessment_post(measure="ks2_scaled", actual="104", target="100"),
    )
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.actual == "104" and existing.on_track is True


# Suspensions -----------------------------------------------------------------------


def suspension_post(school, **changes):
    data = {
        "category": "SUSP",
        "school": school.pk,
        "starts_on": "06/10/2025",
        "sessions": "12",
        "reason": "PA",
        "second_reason": "VA",
        "third_reason": "",
        "alternative_provision": "",
        "alternative_provision_from": "",
        "governors_review_on": "",
        "notes": "",
    }
    data.update(changes)
    return data


@mock.patch("children.tracking.alerts.on_suspension_recorded")
def test_recording_a_suspension(hook, login, teacher, child, school):
    response = login(teacher).post(url("suspension_add", child), suspension_post(school))
    assert response.status_code == 302
    saved = Suspension.objects.get(child=child)
    hook.assert_called_once_with(saved)
    assert saved.needs_alternative_provision and saved.days == 6
    page = login(teacher).get(url("attendance", child)).content.decode()
    assert "Alternative provision needed from day 6" in page


@mock.patch("children.tracking.alerts.on_suspension_recorded")
def test_a_permanent_exclusion_has_no_sessions(hook, login, head, child, school):
    client = login(head)
    response = client.post(
        url("suspension_add", child), suspension_post(school, category="PERM", sessions="4")
    )
    assert "Leave the sessions blank for a permanent exclusion" in response.content.decode()
    response = client.post(
        url("suspension_add", child),
        suspension_post(
            school,
            category="PERM",
            sessions="",
            alternative_provision="Riverside PRU",
            alternative_provision_from="13/10/2025",
        ),
    )
    assert response.status_code == 302
    assert Suspension.objects.get().sessions is None
    hook.assert_called_once()


def test_suspension_checks(login, head, child, school):
    client = login(head)
    html = client.post(
        url("suspension_add", child),
        suspension_post(school, sessions="", third_reason="DM", second_reason=""),
    ).content.decode()
    assert "Enter how many sessions the suspension lasts" in html
    assert "Choose a second reason before a third" in html
    html = client.post(
        url("suspension_add", child),
        suspension_post(school, alternative_provision_from="01/10/2025"),
    ).content.decode()
    assert "Enter where the child is taught from that date" in html
    assert "on or after the start of the suspension" in html
    assert not Suspension.objects.exists()


@mock.patch("children.tracking.alerts.on_suspension_recorded")
def test_editing_a_suspension_adds_the_provision(hook, login, teacher, child, school):
    existing = SuspensionFactory(child=child, school=school, sessions=12)
    response = login(teacher).post(
        url("suspension_edit", child, existing.pk),
        suspension_post(
            school,
            starts_on="05/10/2026",
            reason="PD",
            second_reason="",
            alternative_provision="Hub",
            alternative_provision_from="12/10/2026",
        ),
    )
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.alternative_provision == "Hub"
    assert AuditEvent.objects.filter(action="update", object_type="tracking.Suspension").exists()


# SDQ scores and celebrations ----------------------------------------------------------


def test_social_workers_add_sdq_scores_and_celebrations(login, social_worker, child):
    AllocationFactory(child=child, kind="social_worker", worker=social_worker)
    client = login(social_worker)
    response = client.post(
        url("sdq_add", child),
        {"assessed_on": "01/09/2025", "informant": "carer", "score": "18"},
    )
    assert response.status_code == 302
    assert SdqAssessment.objects.get(child=child).band == "High"
    assert 'value="social_worker"' in client.get(url("celebration_add", child)).content.decode()
    response = client.post(
        url("celebration_add", child),
        {"achieved_on": "01/10/2025", "title": "Joined the football team", "nominated_by": "carer"},
    )
    assert response.status_code == 302
    assert Celebration.objects.get().recorded_by == social_worker


def test_sdq_needs_a_score_or_a_reason_but_not_both(login, head, child):
    client = login(head)
    base = {"assessed_on": "01/09/2025", "informant": "carer"}
    html = client.post(url("sdq_add", child), base).content.decode()
    assert "Enter the score from 0 to 40, or choose why it was not completed" in html
    html = client.post(
        url("sdq_add", child), {**base, "score": "12", "reason_not_completed": "SDQ2"}
    ).content.decode()
    assert "a questionnaire has one or the other" in html
    html = client.post(url("sdq_add", child), {**base, "score": "41"}).content.decode()
    assert "Enter the score as a whole number from 0 to 40" in html
    assert not SdqAssessment.objects.exists()
    assert (
        client.post(url("sdq_add", child), {**base, "reason_not_completed": "SDQ2"}).status_code
        == 302
    )


def test_partners_who_only_read_cannot_add(login, partner, child):
    from vsh.access.services import grant_access

    grant_access(
        by=UserFactory(role=Role.MANAGER),
        child=child,
        user=partner,
        level="view",
        reason="Assessment",
        expires_on=timezone.localdate() + timedelta(days=10),
    )
    client = login(partner)
    assert client.get(url("wellbeing", child)).status_code == 200
    assert client.get(url("sdq_add", child)).status_code == 403
    assert client.get(url("celebration_add", child)).status_code == 403
