"""Writes to a child's records. Each function is one user action: one transaction,
with its audit entries written inside it, so nothing is ever half-saved.

Checks that need other records (overlapping enrolments or episodes, a worker's role)
live here, so every way in (pages, imports) obeys them; they raise ValidationError
with a message a person understands."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q

from vsh.access import policy
from vsh.accounts.roles import Role
from vsh.audit.services import record_create, record_update, snapshot

from .models import Allocation, CareEpisode, CaseNote, Child, Enrolment, RegistrationType
from .tracking import alerts

ROLE_FOR_KIND = {
    Allocation.Kind.SOCIAL_WORKER: Role.SOCIAL_WORKER,
    Allocation.Kind.CASEWORKER: Role.CASEWORKER,
}


def _d(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "now"


def _create(user, obj: models.Model) -> models.Model:
    obj.full_clean()
    obj.save()
    record_create(user, obj)
    return obj


def _update(user, obj: models.Model, data: dict) -> models.Model:
    """Apply `data` to a fresh, locked copy of `obj` and audit what changed. The
    caller's copy may already carry the new values (a ModelForm writes them while
    validating), so the 'before' comes from the database."""
    fresh = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    before = snapshot(fresh)
    for name, value in data.items():
        setattr(fresh, name, value)
    fresh.full_clean()
    fresh.save()
    record_update(user, fresh, before=before)
    return fresh


def _overlapping(queryset, started_on: date, ended_on: date | None):
    """Records that share at least a day with started_on–ended_on, except that one
    may end on the day the next starts (the usual way handovers are recorded)."""
    queryset = queryset.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=started_on))
    if ended_on is not None:
        queryset = queryset.filter(started_on__lt=ended_on)
    return queryset


# The child ---------------------------------------------------------------------


@transaction.atomic
def create_child(*, user, data: dict) -> Child:
    if not user.is_virtual_school:
        raise PermissionError("Only the virtual school can add a child.")
    return _create(user, Child(**data))


@transaction.atomic
def update_child(*, user, child: Child, data: dict) -> Child:
    locked = [
        name
        for name in policy.locked_child_fields(user)
        if name in data and data[name] != getattr(child, name)
    ]
    if locked:
        raise ValidationError(
            {name: "Only the virtual school or social care can change this." for name in locked}
        )
    return _update(user, child, data)


def _relationship_rights(user, child: Child) -> tuple[bool, set | None]:
    """Whether `user` may change who works with `child` at all (see
    policy.may_change_relationships), and the schools a designated teacher may
    record enrolments at (None: any school)."""
    own = set(policy.designated_school_ids(user)) if user.role == Role.DESIGNATED_TEACHER else None
    return policy.may_change_relationships(user, child), own


def _check_relationship_rights(user, child: Child, school_ids=()) -> None:
    may_change, own = _relationship_rights(user, child)
    if not may_change:
        raise ValidationError(
            "Only the virtual school or the people working with the child now can change "
            "who works with them. Ask the virtual school to make this change."
        )
    if own is not None and not set(school_ids) <= own:
        raise ValidationError(
            "You can only record enrolments at a school where you are the designated "
            "teacher. Ask the virtual school to record this one."
        )


def mark_editable_enrolments(user, child: Child, enrolments) -> bool:
    """Set `editable` on each enrolment by the rule its save obeys, so the page
    offers no edit the save would refuse. Returns whether `user` may add one."""
    may_change, own = _relationship_rights(user, child)
    for enrolment in enrolments:
        enrolment.editable = may_change and (own is None or enrolment.school_id in own)
    return may_change


# Enrolments --------------------------------------------------------------------


def _check_enrolment(enrolment: Enrolment) -> None:
    others = Enrolment.objects.filter(child=enrolment.child).exclude(pk=enrolment.pk)
    clashes = _overlapping(others, enrolment.started_on, enrolment.ended_on)
    if enrolment.registration != RegistrationType.SINGLE:
        clashes = clashes.filter(registration=RegistrationType.SINGLE)
    clash = clashes.select_related("school").order_by("started_on").first()
    if clash is None:
        return
    if clash.registration == RegistrationType.SINGLE:
        reason = "with a single registration"
    else:
        reason = "and a single registration cannot overlap another school's"
    raise ValidationError(
        {
            "started_on": (
                f"{enrolment.child.display_name} is on the roll of {clash.school} from "
                f"{_d(clash.started_on)} to {_d(clash.ended_on)} {reason}. Change the dates, end "
                "that enrolment first, or record both as dual registrations."
            )
        }
    )


@transaction.atomic
def create_enrolment(*, user, child: Child, data: dict) -> Enrolment:
    enrolment = Enrolment(child=child, **data)
    _check_relationship_rights(user, child, [enrolment.school_id])
    _check_enrolment(enrolment)
    _create(user, enrolment)
    alerts.on_enrolment_changed(child)
    return enrolment


@transaction.atomic
def update_enrolment(*, user, enrolment: Enrolment, data: dict) -> Enrolment:
    proposed = Enrolment(pk=enrolment.pk, child=enrolment.child, **data)
    _check_relationship_rights(
        user, enrolment.child, {enrolment.school_id, proposed.school_id} - {None}
    )
    _check_enrolment(proposed)
    saved = _update(user, enrolment, data)
    alerts.on_enrolment_changed(saved.child)
    return saved


# Care episodes -----------------------------------------------------------------


def _check_episode(episode: CareEpisode) -> None:
    others = CareEpisode.objects.filter(child=episode.child).exclude(pk=episode.pk)
    clash = (
        _overlapping(others, episode.started_on, episode.ended_on).order_by("started_on").first()
    )
    if clash is None:
        return
    raise ValidationError(
        {
            "started_on": (
                f"This episode overlaps the episode from {_d(clash.started_on)} to "
                f"{_d(clash.ended_on)}. A child has one episode at a time: a new episode starts "
                "on or after the day the previous one ceased."
            )
        }
    )


@transaction.atomic
def create_care_episode(*, user, child: Child, data: dict) -> CareEpisode:
    episode = CareEpisode(child=child, **data)
    _check_episode(episode)
    return _create(user, episode)


@transaction.atomic
def update_care_episode(*, user, episode: CareEpisode, data: dict) -> CareEpisode:
    proposed = CareEpisode(pk=episode.pk, child=episode.child, **data)
    _check_episode(proposed)
    return _update(user, episode, data)


# Allocations -------------------------------------------------------------------


def check_worker_role(kind: str, worker) -> None:
    if worker is None:
        return
    role = ROLE_FOR_KIND[kind]
    if worker.role != role:
        raise ValidationError(
            {
                "worker": f"Choose a {Role(role).label.lower()}: {worker} is a "
                f"{worker.role_label.lower()}."
            }
        )


def check_allocation_start(
    *,
    child: Child,
    kind: str,
    worker,
    started_on: date,
    ended_on: date | None = None,
    exclude=(),
) -> list[Allocation]:
    """Check that `worker` can be allocated to `child` from `started_on` and return
    the allocations of the same kind current then, locked: the new one ends them.
    The SSDA903 import also passes a past allocation's `ended_on`, allocations its
    own rows describe in `exclude`, and no worker when the ID has no account here."""
    current = (
        Allocation.objects.select_for_update(of=("self",))
        .filter(child=child, kind=kind)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=started_on))
    )
    if ended_on is not None:
        current = current.filter(started_on__lt=ended_on)
    if exclude:
        current = current.exclude(pk__in=exclude)
    previous = list(current.select_related("worker").order_by("started_on"))
    for allocation in previous:
        same_worker = worker is not None and allocation.worker_id == worker.pk
        if same_worker and allocation.started_on <= started_on:
            raise ValidationError(
                {"worker": f"{worker} is already allocated to {child.display_name}."}
            )
        if allocation.started_on >= started_on:
            raise ValidationError(
                {
                    "started_on": f"Enter a start date after {_d(allocation.started_on)}, when "
                    f"{allocation.worker or allocation.worker_reference}'s "
                    "allocation started."
                }
            )
    return previous


@transaction.atomic
def start_allocation(
    *, user, child: Child, kind: str, worker, started_on: date, change_reason: str = ""
) -> Allocation:
    """Allocate a worker. The allocation of the same kind that is current on the new
    start date ends the day before, so a child has one social worker and one
    caseworker at a time."""
    check_worker_role(kind, worker)
    _check_relationship_rights(user, child)
    if worker.pk == user.pk and not (user.is_superuser or user.role in (Role.HEAD, Role.MANAGER)):
        raise ValidationError(
            {"worker": "Ask a manager to allocate you: nobody can allocate themselves to a child."}
        )
    previous = check_allocation_start(child=child, kind=kind, worker=worker, started_on=started_on)
    for allocation in previous:
        _update(user, allocation, {"ended_on": started_on - timedelta(days=1)})
    allocation = Allocation(
        child=child,
        kind=kind,
        worker=worker,
        worker_reference=(worker.social_worker_id if kind == Allocation.Kind.SOCIAL_WORKER else ""),
        started_on=started_on,
        change_reason=change_reason,
    )
    return _create(user, allocation)


@transaction.atomic
def end_allocation(*, user, allocation: Allocation, ended_on: date) -> Allocation:
    _check_relationship_rights(user, allocation.child)
    if ended_on < allocation.started_on:
        raise ValidationError(
            {
                "ended_on": f"Enter an end date on or after {_d(allocation.started_on)}, when "
                "the allocation started."
            }
        )
    return _update(user, allocation, {"ended_on": ended_on})


# Chronology --------------------------------------------------------------------


@transaction.atomic
def create_case_note(*, user, child: Child, data: dict) -> CaseNote:
    data = dict(data)
    # Someone who could not read a sensitive note cannot write one either.
    if not policy.sees_sensitive_notes(user):
        data["is_sensitive"] = False
    return _create(user, CaseNote(child=child, author=user, **data))


def can_edit_note(user, note: CaseNote) -> bool:
    return note.author_id == user.pk or user.can_manage or user.is_superuser


@transaction.atomic
def update_case_note(*, user, note: CaseNote, data: dict) -> CaseNote:
    if not can_edit_note(user, note):
        raise PermissionError("Only the author or a manager can change a case note.")
    data = dict(data)
    if not policy.sees_sensitive_notes(user):
        data.pop("is_sensitive", None)
    return _update(user, note, data)
