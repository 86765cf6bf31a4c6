"""The working calendar reads non-working days for a window of dates once, and reads
more when asked about a day outside it rather than treat that day as open."""

from datetime import date

import pytest

from vsh.terms.dates import WorkingCalendar
from vsh.terms.models import NonWorkingDay

pytestmark = pytest.mark.django_db


@pytest.fixture
def closures(db):
    for day, name in [
        (date(2026, 1, 14), "Inside the window"),
        (date(2025, 12, 1), "Before the window"),
        (date(2026, 3, 2), "After the window"),
        (date(2026, 12, 1), "Long after the window"),
    ]:
        NonWorkingDay.objects.create(date=day, name=name)


def test_a_day_inside_the_window_needs_no_query(closures, django_assert_num_queries):
    with django_assert_num_queries(1):
        calendar = WorkingCalendar.between(date(2026, 1, 5), date(2026, 1, 30))
    with django_assert_num_queries(0):
        assert not calendar.is_working_day(date(2026, 1, 14))
        assert calendar.is_working_day(date(2026, 1, 15))
        assert not calendar.is_working_day(date(2026, 1, 17))  # a Saturday
        assert calendar.working_days_between(date(2026, 1, 12), date(2026, 1, 16)) == 3


def test_days_after_the_window_are_read_not_assumed_open(closures, django_assert_num_queries):
    calendar = WorkingCalendar.between(date(2026, 1, 5), date(2026, 1, 30))
    with django_assert_num_queries(1):
        assert not calendar.is_working_day(date(2026, 3, 2))
        # Stepping on day by day beyond the window reads ahead once, not each day.
        assert calendar.add_working_days(date(2026, 2, 27), 1) == date(2026, 3, 3)
        assert calendar.working_days_between(date(2026, 1, 30), date(2026, 3, 6)) == 24
    assert calendar.start == date(2026, 1, 5) and calendar.end >= date(2026, 3, 6)
    assert not calendar.is_working_day(date(2026, 12, 1))
    assert calendar.end >= date(2026, 12, 1)


def test_days_before_the_window_are_read_too(closures, django_assert_num_queries):
    calendar = WorkingCalendar.between(date(2026, 1, 5), date(2026, 1, 30))
    with django_assert_num_queries(1):
        assert not calendar.is_working_day(date(2025, 12, 1))
        assert calendar.count_back(date(2025, 12, 3), 2, not_before=date(2025, 11, 1)) == date(
            2025, 11, 28
        )
    assert calendar.start <= date(2025, 11, 28) and calendar.end == date(2026, 1, 30)


def test_a_calendar_given_its_days_reads_nothing(closures, django_assert_num_queries):
    calendar = WorkingCalendar({date(2026, 1, 14)})
    with django_assert_num_queries(0):
        assert not calendar.is_working_day(date(2026, 1, 14))
        assert calendar.is_working_day(date(2026, 3, 2))
