"""Which children need a PEP in a term, where each child's PEP has got to, and the
authority's PEP figures (completion, quality, initial PEPs on time).

The caseload-wide PEP list and the compliance dashboard both read from here, so a
figure on the dashboard and the list it links to always agree. Everything starts
from the access policy, and a page costs a fixed number of queries whatever the
caseload: deadlines are counted with the calendar loaded once, not per child.
Who needs a PEP and when it is due follow children.peps.deadlines, as the alerts
and role dashboards do; here a PEP counts as completed once approved.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone

from children.models import Allocation, CareEpisode, Child, Enrolment, RegistrationType
from children.school_years import date_of_birth_range_for_key_stage
from children.selectors import _current, _main_enrolment
from schools.models import DesignatedTeacher, School

from . import deadlines
from .deadlines import TermDeadlines
from .models import Kind, Pep, Status


class State(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted for quality assurance"
    APPROVED = "approved", "Approved"


# Subsets of the list behind each dashboard figure (the `figure` filter).
FIGURES = {
    "completed": "Approved this term",
    "not_completed": "Not yet approved",
    "good": "Approved and rated good",
    "initial": "Initial PEPs due so far",
    "initial_on_time": "Initial PEPs approved on time",
    "initial_late": "Initial PEPs not approved on time",
    "overdue": "Not approved by the due date",
}


# One row per child ----------------------------------------------------------------


@dataclass
class PepRow:
    child: Child
    school: School | None
    caseworker: object | None  # a User
    pep: Pep | None  # the live (not superseded) PEP for the term
    approved: Pep | None  # the first version approved this term, even if since replaced
    kind: str
    due_on: date
    state: str
    overdue: bool
    working_days_overdue: int
    holders: list[str] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return State(self.state).label

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    @property
    def completed(self) -> bool:
        return self.approved is not None

    @property
    def rating(self):
        return self.approved.rating if self.approved else None

    @property
    def rated_good(self) -> bool:
        return bool(self.rating and self.rating.counts_as_good)

    @property
    def counts_for_initial_on_time(self) -> bool:
        """Initial PEPs already approved or already past their deadline: the ones
        whose timeliness is decided."""
        return self.kind == Kind.INITIAL and (self.completed or self.overdue)

    @property
    def approved_on(self) -> date | None:
        if not self.approved or not self.approved.approved_at:
            return None
        return timezone.localdate(self.approved.approved_at)

    @property
    def on_time(self) -> bool:
        return self.completed and self.approved_on is not None and self.approved_on <= self.due_on

    @property
    def returned(self) -> bool:
        return bool(self.pep and self.pep.status == Status.RETURNED)

    @property
    def url(self) -> str:
        if self.pep is not None:
            return pep_url(self.pep)
        return reverse("peps:child", kwargs={"child_pk": self.child.pk})

    def matches(self, figure: str) -> bool:
        return {
            "completed": self.completed,
            "not_completed": not self.completed,
            "good": self.rated_good,
            "initial": self.counts_for_initial_on_time,
            "initial_on_time": self.kind == Kind.INITIAL and self.on_time,
            "initial_late": self.counts_for_initial_on_time and not self.on_time,
            "overdue": self.overdue,
        }.get(figure, True)


def pep_url(pep: Pep) -> str:
    return reverse("peps:detail", kwargs={"child_pk": pep.child_id, "pk": pep.pk})


def children_needing_pep(user, ctx: TermDeadlines, *, school=None, caseworker=None, key_stage=""):
    """The children `user` may see who need a PEP in the term (see
    children.peps.deadlines). `school` and `caseworker` are each a record, "none"
    for children without one, or None for all."""
    on = ctx.reference_day
    children = ctx.needing_pep(Child.objects.visible_to(user, "view"))
    if school == "none":
        on_any_roll = Enrolment.objects.filter(_current(on), child=OuterRef("pk"))
        children = children.exclude(Exists(on_any_roll))
    elif school is not None:
        on_roll = Enrolment.objects.filter(_current(on), child=OuterRef("pk"), school=school)
        children = children.filter(Exists(on_roll))
    if caseworker is not None:
        allocated = Allocation.objects.filter(
            _current(on), child=OuterRef("pk"), kind=Allocation.Kind.CASEWORKER
        )
        if caseworker == "none":
            children = children.exclude(Exists(allocated))
        else:
            children = children.filter(Exists(allocated.filter(worker=caseworker)))
    if key_stage:
        first, last = date_of_birth_range_for_key_stage(key_stage, ctx.term.starts_on)
        if first:
            children = children.filter(date_of_birth__gte=first)
        if last:
            children = children.filter(date_of_birth__lte=last)
    return children


def term_rows(
    user, ctx: TermDeadlines, *, school=None, caseworker=None, key_stage=""
) -> list[PepRow]:
    """Every child who needs a PEP in the term, with the PEP's state, sorted by due
    date. Five queries, however many children."""
    on = ctx.reference_day
    children = children_needing_pep(
        user, ctx, school=school, caseworker=caseworker, key_stage=key_stage
    ).prefetch_related(
        Prefetch(
            "episodes",
            queryset=CareEpisode.objects.filter(started_on__lte=on).order_by("started_on"),
            to_attr="episodes_so_far",
        ),
        Prefetch(
            "enrolments",
            queryset=Enrolment.objects.filter(_current(on))
            .select_related("school")
            .order_by("-started_on"),
            to_attr="enrolments_on_day",
        ),
        Prefetch(
            "allocations",
            queryset=Allocation.objects.filter(_current(on), kind=Allocation.Kind.CASEWORKER)
            .select_related("worker")
            .order_by("-started_on"),
            to_attr="caseworkers_on_day",
        ),
        Prefetch(
            "peps",
            queryset=Pep.objects.visible_to(user, "view")
            .filter(term=ctx.term)
            .select_related("rating", "school")
            .order_by("version"),
            to_attr="term_peps",
        ),
    )
    rows = []
    for child in children:
        live = deadlines.live_version(child.term_peps)
        approved = deadlines.first_approved(child.term_peps)
        kind, due_on = ctx.due_for(child.episodes_so_far, live or approved)
        if live is None:
            state = State.APPROVED if approved else State.NOT_STARTED
        elif live.status == Status.APPROVED:
            state = State.APPROVED
        elif live.status == Status.SUBMITTED:
            state = State.SUBMITTED
        else:
            state = State.IN_PROGRESS
        # Completed means approved here: a PEP only submitted still counts as overdue.
        overdue = approved is None and ctx.overdue(due_on)
        caseworker_allocation = next(iter(child.caseworkers_on_day), None)
        rows.append(
            PepRow(
                child=child,
                school=getattr(_main_enrolment(child.enrolments_on_day), "school", None),
                caseworker=caseworker_allocation.worker if caseworker_allocation else None,
                pep=live,
                approved=approved,
                kind=kind,
                due_on=due_on,
                state=state,
                overdue=overdue,
                working_days_overdue=ctx.working_days_overdue(due_on) if overdue else 0,
            )
        )
    # The breakdowns group by the main school and the caseworker shown on the row, so
    # the lists they link to filter on the same.
    if school == "none":
        rows = [r for r in rows if r.school is None]
    elif school is not None:
        rows = [r for r in rows if r.school is not None and r.school.pk == school.pk]
    if caseworker not in (None, "none"):
        rows = [r for r in rows if r.caseworker is not None and r.caseworker.pk == caseworker.pk]
    rows.sort(key=lambda r: (r.due_on, r.child.last_name.lower(), r.child.first_name.lower()))
    return rows


def attach_holders(rows: list[PepRow], today: date | None = None) -> list[PepRow]:
    """Who has the PEP now: the school's designated teacher while it is being written
    (or not yet started), the allocated caseworker once it is submitted. One query."""
    today = today or timezone.localdate()
    school_ids = {row.school.pk for row in rows if row.school}
    teachers: dict[int, list[str]] = {}
    for designation in (
        DesignatedTeacher.objects.current(today)
        .filter(school_id__in=school_ids)
        .select_related("user")
        .order_by("-is_lead", "user__full_name")
    ):
        teachers.setdefault(designation.school_id, []).append(str(designation.user))
    for row in rows:
        if row.completed:
            row.holders = []
        elif row.state == State.SUBMITTED:
            row.holders = [
                f"{row.caseworker} (caseworker)" if row.caseworker else "No caseworker allocated"
            ]
        elif row.school is None:
            row.holders = ["No school recorded"]
        else:
            names = teachers.get(row.school.pk)
            row.holders = (
                [f"{name} (designated teacher)" for name in names]
                if names
                else [f"Designated teacher at {row.school} (none recorded)"]
            )
    return rows


def filter_options(user, ctx: TermDeadlines):
    """Schools and caseworkers of the children `user` can see, on the term's day."""
    from vsh.accounts.models import User

    on = ctx.reference_day
    schools = School.objects.filter(
        pk__in=Enrolment.objects.visible_to(user, "view")
        .filter(_current(on))
        .exclude(registration=RegistrationType.DUAL_SUBSIDIARY)
        .values("school")
    ).order_by("name")
    caseworkers = User.objects.filter(
        pk__in=Allocation.objects.visible_to(user, "view")
        .filter(_current(on), kind=Allocation.Kind.CASEWORKER)
        .values("worker")
    ).order_by("full_name")
    return schools, caseworkers


