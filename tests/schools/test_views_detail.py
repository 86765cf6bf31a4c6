"""The school record: who may open it, which pupils it shows, and its audit trail."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from children.models import LeavingReason
from schools.models import Inspection
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    SchoolFactory,
    UserFactory,
)
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent


def url(school):
    return reverse("schools:detail", args=[school.pk])


@pytest.fixture
def school(db):
    return SchoolFactory(
        name="Riverside Primary",
        urn="102345",
        establishment_number="2001",
        street="1 River Lane",
        town="Twickenham",
        postcode="TW1 1AA",
        head_name="Ms Amara Jones",
        telephone="020 8000 0000",
        website="https://riverside.example.org",
        establishment_type="Community school",
    )


def _html(response):
    return response.content.decode()


@pytest.mark.parametrize("role", ["head", "manager", "caseworker"])
def test_virtual_school_staff_open_any_school(request, login, school, role):
    response = login(request.getfixturevalue(role)).get(url(school))

    assert response.status_code == 200
    html = _html(response)
    for shown in [
        "102345",
        "3182001",
        "Community school",
        "1 River Lane",
        "Ms Amara Jones",
        "020 8000 0000",
        "https://riverside.example.org",
    ]:
        assert shown in html


@pytest.mark.parametrize("role", ["social_worker", "partner"])
def test_social_workers_and_partners_cannot_open_a_school(request, login, school, role):
    assert login(request.getfixturevalue(role)).get(url(school)).status_code == 404


def test_designated_teacher_opens_their_own_school(login, school):
    teacher = DesignatedTeacherFactory(school=school).user

    assert login(teacher).get(url(school)).status_code == 200


def test_designated_teacher_gets_404_for_another_school(login, designated_teacher, school):
    assert login(designated_teacher).get(url(school)).status_code == 404


def test_designated_teacher_loses_the_school_when_the_designation_ends(login, school):
    today = timezone.localdate()
    teacher = DesignatedTeacherFactory(
        school=school, started_on=today - timedelta(days=300), ended_on=today - timedelta(days=1)
    ).user

    assert login(teacher).get(url(school)).status_code == 404


def test_unknown_school_is_404(login, head, db):
    assert login(head).get(reverse("schools:detail", args=[999999])).status_code == 404


def test_shows_pupils_on_roll_now_with_year_group_and_recent_leavers(login, head, school):
    today = timezone.localdate()
    on_roll = EnrolmentFactory(
        school=school, child=ChildFactory(first_name="Ada", last_name="Lovelace")
    ).child
    EnrolmentFactory(
        school=school,
        child=ChildFactory(first_name="Brian", last_name="Leaver"),
        started_on=today - timedelta(days=400),
        ended_on=today - timedelta(days=30),
        leaving_reason=LeavingReason.MANAGED_MOVE,
    )
    EnrolmentFactory(
        school=school,
        child=ChildFactory(first_name="Carys", last_name="Longgone"),
        started_on=today - timedelta(days=900),
        ended_on=today - timedelta(days=500),
    )

    response = login(head).get(url(school))

    record = response.context["record"]
    assert [e.child for e in record.pupils_now] == [on_roll]
    assert [e.child.first_name for e in record.leavers] == ["Brian"]
    html = _html(response)
    assert "Ada Lovelace" in html
    assert f"Year {on_roll.year_group}" in html
    assert "Brian Leaver" in html
    assert "Managed move" in html
    assert "Carys" not in html


def test_caseworker_sees_only_their_own_pupils(login, caseworker, school):
    mine = EnrolmentFactory(school=school, child=ChildFactory(first_name="Mine")).child
    EnrolmentFactory(school=school, child=ChildFactory(first_name="Notmine"))
    AllocationFactory(child=mine, worker=caseworker)

    response = login(caseworker).get(url(school))

    assert [e.child for e in response.context["record"].pupils_now] == [mine]
    assert "Notmine" not in _html(response)


def test_designated_teacher_sees_pupils_on_roll_now_but_not_leavers(login, school):
    today = timezone.localdate()
    teacher = DesignatedTeacherFactory(school=school).user
    EnrolmentFactory(school=school, child=ChildFactory(first_name="Current"))
    EnrolmentFactory(
        school=school,
        child=ChildFactory(first_name="Departed"),
        started_on=today - timedelta(days=400),
        ended_on=today - timedelta(days=20),
    )
    # On roll elsewhere: not the teacher's business.
    EnrolmentFactory(child=ChildFactory(first_name="Elsewhere"))

    response = login(teacher).get(url(school))

    html = _html(response)
    assert "Current" in html
    assert "Departed" not in html
    assert "Elsewhere" not in html
    assert "Manage designated teachers" not in html


def test_shows_inspection_history_with_grades_only_where_the_framework_has_one(login, head, school):
    Inspection.objects.create(
        school=school,
        inspected_on=date(2022, 3, 9),
        framework=Inspection.Framework.EIF_2019,
        overall_grade=Inspection.Grade.GOOD,
        safeguarding_met=True,
    )
    Inspection.objects.create(
        school=school,
        inspected_on=date(2025, 1, 15),
        framework=Inspection.Framework.EIF_2024,
        safeguarding_met=False,
    )

    response = login(head).get(url(school))

    html = _html(response)
    assert [i.inspected_on.year for i in response.context["record"].inspections] == [2025, 2022]
    assert "Good" in html
    assert "No overall grade under this framework" in html
    assert "15 Jan 2025" in html


def test_shows_current_and_past_designated_teachers_with_dates(login, head, school):
    today = timezone.localdate()
    DesignatedTeacherFactory(
        school=school,
        user=UserFactory(role=Role.DESIGNATED_TEACHER, full_name="Dina Now"),
    )
    DesignatedTeacherFactory(
        school=school,
        user=UserFactory(role=Role.DESIGNATED_TEACHER, full_name="Pete Past"),
        started_on=date(2020, 9, 1),
        ended_on=today - timedelta(days=10),
    )

    response = login(head).get(url(school))

    record = response.context["record"]
    assert [d.user.full_name for d in record.current_designations] == ["Dina Now"]
    assert [d.user.full_name for d in record.past_designations] == ["Pete Past"]
    html = _html(response)
    assert "1 Sep 2020" in html
    assert "Past designated teachers" in html


def test_opening_a_school_is_audited_without_a_child(login, caseworker, school):
    EnrolmentFactory(school=school)

    login(caseworker).get(url(school))

    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert event.actor == caseworker
    assert event.object_type == "schools.School"
    assert event.object_id == str(school.pk)
    assert event.child_id is None


def test_a_refused_school_is_not_audited_as_viewed(login, designated_teacher, school):
    login(designated_teacher).get(url(school))

    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()


@pytest.mark.parametrize("size", [3, 30])
def test_the_record_costs_the_same_for_3_or_30_pupils(
    login, head, school, size, django_assert_max_num_queries
):
    today = timezone.localdate()
    EnrolmentFactory.create_batch(size, school=school)
    EnrolmentFactory.create_batch(
        size,
        school=school,
        started_on=today - timedelta(days=300),
        ended_on=today - timedelta(days=5),
    )
    DesignatedTeacherFactory.create_batch(size, school=school)
    client = login(head)

    with django_assert_max_num_queries(14):
        response = client.get(url(school))

    assert len(response.context["record"].pupils_now) == size
    assert len(response.context["record"].leavers) == size
