"""Pupil Premium Plus requests: written in a PEP by the designated teacher, linked to
one of its targets, and approved for payment when the virtual school approves the PEP."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from children.peps import sections
from children.peps.models import Pep, PepTarget
from children.peps.permissions import edit_refusal, roles_for
from vsh.audit.services import Action, diff, record, snapshot

from .models import PupilPremiumRequest

SECTION = sections.get("pupil-premium")


def _plain(values: dict) -> dict:
    # Amounts are Decimals, which the audit log's JSON cannot hold: keep them as text.
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in values.items()}


def _audit(action, by, request: PupilPremiumRequest, before: dict, after: dict, detail=""):
    changes = diff(_plain(before), _plain(after))
    if changes:
        record(action, actor=by, obj=request, changes=changes, detail=detail)


def _check_can_edit(pep: Pep, by) -> None:
    refusal = edit_refusal(pep, roles_for(by, pep.child), SECTION)
    if refusal:
        raise ValidationError(refusal)


def _check_target(pep: Pep, target: PepTarget | None) -> None:
    if target is not None and (target.pep_id != pep.pk or target.carried_from_id):
        raise ValidationError({"target": "Choose one of this PEP's own targets."})


def _locked_pep(pep: Pep) -> Pep:
    return Pep.objects.select_for_update(of=("self",)).select_related("child").get(pk=pep.pk)


@transaction.atomic
def add_request(*, pep: Pep, data: dict, by) -> PupilPremiumRequest:
    pep = _locked_pep(pep)
    _check_can_edit(pep, by)
    _check_target(pep, data.get("target"))
    request = PupilPremiumRequest(child=pep.child, pep=pep, **data)
    request.full_clean()
    request.save()
    _audit(Action.CREATE, by, request, {}, snapshot(request), f"Pupil Premium Plus in {pep}")
    return request


@transaction.atomic
def update_request(*, request: PupilPremiumRequest, data: dict, by) -> PupilPremiumRequest:
    pep = _locked_pep(request.pep)
    _check_can_edit(pep, by)
    _check_target(pep, data.get("target"))
    fresh = PupilPremiumRequest.objects.select_for_update().get(pk=request.pk)
    if fresh.status != PupilPremiumRequest.Status.REQUESTED:
        raise ValidationError(
            f"This request has been {fresh.get_status_display().lower()}, so it cannot be changed."
        )
    before = snapshot(fresh)
    for name, value in data.items():
        setattr(fresh, name, value)
    fresh.full_clean()
    fresh.save()
    _audit(Action.UPDATE, by, fresh, before, snapshot(fresh))
    return fresh


@transaction.atomic
def remove_request(*, request: PupilPremiumRequest, by) -> None:
    pep = _locked_pep(request.pep)
    _check_can_edit(pep, by)
    if request.status != PupilPremiumRequest.Status.REQUESTED:
        raise ValidationError(
            f"This request has been {request.get_status_display().lower()}, "
            "so it cannot be removed."
        )
    _audit(Action.DELETE, by, request, snapshot(request), {})
    request.delete()


def approve_requests_for_pep(*, pep: Pep, by) -> int:
    """Approve for payment what an approved PEP asked for and is still waiting for a
    decision. Requests already decided (in this or an earlier version) keep their
    decision. Called inside the PEP's approval, in its transaction."""
    now = timezone.now()
    approved = 0
    waiting = PupilPremiumRequest.objects.select_for_update().filter(
        pep=pep, status=PupilPremiumRequest.Status.REQUESTED
    )
    for request in waiting:
        before = snapshot(request)
        request.status = PupilPremiumRequest.Status.APPROVED
        request.decided_by = by
        request.decided_at = now
        request.save(update_fields=["status", "decided_by", "decided_at"])
        _audit(Action.UPDATE, by, request, before, snapshot(request), "Approved with the PEP")
        approved += 1
    return approved


def copy_requests(*, source: Pep, into: Pep, targets: dict[int, PepTarget], by) -> int:
    """A new version of a PEP asks again for what the old one asked for and was not
    yet decided. Decided requests are not copied: they stay with the version that
    decided them, and the new version shows them read-only (selectors.for_pep), so
    nothing is approved or counted twice."""
    copied = 0
    undecided = source.pp_requests.filter(status=PupilPremiumRequest.Status.REQUESTED)
    for old in undecided:
        new = PupilPremiumRequest.objects.create(
            child=into.child,
            pep=into,
            target=targets.get(old.target_id),
            amount=old.amount,
            purpose=old.purpose,
        )
        _audit(Action.CREATE, by, new, {}, snapshot(new), f"Copied from version {source.version}")
        copied += 1
    return copied
