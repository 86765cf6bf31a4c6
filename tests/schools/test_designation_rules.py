"""The rules of designating a teacher at a school live in the service, so every
caller obeys them, not only the page's form: refused with a reason and nothing saved."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schools import services
from schools.models import DesignatedTeacher
from tests.factories import DesignatedTeacherFactory, SchoolFactory, UserFactory
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return SchoolFactory(name="Riverside Primary")


@pytest.fixture
def teacher():
    return UserFactory(role=Role.DESIGNATED_TEACHER, full_name="Dee Teacher")


def _designate(actor, school, user, started_on, ended_on=None):
    return services.add_designation(
        actor=actor, school=school, user=user, started_on=started_on, ended_on=ended_on
    )


def _created_events():
    return AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type="schools.DesignatedTeacher"
    ).count()


@pytest.mark.parametrize(
    ("started_on", "ended_on"),
    [
        (date(2025, 1, 1), None),  # open-ended, starting before
        (date(2025, 6, 1), date(2025, 6, 30)),  # inside the current one
        (date(2024, 1, 1), date(2024, 9, 1)),  # ending on its first day
    ],
)
def test_an_overlapping_designation_is_refused(head, school, teacher, started_on, ended_on):
    DesignatedTeacherFactory(school=school, user=teacher, started_on=date(2024, 9, 1))
    events = _created_events()

    with pytest.raises(ValidationError) as refused:
        _designate(head, school, teacher, started_on, ended_on)

    assert refused.value.message_dict == {
        "user": [
            f"{teacher} is already designated at this school from 1 September 2024 with no "
            "end date. Change the dates, or end that designation first."
        ]
    }
    assert DesignatedTeacher.objects.filter(school=school, user=teacher).count() == 1
    assert _created_events() == events


def test_a_designation_overlapping_an_ended_one_is_refused(head, school, teacher):
    DesignatedTeacherFactory(
        school=school, user=teacher, started_on=date(2023, 9, 1), ended_on=date(2024, 7, 31)
    )

    with pytest.raises(ValidationError):
        _designate(head, school, teacher, date(2024, 7, 31))

    assert DesignatedTeacher.objects.filter(school=school, user=teacher).count() == 1


def test_dates_that_do_not_overlap_and_other_schools_are_allowed(head, school, teacher):
    DesignatedTeacherFactory(
        school=school, user=teacher, started_on=date(2023, 9, 1), ended_on=date(2024, 7, 31)
    )
    elsewhere = SchoolFactory()
    DesignatedTeacherFactory(school=elsewhere, user=teacher, started_on=date(2024, 1, 1))
    colleague = DesignatedTeacherFactory(school=school, started_on=date(2024, 1, 1)).user

    again = _designate(head, school, teacher, date(2024, 8, 1))
    _designate(head, school, colleague, date(2020, 1, 1), date(2020, 12, 31))

    assert again.pk is not None
    assert DesignatedTeacher.objects.filter(school=school, user=teacher).count() == 2
    assert DesignatedTeacher.objects.filter(school=school, user=colleague).count() == 2


def test_the_end_must_not_be_before_the_start(head, school, teacher):
    with pytest.raises(ValidationError) as refused:
        _designate(head, school, teacher, date(2024, 9, 10), date(2024, 9, 1))

    assert list(refused.value.message_dict) == ["ended_on"]
    assert not DesignatedTeacher.objects.exists()


@pytest.mark.parametrize("kind", ["caseworker", "inactive"])
def test_only_active_designated_teacher_accounts_are_designated(head, school, kind):
    if kind == "caseworker":
        user = UserFactory(role=Role.CASEWORKER)
    else:
        user = UserFactory(role=Role.DESIGNATED_TEACHER, is_active=False)

    with pytest.raises(ValidationError) as refused:
        _designate(head, school, user, date(2024, 9, 1))

    assert list(refused.value.message_dict) == ["user"]
    assert not DesignatedTeacher.objects.exists()


def test_ending_before_the_start_is_refused_by_the_service(head, school):
    designation = DesignatedTeacherFactory(school=school, started_on=date(2024, 9, 1))

    with pytest.raises(ValidationError) as refused:
        services.end_designation(actor=head, designation=designation, ended_on=date(2024, 8, 31))

    assert list(refused.value.message_dict) == ["ended_on"]
    designation.refresh_from_db()
    assert designation.ended_on is None


def test_the_page_shows_the_services_refusal_on_the_form(login, head, school, teacher):
    DesignatedTeacherFactory(school=school, user=teacher, started_on=date(2024, 9, 1))

    response = login(head).post(
        reverse("schools:designated_teachers", args=[school.pk]),
        {"action": "add", "add-user": teacher.pk, "add-started_on": "01/01/2025"},
    )

    assert response.status_code == 200
    message = (
        f"{teacher} is already designated at this school from 1 September 2024 with no end "
        "date. Change the dates, or end that designation first."
    )
    assert response.context["add_form"].errors["user"] == [message]
    assert message in response.content.decode()
    assert DesignatedTeacher.objects.filter(school=school, user=teacher).count() == 1
