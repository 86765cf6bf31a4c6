"""When PEPs are due. The initial PEP is due a number of working days after the
child comes into care (20 by default, in time for the first statutory review);
after that a review is due each term, a number of working days before it ends."""

from datetime import date

from vsh.core.models import AuthoritySettings
from vsh.terms.dates import WorkingCalendar, add_working_days
from vsh.terms.models import Term


def initial_pep_due(entered_care_on: date, rules: AuthoritySettings | None = None) -> date:
    rules = rules or AuthoritySettings.load()
    return add_working_days(entered_care_on, rules.initial_pep_working_days)


def termly_review_due(
    term: Term, rules: AuthoritySettings | None = None, calendar: WorkingCalendar | None = None
) -> date:
    """Counted back from the end of term in working days."""
    rules = rules or AuthoritySettings.load()
    calendar = calendar or WorkingCalendar.between(term.starts_on, term.ends_on)
    return calendar.count_back(
        term.ends_on, rules.pep_review_working_days_before_term_end, not_before=term.starts_on
    )


def due_date(*, term: Term, entered_care_on: date | None, rules=None) -> tuple[str, date]:
    """('initial' or 'review', due date) for a child's PEP in `term`: initial when the
    child came into care during the term or the holiday before it."""
    from vsh.terms.dates import previous_term

    rules = rules or AuthoritySettings.load()
    before = previous_term(term)
    window_start = before.ends_on if before else term.starts_on
    if entered_care_on and window_start < entered_care_on <= term.ends_on:
        return "initial", initial_pep_due(entered_care_on, rules)
    return "review", termly_review_due(term, rules)
