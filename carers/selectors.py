"""Reads for the carer pages. A carer's record tells where children live, so it is
shown only to those who work with the children: the virtual school, and social
workers for carers of children in their reach."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from children.models import Child
from vsh.access import policy
from vsh.accounts.roles import Role

from .models import Carer, CarerType, Placement


def may_see_carers(user) -> bool:
    return user.is_superuser or user.is_virtual_school or user.role == Role.SOCIAL_WORKER


def may_change_carers(user) -> bool:
    return user.is_superuser or user.is_virtual_school


def _visible_children(user):
    return Child.objects.visible_to(user).values("pk")


def carers_for(user) -> QuerySet[Carer]:
    """Carers the user may open; none for those with no business with carers."""
    if user.is_superuser or user.is_virtual_school:
        return Carer.objects.all()
    if user.role == Role.SOCIAL_WORKER:
        placed = Placement.objects.filter(child__in=_visible_children(user)).values("carer")
        return Carer.objects.filter(pk__in=placed)
    return Carer.objects.none()


def choosable_carers(user) -> QuerySet[Carer]:
    """Carers offered when recording where a child lives: only carers the user may
    open. The virtual school has every carer; a social worker has the carers of the
    children in their reach, because the rule above keeps other households from them
    (the virtual school records a child's first placement with a new carer). A
    household with a confidential address is never offered to someone who may not
    know where children live."""
    carers = carers_for(user)
    if not policy.sees_confidential_placement(user):
        carers = carers.filter(address_confidential=False)
    return carers.order_by("name", "pk")


def _current(on: date) -> Q:
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))


@dataclass
class CarerFilters:
    q: str = ""
    carer_type: str = ""
    out_of_authority: str = ""  # "yes" or "no"

    @property
    def active(self) -> bool:
        return bool(self.q or self.carer_type or self.out_of_authority)


def carer_list(user, filters: CarerFilters, on: date | None = None) -> QuerySet[Carer]:
    """Carers with `children_now`, the visible children placed with them today,
    counted in the same query as the list."""
    on = on or timezone.localdate()
    placed_now = (
        Placement.objects.filter(_current(on), carer=OuterRef("pk"))
        .filter(child__in=_visible_children(user))
        .order_by()
        .values("carer")
        .annotate(n=Count("child", distinct=True))
        .values("n")
    )
    carers = carers_for(user).annotate(
        children_now=Coalesce(Subquery(placed_now, output_field=IntegerField()), Value(0))
    )
    if filters.q:
        term = filters.q.strip()
        carers = carers.filter(
            Q(name__icontains=term)
            | Q(agency__icontains=term)
            | Q(postcode__icontains=term)
            | Q(la_name__icontains=term)
        )
    if filters.carer_type in CarerType.values:
        carers = carers.filter(carer_type=filters.carer_type)
    if filters.out_of_authority == "yes":
        carers = carers.filter(out_of_authority=True)
    elif filters.out_of_authority == "no":
        carers = carers.filter(out_of_authority=False)
    return carers.order_by("name", "pk")


def get_carer(user, pk: int) -> Carer:
    """A carer the user may open, or 404."""
    return get_object_or_404(carers_for(user), pk=pk)


@dataclass
class CarerRecord:
    carer: Carer
    shows_address: bool
    placed_now: list
    placed_before: list
    planned: list


def carer_record(user, carer: Carer, on: date | None = None) -> CarerRecord:
    on = on or timezone.localdate()
    placements = list(
        Placement.objects.filter(carer=carer, child__in=_visible_children(user))
        .select_related("child")
        .order_by("-started_on", "pk")
    )
    now = [p for p in placements if p.started_on <= on and (p.ended_on is None or p.ended_on >= on)]
    before = [p for p in placements if p.ended_on is not None and p.ended_on < on]
    planned = [p for p in placements if p.started_on > on]
    return CarerRecord(
        carer=carer,
        shows_address=shows_address(user, carer),
        placed_now=now,
        placed_before=before,
        planned=planned,
    )


def shows_address(user, carer: Carer) -> bool:
    return not carer.address_confidential or policy.sees_confidential_placement(user)
