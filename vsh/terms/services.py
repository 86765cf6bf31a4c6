"""Setting up an academic year with England's usual pattern of terms and bank
holidays, for an authority to adjust to its own published dates."""

from datetime import date, timedelta

from django.db import transaction

from .models import AcademicYear, NonWorkingDay, Season, Term


def easter_sunday(year: int) -> date:
    """Anonymous Gregorian algorithm."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def _weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _last_weekday(year: int, month: int, weekday: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _substitute(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def england_bank_holidays(year: int) -> list[tuple[date, str]]:
    easter = easter_sunday(year)
    christmas = date(year, 12, 25)
    boxing = date(year, 12, 26)
    if christmas.weekday() >= 5:  # Saturday or Sunday: both move to the next weekdays
        christmas_observed = _substitute(christmas)
        boxing_observed = _substitute(christmas_observed + timedelta(days=1))
    else:
        christmas_observed = christmas
        boxing_observed = _substitute(boxing)
    return [
        (_substitute(date(year, 1, 1)), "New Year's Day"),
        (easter - timedelta(days=2), "Good Friday"),
        (easter + timedelta(days=1), "Easter Monday"),
        (_weekday_on_or_after(date(year, 5, 1), 0), "Early May bank holiday"),
        (_last_weekday(year, 5, 0), "Spring bank holiday"),
        (_last_weekday(year, 8, 0), "Summer bank holiday"),
        (christmas_observed, "Christmas Day"),
        (boxing_observed, "Boxing Day"),
    ]


def default_terms(start_year: int) -> dict[str, tuple[date, date, date, date]]:
    """Typical term dates: (start, end, half-term start, half-term end) per season."""
    autumn_start = _weekday_on_or_after(date(start_year, 9, 2), 0)
    if autumn_start.day > 7:
        autumn_start = date(start_year, 9, 1)
    autumn_half = _last_weekday(start_year, 10, 0)
    autumn_end = _weekday_on_or_after(date(start_year, 12, 17), 4)
    spring_start = _weekday_on_or_after(date(start_year + 1, 1, 5), 0)
    spring_half = _weekday_on_or_after(date(start_year + 1, 2, 14), 0)
    easter = easter_sunday(start_year + 1)
    spring_end = easter - timedelta(days=9) if easter.month == 4 else date(start_year + 1, 3, 28)
    spring_end = spring_end - timedelta(days=(spring_end.weekday() - 4) % 7)
    summer_start = _weekday_on_or_after(spring_end + timedelta(days=17), 0)
    summer_half = _last_weekday(start_year + 1, 5, 0)
    summer_end = _weekday_on_or_after(date(start_year + 1, 7, 20), 0) + timedelta(days=2)
    return {
        Season.AUTUMN: (autumn_start, autumn_end, autumn_half, autumn_half + timedelta(days=4)),
        Season.SPRING: (spring_start, spring_end, spring_half, spring_half + timedelta(days=4)),
        Season.SUMMER: (summer_start, summer_end, summer_half, summer_half + timedelta(days=4)),
    }


def default_year(start_year: int) -> tuple[AcademicYear, list[Term]]:
    """England's usual academic year starting in September of `start_year`, with its
    terms, unsaved: pages show it for a year the authority has not set up."""
    year = AcademicYear(
        start_year=start_year, starts_on=date(start_year, 9, 1), ends_on=date(start_year + 1, 8, 31)
    )
    terms = [
        Term(
            academic_year=year,
            season=season,
            starts_on=starts,
            ends_on=ends,
            half_term_starts_on=half_start,
            half_term_ends_on=half_end,
        )
        for season, (starts, ends, half_start, half_end) in default_terms(start_year).items()
    ]
    return year, terms


@transaction.atomic
def ensure_academic_year(start_year: int) -> AcademicYear:
    """The academic year starting in September of `start_year`, created with default
    terms and bank holidays if the authority has not set it up yet."""
    year = AcademicYear.objects.filter(start_year=start_year).first()
    if year is not None:
        return year
    year, terms = default_year(start_year)
    year.save()
    for term in terms:
        term.academic_year = year
        term.save()
    for calendar_year in (start_year, start_year + 1):
        for day, name in england_bank_holidays(calendar_year):
            if year.starts_on <= day <= year.ends_on:
                NonWorkingDay.objects.get_or_create(date=day, defaults={"name": name})
    return year
