"""Working days and terms: the arithmetic behind PEP deadlines."""

from datetime import date, timedelta

from .models import NonWorkingDay, Term


class WorkingCalendar:
    """Working-day arithmetic over the non-working days of a window of dates, read
    once, so a page that works out deadlines for a whole caseload loads the calendar
    once. Asked about a day outside the window, it reads the days it is missing
    rather than answer as if there were none."""

    # Read at least this much more at a time, so stepping day by day past the end of
    # the window costs one more query, not one a day.
    EXTEND_BY = timedelta(days=180)

    def __init__(self, closed, start: date | None = None, end: date | None = None):
        """`closed` holds the non-working days from `start` to `end`. Without a
        window it is taken as every non-working day there is."""
        self.closed = set(closed)
        self.start, self.end = start, end

    @classmethod
    def between(cls, start: date, end: date) -> "WorkingCalendar":
        return cls(_non_working_days(start, end), start, end)

    def _cover(self, day: date) -> None:
        if self.start is None or self.start <= day <= self.end:
            return
        if day < self.start:
            start = min(day, self.start - self.EXTEND_BY)
            self.closed |= _non_working_days(start, self.start - timedelta(days=1))
            self.start = start
        else:
            end = max(day, self.end + self.EXTEND_BY)
            self.closed |= _non_working_days(self.end + timedelta(days=1), end)
            self.end = end

    def is_working_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        self._cover(day)
        return day not in self.closed

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


class SchoolDayCalendar(WorkingCalendar):
    """Days a school is open: working days in term time, with half terms left out.
    Past the last term the authority has set up, it counts working days, so a
    deadline is never left waiting for a calendar nobody has entered yet."""

    def __init__(self, closed, terms, start: date | None = None, end: date | None = None):
        super().__init__(closed, start, end)
        self.terms = sorted(terms, key=lambda t: t.starts_on)

    @classmethod
    def between(cls, start: date, end: date) -> "SchoolDayCalendar":
        # Every term from `start` on: a handful of rows, and deadlines never have to
        # ask for more.
        terms = Term.objects.filter(ends_on__gte=start).order_by("starts_on")
        return cls(_non_working_days(start, end), list(terms), start, end)

    def is_working_day(self, day: date) -> bool:
        if not super().is_working_day(day):
            return False
        if not self.terms or day > self.terms[-1].ends_on:
            return True
        return any(term_is_open(term, day) for term in self.terms)


def term_is_open(term: Term, day: date) -> bool:
    """Whether `day` falls in `term` and outside its half term (weekends and bank
    holidays aside)."""
    if not term.starts_on <= day <= term.ends_on:
        return False
    half_term = term.half_term_starts_on, term.half_term_ends_on
    return not (all(half_term) and half_term[0] <= day <= half_term[1])


def _non_working_days(start: date, end: date) -> set[date]:
    return set(
        NonWorkingDay.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )


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


def terms_started_by(day: date, count: int) -> list[Term]:
    """Terms that have started by `day`, newest first: the one in progress (or, in
    a holiday, the one just finished) and those before it. Figures and alerts look
    back like this; PEP work pages look ahead with term_on."""
    return list(
        Term.objects.select_related("academic_year")
        .filter(starts_on__lte=day)
        .order_by("-starts_on")[:count]
    )


def previous_term(term: Term) -> Term | None:
    return (
        Term.objects.select_related("academic_year")
        .filter(starts_on__lt=term.starts_on)
        .order_by("-starts_on")
        .first()
    )
