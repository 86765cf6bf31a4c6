"""The school calendar pages: term dates, the next academic year, non-working days."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import DesignatedTeacherFactory, UserFactory
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent
from vsh.terms.models import AcademicYear, NonWorkingDay, Term
from vsh.terms.services import ensure_academic_year

pytestmark = pytest.mark.django_db

INDEX = reverse("calendar:index")
YEAR_ADD = reverse("calendar:year_add")
DAY_ADD = reverse("calendar:non_working_day_add")


@pytest.fixture
def year(db):
    return ensure_academic_year(2026)


def year_edit(year):
    return reverse("calendar:year_edit", args=[year.start_year])


def term_form(year, **changes) -> dict:
    data = {}
    for term in year.terms.all():
        for name in ("starts_on", "ends_on", "half_term_starts_on", "half_term_ends_on"):
            value = getattr(term, name)
            data[f"{term.season}_{name}"] = f"{value:%d/%m/%Y}" if value else ""
    data.update(changes)
    return data


def error_messages(response) -> list[str]:
    return [str(m) for errors in response.context["form"].errors.values() for m in errors]


def test_only_managers_and_the_head(login, manager, head, year):
    day = NonWorkingDay.objects.first()
    pages = [
        INDEX,
        year_edit(year),
        DAY_ADD,
        reverse("calendar:non_working_day_remove", args=[day.pk]),
    ]
    for user in (manager, head):
        client = login(user)
        for page in pages:
            assert client.get(page).status_code == 200, page
    for user in (
        UserFactory(role=Role.CASEWORKER),
        UserFactory(role=Role.SOCIAL_WORKER),
        UserFactory(role=Role.PARTNER),
        DesignatedTeacherFactory().user,
    ):
        client = login(user)
        for page in pages:
            assert client.get(page).status_code == 403
        assert client.post(YEAR_ADD).status_code == 403
        assert client.post(pages[-1]).status_code == 403
    assert AcademicYear.objects.count() == 1
    assert NonWorkingDay.objects.filter(pk=day.pk).exists()


def test_the_calendar_lists_years_terms_and_non_working_days(login, manager, year):
    page = login(manager).get(INDEX).content.decode()
    assert "Academic year 2026/27" in page
    autumn = year.terms.get(season="autumn")
    assert f"{autumn.starts_on:%a} {autumn.starts_on.day} {autumn.starts_on:%b %Y}" in page
    assert "Christmas Day" in page
    assert "Add academic year 2027/28" in page


def test_changing_term_dates_is_saved_and_audited(login, manager, year):
    response = login(manager).post(
        year_edit(year),
        term_form(year, autumn_starts_on="3/9/2026", autumn_half_term_starts_on="26/10/2026"),
    )
    assert response.status_code == 302
    autumn = Term.objects.get(academic_year=year, season="autumn")
    assert autumn.starts_on == date(2026, 9, 3)
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_type="terms.Term")
    assert event.actor == manager
    assert event.changes["starts_on"]["new"] == "2026-09-03"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"autumn_ends_on": "1/9/2026"},
            "The autumn term must end after it starts",
        ),
        (
            {"spring_starts_on": "10/12/2026"},
            "The spring term must start after the autumn term ends",
        ),
        (
            {"autumn_starts_on": "20/8/2026"},
            "The autumn term must be within the academic year 2026/27",
        ),
        (
            {"summer_ends_on": "3/9/2027"},
            "The summer term must be within the academic year 2026/27",
        ),
        (
            {"spring_half_term_starts_on": "1/12/2026", "spring_half_term_ends_on": "4/12/2026"},
            "The spring half-term must fall within the spring term",
        ),
        ({"summer_half_term_ends_on": ""}, "Enter both summer half-term dates, or neither"),
        ({"autumn_starts_on": ""}, "Enter the first day of the autumn term"),
        ({"spring_ends_on": "31/2/2027"}, "Enter the last day of the spring term as a real date"),
        (
            {"summer_half_term_starts_on": "x"},
            "Enter the first day of half-term (summer term) as a real date",
        ),
    ],
)
def test_term_dates_are_checked(login, manager, year, changes, message):
    before = list(Term.objects.values_list("starts_on", "ends_on"))
    response = login(manager).post(year_edit(year), term_form(year, **changes))
    assert response.status_code == 200
    assert any(m.startswith(message) for m in error_messages(response)), error_messages(response)
    assert list(Term.objects.values_list("starts_on", "ends_on")) == before
    assert not AuditEvent.objects.filter(object_type="terms.Term").exists()


def test_adding_the_next_academic_year(login, manager, year):
    response = login(manager).post(YEAR_ADD)
    assert response.status_code == 302
    added = AcademicYear.objects.get(start_year=2027)
    assert [t.season for t in added.terms.order_by("starts_on")] == ["autumn", "spring", "summer"]
    assert NonWorkingDay.objects.filter(date=date(2027, 12, 27)).exists()  # Christmas, observed
    created = AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, actor=manager)
    assert created.filter(object_type="terms.AcademicYear").count() == 1
    assert created.filter(object_type="terms.Term").count() == 3
    assert created.filter(object_type="terms.NonWorkingDay").exists()


def test_the_first_year_is_the_current_one(login, manager, db):
    from django.utils import timezone

    from children.school_years import academic_year_start

    login(manager).post(YEAR_ADD)
    assert AcademicYear.objects.get().start_year == academic_year_start(timezone.localdate())


def test_adding_and_removing_a_non_working_day(login, manager, year):
    client = login(manager)
    response = client.post(DAY_ADD, {"date": "16/10/2026", "name": "Staff training day"})
    assert response.status_code == 302
    day = NonWorkingDay.objects.get(date=date(2026, 10, 16))
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type="terms.NonWorkingDay", object_id=str(day.pk)
    ).exists()
    remove = reverse("calendar:non_working_day_remove", args=[day.pk])
    assert "Remove Staff training day" in client.get(remove).content.decode()
    assert client.post(remove).status_code == 302
    assert not NonWorkingDay.objects.filter(pk=day.pk).exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DELETE, object_type="terms.NonWorkingDay"
    ).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "17/10/2026", "name": "Saturday"}, "is a weekend day"),
        ({"date": "25/12/2026", "name": "Again"}, "is already a non-working day (Christmas Day)"),
        ({"date": "", "name": "Closure"}, "Enter the date"),
        ({"date": "16/10/2026", "name": ""}, "Enter what the day is"),
    ],
)
def test_non_working_days_are_checked(login, manager, year, data, message):
    count = NonWorkingDay.objects.count()
    response = login(manager).post(DAY_ADD, data)
    assert response.status_code == 200
    assert any(message in m for m in error_messages(response)), error_messages(response)
    assert NonWorkingDay.objects.count() == count


def test_a_new_non_working_day_moves_pep_deadlines(login, manager, year):
    from children.peps.deadlines import due_date
    from vsh.terms.dates import term_on

    term = term_on(date(2026, 10, 1))
    kind, before = due_date(term=term, entered_care_on=date(2026, 10, 1))
    assert kind == "initial"
    login(manager).post(DAY_ADD, {"date": "2/10/2026", "name": "Closure"})
    assert due_date(term=term, entered_care_on=date(2026, 10, 1))[1] > before
