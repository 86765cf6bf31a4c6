"""Records for the PEP reporting tests: the school calendar, looked-after children
with a school and a caseworker, and PEP rows made directly in any state."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from children.peps.models import Pep, PepTarget, QaRating, Status
from children.school_years import academic_year_start, date_of_birth_range_for_year
from tests.factories import (
    AllocationFactory,
    CareEpisodeFactory,
    ChildFactory,
    EnrolmentFactory,
    UserFactory,
)
from vsh.accounts.roles import Role
from vsh.core.models import AuthoritySettings
from vsh.terms.dates import previous_term, term_on
from vsh.terms.services import ensure_academic_year


def set_up_calendar():
    """Last, this and next academic year, and the authority's settings row (made on
    first use, so query counts are steady); returns (current term, previous term)."""
    AuthoritySettings.load()
    today = timezone.localdate()
    for year in (-1, 0, 1):
        ensure_academic_year(academic_year_start(today) + year)
    term = term_on(today)
    return term, previous_term(term)


def born_in_year(year: int, on: date) -> date:
    earliest, _ = date_of_birth_range_for_year(year, on)
    return earliest + timedelta(days=30)


def looked_after(
    *,
    school=None,
    caseworker=None,
    year: int = 5,
    entered_care_on: date | None = None,
    on: date | None = None,
    **child_fields,
):
    """A looked-after child in `year` (at `on`), in care since `entered_care_on`, on
    the roll of `school` and allocated to `caseworker` (both optional)."""
    today = timezone.localdate()
    on = on or today
    child = ChildFactory(date_of_birth=born_in_year(year, on), **child_fields)
    CareEpisodeFactory(child=child, started_on=entered_care_on or today - timedelta(days=700))
    if school is not None:
        EnrolmentFactory(child=child, school=school, started_on=today - timedelta(days=600))
    if caseworker is not None:
        AllocationFactory(
            child=child,
            kind="caseworker",
            worker=caseworker,
            started_on=today - timedelta(days=600),
        )
    return child


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def make_pep(
    child,
    term,
    *,
    status: str = Status.DRAFT,
    rating: str | None = None,
    approved_on: date | None = None,
    kind: str = "review",
    due_on: date | None = None,
    version: int = 1,
    by=None,
    **fields,
) -> Pep:
    by = by or UserFactory(role=Role.DESIGNATED_TEACHER, mfa=False)
    pep = Pep.objects.create(
        child=child,
        term=term,
        status=status,
        kind=kind,
        version=version,
        due_on=due_on or term.ends_on - timedelta(days=21),
        created_by=by,
        **fields,
    )
    if status in (Status.SUBMITTED, Status.APPROVED, Status.SUPERSEDED):
        pep.submitted_by = by
        pep.submitted_at = _moment((approved_on or pep.due_on) - timedelta(days=2))
    if status in (Status.APPROVED, Status.SUPERSEDED):
        pep.rating = QaRating.objects.get(code=rating or "green")
        pep.approved_by = UserFactory(role=Role.CASEWORKER, mfa=False)
        pep.approved_at = _moment(approved_on or pep.due_on)
    pep.save()
    return pep


def add_target(pep, description: str, **fields) -> PepTarget:
    return PepTarget.objects.create(
        pep=pep,
        area=fields.pop("area", "attainment"),
        description=description,
        responsible=fields.pop("responsible", "Designated teacher"),
        due_by=fields.pop("due_by", pep.term.ends_on),
        success_measure=fields.pop("success_measure", "Termly assessment"),
        **fields,
    )
