"""Who can see a child, and why: the access policy read backwards."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from children.models import Allocation, Enrolment
from schools.models import DesignatedTeacher
from vsh.accounts.models import User
from vsh.accounts.roles import Role

from .models import AccessGrant


@dataclass(frozen=True)
class Reach:
    user: User
    basis: str  # "Role", "Relationship" or "Grant"
    why: str
    level: str  # "view" or "change"
    until: date | None = None


def who_can_see(child) -> list[Reach]:
    today = timezone.localdate()
    rows: list[Reach] = []
    for user in User.objects.filter(is_active=True).filter(
        Q(role__in=[Role.HEAD, Role.MANAGER]) | Q(is_superuser=True)
    ):
        rows.append(
            Reach(user, "Role", f"{user.role_label}: reaches the whole authority", "change")
        )
    if settings.CASEWORKERS_READ_WHOLE_AUTHORITY:
        for user in User.objects.filter(is_active=True, role=Role.CASEWORKER):
            rows.append(
                Reach(user, "Role", "Caseworkers read every child (authority setting)", "view")
            )

    current = Q(started_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    for allocation in Allocation.objects.filter(
        current, child=child, worker__isnull=False
    ).select_related("worker"):
        if allocation.worker.is_active and allocation.worker.role == allocation.kind:
            rows.append(
                Reach(
                    allocation.worker,
                    "Relationship",
                    f"Allocated {allocation.get_kind_display().lower()} "
                    f"since {allocation.started_on:%d/%m/%Y}",
                    "change",
                    allocation.ended_on,
                )
            )
    enrolments = Enrolment.objects.filter(current, child=child).select_related("school")
    designations = (
        DesignatedTeacher.objects.current(today)
        .filter(
            school__in=[e.school_id for e in enrolments],
            user__is_active=True,
            user__role=Role.DESIGNATED_TEACHER,
        )
        .select_related("user", "school")
    )
    for designation in designations:
        rows.append(
            Reach(
                designation.user,
                "Relationship",
                f"Designated teacher at {designation.school}, where the child is on roll",
                "change",
                designation.ended_on,
            )
        )
    for grant in (
        AccessGrant.objects.active(today)
        .filter(child=child, user__is_active=True)
        .select_related("user")
    ):
        rows.append(Reach(grant.user, "Grant", grant.reason, grant.level, grant.expires_on))
    # Deduplicate by person, keeping every reason: sort by basis then name.
    order = {"Role": 0, "Relationship": 1, "Grant": 2}
    return sorted(rows, key=lambda r: (order[r.basis], r.user.full_name))


def grant_history(child):
    return AccessGrant.objects.filter(child=child).select_related(
        "user", "granted_by", "revoked_by"
    )
