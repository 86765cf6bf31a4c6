"""The PEP rules in children.peps.deadlines: periods of care, the year groups that
need a PEP, and a term's deadlines loaded once."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from children import codes
from children.models import Child
from children.peps import deadlines
from children.peps.deadlines import TermDeadlines, care_period_start, pep_year_groups
from children.peps.models import Kind, Status
from tests.factories import CareEpisodeFactory, ChildFactory
from vsh.core.models import AuthoritySettings
from vsh.terms.dates import previous_term
from vsh.terms.models import NonWorkingDay, Season, Term
from vsh.terms.services import ensure_academic_year


def episode(started_on, ended_on=None):
    return SimpleNamespace(started_on=started_on, ended_on=ended_on)


# Periods of care -------------------------------------------------------------------


def test_the_period_of_care_runs_back_through_episodes_without_a_gap():
    episodes = [
        episode(date(2022, 3, 3)),  # open now
        episode(date(2019, 1, 1), date(2019, 6, 1)),  # an earlier period of care
        episode(date(2021, 2, 1), date(2022, 3, 3)),  # ceased the day the next began
        episode(date(2020, 5, 4), date(2021, 1, 31)),  # ceased the day before
    ]
    assert care_period_start(episodes, date(2024, 1, 1)) == date(2020, 5, 4)
    assert care_period_start(list(reversed(episodes)), date(2024, 1, 1)) == date(2020, 5, 4)


def test_a_gap_of_more_than_a_day_starts_a_new_period():
    episodes = [episode(date(2020, 5, 4), date(2021, 1, 30)), episode(date(2021, 2, 1))]
    assert care_period_start(episodes, date(2024, 1, 1)) == date(2021, 2, 1)


def test_the_period_current_on_the_day_asked_about():
    episodes = [episode(date(2019, 1, 1), date(2019, 6, 1)), episode(date(2020, 5, 4))]
    assert care_period_start(episodes, date(2019, 6, 1)) == date(2019, 1, 1)
    assert care_period_start(episodes, date(2019, 6, 2)) is None  # out of care then
    assert care_period_start(episodes, date(2018, 12, 31)) is None
    assert care_period_start([], date(2024, 1, 1)) is None


def test_an_overlapping_earlier_episode_joins_the_period():
    episodes = [
        episode(date(2018, 1, 1), date(2021, 1, 1)),
        episode(date(2019, 1, 1), date(2019, 3, 1)),  # inside the first
        episode(date(2021, 1, 1)),
    ]
    assert care_period_start(episodes, date(2024, 1, 1)) == date(2018, 1, 1)


# Year groups -----------------------------------------------------------------------


def test_reception_to_year_13_by_statute_and_nursery_when_chosen():
    rules = AuthoritySettings(early_years_peps=False)
    assert list(pep_year_groups(rules)) == list(range(0, 14))
    rules.early_years_peps = True
    assert list(pep_year_groups(rules)) == list(range(-1, 14))


def test_the_year_groups_in_words(spring):
    assert TermDeadlines.load(spring).year_groups_label == "Reception to Year 13"
    rules = AuthoritySettings.load()
    rules.early_years_peps = True
    assert TermDeadlines.load(spring, rules=rules).year_groups_label == "nursery to Year 13"


def test_early_years_peps_are_off_by_default(db):
    assert AuthoritySettings.load().early_years_peps is False


# Where a PEP has got to ----------------------------------------------------------------


def test_submitted_or_later_and_approved_or_later():
    assert deadlines.SUBMITTED_OR_LATER == {Status.SUBMITTED, Status.APPROVED, Status.SUPERSEDED}
    assert deadlines.APPROVED_OR_LATER == {Status.APPROVED, Status.SUPERSEDED}
    first = SimpleNamespace(status=Status.SUPERSEDED)
    second = SimpleNamespace(status=Status.DRAFT)
    assert deadlines.live_version([first, second]) is second
    assert deadlines.first_approved([first, second]) is first
    assert deadlines.submitted([first, second])
    assert not deadlines.submitted([SimpleNamespace(status=Status.RETURNED)])
    assert deadlines.live_version([]) is None and not deadlines.submitted([])


# A term's deadlines ----------------------------------------------------------------


@pytest.fixture
def spring(db):
    AuthoritySettings.load()
    ensure_academic_year(2024)
    ensure_academic_year(2025)
    return Term.objects.get(academic_year__start_year=2025, season=Season.SPRING)


def test_initial_when_care_began_in_the_term_or_the_holiday_before(spring):
    rules = TermDeadlines.load(spring, date(2026, 2, 2))
    autumn_end = previous_term(spring).ends_on
    assert rules.due(autumn_end) == (Kind.REVIEW, rules.review_due)
    assert rules.due(autumn_end + timedelta(days=1))[0] == Kind.INITIAL
    assert rules.due(spring.ends_on)[0] == Kind.INITIAL
    assert rules.due(spring.ends_on + timedelta(days=1)) == (Kind.REVIEW, rules.review_due)
    assert rules.due(None) == (Kind.REVIEW, rules.review_due)
    # 15 working days before Friday 27 March 2026.
    assert rules.review_due == date(2026, 3, 6)


def test_loading_a_term_costs_one_query_and_deadlines_none(spring, django_assert_num_queries):
    rules, autumn = AuthoritySettings.load(), previous_term(spring)
    with django_assert_num_queries(1):
        term_rules = TermDeadlines.load(spring, date(2026, 2, 2), rules, previous=autumn)
    with django_assert_num_queries(0):
        for day in range(0, 120):
            term_rules.due(autumn.ends_on + timedelta(days=day))
        term_rules.working_days_overdue(date(2026, 1, 5))


def test_working_days_overdue_from_before_the_loaded_calendar_skip_closures(spring):
    """A PEP can carry a due date from before the days the term's calendar read (a
    late PEP carried on from last term): the calendar reads back to it."""
    NonWorkingDay.objects.create(date=date(2025, 11, 14), name="Closure day")  # a Friday
    rules = TermDeadlines.load(spring, date(2026, 1, 5))
    assert rules.calendar.start > date(2025, 11, 14)
    # After Monday 10 November up to Monday 5 January: 8 weeks of 5 days, less the
    # closure, the two Christmas bank holidays and New Year's Day.
    assert rules.working_days_overdue(date(2025, 11, 10)) == 8 * 5 - 1 - 3
    assert rules.working_days_overdue(date(2026, 1, 5)) == 0


def test_needs_a_pep_in_python_and_in_the_database_agree(spring):
    today = date(2026, 2, 2)
    cases = {
        "year6": (date(2015, 1, 15), codes.Cohort.LOOKED_AFTER, date(2020, 1, 6), None),
        "nursery": (date(2022, 1, 15), codes.Cohort.LOOKED_AFTER, date(2024, 1, 6), None),
        "year13": (date(2008, 1, 15), codes.Cohort.LOOKED_AFTER, date(2020, 1, 6), None),
        "year14": (date(2007, 1, 15), codes.Cohort.LOOKED_AFTER, date(2020, 1, 6), None),
        "left": (date(2015, 1, 15), codes.Cohort.LOOKED_AFTER, date(2020, 1, 6), date(2025, 6, 1)),
        "not_yet": (date(2015, 1, 15), codes.Cohort.LOOKED_AFTER, date(2026, 3, 1), None),
        "adopted": (
            date(2015, 1, 15),
            codes.Cohort.PREVIOUSLY_LOOKED_AFTER,
            date(2020, 1, 6),
            None,
        ),
    }
    for name, (born, cohort, started, ended) in cases.items():
        child = ChildFactory(first_name=name, date_of_birth=born, cohort=cohort)
        CareEpisodeFactory(
            child=child, started_on=started, ended_on=ended, reason_ceased="E11" if ended else ""
        )
    for early_years in (False, True):
        rules = AuthoritySettings.load()
        rules.early_years_peps = early_years
        rules.save()
        term_rules = TermDeadlines.load(spring, today)
        in_database = set(
            term_rules.needing_pep(Child.objects.all()).values_list("first_name", flat=True)
        )
        in_python = {
            child.first_name
            for child in Child.objects.prefetch_related("episodes")
            if term_rules.needs_pep(child, list(child.episodes.all()))
        }
        expected = {"year6", "year13"} | ({"nursery"} if early_years else set())
        assert in_database == in_python == expected


def test_the_initial_pep_can_count_school_days(spring, django_assert_num_queries):
    """Counted in school days, a child who comes into care in the Christmas holiday
    has 20 days of term; counted in working days the deadline runs through the
    holiday. Half term is left out of school days too."""
    rules = AuthoritySettings.load()
    christmas = previous_term(spring).ends_on + timedelta(days=2)
    working = TermDeadlines.load(spring, date(2026, 2, 2), rules).due(christmas)[1]

    rules.initial_pep_day_count = AuthoritySettings.DayCount.SCHOOL
    autumn = previous_term(spring)
    with django_assert_num_queries(2):  # the closures and the terms
        school = TermDeadlines.load(spring, date(2026, 2, 2), rules, previous=autumn)
    kind, due = school.due(christmas)
    assert kind == Kind.INITIAL and due > working
    counted = [
        christmas + timedelta(days=n)
        for n in range(1, (due - christmas).days + 1)
        if school.initial_calendar.is_working_day(christmas + timedelta(days=n))
    ]
    assert len(counted) == rules.initial_pep_working_days and counted[-1] == due
    assert counted[0] >= spring.starts_on
    half_term_monday = spring.half_term_starts_on + timedelta(
        days=-spring.half_term_starts_on.weekday() % 7
    )
    assert spring.half_term_starts_on <= half_term_monday <= spring.half_term_ends_on
    assert not school.initial_calendar.is_working_day(half_term_monday)
    assert school.calendar.is_working_day(half_term_monday)


def test_school_days_past_the_last_term_set_up_are_working_days(spring):
    from vsh.terms.dates import SchoolDayCalendar

    last = Term.objects.order_by("-ends_on").first()
    calendar = SchoolDayCalendar.between(last.starts_on, last.ends_on + timedelta(days=60))
    after = last.ends_on + timedelta(days=1)
    while after.weekday() >= 5:
        after += timedelta(days=1)
    assert calendar.is_working_day(after)
    # Still an answer, however far it has to count.
    assert calendar.add_working_days(last.ends_on, 40) > last.ends_on
