"""Adding and changing schools, inspections and designated teachers: managers and
the head only, with validation a person understands and an audit trail."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schools.models import DesignatedTeacher, Inspection, School
from tests.factories import (
    DesignatedTeacherFactory,
    EnrolmentFactory,
    SchoolFactory,
    UserFactory,
)
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

CHANGE_PAGES = ["schools:edit", "schools:inspection_add", "schools:designated_teachers"]


def _errors(response, field):
    return response.context["form"].errors.get(field, []) if "form" in response.context else []


def _school_data(**overrides):
    data = {
        "urn": "123456",
        "name": "Meadow Lane Primary",
        "la_code": "318",
        "la_name": "Riverside",
        "establishment_number": "2345",
        "establishment_type": "Academy converter",
        "phase": "Primary",
        "status": "Open",
        "town": "Twickenham",
        "postcode": "tw1 3ab",
    }
    return {**data, **overrides}


@pytest.fixture
def school(db):
    return SchoolFactory(name="Riverside Primary")


# Who may reach the change pages ------------------------------------------------


@pytest.mark.parametrize("role", ["head", "manager"])
def test_managers_and_the_head_reach_every_change_page(request, login, school, role):
    client = login(request.getfixturevalue(role))

    assert client.get(reverse("schools:create")).status_code == 200
    for name in CHANGE_PAGES:
        assert client.get(reverse(name, args=[school.pk])).status_code == 200, name


@pytest.mark.parametrize("role", ["caseworker", "social_worker", "partner", "designated_teacher"])
def test_others_cannot_add_a_school(request, login, db, role):
    client = login(request.getfixturevalue(role))

    assert client.get(reverse("schools:create")).status_code == 403
    assert client.post(reverse("schools:create"), _school_data()).status_code == 403
    assert not School.objects.filter(urn="123456").exists()


def test_caseworker_gets_403_on_change_pages(login, caseworker, school):
    client = login(caseworker)

    for name in CHANGE_PAGES:
        assert client.get(reverse(name, args=[school.pk])).status_code == 403, name
        assert client.post(reverse(name, args=[school.pk]), {}).status_code == 403, name


def test_designated_teacher_gets_403_at_their_school_and_404_elsewhere(login, school):
    teacher = DesignatedTeacherFactory(school=school).user
    elsewhere = SchoolFactory()
    client = login(teacher)

    for name in CHANGE_PAGES:
        assert client.get(reverse(name, args=[school.pk])).status_code == 403, name
        assert client.get(reverse(name, args=[elsewhere.pk])).status_code == 404, name


@pytest.mark.parametrize("role", ["social_worker", "partner"])
def test_people_without_schools_get_404_on_change_pages(request, login, school, role):
    client = login(request.getfixturevalue(role))

    for name in CHANGE_PAGES:
        assert client.get(reverse(name, args=[school.pk])).status_code == 404, name


# Schools ------------------------------------------------------------------------


def test_manager_adds_a_school(login, manager, db):
    response = login(manager).post(reverse("schools:create"), _school_data())

    school = School.objects.get(urn="123456")
    assert response.status_code == 302
    assert response.url == reverse("schools:detail", args=[school.pk])
    assert school.postcode == "TW1 3AB"
    assert school.laestab == "3182345"
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="schools.School")
    assert event.actor == manager
    assert event.changes["urn"]["new"] == "123456"


@pytest.mark.parametrize("urn", ["12345", "1234567", "12345A", " "])
def test_urn_must_be_six_digits(login, manager, db, urn):
    response = login(manager).post(reverse("schools:create"), _school_data(urn=urn))

    assert response.status_code == 200
    assert _errors(response, "urn")
    assert not School.objects.exists()


def test_urn_must_be_unique(login, manager, school):
    response = login(manager).post(reverse("schools:create"), _school_data(urn=school.urn))

    assert _errors(response, "urn") == ["A school with this URN already exists."]
    assert School.objects.count() == 1


def test_la_code_and_establishment_number_are_checked(login, manager, db):
    response = login(manager).post(
        reverse("schools:create"), _school_data(la_code="31", establishment_number="23456")
    )

    assert _errors(response, "la_code")
    assert _errors(response, "establishment_number")


def test_head_changes_a_school_and_the_change_is_audited(login, head, school):
    data = _school_data(urn=school.urn, name="Riverside Primary Academy")

    response = login(head).post(reverse("schools:edit", args=[school.pk]), data)

    assert response.status_code == 302
    school.refresh_from_db()
    assert school.name == "Riverside Primary Academy"
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_type="schools.School")
    assert event.changes["name"] == {"old": "Riverside Primary", "new": "Riverside Primary Academy"}


def test_editing_keeps_its_own_urn_but_cannot_take_another(login, head, school):
    other = SchoolFactory(urn="654321")

    response = login(head).post(
        reverse("schools:edit", args=[school.pk]), _school_data(urn=other.urn)
    )

    assert _errors(response, "urn") == ["A school with this URN already exists."]


# Inspections ---------------------------------------------------------------------


def _inspection(**overrides):
    data = {
        "inspected_on": "09/03/2022",
        "framework": Inspection.Framework.EIF_2019,
        "overall_grade": "2",
        "safeguarding_met": "true",
        "summary": "",
        "report_url": "https://reports.ofsted.gov.uk/provider/21/102345",
    }
    return {**data, **overrides}


def test_manager_adds_a_2019_framework_inspection_with_a_grade(login, manager, school):
    response = login(manager).post(
        reverse("schools:inspection_add", args=[school.pk]), _inspection()
    )

    assert response.status_code == 302
    inspection = school.inspections.get()
    assert inspection.inspected_on == date(2022, 3, 9)
    assert inspection.overall_grade == Inspection.Grade.GOOD
    assert inspection.safeguarding_met is True
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type="schools.Inspection"
    ).exists()


@pytest.mark.parametrize(
    "framework", [Inspection.Framework.EIF_2024, Inspection.Framework.REPORT_CARD_2025]
)
def test_only_the_2019_framework_takes_an_overall_grade(login, manager, school, framework):
    response = login(manager).post(
        reverse("schools:inspection_add", args=[school.pk]),
        _inspection(framework=framework, inspected_on="15/01/2025"),
    )

    assert response.status_code == 200
    assert _errors(response, "overall_grade") == [
        "Leave the overall grade empty: only the 2019 framework gave one."
    ]
    assert not school.inspections.exists()


def test_a_later_framework_without_a_grade_is_accepted(login, manager, school):
    response = login(manager).post(
        reverse("schools:inspection_add", args=[school.pk]),
        _inspection(
            framework=Inspection.Framework.EIF_2024,
            overall_grade="",
            inspected_on="15/01/2025",
            safeguarding_met="",
        ),
    )

    assert response.status_code == 302
    inspection = school.inspections.get()
    assert inspection.overall_grade is None
    assert inspection.safeguarding_met is None


def test_inspection_dates_are_in_the_past_and_one_per_day(login, manager, school):
    Inspection.objects.create(
        school=school, inspected_on=date(2022, 3, 9), framework=Inspection.Framework.EIF_2019
    )
    client = login(manager)
    future = (timezone.localdate() + timedelta(days=2)).strftime("%d/%m/%Y")

    same_day = client.post(reverse("schools:inspection_add", args=[school.pk]), _inspection())
    later = client.post(
        reverse("schools:inspection_add", args=[school.pk]), _inspection(inspected_on=future)
    )

    assert _errors(same_day, "inspected_on") == [
        "This school already has an inspection on that date."
    ]
    assert _errors(later, "inspected_on") == [
        "The date of the inspection must be today or in the past."
    ]
    assert school.inspections.count() == 1


# Designated teachers --------------------------------------------------------------


def _designate(client, school, **overrides):
    data = {
        "action": "add",
        "add-started_on": timezone.localdate().strftime("%d/%m/%Y"),
        "add-is_lead": "on",
        **overrides,
    }
    return client.post(reverse("schools:designated_teachers", args=[school.pk]), data)


def test_designating_a_teacher_gives_them_the_school_and_its_pupils(login, head, school):
    teacher = UserFactory(role=Role.DESIGNATED_TEACHER)
    pupil = EnrolmentFactory(school=school).child

    response = _designate(login(head), school, **{"add-user": teacher.pk})

    assert response.status_code == 302
    designation = DesignatedTeacher.objects.get(user=teacher, school=school)
    assert designation.is_lead
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type="schools.DesignatedTeacher"
    ).exists()
    as_teacher = login(teacher).get(reverse("schools:detail", args=[school.pk]))
    assert [e.child for e in as_teacher.context["record"].pupils_now] == [pupil]


def test_only_designated_teacher_accounts_can_be_designated(login, head, caseworker, school):
    response = _designate(login(head), school, **{"add-user": caseworker.pk})

    assert response.status_code == 200
    assert response.context["add_form"].errors["user"]
    assert not DesignatedTeacher.objects.filter(school=school).exists()


def test_designation_must_end_after_it_starts(login, head, school):
    teacher = UserFactory(role=Role.DESIGNATED_TEACHER)

    response = _designate(
        login(head),
        school,
        **{"add-user": teacher.pk, "add-started_on": "10/09/2024", "add-ended_on": "01/09/2024"},
    )

    assert response.status_code == 200
    assert response.context["add_form"].errors["ended_on"] == [
        "The end date must be on or after the start date."
    ]
    assert "The end date must be on or after the start date." in response.content.decode()


def test_a_teacher_cannot_be_designated_twice_at_once(login, head, school):
    designation = DesignatedTeacherFactory(school=school)

    response = _designate(login(head), school, **{"add-user": designation.user.pk})

    assert response.context["add_form"].errors["user"]
    assert DesignatedTeacher.objects.filter(school=school).count() == 1


def test_ending_a_designation_removes_the_teachers_access(login, head, school):
    today = timezone.localdate()
    designation = DesignatedTeacherFactory(school=school)
    yesterday = (today - timedelta(days=1)).strftime("%d/%m/%Y")

    response = login(head).post(
        reverse("schools:designated_teachers", args=[school.pk]),
        {
            "action": "end",
            "designation": designation.pk,
            f"end-{designation.pk}-ended_on": yesterday,
        },
    )

    assert response.status_code == 302
    designation.refresh_from_db()
    assert designation.ended_on == today - timedelta(days=1)
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.UPDATE, object_type="schools.DesignatedTeacher"
    )
    assert event.changes["ended_on"]["old"] is None
    as_teacher = login(designation.user).get(reverse("schools:detail", args=[school.pk]))
    assert as_teacher.status_code == 404


def test_a_designation_cannot_end_before_it_started(login, head, school):
    designation = DesignatedTeacherFactory(school=school, started_on=date(2024, 9, 1))

    response = login(head).post(
        reverse("schools:designated_teachers", args=[school.pk]),
        {
            "action": "end",
            "designation": designation.pk,
            f"end-{designation.pk}-ended_on": "31/08/2024",
        },
    )

    assert response.status_code == 200
    assert "The end date must be on or after the start date, 01/09/2024." in (
        response.content.decode()
    )
    designation.refresh_from_db()
    assert designation.ended_on is None


def test_a_designation_at_another_school_cannot_be_ended_here(login, head, school):
    elsewhere = DesignatedTeacherFactory()

    response = login(head).post(
        reverse("schools:designated_teachers", args=[school.pk]),
        {
            "action": "end",
            "designation": elsewhere.pk,
            f"end-{elsewhere.pk}-ended_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )

    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.ended_on is None


def test_a_rejected_change_leaves_the_school_as_it_was(login, head, school):
    response = login(head).post(
        reverse("schools:edit", args=[school.pk]), _school_data(urn="12", name="Renamed")
    )

    assert response.status_code == 200
    assert "<title>Error: Change details of Riverside Primary" in response.content.decode()
    school.refresh_from_db()
    assert school.name == "Riverside Primary"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).exists()
