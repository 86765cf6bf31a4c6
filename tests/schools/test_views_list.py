"""The school list: who sees which schools, the pupil counts, filters and cost."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schools.models import EstablishmentStatus
from tests.factories import (
    AllocationFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    SchoolFactory,
    UserFactory,
)
from vsh.accounts.roles import Role

URL = reverse("schools:list")


def _names(response):
    return [school.name for school in response.context["page"]]


@pytest.fixture
def schools(db):
    return {
        "riverside": SchoolFactory(name="Riverside Primary", urn="100001", town="Twickenham"),
        "hilltop": SchoolFactory(
            name="Hilltop Academy",
            urn="137000",
            phase="Secondary",
            town="Kingston",
            la_code="314",
            la_name="Kingston upon Thames",
        ),
        "closed": SchoolFactory(
            name="Old Mill Infants",
            urn="100999",
            status=EstablishmentStatus.CLOSED,
        ),
    }


@pytest.mark.parametrize("role", ["head", "manager", "caseworker"])
def test_virtual_school_staff_see_every_school(request, login, schools, role):
    response = login(request.getfixturevalue(role)).get(URL)

    assert response.status_code == 200
    assert _names(response) == ["Hilltop Academy", "Old Mill Infants", "Riverside Primary"]


@pytest.mark.parametrize("role", ["social_worker", "partner"])
def test_social_workers_and_partners_have_no_school_list(request, login, schools, role):
    assert login(request.getfixturevalue(role)).get(URL).status_code == 403


def test_designated_teacher_sees_only_schools_they_are_designated_at_now(login, schools):
    today = timezone.localdate()
    designation = DesignatedTeacherFactory(school=schools["riverside"])
    DesignatedTeacherFactory(
        user=designation.user,
        school=schools["hilltop"],
        started_on=today - timedelta(days=400),
        ended_on=today - timedelta(days=1),
    )

    response = login(designation.user).get(URL)

    assert response.status_code == 200
    assert _names(response) == ["Riverside Primary"]
    assert "Add a school" not in response.content.decode()


def test_designated_teacher_with_no_current_designation_is_told_so(login, schools):
    teacher = UserFactory(role=Role.DESIGNATED_TEACHER)

    response = login(teacher).get(URL)

    assert response.status_code == 200
    assert _names(response) == []
    assert "not designated at any school" in response.content.decode()


def test_pupil_counts_include_only_children_the_user_can_see(login, head, caseworker, schools):
    today = timezone.localdate()
    school = schools["riverside"]
    mine = EnrolmentFactory(school=school).child
    EnrolmentFactory(school=school)  # someone else's child
    EnrolmentFactory(school=school, ended_on=today - timedelta(days=3))  # left
    AllocationFactory(child=mine, worker=caseworker)

    counts_for_head = {s.name: s.pupils_now for s in login(head).get(URL).context["page"]}
    counts_for_caseworker = {
        s.name: s.pupils_now for s in login(caseworker).get(URL).context["page"]
    }

    assert counts_for_head["Riverside Primary"] == 2
    assert counts_for_caseworker["Riverside Primary"] == 1
    assert counts_for_caseworker["Hilltop Academy"] == 0


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "hill"}, ["Hilltop Academy"]),
        ({"q": "137000"}, ["Hilltop Academy"]),
        ({"q": "twickenham"}, ["Riverside Primary"]),
        ({"phase": "Secondary"}, ["Hilltop Academy"]),
        ({"authority": "in"}, ["Old Mill Infants", "Riverside Primary"]),
        ({"authority": "out"}, ["Hilltop Academy"]),
        ({"status": EstablishmentStatus.CLOSED}, ["Old Mill Infants"]),
        ({"with_pupils": "1"}, ["Riverside Primary"]),
        (
            {"phase": "Nonsense", "authority": "sideways"},
            [
                "Hilltop Academy",
                "Old Mill Infants",
                "Riverside Primary",
            ],
        ),
    ],
)
def test_filters(login, head, schools, query, expected):
    EnrolmentFactory(school=schools["riverside"])

    response = login(head).get(URL, query)

    assert _names(response) == expected


def test_with_pupils_filter_counts_only_visible_pupils(login, caseworker, schools):
    EnrolmentFactory(school=schools["riverside"])  # not the caseworker's child
    mine = EnrolmentFactory(school=schools["hilltop"]).child
    AllocationFactory(child=mine, worker=caseworker)

    response = login(caseworker).get(URL, {"with_pupils": "1"})

    assert _names(response) == ["Hilltop Academy"]


def test_out_of_authority_schools_are_marked(login, head, schools):
    html = login(head).get(URL).content.decode()

    assert html.count("Out of authority</strong>") == 1


def test_long_lists_are_paged(login, head):
    SchoolFactory.create_batch(55)

    first = login(head).get(URL)
    second = login(head).get(URL, {"page": 2})

    assert len(first.context["page"]) == 50
    assert 'aria-label="Page 2"' in first.content.decode()
    assert len(second.context["page"]) == 5


def _school_world(size, teacher=None):
    schools = SchoolFactory.create_batch(size)
    for school in schools:
        EnrolmentFactory.create_batch(2, school=school)
        if teacher is not None:
            DesignatedTeacherFactory(user=teacher, school=school)
    return schools


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_costs_the_same_for_3_or_30_schools(
    login, head, size, django_assert_max_num_queries
):
    _school_world(size)
    client = login(head)

    with django_assert_max_num_queries(10):
        response = client.get(URL)

    assert len(response.context["page"]) == size


@pytest.mark.parametrize("size", [3, 30])
def test_the_designated_teacher_list_costs_the_same_for_3_or_30_schools(
    db, login, size, django_assert_max_num_queries
):
    teacher = UserFactory(role=Role.DESIGNATED_TEACHER)
    _school_world(size, teacher=teacher)
    client = login(teacher)

    with django_assert_max_num_queries(10):
        response = client.get(URL)

    assert len(response.context["page"]) == size
    assert all(school.pupils_now == 2 for school in response.context["page"])
