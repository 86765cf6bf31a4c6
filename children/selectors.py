"""Reads for the children pages. Every query starts from the access policy, and each
page costs a fixed number of queries however many children or records there are."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone

from carers.models import Carer
from schools.models import DesignatedTeacher, School
from vsh.access import policy

from . import codes
from .models import (
    Allocation,
    CareEpisode,
    CareReview,
    CaseNote,
    Child,
    Enrolment,
    MissingEpisode,
    RegistrationType,
)
from .school_years import date_of_birth_range_for_key_stage, date_of_birth_range_for_year

PAGE_SIZE = 25
RECENT_NOTES = 5


def _current(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": on}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": on})
    )


def _a_year_before(on: date) -> date:
    try:
        return on.replace(year=on.year - 1)
    except ValueError:  # 29 February
        return on.replace(year=on.year - 1, day=28)


# The caseload list -----------------------------------------------------------------

SORTS = {
    "name": ("Name (A to Z)", [Lower("last_name"), Lower("first_name"), "pk"]),
    "-name": ("Name (Z to A)", [Lower("last_name").desc(), Lower("first_name").desc(), "-pk"]),
    # Youngest year group first means the latest date of birth first.
    "year": ("Year group (youngest first)", ["-date_of_birth", Lower("last_name"), "pk"]),
    "-year": ("Year group (oldest first)", ["date_of_birth", Lower("last_name"), "pk"]),
    "school": (
        "School (A to Z)",
        [F("current_school_name").asc(nulls_last=True), Lower("last_name"), "pk"],
    ),
    "-school": (
        "School (Z to A)",
        [F("current_school_name").desc(nulls_last=True), Lower("last_name"), "pk"],
    ),
}


def search_filter(query: str) -> Q:
    """Every word must match a name, the UPN or the local ID, so "amy smi" finds Amy
    Smith and a pasted UPN finds its child."""
    condition = Q()
    for word in query.split():
        condition &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
            | Q(upn__iexact=word)
            | Q(local_id__iexact=word)
        )
    return condition


def caseload(
    user,
    *,
    q: str = "",
    school: School | None = None,
    year_group: int | None = None,
    key_stage: str = "",
    legal_status: str = "",
    cohort: str = "",
    out_of_authority: bool = False,
    sen_provision: str = "",
    sort: str = "name",
    today: date | None = None,
):
    """The children `user` may see, filtered and sorted, with what a list row shows
    prefetched (see `decorate_rows`)."""
    today = today or timezone.localdate()
    children = Child.objects.visible_to(user)
    current = Enrolment.objects.filter(_current(today), child=OuterRef("pk"))
    open_episode = CareEpisode.objects.filter(child=OuterRef("pk"), ended_on__isnull=True)

    if q:
        children = children.filter(search_filter(q))
    if school is not None:
        children = children.filter(Exists(current.filter(school=school)))
    # Year groups come from the date of birth, so filter on date-of-birth ranges.
    if year_group is not None:
        children = children.filter(
            date_of_birth__range=date_of_birth_range_for_year(year_group, today)
        )
    if key_stage:
        earliest, latest = date_of_birth_range_for_key_stage(key_stage, today)
        if earliest:
            children = children.filter(date_of_birth__gte=earliest)
        if latest:
            children = children.filter(date_of_birth__lte=latest)
    if legal_status:
        children = children.filter(Exists(open_episode.filter(legal_status=legal_status)))
    if cohort:
        children = children.filter(cohort=cohort)
    if sen_provision:
        children = children.filter(sen_provision=sen_provision)
    if out_of_authority:
        school_elsewhere = current.exclude(school__la_code="").exclude(
            school__la_code=settings.AUTHORITY_LA_CODE
        )
        children = children.filter(
            Q(Exists(open_episode.filter(out_of_authority=True))) | Q(Exists(school_elsewhere))
        )

    sort = sort if sort in SORTS else "name"
    if sort.lstrip("-") == "school":
        main_school = current.exclude(registration=RegistrationType.DUAL_SUBSIDIARY)
        children = children.annotate(
            current_school_name=Subquery(
                main_school.order_by("-started_on").values("school__name")[:1]
            )
        )
    children = children.order_by(*SORTS[sort][1])

    return children.prefetch_related(
        Prefetch(
            "enrolments",
            queryset=Enrolment.objects.filter(_current(today))
            .select_related("school")
            .order_by("-started_on"),
            to_attr="current_enrolments",
        ),
        Prefetch(
            "episodes",
            queryset=CareEpisode.objects.filter(ended_on__isnull=True).order_by("-started_on"),
            to_attr="open_episodes",
        ),
        Prefetch(
            "allocations",
            queryset=Allocation.objects.filter(_current(today)).select_related("worker"),
            to_attr="current_allocations",
        ),
    )


def _main_enrolment(enrolments):
    """The school a child is mainly on roll at: not a subsidiary registration."""
    main = [e for e in enrolments if e.registration != RegistrationType.DUAL_SUBSIDIARY]
    return (main or enrolments or [None])[0]


def decorate_rows(children) -> list[Child]:
    """Give each prefetched child the attributes a list row shows."""
    rows = list(children)
    for child in rows:
        enrolment = _main_enrolment(child.current_enrolments)
        child.current_school = enrolment.school if enrolment else None
        child.open_episode = child.open_episodes[0] if child.open_episodes else None
        child.caseworker = next(
            (a.worker for a in child.current_allocations if a.kind == Allocation.Kind.CASEWORKER),
            None,
        )
        child.social_worker = next(
            (
                a.worker or a.worker_reference
                for a in child.current_allocations
                if a.kind == Allocation.Kind.SOCIAL_WORKER
            ),
            None,
        )
    return rows


def schools_for_filter(user, today: date | None = None):
    """Schools where a child the user can see is on roll now."""
    today = today or timezone.localdate()
    on_roll = Enrolment.objects.filter(
        _current(today), child__in=Child.objects.visible_to(user).values("pk")
    )
    return School.objects.filter(pk__in=on_roll.values("school")).order_by("name")


# Shapes that keep confidential details out of reach of templates ------------------


@dataclass(frozen=True)
class Code:
    """An official code with its official wording."""

    code: str
    label: str

    def __str__(self):
        return f"{self.code}: {self.label}" if self.code else ""

    def __bool__(self):
        return bool(self.code)


def _code(value: str, choices) -> Code:
    if not value:
        return Code("", "")
    try:
        return Code(value, choices(value).label)
    except ValueError:
        return Code(value, "Code not in the current list")


@dataclass(frozen=True)
class PlacementRow:
    pk: int
    carer_name: str
    carer_type: str
    agency: str
    phone: str
    email: str
    address: str
    postcode: str
    la_name: str
    out_of_authority: bool
    address_confidential: bool
    address_withheld: bool
    started_on: date
    ended_on: date | None
    end_reason: Code
    is_current: bool


@dataclass(frozen=True)
class EpisodeRow:
    pk: int
    started_on: date
    ended_on: date | None
    reason_new_episode: Code
    legal_status: Code
    category_of_need: Code
    placement_type: Code
    placement_provider: Code
    reason_ceased: Code
    reason_placement_change: Code
    home_postcode: str
    placement_postcode: str
    placement_urn: str
    placement_la: str
    out_of_authority: bool
    address_confidential: bool
    address_withheld: bool

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


def _overlaps(start_a, end_a, start_b, end_b) -> bool:
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)


def placement_rows(user, child, today: date | None = None) -> list[PlacementRow]:
    today = today or timezone.localdate()
    sees_confidential = policy.sees_confidential_placement(user)
    rows = []
    for placement in child.placements.select_related("carer").order_by("-started_on"):
        carer: Carer = placement.carer
        withheld = carer.address_confidential and not sees_confidential
        rows.append(
            PlacementRow(
                pk=placement.pk,
                carer_name=carer.name,
                carer_type=carer.get_carer_type_display(),
                agency=carer.agency,
                phone=carer.phone,
                email=carer.email,
                address="" if withheld else carer.address,
                postcode="" if withheld else carer.postcode,
                la_name=carer.la_name,
                out_of_authority=carer.out_of_authority,
                address_confidential=carer.address_confidential,
                address_withheld=withheld,
                started_on=placement.started_on,
                ended_on=placement.ended_on,
                end_reason=_code(placement.end_reason, codes.ReasonPlacementChange),
                is_current=placement.started_on <= today
                and (placement.ended_on is None or placement.ended_on >= today),
            )
        )
    return rows


def _confidential_periods(child) -> list[tuple[date, date | None]]:
    return list(
        child.placements.filter(carer__address_confidential=True).values_list(
            "started_on", "ended_on"
        )
    )


def episode_rows(user, episodes, confidential_periods) -> list[EpisodeRow]:
    """Episodes as shown to `user`. The placement address of an episode is withheld
    from people who may not see confidential placements when the episode is flagged,
    or when the child lived with a carer whose address is confidential during it (the
    episode's postcode would give the carer's address away)."""
    sees_confidential = policy.sees_confidential_placement(user)
    rows = []
    for episode in episodes:
        withheld = not sees_confidential and (
            episode.placement_address_confidential
            or any(
                _overlaps(episode.started_on, episode.ended_on, start, end)
                for start, end in confidential_periods
            )
        )
        rows.append(
            EpisodeRow(
                pk=episode.pk,
                started_on=episode.started_on,
                ended_on=episode.ended_on,
                reason_new_episode=_code(episode.reason_new_episode, codes.ReasonNewEpisode),
                legal_status=_code(episode.legal_status, codes.LegalStatus),
                category_of_need=_code(episode.category_of_need, codes.CategoryOfNeed),
                placement_type=_code(episode.placement_type, codes.PlacementType),
                placement_provider=_code(episode.placement_provider, codes.PlacementProvider),
                reason_ceased=_code(episode.reason_ceased, codes.ReasonEpisodeCeased),
                reason_placement_change=_code(
                    episode.reason_placement_change, codes.ReasonPlacementChange
                ),
                # Where the birth family lives is for those who see placements.
                home_postcode=episode.home_postcode if sees_confidential else "",
                placement_postcode="" if withheld else episode.placement_postcode,
                placement_urn="" if withheld else episode.placement_urn,
                placement_la=episode.placement_la,
                out_of_authority=episode.out_of_authority,
                address_confidential=episode.placement_address_confidential,
                address_withheld=withheld,
            )
        )
    return rows


# The child record ---------------------------------------------------------------


@dataclass(frozen=True)
class SchoolMoves:
    total: int
    last_12_months: int


def school_moves(enrolments, today: date) -> SchoolMoves:
    """Moves of school: every enrolment after the first. A subsidiary registration
    (alternative provision alongside the main school) is not a move."""
    starts = sorted(
        e.started_on for e in enrolments if e.registration != RegistrationType.DUAL_SUBSIDIARY
    )
    moves = starts[1:]
    since = _a_year_before(today)
    return SchoolMoves(total=len(moves), last_12_months=sum(1 for d in moves if since < d <= today))


def _enrolments(user, child):
    return list(
        Enrolment.objects.visible_to(user)
        .filter(child=child)
        .select_related("school")
        .order_by("-started_on", "-pk")
    )


def _current_enrolments(enrolments, today):
    return [e for e in enrolments if e.is_current_on(today)]


def _allocations(user, child):
    return list(
        Allocation.objects.visible_to(user)
        .filter(child=child)
        .select_related("worker")
        .order_by("kind", "-started_on", "-pk")
    )


def _is_current(record, today) -> bool:
    return record.started_on <= today and (record.ended_on is None or record.ended_on >= today)


def case_notes(user, child):
    """The chronology `user` may read, newest first."""
    return (
        CaseNote.objects.visible_to(user)
        .filter(child=child)
        .select_related("author")
        .order_by("-occurred_on", "-created_at", "-pk")
    )


def overview(user, child, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    enrolments = _enrolments(user, child)
    current_enrolments = _current_enrolments(enrolments, today)
    placements = placement_rows(user, child, today)
    open_episodes = list(
        CareEpisode.objects.visible_to(user)
        .filter(child=child, ended_on__isnull=True)
        .order_by("-started_on")
    )
    confidential = _confidential_periods(child) if open_episodes else []
    allocations = [a for a in _allocations(user, child) if _is_current(a, today)]
    return {
        "current_enrolments": current_enrolments,
        "current_placements": [p for p in placements if p.is_current],
        "open_episode": (episode_rows(user, open_episodes, confidential) or [None])[0],
        "social_workers": [a for a in allocations if a.kind == Allocation.Kind.SOCIAL_WORKER],
        "caseworkers": [a for a in allocations if a.kind == Allocation.Kind.CASEWORKER],
        "moves": school_moves(enrolments, today),
        "recent_notes": list(case_notes(user, child)[:RECENT_NOTES]),
    }


def education(user, child, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    enrolments = _enrolments(user, child)
    for enrolment in enrolments:
        enrolment.is_current = enrolment.is_current_on(today)
    return {"enrolments": enrolments, "moves": school_moves(enrolments, today)}


def care(user, child, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    episodes = list(
        CareEpisode.objects.visible_to(user).filter(child=child).order_by("-started_on")
    )
    confidential = _confidential_periods(child) if episodes else []
    missing = [
        {
            "kind": _code(m.kind, codes.MissingType),
            "started_on": m.started_on,
            "ended_on": m.ended_on,
        }
        for m in MissingEpisode.objects.visible_to(user).filter(child=child).order_by("-started_on")
    ]
    reviews = [
        {"held_on": r.held_on, "participation": _code(r.participation, codes.ReviewParticipation)}
        for r in CareReview.objects.visible_to(user).filter(child=child).order_by("-held_on")
    ]
    return {
        "episodes": episode_rows(user, episodes, confidential),
        "placements": placement_rows(user, child, today),
        "missing_episodes": missing,
        "reviews": reviews,
    }


def people(user, child, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    allocations = _allocations(user, child)
    for allocation in allocations:
        allocation.is_current = _is_current(allocation, today)
    current_schools = [
        e.school_id for e in Enrolment.objects.visible_to(user).filter(_current(today), child=child)
    ]
    designated_teachers = (
        DesignatedTeacher.objects.current(today)
        .filter(school__in=current_schools)
        .select_related("user", "school")
        .order_by("school__name", "-is_lead", "user__full_name")
        if current_schools
        else []
    )
    return {
        "current_allocations": [a for a in allocations if a.is_current],
        "past_allocations": [a for a in allocations if not a.is_current],
        "designated_teachers": list(designated_teachers),
        "carers": [p for p in placement_rows(user, child, today) if p.is_current],
    }
