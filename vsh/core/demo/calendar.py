"""Dates for the demo: school terms and whole-year arithmetic, all relative to the
day the demo is seeded."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from children.school_years import academic_year_start


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def birthday(dob: date, age: int) -> date:
    return add_years(dob, age)


def weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def first_day_of_autumn_term(year: int) -> date:
    """Schools in England usually start in the first week of September."""
    return weekday_on_or_after(date(year, 9, 3))


def last_day_of_summer_term(year: int) -> date:
    return weekday_on_or_before(date(year, 7, 22))


def reception_start(dob: date) -> date:
    """A child starts Reception in the September after their fourth birthday
    (cut-off 31 August)."""
    fourth = birthday(dob, 4)
    year = fourth.year if fourth <= date(fourth.year, 8, 31) else fourth.year + 1
    return first_day_of_autumn_term(year)


def year_start(dob: date, year_group: int) -> date:
    """First day of the autumn term in which the child enters `year_group`."""
    reception = reception_start(dob)
    return first_day_of_autumn_term(reception.year + year_group)


def previous_term_end(today: date) -> date:
    """The last day of the term before the current one (autumn runs to about 19
    December, spring to about 31 March, summer to about 22 July; the summer
    holiday counts as part of the summer term)."""
    if today.month >= 9:
        return last_day_of_summer_term(today.year)
    if today < date(today.year, 4, 14):
        return weekday_on_or_before(date(today.year - 1, 12, 19))
    return weekday_on_or_before(date(today.year, 3, 31))


def current_term_start(today: date) -> date:
    if today.month >= 9:
        start = first_day_of_autumn_term(today.year)
    elif today < date(today.year, 4, 14):
        start = weekday_on_or_after(date(today.year, 1, 5))
    else:
        start = weekday_on_or_after(date(today.year, 4, 14))
    return min(start, today)


def academic_year_of(day: date) -> int:
    return academic_year_start(day)


def between(rng, start: date, end: date) -> date:
    """A random day from `start` to `end` inclusive (or `start` if the range is empty)."""
    span = (end - start).days
    if span <= 0:
        return start
    return start + timedelta(days=rng.randint(0, span))


def moment(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A time on `day` in the authority's time zone."""
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())
