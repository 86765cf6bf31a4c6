"""The PEP list and compliance figures, the overdue-PEP alert sweep and the
caseworker's dashboard ask the same rules (children.peps.deadlines): who needs a
PEP, which kind it is, when it is due and when it is overdue."""

from datetime import date

import pytest

from children.peps import compliance
from children.peps.compliance import State
from children.peps.deadlines import TermDeadlines
from children.peps.models import Pep, Status
from children.tracking import alerts
from children.tracking.models import Alert
from tests.factories import AllocationFactory, CareEpisodeFactory, ChildFactory, UserFactory
from vsh.accounts.roles import Role
from vsh.core import dashboards
from vsh.core.models import AuthoritySettings
from vsh.terms.dates import add_working_days
from vsh.terms.models import Season, Term
from vsh.terms.services import ensure_academic_year

pytestmark = pytest.mark.django_db

YEAR_6 = date(2015, 1, 15)  # Year 6 in 2025/26
NURSERY = date(2022, 1, 15)  # aged 3 on 31 August 2025: the nursery year in 2025/26
CHRISTMAS_HOLIDAY = date(2025, 12, 29)  # autumn 2025 ends 19 December, spring starts 5 January


@pytest.fixture
def spring(db):
    AuthoritySettings.load()
    ensure_academic_year(2024)
    ensure_academic_year(2025)
    return Term.objects.get(academic_year__start_year=2025, season=Season.SPRING)


@pytest.fixture
def worker(db):
    return UserFactory(role=Role.CASEWORKER)


def in_care(worker, *, born=YEAR_6, since=date(2020, 1, 6), **fields):
    child = ChildFactory(date_of_birth=born, **fields)
    CareEpisodeFactory(child=child, started_on=since)
    AllocationFactory(child=child, worker=worker)
    return child


def in_the_list(child, term, today):
    rows = compliance.term_rows(UserFactory(role=Role.HEAD), TermDeadlines.load(term, today))
    return next((r for r in rows if r.child == child), None)


def on_the_dashboard(worker, child, today):
    rows = dashboards.caseworker(worker, today=today)["rows"]
    return next(r for r in rows if r.child == child)


def overdue_alert(child):
    return Alert.objects.filter(
        child=child, kind=Alert.Kind.PEP_OVERDUE, resolved_on__isnull=True
    ).first()


def test_came_into_care_in_the_holiday_before_the_term_same_initial_deadline(spring, worker):
    child = in_care(worker, since=CHRISTMAS_HOLIDAY)
    due = date(2026, 1, 27)  # 20 working days, skipping Christmas, Boxing Day and New Year
    assert add_working_days(CHRISTMAS_HOLIDAY, 20) == due

    on_time = date(2026, 1, 27)
    row = in_the_list(child, spring, on_time)
    assert (row.kind, row.due_on, row.overdue) == ("initial", due, False)
    assert on_the_dashboard(worker, child, on_time).pep_due == due
    assert not on_the_dashboard(worker, child, on_time).pep_overdue
    alerts.scan(today=on_time)
    assert overdue_alert(child) is None

    late = date(2026, 1, 28)
    row = in_the_list(child, spring, late)
    assert (row.kind, row.due_on, row.overdue, row.working_days_overdue) == (
        "initial",
        due,
        True,
        1,
    )
    dashboard = on_the_dashboard(worker, child, late)
    assert (dashboard.pep_due, dashboard.pep_overdue) == (due, True)
    alerts.scan(today=late)
    assert "was due on 27 January 2026" in overdue_alert(child).message


def test_a_period_of_care_in_several_episodes_counts_from_its_start(spring, worker):
    """Moved placement on 10 January: the period of care began in the holiday, so the
    PEP is the initial one, due from then, not from the new episode."""
    child = ChildFactory(date_of_birth=YEAR_6)
    CareEpisodeFactory(
        child=child, started_on=CHRISTMAS_HOLIDAY, ended_on=date(2026, 1, 10), reason_ceased="X1"
    )
    CareEpisodeFactory(child=child, started_on=date(2026, 1, 10))
    AllocationFactory(child=child, worker=worker)
    today = date(2026, 1, 28)
    assert in_the_list(child, spring, today).due_on == date(2026, 1, 27)
    assert on_the_dashboard(worker, child, today).pep_due == date(2026, 1, 27)
    alerts.scan(today=today)
    assert "was due on 27 January 2026" in overdue_alert(child).message


