"""Reading Pupil Premium Plus requests for a PEP.

A request decided (approved, declined or paid) stays with the version of the PEP it
was decided in. A newer version of that PEP shows it, read-only, but does not copy
it: each request is one row, so it is counted once however many versions show it."""

from decimal import Decimal

from django.db.models import F, Q

from .models import PupilPremiumRequest


def for_pep(pep) -> list[PupilPremiumRequest]:
    """What the PEP shows, in one query: requests decided in its earlier versions,
    then its own. Each has `decided_in_version`: the earlier version's number, or
    None for the PEP's own requests."""
    earlier_decided = Q(pep__version__lt=pep.version) & ~Q(
        status=PupilPremiumRequest.Status.REQUESTED
    )
    requests = list(
        PupilPremiumRequest.objects.filter(child_id=pep.child_id, pep__term_id=pep.term_id)
        .filter(Q(pep_id=pep.pk) | earlier_decided)
        .select_related("target", "decided_by")
        .annotate(pep_version=F("pep__version"))
        .order_by("pep_version", "id")
    )
    for request in requests:
        request.decided_in_version = None if request.pep_id == pep.pk else request.pep_version
    return requests


def total(requests) -> Decimal:
    return sum((r.amount for r in requests), Decimal("0"))
