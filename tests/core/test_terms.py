from datetime import date

import pytest

from children.peps.deadlines import TermDeadlines, due_date
from vsh.terms.dates import add_working_days, term_on, working_days_between
from vsh.terms.models import NonWorkingDay
from vsh.terms.services import easter_sunday, england_bank_holidays, ensure_academic_year

pytestmark = pytest.mark.django_db


def test_easter_and_bank_holidays():
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)
    holidays = dict((name, day) for day, name in england_bank_holidays(2026))
    assert holidays["Good Friday"] == date(2026, 4, 3)
    assert holidays["Early May bank holiday"] == date(2026, 5, 4)
    assert holidays["Spring bank holiday"] == date(2026, 5, 25)
    assert holidays["Summer bank holiday"] == date(2026, 8, 31)
    # 26 December 2026 is a Saturday: Boxing Day moves to Monday 28th.
    assert holidays["Boxing Day"] == date(2026, 12, 28)


def test_academic_year_gets_three_terms_in_order():
    year = ensure_academic_year(2026)
    terms = list(year.terms.order_by("starts_on"))
    assert [t.season for t in terms] == ["autumn", "spring", "summer"]
    assert terms[0].starts_on.month == 9 and terms[2].ends_on.month == 7
    assert all(a.ends_on < b.starts_on for a, b in zip(terms, terms[1:], strict=False))
    assert ensure_academic_year(2026) == year  # idempotent


def test_working_days_skip_weekends_and_bank_holidays():
    NonWorkingDay.objects.create(date=date(2026, 12, 25), name="Christmas Day")
    NonWorkingDay.objects.create(date=date(2026, 12, 28), name="Boxing Day")
    # Friday 18 December 2026 + 5 working days: 21, 22, 23, 24, 29 December.
    assert add_working_days(date(2026, 12, 18), 5) == date(2026, 12, 29)
    assert working_days_between(date(2026, 12, 18), date(2026, 12, 29)) == 5


def test_initial_pep_due_twenty_working_days_after_entering_care():
    ensure_academic_year(2026)
    # Came into care Monday 2 November 2026: 20 working days later is Monday 30 November.
    term = term_on(date(2026, 11, 2))
    kind, due = due_date(term=term, entered_care_on=date(2026, 11, 2))
    assert kind == "initial" and due == date(2026, 11, 30)
    kind, due = due_date(term=term, entered_care_on=date(2024, 1, 10))
    assert kind == "review" and due == TermDeadlines.load(term).review_due
    assert term.starts_on < due < term.ends_on
