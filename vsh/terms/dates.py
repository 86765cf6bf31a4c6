"""Working days and terms: the arithmetic behind PEP deadlines."""

from datetime import date, timedelta

from .models import NonWorkingDay, Term


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (weekends and recorded
    non-working days skipped). Day 1 is the first working day after `start`."""
    closed = set(
        NonWorkingDay.objects.filter(
            date__gt=start, date__lte=start + timedelta(days=days * 2 + 30)
        ).values_list("date", flat=True)
    )
    current, counted = start, 0
    while counted < days:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in closed:
            counted += 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative if end is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    closed = set(
        NonWorkingDay.objects.filter(date__gt=start, date__lte=end).values_list("date", flat=True)
    )
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in closed:
            count += 1
    return count


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
