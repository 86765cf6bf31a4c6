"""The school calendar the demo's attendance, attainment and PEPs follow.

The authority's academic years are set up with England's usual terms and bank
holidays where they are missing (two years back, this year and next), then held in
memory so thousands of children can be placed in school weeks without a query each.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from children.school_years import academic_year_start
from vsh.terms.models import NonWorkingDay, Term
from vsh.terms.services import ensure_academic_year


@dataclass(frozen=True)
class Week:
    """The days a school was open in one week of term."""

    term: Term
    days: tuple[date, ...]

    @property
    def start(self) -> date:
        return self.days[0]

    @property
    def end(self) -> date:
        return self.days[-1]


class SchoolCalendar:
    def __init__(self, today: date):
        self.today = today
        this_year = academic_year_start(today)
        years = [ensure_academic_year(y) for y in range(this_year - 2, this_year + 2)]
        self.terms: list[Term] = list(
            Term.objects.filter(academic_year__in=years)
            .select_related("academic_year")
            .order_by("starts_on")
        )
        self.first_day = years[0].starts_on
        self.last_day = years[-1].ends_on
        self.closed = set(
            NonWorkingDay.objects.filter(
                date__gte=self.first_day, date__lte=self.last_day
            ).values_list("date", flat=True)
        )
        # As vsh.terms.dates.term_on: the term containing today, or in a holiday the
        # term that comes next.
        self.current = next(
            (t for t in self.terms if t.starts_on <= today <= t.ends_on),
            None,
        ) or next(t for t in self.terms if t.starts_on > today)
        index = self.terms.index(self.current)
        self.pep_terms: list[Term] = self.terms[max(0, index - 3) : index + 1]
        # Attainment: every term of the two academic years before this one and of this
        # one, up to now, so that the head's view has last year's results and the
        # year before's to compare them with.
        first_year = self.current.academic_year.start_year - 2
        self.assessment_terms: list[Term] = [
            t for t in self.terms[: index + 1] if t.academic_year.start_year >= first_year
        ]

    # Terms ----------------------------------------------------------------------------

    def term_of(self, day: date) -> Term | None:
        for term in self.terms:
            if term.starts_on <= day <= term.ends_on:
                return term
        return None

    def previous(self, term: Term) -> Term | None:
        index = self.terms.index(term)
        return self.terms[index - 1] if index else None

    def following(self, term: Term) -> Term | None:
        index = self.terms.index(term)
        return self.terms[index + 1] if index + 1 < len(self.terms) else None

    def year_start(self, term: Term) -> date:
        return term.academic_year.starts_on

    # School days ----------------------------------------------------------------------

    def is_school_day(self, day: date) -> bool:
        if day.weekday() >= 5 or day in self.closed:
            return False
        term = self.term_of(day)
        if term is None:
            return False
        return not (
            term.half_term_starts_on
            and term.half_term_ends_on
            and term.half_term_starts_on <= day <= term.half_term_ends_on
        )

    def school_days(self, start: date, end: date) -> list[date]:
        """School days from `start` to `end` inclusive."""
        days, day = [], start
        while day <= end:
            if self.is_school_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def school_days_after(self, day: date, count: int) -> list[date]:
        """The next `count` school days from `day` (inclusive); outside the years the
        calendar holds, weekdays."""
        days = []
        while len(days) < count:
            if self.first_day <= day <= self.last_day:
                open_ = self.is_school_day(day)
            else:
                open_ = day.weekday() < 5
            if open_:
                days.append(day)
            day += timedelta(days=1)
        return days

    def school_days_before(self, day: date, count: int) -> list[date]:
        """The `count` school days up to `day` (inclusive), earliest first."""
        days = []
        while len(days) < count:
            if self.first_day <= day <= self.last_day:
                open_ = self.is_school_day(day)
            else:
                open_ = day.weekday() < 5
            if open_:
                days.append(day)
            day -= timedelta(days=1)
        return days[::-1]

    def weeks(self, start: date, end: date) -> list[Week]:
        """Weeks of term with school days from `start` to `end`."""
        weeks: list[Week] = []
        current: list[date] = []
        for day in self.school_days(start, end):
            if current and day.isocalendar()[:2] != current[0].isocalendar()[:2]:
                weeks.append(Week(self.term_of(current[0]), tuple(current)))
                current = []
            current.append(day)
        if current:
            weeks.append(Week(self.term_of(current[0]), tuple(current)))
        return weeks

    def working_days_after(self, start: date, days: int) -> date:
        """As vsh.terms.dates.add_working_days, in memory."""
        current, counted = start, 0
        while counted < days:
            current += timedelta(days=1)
            if current.weekday() < 5 and current not in self.closed:
                counted += 1
        return current

    # Looked-after children new to care ------------------------------------------------------

    def new_to_care_overdue(self, working_days: int, rng) -> date | None:
        """A day a child could have come into care for their initial PEP to belong to
        this term and already be overdue, or None so early in a term that it cannot."""
        before = self.previous(self.current)
        window_start = before.ends_on if before else self.current.starts_on
        latest_due = self.today - timedelta(days=3)
        options = []
        day = window_start + timedelta(days=1)
        while day < self.today:
            if self.working_days_after(day, working_days) <= latest_due:
                options.append(day)
            day += timedelta(days=1)
        if not options:
            return None
        # Recently arrived: in the later part of the days that work.
        return options[len(options) // 2 + rng.randint(0, (len(options) - 1) // 2)]