@pytest.mark.parametrize("early_years_peps", [False, True])
def test_a_nursery_child_needs_a_pep_only_with_early_years_peps(spring, worker, early_years_peps):
    rules = AuthoritySettings.load()
    rules.early_years_peps = early_years_peps
    rules.save()
    nursery = in_care(worker, born=NURSERY)
    reception = in_care(worker, born=date(2021, 1, 15))
    today = date(2026, 3, 16)  # after the spring review deadline

    for child, needs in ((nursery, early_years_peps), (reception, True)):
        row = in_the_list(child, spring, today)
        assert (row is not None) == needs
        dashboard = on_the_dashboard(worker, child, today)
        assert dashboard.pep_needed == needs
        assert dashboard.pep_overdue == needs
        alerts.scan(today=today)
        assert (overdue_alert(child) is not None) == needs
        if needs:
            assert row.due_on == dashboard.pep_due == TermDeadlines.load(spring).review_due


def test_turning_early_years_peps_off_resolves_nursery_alerts(spring, worker):
    rules = AuthoritySettings.load()
    rules.early_years_peps = True
    rules.save()
    child = in_care(worker, born=NURSERY)
    alerts.scan(today=date(2026, 3, 16))
    assert overdue_alert(child) is not None
    rules.early_years_peps = False
    rules.save()
    alerts.scan(today=date(2026, 3, 17))
    assert overdue_alert(child) is None


def test_submitted_stops_the_overdue_alert_and_flag_but_only_approved_completes(spring, worker):
    """The alert and the dashboards chase the school until the PEP is submitted; the
    compliance figures wait for approval."""
    child = in_care(worker)
    due = date(2026, 2, 27)
    today = date(2026, 3, 16)
    pep = Pep.objects.create(
        child=child, term=spring, status=Status.SUBMITTED, due_on=due, created_by=worker
    )
    row = in_the_list(child, spring, today)
    assert (row.state, row.completed, row.overdue) == (State.SUBMITTED, False, True)
    dashboard = on_the_dashboard(worker, child, today)
    assert (dashboard.pep_done, dashboard.pep_overdue) == (True, False)
    alerts.scan(today=today)
    assert overdue_alert(child) is None

    pep.status = Status.RETURNED  # back with the school: overdue again everywhere
    pep.save()
    assert in_the_list(child, spring, today).overdue
    assert on_the_dashboard(worker, child, today).pep_overdue
    alerts.scan(today=today)
    assert overdue_alert(child) is not None


def test_an_approved_pep_being_updated_is_neither_overdue_nor_incomplete(spring, worker):
    child = in_care(worker)
    due = date(2026, 2, 27)
    today = date(2026, 3, 16)
    first = Pep.objects.create(
        child=child, term=spring, status=Status.SUPERSEDED, due_on=due, created_by=worker
    )
    Pep.objects.create(
        child=child, term=spring, version=2, previous_version=first, due_on=due, created_by=worker
    )
    row = in_the_list(child, spring, today)
    assert (row.completed, row.overdue) == (True, False)
    dashboard = on_the_dashboard(worker, child, today)
    assert dashboard.pep.version == 2
    assert (dashboard.pep_done, dashboard.pep_overdue) == (True, False)
    alerts.scan(today=today)
    assert overdue_alert(child) is None


def test_in_the_holiday_after_a_term_a_child_new_to_care_owes_no_pep_for_it(spring, worker):
    """In the Easter holiday the alert sweep and the dashboards still look at the
    spring term, and a child who came into care after it ended owed no PEP in it."""
    child = in_care(worker, since=date(2026, 3, 30))
    today = date(2026, 4, 1)
    assert in_the_list(child, spring, today) is None
    assert not on_the_dashboard(worker, child, today).pep_needed
    alerts.scan(today=today)
    assert overdue_alert(child) is None