def filter_rows(rows: list[PepRow], *, state: str = "", figure: str = "") -> list[PepRow]:
    if state:
        rows = [r for r in rows if r.state == state]
    if figure:
        rows = [r for r in rows if r.matches(figure)]
    return rows


def state_counts(rows: list[PepRow]) -> list[dict]:
    counts = Counter(row.state for row in rows)
    return [
        {"state": value, "label": label, "count": counts.get(value, 0)}
        for value, label in State.choices
    ]


# Figures --------------------------------------------------------------------------


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class Figures:
    needing: int
    completed: int
    good: int
    initial_counted: int
    initial_on_time: int
    overdue: int

    @property
    def completion(self) -> float | None:
        return _percent(self.completed, self.needing)

    @property
    def quality(self) -> float | None:
        return _percent(self.good, self.completed)

    @property
    def initial_timeliness(self) -> float | None:
        return _percent(self.initial_on_time, self.initial_counted)


def figures(rows: list[PepRow]) -> Figures:
    return Figures(
        needing=len(rows),
        completed=sum(r.completed for r in rows),
        good=sum(r.rated_good for r in rows),
        initial_counted=sum(r.counts_for_initial_on_time for r in rows),
        initial_on_time=sum(r.matches("initial_on_time") for r in rows),
        overdue=sum(r.overdue for r in rows),
    )


@dataclass(frozen=True)
class Breakdown:
    key: str  # the list filter value: a school or user id, or "none"
    label: str
    figures: Figures


def breakdown(rows: list[PepRow], by: str) -> list[Breakdown]:
    """Figures per school or per caseworker, largest first; children without one last."""
    groups: dict[str, tuple[str, list[PepRow]]] = {}
    for row in rows:
        owner = row.school if by == "school" else row.caseworker
        key = str(owner.pk) if owner else "none"
        label = str(owner) if owner else ("No school" if by == "school" else "No caseworker")
        groups.setdefault(key, (label, []))[1].append(row)
    result = [Breakdown(key, label, figures(members)) for key, (label, members) in groups.items()]
    result.sort(key=lambda b: (b.key == "none", -b.figures.needing, b.label.lower()))
    return result
