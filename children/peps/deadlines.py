"""Which children need a PEP in a term, which kind of PEP, when it is due, and when
it counts as overdue or done. The PEP list and compliance dashboard, the overdue-PEP
alert, the role dashboards and starting a PEP all ask here, so they agree.

- **Who**: a child looked after (the looked-after cohort, with a care episode) on
  the term's reference day, in a year group that needs a PEP in the term's academic
  year: Reception to Year 13 by statute, and the nursery year too when the authority
  has turned on early years PEPs.
- **Which and when**: the initial PEP when the child's current period of care began
  during the term or the holiday before it, due a number of working days after
  (20 by default, in time for the first statutory review; the authority may count
  school days instead, see `AuthoritySettings.initial_pep_day_count`); otherwise the termly
  review, due a number of working days before the end of term. A PEP already
  started keeps the kind and due date it was given.
- **Overdue and done**: a PEP is overdue the day after its due date until it is
  handed in. Two measures of "handed in" are used, on purpose:
  `SUBMITTED_OR_LATER` for the overdue alert and the dashboards' overdue flag (once
  submitted the PEP is with the virtual school, not late at school), and
  `APPROVED_OR_LATER` for the PEP list and compliance figures, which count a PEP as
  completed, and no longer overdue, only once it is approved.
- **Which term**: the alert sweep and the role dashboards look at the term in
  progress, or in a holiday the term just finished; the PEP list and compliance
  dashboard at the term chosen on the page.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from children.codes import Cohort
from children.models import CareEpisode
from children.school_years import date_of_birth_range, year_group_on
from vsh.core.models import AuthoritySettings
from vsh.terms.dates import SchoolDayCalendar, WorkingCalendar, previous_term
from vsh.terms.models import Term

from .models import Kind, Pep, Status

# Year groups ----------------------------------------------------------------------

NURSERY, RECEPTION = -1, 0
# Post-16 PEPs run to the end of the academic year in which the young person turns 18.
LAST_PEP_YEAR = 13


def pep_year_groups(rules: AuthoritySettings) -> range:
    """The year groups that need a PEP: Reception to Year 13 by statute, from the
    nursery year (age 3) when the authority writes early years PEPs."""
    return range(NURSERY if rules.early_years_peps else RECEPTION, LAST_PEP_YEAR + 1)


# Where a term's PEP has got to ---------------------------------------------------

# Submitted for quality assurance or further on: the PEP is with the virtual school,
# so no longer overdue. A superseded version was approved before it was replaced.
SUBMITTED_OR_LATER = frozenset({Status.SUBMITTED, Status.APPROVED, Status.SUPERSEDED})
# Approved, even if since replaced by a newer version: completed for the compliance
# figures (a PEP only submitted is still outstanding there).
APPROVED_OR_LATER = frozenset({Status.APPROVED, Status.SUPERSEDED})


def live_version(versions: list[Pep]) -> Pep | None:
    """The version being worked on or standing now, from a term's versions in order."""
    return next((p for p in reversed(versions) if p.status != Status.SUPERSEDED), None)


def first_approved(versions: list[Pep]) -> Pep | None:
    """The first version approved, from a term's versions in order."""
    return next((p for p in versions if p.status in APPROVED_OR_LATER), None)


def submitted(versions: list[Pep]) -> bool:
    """Whether the term's PEP has reached the virtual school (see SUBMITTED_OR_LATER)."""
    return any(p.status in SUBMITTED_OR_LATER for p in versions)


# Periods of care -----------------------------------------------------------------


def _current_on(episode, on: date) -> bool:
    return episode.started_on <= on and (episode.ended_on is None or episode.ended_on >= on)


def care_period_start(episodes, on: date) -> date | None:
    """When the period of care the child is in on `on` began: the start of the
    episode current then, or of earlier episodes that ran on into it with no more
    than a day between (a new episode starts the day the last one ceased, or the
    day after). None when the child is not in care on `on`. `episodes` may be in
    any order."""
    episodes = list(episodes)
    current = [e for e in episodes if _current_on(e, on)]
    if not current:
        return None
    start = max(e.started_on for e in current)
    while True:
        joined = [
            e.started_on
            for e in episodes
            if e.started_on < start
            and (e.ended_on is None or e.ended_on >= start - timedelta(days=1))
        ]
        if not joined:
            return start
        start = min(joined)


# Deadlines in a term ---------------------------------------------------------------

_LOOK_UP = object()


