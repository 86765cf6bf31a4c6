"""The PEP columns of a caseload dashboard cost the same queries however many
children, with the term's deadlines loaded once."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from children.peps.models import Pep, Status
from tests.factories import AllocationFactory, CareEpisodeFactory, ChildFactory, UserFactory
from vsh.accounts.roles import Role
from vsh.core import dashboards
from vsh.core.models import AuthoritySettings
from vsh.terms.services import ensure_academic_year

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 16)


def _child(worker, *, since=date(2020, 1, 6)):
    child = ChildFactory(date_of_birth=date(2015, 1, 15))
    CareEpisodeFactory(child=child, started_on=since)
    AllocationFactory(child=child, worker=worker)
    return child


def test_the_caseworker_dashboard_costs_the_same_queries_for_more_children():
    AuthoritySettings.load()
    ensure_academic_year(2024)
    ensure_academic_year(2025)
    worker = UserFactory(role=Role.CASEWORKER)

    def queries() -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as captured:
            page = dashboards.caseworker(worker, today=TODAY)
        return len(captured), page["summary"]

    _child(worker)
    _child(worker, since=date(2025, 12, 29))
    few, summary = queries()
    assert (summary["peps_needed"], summary["peps_overdue"]) == (2, 2)
    spring = dashboards.terms_started_by(TODAY, 1)[0]
    for n in range(5):
        child = _child(worker, since=date(2026, 1, 10 + n))
        first = Pep.objects.create(
            child=child, term=spring, status=Status.SUPERSEDED, due_on=TODAY, created_by=worker
        )
        Pep.objects.create(
            child=child,
            term=spring,
            version=2,
            previous_version=first,
            due_on=TODAY,
            created_by=worker,
        )
    many, summary = queries()
    assert many == few
    assert (summary["peps_needed"], summary["peps_done"], summary["peps_overdue"]) == (7, 5, 2)
