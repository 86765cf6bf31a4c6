"""Reads for the PEP pages. Each starts from the access policy and loads what the
page shows in a fixed number of queries, however many targets or events a PEP has."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from children.models import Child, Enrolment
from interventions import selectors as pupil_premium
from vsh.terms.dates import term_on

from . import checks, sections
from .deadlines import first_approved, live_version
from .models import Pep, PepEvent, PepTarget, QaRating, Status
from .permissions import PepRoles, edit_refusal
from .services import allowed_actions, live_pep


def child_peps(user, child: Child) -> list[Pep]:
    """The child's PEPs, newest term first: the live version of each term. A new
    version of an approved PEP is not overdue: the term's PEP was done on time, so
    the row names the approved version (`approved_version`) and its rating."""
    versions_by_term: dict[int, list[Pep]] = {}
    for pep in (
        Pep.objects.visible_to(user, "view")
        .filter(child=child)
        .select_related("term__academic_year", "rating", "school")
        .order_by("-term__starts_on", "version")
    ):
        versions_by_term.setdefault(pep.term_id, []).append(pep)
    today = timezone.localdate()
    peps = []
    for versions in versions_by_term.values():
        pep = live_version(versions)
        if pep is None:
            continue
        # As the compliance figures count it: the term's PEP was done when first approved.
        approved = first_approved(versions)
        pep.approved_version = approved if approved and approved.pk != pep.pk else None
        pep.shown_rating = pep.rating or (pep.approved_version and pep.approved_version.rating)
        pep.is_overdue = (
            pep.status in (Status.DRAFT, Status.RETURNED)
            and pep.due_on < today
            and pep.approved_version is None
        )
        peps.append(pep)
    return peps


def current_term():
    return term_on(timezone.localdate())


def pep_queryset(user, action: str = "view"):
    return Pep.objects.visible_to(user, action).select_related(
        "child",
        "term__academic_year",
        "school",
        "rating",
        "created_by",
        "submitted_by",
        "approved_by",
        "social_worker_signed_off_by",
    )


def pep_for_page(user, child: Child, pk: int) -> Pep:
    """A PEP with everything its page shows. Outside the user's reach it is a 404."""
    targets = PepTarget.objects.select_related("carried_from__pep__term__academic_year")
    events = PepEvent.objects.select_related("by", "rating")
    queryset = pep_queryset(user).prefetch_related(
        Prefetch("targets", queryset=targets),
        "attendees",
        Prefetch("events", queryset=events),
    )
    return get_object_or_404(queryset, child=child, pk=pk)


def versions(pep: Pep) -> list[Pep]:
    """Every version of this PEP, oldest first."""
    return list(
        Pep.objects.filter(child_id=pep.child_id, term_id=pep.term_id)
        .select_related("rating")
        .order_by("version")
    )


def school_move_planned(child: Child) -> bool:
    """A move is planned when the current school has a leaving date or the child
    has a place at a school they have not started at yet."""
    today = timezone.localdate()
    return (
        Enrolment.objects.filter(child=child)
        .filter(Q(ended_on__gte=today) | Q(started_on__gt=today))
        .exists()
    )


def _shown(pep: Pep, name: str) -> str:
    value = getattr(pep, name)
    if name == "child_participation" and value:
        return f"{value}: {pep.get_child_participation_display()}"
    if hasattr(value, "strftime"):
        return f"{value.day} {value:%B %Y}"
    return value or ""


def field_rows(pep: Pep, section: sections.Section) -> list[tuple[str, str]]:
    return [(sections.FIELD_LABELS[name], _shown(pep, name)) for name in section.fields]


@dataclass
class SectionView:
    section: sections.Section
    status: str
    editable: bool
    required: bool
    problems: list[str] = field(default_factory=list)
    # (label, text) for each of the section's own fields, as the page shows them.
    rows: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class PepPage:
    pep: Pep
    roles: PepRoles
    sections: list[SectionView]
    targets: list
    carried: list
    attendees: list
    pp_requests: list
    events: list
    versions: list
    actions: dict
    submission_problems: list
    transition_reason: str
    pp_total: object

    @property
    def completed_count(self) -> int:
        return sum(1 for s in self.sections if s.status == checks.COMPLETED)

    @property
    def submission_checklist(self) -> list[tuple[sections.Section, list[str]]]:
        """What is still to do before submitting, grouped by section."""
        grouped: dict = {}
        for section, problem in self.submission_problems:
            grouped.setdefault(section, []).append(problem)
        return list(grouped.items())

    @property
    def last_return(self):
        """The latest "returned for changes", with the reasons the school works from."""
        returned = [e for e in self.events if e.action == PepEvent.Action.RETURNED]
        return returned[-1] if returned else None

    @property
    def latest_version(self):
        return self.versions[-1] if self.versions else self.pep

    @property
    def can_edit_any(self) -> bool:
        return any(view.editable for view in self.sections)


def pep_page(user, child: Child, pk: int, roles: PepRoles) -> PepPage:
    pep = pep_for_page(user, child, pk)
    pep.child = child
    targets = list(pep.targets.all())
    attendees = list(pep.attendees.all())
    # With those decided in an earlier version, shown read-only and counted once.
    pp_requests = pupil_premium.for_pep(pep)
    move_planned = school_move_planned(child) if not checks.transition_reason(pep) else False
    views = []
    for section in sections.SECTIONS:
        if not checks.applies(section, pep, school_move_planned=move_planned):
            continue
        views.append(
            SectionView(
                section=section,
                status=checks.status(
                    section, pep, targets=targets, attendees=attendees, pp_requests=pp_requests
                ),
                editable=edit_refusal(pep, roles, section) is None,
                required=checks.is_required(section, pep),
                problems=checks.problems(section, pep, targets=targets, attendees=attendees)
                if checks.is_required(section, pep)
                else [],
                rows=field_rows(pep, section),
            )
        )
    submission_problems = []
    if pep.status in (Status.DRAFT, Status.RETURNED):
        submission_problems = checks.submission_problems(pep, targets=targets, attendees=attendees)
    return PepPage(
        pep=pep,
        roles=roles,
        sections=views,
        targets=[t for t in targets if not t.carried_from_id],
        carried=[t for t in targets if t.carried_from_id],
        attendees=attendees,
        pp_requests=pp_requests,
        events=list(pep.events.all()),
        versions=versions(pep),
        actions=allowed_actions(pep, roles),
        submission_problems=submission_problems,
        transition_reason=checks.transition_reason(pep),
        pp_total=pupil_premium.total(pp_requests),
    )


def ratings():
    return QaRating.objects.order_by("position")


def live_pep_for_term(child: Child, term) -> Pep | None:
    return live_pep(child, term) if term else None
