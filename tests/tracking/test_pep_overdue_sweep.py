"""The daily sweep's PEP and school-place checks read the period of care and PEP
deadlines from children.peps.deadlines, at a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from children.peps.models import Pep, Status
from children.tracking import alerts
from children.tracking.models import Alert
from tests.factories import CareEpisodeFactory, ChildFactory, UserFactory
from vsh.accounts.roles import Role
from vsh.core.models import AuthoritySettings
from vsh.terms.models import Season, Term
from vsh.terms.services import ensure_academic_year

pytestmark = pytest.mark.django_db

Kind = Alert.Kind


@pytest.fixture
def spring(db):
    AuthoritySettings.load()
    ensure_academic_year(2024)
    ensure_academic_year(2025)
    return Term.objects.get(academic_year__start_year=2025, season=Season.SPRING)


def _in_care(since=date(2020, 1, 6)):
    child = ChildFactory(date_of_birth=date(2015, 1, 15))
    CareEpisodeFactory(child=child, started_on=since)
    return child


def test_the_pep_sweep_costs_the_same_queries_for_more_children(spring):
    by = UserFactory(role=Role.CASEWORKER)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            alerts._scan_peps(date(2026, 1, 20))  # nothing due yet: no writes
        return len(captured)

    for _ in range(2):
        Pep.objects.create(child=_in_care(), term=spring, due_on=date(2026, 3, 6), created_by=by)
    few = queries()
    for _ in range(6):
        child = _in_care()
        first = Pep.objects.create(
            child=child,
            term=spring,
            status=Status.SUPERSEDED,
            due_on=date(2026, 3, 6),
            created_by=by,
        )
        Pep.objects.create(
            child=child,
            term=spring,
            version=2,
            previous_version=first,
            due_on=date(2026, 3, 6),
            created_by=by,
        )
        _in_care(since=date(2025, 12, 29))
    assert queries() == few
    assert not Alert.objects.exists()


def test_a_placement_move_does_not_restart_the_time_without_a_school_place():
    """Moved to a new placement the day after the last ended: one period of care, so
    the gap in schooling counts from when it began."""
    today = timezone.localdate()
    child = ChildFactory(date_of_birth=date(today.year - 10, 1, 15))
    began = today - timedelta(days=40)
    moved = today - timedelta(days=10)
    CareEpisodeFactory(child=child, started_on=moved)
    CareEpisodeFactory(
        child=child, started_on=began, ended_on=moved - timedelta(days=1), reason_ceased="X1"
    )
    alerts.scan()
    alert = Alert.objects.get(child=child, kind=Kind.NO_SCHOOL_PLACE)
    assert alert.key == f"no-school:{began.isoformat()}"