@dataclass
class TermDeadlines:
    """The PEP rules for one term, loaded once for a page or a sweep: the previous
    term found once and the working calendar read once, so a whole caseload costs
    no query per child."""

    term: Term
    today: date
    rules: AuthoritySettings
    calendar: WorkingCalendar
    window_start: date  # coming into care after this makes the term's PEP an initial one
    review_due: date
    initial_calendar: WorkingCalendar  # the days the initial PEP's deadline counts

    @classmethod
    def load(
        cls, term: Term, today: date | None = None, rules=None, previous=_LOOK_UP
    ) -> "TermDeadlines":
        """`previous` is the term before, when the caller has it already (None if
        there is none); otherwise it is looked up."""
        today = today or timezone.localdate()
        rules = rules or AuthoritySettings.load()
        if previous is _LOOK_UP:
            previous = previous_term(term)
        window_start = previous.ends_on if previous else term.starts_on
        # Long enough for any initial deadline in the term (weekends and closures
        # included) and for counting working days overdue up to today; the calendar
        # loads more if asked about a day beyond it.
        last_deadline = term.ends_on + timedelta(days=rules.initial_pep_working_days * 2 + 30)
        calendar = WorkingCalendar.between(
            min(window_start, term.starts_on), max(today, last_deadline)
        )
        review_due = calendar.count_back(
            term.ends_on,
            rules.pep_review_working_days_before_term_end,
            not_before=term.starts_on,
        )
        initial_calendar = calendar
        if rules.initial_pep_day_count == AuthoritySettings.DayCount.SCHOOL:
            initial_calendar = SchoolDayCalendar(
                calendar.closed,
                Term.objects.filter(ends_on__gte=window_start),
                calendar.start,
                calendar.end,
            )
        return cls(term, today, rules, calendar, window_start, review_due, initial_calendar)

    # Who needs a PEP ------------------------------------------------------------

    @property
    def reference_day(self) -> date:
        """The day on which a child's care status, school and caseworker count for
        the term: today during the term, otherwise its first or last day."""
        return min(max(self.today, self.term.starts_on), self.term.ends_on)

    @property
    def year_groups(self) -> range:
        return pep_year_groups(self.rules)

    @property
    def year_groups_label(self) -> str:
        first = "nursery" if self.year_groups.start == NURSERY else "Reception"
        return f"{first} to Year {LAST_PEP_YEAR}"

    def needing_pep(self, children: QuerySet) -> QuerySet:
        """`children` narrowed to those who need a PEP in the term, in the database."""
        on = self.reference_day
        earliest, latest = date_of_birth_range(
            self.year_groups.start, self.year_groups.stop - 1, self.term.starts_on
        )
        in_care = CareEpisode.objects.filter(
            Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on)),
            child=OuterRef("pk"),
        )
        return children.filter(
            Exists(in_care),
            cohort=Cohort.LOOKED_AFTER,
            date_of_birth__range=(earliest, latest),
        )

    def needs_pep(self, child, episodes) -> bool:
        """As `needing_pep`, for a child whose care episodes are already loaded."""
        return (
            child.cohort == Cohort.LOOKED_AFTER
            and year_group_on(child.date_of_birth, self.term.starts_on) in self.year_groups
            and care_period_start(episodes, self.reference_day) is not None
        )

    # Which PEP, and when -------------------------------------------------------

    def due(self, entered_care_on: date | None) -> tuple[str, date]:
        """(kind, due date) of the term's PEP for a child whose current period of
        care began on `entered_care_on`."""
        if entered_care_on and self.window_start < entered_care_on <= self.term.ends_on:
            return Kind.INITIAL, self.initial_calendar.add_working_days(
                entered_care_on, self.rules.initial_pep_working_days
            )
        return Kind.REVIEW, self.review_due

    def due_for(self, episodes, pep: Pep | None = None) -> tuple[str, date]:
        """(kind, due date) for a child: as given to their PEP for the term if one
        has been started, otherwise from their period of care on the reference day."""
        if pep is not None:
            return pep.kind, pep.due_on
        return self.due(care_period_start(episodes, self.reference_day))

    def overdue(self, due_on: date) -> bool:
        return due_on < self.today

    def working_days_overdue(self, due_on: date) -> int:
        return self.calendar.working_days_between(due_on, self.today) if self.overdue(due_on) else 0


def due_date(*, term: Term, entered_care_on: date | None, rules=None) -> tuple[str, date]:
    """(kind, due date) of one child's PEP in `term`, as TermDeadlines.due."""
    return TermDeadlines.load(term, rules=rules).due(entered_care_on)
