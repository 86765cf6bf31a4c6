"""A child looked after at a school with a designated teacher, an allocated
caseworker and social worker, the school calendar, and helpers to make PEPs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from children.peps import services
from children.peps.models import Pep, QaRating
from children.school_years import academic_year_start
from tests.factories import (
    AllocationFactory,
    CareEpisodeFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    SchoolFactory,
    UserFactory,
)
from vsh.accounts.roles import Role
from vsh.terms.dates import previous_term, term_on
from vsh.terms.services import ensure_academic_year


@pytest.fixture
def term(db):
    today = timezone.localdate()
    ensure_academic_year(academic_year_start(today) - 1)
    ensure_academic_year(academic_year_start(today))
    ensure_academic_year(academic_year_start(today) + 1)
    return term_on(today)


@pytest.fixture
def last_term(term):
    return previous_term(term)


@pytest.fixture
def people(db):
    """The child and everyone working with them, plus people who are not."""
    today = timezone.localdate()
    school = SchoolFactory(name="Riverside Primary")
    other_school = SchoolFactory(name="Hillside Academy")
    child = ChildFactory(first_name="Amara", last_name="Okafor")
    EnrolmentFactory(child=child, school=school, started_on=today - timedelta(days=400))
    CareEpisodeFactory(child=child, started_on=today - timedelta(days=800))
    dt = DesignatedTeacherFactory(school=school, user__full_name="Dee Teacher").user
    caseworker = UserFactory(role=Role.CASEWORKER, full_name="Cass Caseworker")
    social_worker = UserFactory(role=Role.SOCIAL_WORKER, full_name="Sam Social")
    AllocationFactory(child=child, kind="caseworker", worker=caseworker)
    AllocationFactory(child=child, kind="social_worker", worker=social_worker)
    return {
        "child": child,
        "school": school,
        "dt": dt,
        "caseworker": caseworker,
        "social_worker": social_worker,
        "manager": UserFactory(role=Role.MANAGER, full_name="Mo Manager"),
        "head": UserFactory(role=Role.HEAD, full_name="Hana Head"),
        "other_dt": DesignatedTeacherFactory(school=other_school).user,
        "other_caseworker": UserFactory(role=Role.CASEWORKER),
        "partner": UserFactory(role=Role.PARTNER),
    }


@pytest.fixture
def child(people):
    return people["child"]


@pytest.fixture
def dt(people):
    return people["dt"]


@pytest.fixture
def cw(people):
    return people["caseworker"]


@pytest.fixture
def sw(people):
    return people["social_worker"]


@pytest.fixture
def pep(people, term) -> Pep:
    return services.start_pep(child=people["child"], term=term, by=people["dt"])


@pytest.fixture
def green(db):
    return QaRating.objects.get(code="green")


@pytest.fixture
def red(db):
    return QaRating.objects.get(code="red")


def complete(pep: Pep, by) -> Pep:
    """Fill in everything a PEP needs before it can be submitted."""
    today = timezone.localdate()
    services.update_section(
        pep=pep,
        section=services.sections.get("child-views"),
        data={"child_views": "I like maths and my new teacher.", "child_participation": "PN1"},
        by=by,
    )
    services.update_section(
        pep=pep,
        section=services.MEETING,
        data={"meeting_held_on": today, "next_review_on": today + timedelta(days=90)},
        by=by,
    )
    services.add_attendee(
        pep=pep, data={"name": "Dee Teacher", "role": "Designated teacher"}, by=by
    )
    add_target(pep, by)
    for target in pep.targets.filter(carried_from__isnull=False):
        services.evaluate_targets(
            pep=pep, evaluations={target.pk: {"evaluation": "achieved"}}, by=by
        )
    pep.refresh_from_db()
    return pep


def add_target(pep: Pep, by, **data):
    return services.add_target(
        pep=pep,
        data={
            "area": "attainment",
            "description": "Read every evening",
            "responsible": "Carer",
            "due_by": timezone.localdate() + timedelta(days=60),
            "success_measure": "Reading age up six months",
            **data,
        },
        by=by,
    )


def approved(pep: Pep, people, rating) -> Pep:
    """Take a PEP through submission and approval."""
    complete(pep, people["dt"])
    services.submit_pep(pep=pep, by=people["dt"])
    return services.approve_pep(pep=pep, by=people["caseworker"], rating=rating)


# The browser tests here use the same Chromium set-up as tests/browser.
from tests.browser.conftest import browser_type_launch_args, csp_violations  # noqa: E402, F401
