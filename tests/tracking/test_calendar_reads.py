"""Reading a child's tracking pages leaves the school calendar alone: with no
academic year set up they still work, from England's usual term dates worked out
for the page, and saving attendance is what adds the year."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from children.school_years import academic_year_start
from tests.factories import ChildFactory, EnrolmentFactory, SchoolFactory
from tests.tracking.factories import AttendanceRecordFactory
from tests.tracking.test_entry import attendance_post, last_week
from vsh.core.models import AuthoritySettings
from vsh.terms.models import AcademicYear, NonWorkingDay, Term
from vsh.terms.services import default_terms, ensure_academic_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return SchoolFactory(name="Riverside Academy")


@pytest.fixture
def child(school):
    child = ChildFactory(first_name="Amara", last_name="Okafor")
    EnrolmentFactory(child=child, school=school, started_on=date(2024, 9, 1))
    return child


def url(name, child, pk=None):
    kwargs = {"child_pk": child.pk} if pk is None else {"child_pk": child.pk, "pk": pk}
    return reverse(f"tracking:{name}", kwargs=kwargs)


def calendar():
    return AcademicYear.objects.count(), Term.objects.count(), NonWorkingDay.objects.count()


@pytest.mark.parametrize("rhythm", ["weekly", "half_termly"])
def test_pages_read_on_an_empty_calendar_save_nothing_to_it(login, head, child, school, rhythm):
    AuthoritySettings.objects.update_or_create(pk=1, defaults={"attendance_period": rhythm})
    AttendanceRecordFactory(
        child=child, school=school, period_start=date(2024, 9, 9), period_end=date(2024, 9, 13)
    )
    client = login(head)
    assert calendar() == (0, 0, 0)

    for name in ["attendance", "attendance_add", "assessment_add", "attainment", "wellbeing"]:
        assert client.get(url(name, child)).status_code == 200, name

    assert calendar() == (0, 0, 0)


def test_the_attendance_page_shows_the_usual_terms_of_a_year_not_set_up(login, head, child, school):
    AttendanceRecordFactory(
        child=child, school=school, period_start=date(2024, 9, 9), period_end=date(2024, 9, 13)
    )

    page = login(head).get(url("attendance", child))

    autumn = page.context["years"][-1].terms[0]
    assert str(autumn[0]) == "Autumn 2024/25"
    assert autumn[0].starts_on == default_terms(2024)["autumn"][0]
    assert autumn[1].records == 1  # the record counts in its term
    assert "Autumn 2024/25" in page.content.decode()
    assert calendar() == (0, 0, 0)


def test_the_assessment_form_says_where_to_set_up_the_year(login, head, caseworker, child):
    current = academic_year_start(timezone.localdate())
    name = AcademicYear(start_year=current).name

    as_manager = login(head).get(url("assessment_add", child)).content.decode()
    assert f"does not have the {name} academic year yet" in as_manager
    assert "Add it in Settings, School calendar." in as_manager

    old = ensure_academic_year(current - 1)
    assessment = child.assessments.create(
        term=old.terms.first(), subject="maths", measure="termly_ta", actual="expected"
    )
    before = calendar()
    edit = login(head).get(url("assessment_edit", child, assessment.pk))
    assert edit.status_code == 200
    assert f"does not have the {name} academic year yet" in edit.content.decode()
    assert calendar() == before

    ensure_academic_year(current)
    assert "academic year yet" not in login(head).get(url("assessment_add", child)).content.decode()


def test_saving_attendance_adds_its_academic_year_to_the_calendar(login, head, child, school):
    start, _ = last_week()

    response = login(head).post(url("attendance_add", child), attendance_post(school))

    assert response.status_code == 302
    assert AcademicYear.objects.filter(start_year=academic_year_start(start)).exists()
    assert Term.objects.filter(academic_year__start_year=academic_year_start(start)).count() == 3
