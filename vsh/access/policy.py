"""The access policy: who can reach which child, and which fields they may see.

Reach is the OR of
- the role's reach: the head and managers reach the whole authority; caseworkers,
  optionally, read it;
- relationships that carry access on the day: the caseworker or social worker
  allocated now, the designated teacher of a school the child is on roll at now;
- explicit grants recorded with django-guardian.

Every list, page, count and export starts from ``Model.objects.visible_to(user)``.
"""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from vsh.accounts.roles import Role

EVERYTHING = object()
NOTHING = object()
ACTIONS = ("view", "change")


def _current(prefix: str, on) -> Q:
    return Q(**{f"{prefix}started_on__lte": on}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": on})
    )


def child_reach(user, action: str = "view"):
    """A Q over Child for the children `user` may `action`, or EVERYTHING / NOTHING."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role in (Role.HEAD, Role.MANAGER):
        return EVERYTHING
    if (
        user.role == Role.CASEWORKER
        and action == "view"
        and settings.CASEWORKERS_READ_WHOLE_AUTHORITY
    ):
        return EVERYTHING

    today = timezone.localdate()
    reach = Q(pk__in=[])
    if user.role in (Role.CASEWORKER, Role.SOCIAL_WORKER):
        kind = "caseworker" if user.role == Role.CASEWORKER else "social_worker"
        reach |= Q(allocations__worker=user, allocations__kind=kind) & _current(
            "allocations__", today
        )
    if user.role == Role.DESIGNATED_TEACHER:
        from schools.models import DesignatedTeacher

        schools = DesignatedTeacher.objects.current(today).filter(user=user).values("school")
        reach |= Q(enrolments__school__in=schools) & _current("enrolments__", today)
    reach |= _granted(user, action)
    return reach


def _granted(user, action: str) -> Q:
    """A guardian object permission for this user, honoured only while the grant
    that records its reason and expiry is active (so expiry needs no clean-up job
    to take effect)."""
    from .models import AccessGrant

    today = timezone.localdate()
    levels = ["change"] if action == "change" else ["view", "change"]
    active = AccessGrant.objects.active(today).filter(user=user, level__in=levels)
    return Q(
        user_object_permissions__user=user,
        user_object_permissions__permission__codename=f"{action}_child",
        pk__in=active.values("child"),
    )


def can(user, action: str, child) -> bool:
    from children.models import Child

    return Child.objects.visible_to(user, action).filter(pk=child.pk).exists()


# Field- and record-level rules -------------------------------------------------

# Social care records (care episodes, placements, allocations) are kept by the
# virtual school and social workers; schools and partners read them.
SOCIAL_CARE_EDITORS = frozenset({Role.HEAD, Role.MANAGER, Role.CASEWORKER, Role.SOCIAL_WORKER})


def may_change_social_care_records(user) -> bool:
    return user.is_superuser or user.role in SOCIAL_CARE_EDITORS


def sees_confidential_placement(user) -> bool:
    """Confidential placement addresses are hidden from school staff and partners."""
    return user.is_superuser or user.role in (
        Role.HEAD,
        Role.MANAGER,
        Role.CASEWORKER,
        Role.SOCIAL_WORKER,
    )


def sees_sensitive_notes(user) -> bool:
    """Whether the role may read and write sensitive notes at all: the virtual school
    and social workers (who see them only for the children allocated to them now)."""
    return user.is_superuser or user.role in (
        Role.HEAD,
        Role.MANAGER,
        Role.CASEWORKER,
        Role.SOCIAL_WORKER,
    )


def sensitive_notes_filter(user) -> Q | None:
    """Sensitive case notes are for the virtual school and the social worker
    allocated now. None means every note; otherwise a Q over CaseNote."""
    if user.is_superuser or user.role in (Role.HEAD, Role.MANAGER, Role.CASEWORKER):
        return None
    if user.role == Role.SOCIAL_WORKER:
        today = timezone.localdate()
        return Q(is_sensitive=False) | (
            Q(child__allocations__worker=user, child__allocations__kind="social_worker")
            & _current("child__allocations__", today)
        )
    return Q(is_sensitive=False)


def restrict_records(qs, user):
    """Record-level rules that apply on top of reach to the child."""
    if qs.model._meta.label == "children.CaseNote":
        rule = sensitive_notes_filter(user)
        if rule is not None:
            qs = qs.filter(pk__in=qs.model.objects.filter(rule).values("pk"))
    return qs
