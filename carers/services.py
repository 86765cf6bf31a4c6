"""Changes to carers and to placements of children with them, each in one
transaction with its audit entries.

A child lives in one placement at a time. The checks against a child's other
placements are here rather than in a form, so every way in obeys them; they raise
ValidationError with a message a person understands, and nothing is saved."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from children.models import Child
from vsh.audit.services import record_create, record_update, snapshot

from .models import Carer, Placement
from .selectors import choosable_carers


def create_carer(*, actor, data: dict) -> Carer:
    with transaction.atomic():
        carer = Carer.objects.create(**data)
        record_create(actor, carer)
    return carer


def update_carer(*, actor, carer: Carer, data: dict) -> Carer:
    with transaction.atomic():
        # The form has already changed the instance, so compare with the stored row.
        before = snapshot(Carer.objects.select_for_update().get(pk=carer.pk))
        for name, value in data.items():
            setattr(carer, name, value)
        carer.save()
        record_update(actor, carer, before=before)
    return carer


# Placements ------------------------------------------------------------------------


def _when(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "now"


def _lock_placements(child_id: int) -> list[Placement]:
    """The child's placements, locked until the transaction ends. The child's row is
    locked first so that two changes for a child with no placement yet queue too."""
    Child.objects.select_for_update().filter(pk=child_id).values_list("pk").first()
    return list(
        Placement.objects.select_for_update(of=("self",))
        .filter(child_id=child_id)
        .select_related("carer")
        .order_by("started_on", "pk")
    )


def _shares_a_day(other: Placement, started_on: date, ended_on: date | None) -> bool:
    """Whether `other` overlaps started_on–ended_on. One placement may end on the day
    the next starts, as moves are often recorded (and as SSDA903 records them)."""
    if other.started_on == started_on:
        return True
    return (other.ended_on is None or other.ended_on > started_on) and (
        ended_on is None or other.started_on < ended_on
    )


def _check_no_overlap(others: Iterable[Placement], started_on: date, ended_on: date | None):
    for other in others:
        if not _shares_a_day(other, started_on, ended_on):
            continue
        if other.ended_on is None and ended_on is None and started_on <= other.started_on:
            raise ValidationError(
                {
                    "started_on": f"Enter a start date after {_when(other.started_on)}, when "
                    f"the current placement with {other.carer} started. For an earlier "
                    "placement, enter the date it ended as well."
                }
            )
        field = "ended_on" if other.started_on > started_on else "started_on"
        raise ValidationError(
            {
                field: f"These dates overlap the placement with {other.carer} from "
                f"{_when(other.started_on)} to {_when(other.ended_on)}. A child lives in one "
                "placement at a time: change the dates, or change that placement first."
            }
        )


def _check_dates(child, started_on: date, ended_on: date | None, end_reason: str) -> None:
    if started_on < child.date_of_birth:
        raise ValidationError(
            {
                "started_on": f"Enter a start date on or after {_when(child.date_of_birth)}, "
                f"when {child.display_name} was born."
            }
        )
    if ended_on is not None and ended_on < started_on:
        raise ValidationError(
            {
                "ended_on": f"Enter an end date on or after {_when(started_on)}, when the "
                "placement started."
            }
        )
    if end_reason and ended_on is None:
        raise ValidationError(
            {"ended_on": "Enter the date the placement ended, or remove the reason."}
        )


def _check_carer(user, carer: Carer) -> None:
    if not choosable_carers(user).filter(pk=carer.pk).exists():
        raise ValidationError({"carer": "Choose a carer from the list."})


def _save(user, placement: Placement, data: dict) -> Placement:
    """Apply `data` to a locked placement and audit what changed."""
    before = snapshot(placement)
    for name, value in data.items():
        setattr(placement, name, value)
    placement.full_clean()
    placement.save()
    record_update(user, placement, before=before)
    return placement


@transaction.atomic
def start_placement(
    *,
    user,
    child: Child,
    carer: Carer,
    started_on: date,
    ended_on: date | None = None,
    end_reason: str = "",
    change_reason: str = "",
) -> Placement:
    """Record that `child` lives with `carer` from `started_on`.

    The current placement (open, or planned to end after today) that the child is
    in on that day ends the day before, with `change_reason` (the SSDA903 reason for
    placement change) as its reason. An earlier placement may be added as long as it
    overlaps none of those recorded; a placement that has already ended is never cut
    short here."""
    _check_dates(child, started_on, ended_on, end_reason)
    _check_carer(user, carer)
    placements = _lock_placements(child.pk)
    today = timezone.localdate()
    current = next(
        (
            p
            for p in placements
            if p.started_on < started_on
            and (p.ended_on is None or (p.ended_on > started_on and p.ended_on >= today))
        ),
        None,
    )
    # A placement that ends while the current one carries on is not a move: it
    # overlaps the current one, and is refused below.
    if current is not None and ended_on is not None:
        if current.ended_on is None or ended_on < current.ended_on:
            current = None
    _check_no_overlap([p for p in placements if p is not current], started_on, ended_on)
    if current is not None:
        reason = change_reason or current.end_reason
        if not reason:
            raise ValidationError(
                {"change_reason": f"Choose the reason the placement with {current.carer} ended."}
            )
        _save(user, current, {"ended_on": started_on - timedelta(days=1), "end_reason": reason})
    elif change_reason:
        raise ValidationError(
            {
                "change_reason": f"{child.display_name} has no placement on "
                f"{_when(started_on)} to end: leave the reason blank."
            }
        )
    placement = Placement(
        child=child,
        carer=carer,
        started_on=started_on,
        ended_on=ended_on,
        end_reason=end_reason,
    )
    placement.full_clean()
    placement.save()
    record_create(user, placement)
    return placement


@transaction.atomic
def update_placement(*, user, placement: Placement, data: dict) -> Placement:
    """Change a placement's carer, dates or reason; it must still overlap none of the
    child's other placements."""
    placements = _lock_placements(placement.child_id)
    stored = next((p for p in placements if p.pk == placement.pk), None)
    if stored is None:
        raise ValidationError("This placement has been removed.")
    carer = data.get("carer", stored.carer)
    started_on = data.get("started_on", stored.started_on)
    ended_on = data.get("ended_on", stored.ended_on)
    end_reason = data.get("end_reason", stored.end_reason)
    _check_dates(placement.child, started_on, ended_on, end_reason)
    if carer.pk != stored.carer_id:
        _check_carer(user, carer)
    _check_no_overlap([p for p in placements if p.pk != stored.pk], started_on, ended_on)
    return _save(
        user,
        stored,
        {"carer": carer, "started_on": started_on, "ended_on": ended_on, "end_reason": end_reason},
    )


def end_placement(*, user, placement: Placement, ended_on: date, end_reason: str) -> Placement:
    if not end_reason:
        raise ValidationError({"end_reason": "Choose the reason the placement ended."})
    return update_placement(
        user=user, placement=placement, data={"ended_on": ended_on, "end_reason": end_reason}
    )
