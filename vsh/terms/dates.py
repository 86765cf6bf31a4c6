"""Working days and terms: the arithmetic behind PEP deadlines."""

from datetime import date, timedelta

from .models import NonWorkingDay, Term


class WorkingCalendar:
    """Working-day arithmetic over a preloaded set of non-working days, so a page
    that works out deadlines for a whole caseload loads the calendar once."""

    def __init__(self, closed: set[date]):
        self.closed = closed

    @classmethod
    def between(cls, start: date, end: date) -> "WorkingCalendar":
        days = NonWorkingDay.objects.filter(date__gte=start, date__lte=end)
        return cls(set(days.values_list("date", flat=True)))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.closed

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start`; day 1 is the first working
        day after `start`."""
        current, counted = start, 0
        while counted < days:
            current += timedelta(days=1)
            if self.is_working_day(current):
                counted += 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative if earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count

    def count_back(self, end: date, days: int, *, not_before: date) -> date:
        """The date `days` working days before `end`, but never before `not_before`."""
        day, counted = end, 0
        while counted < days and day > not_before:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (weekends and recorded
    non-working days skipped)."""
    calendar = WorkingCalendar.between(start, start + timedelta(days=days * 2 + 30))
    return calendar.add_working_days(start, days)


def working_days_between(start: date, end: date) -> int:
    return WorkingCalendar.between(min(start, end), max(start, end)).working_days_between(
        start, end
    )


def term_on(day: date) -> Term | None:
    """The term containing `day`, or during a holiday the term that comes next."""
    term = (
        Term.objects.select_related("academic_year")
        .filter(starts_on__lte=day, ends_on__gte=day)
        .first()
    )
    if term is None:
        term = (
            Term.objects.select_related("academic_year")
            .filter(starts_on__gt=day)
            .order_by("starts_on")
            .first()
        )
    return term


def previous_term(term: Term) -> Term | None:
    return (
        Term.objects.select_related("academic_year")
        .filter(starts_on__lt=term.starts_on)
        .order_by("-starts_on")
        .first()
    )
