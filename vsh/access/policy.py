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
    related = related_children(user, today)
    if related is not None:
        reach |= Q(pk__in=related)
    reach |= _granted(user, action)
    return reach


# Relationships that carry access on a day -------------------------------------------
# The one place they are worked out: reach above, and whoever else needs to know
# whom a person works with now (alerts, a social worker's part in a PEP, the schools
# a designated teacher records for), ask here.


def allocated_children(user, kind: str, on=None):
    """Ids of the children `user` is allocated to as `kind` ("caseworker" or
    "social_worker") on the day, as a subquery."""
    from children.models import Allocation

    on = on or timezone.localdate()
    return Allocation.objects.filter(_current("", on), worker=user, kind=kind).values("child")


def designated_school_ids(user, on=None):
    """Ids of the schools `user` is a designated teacher at on the day."""
    from schools.models import DesignatedTeacher

    on = on or timezone.localdate()
    return (
        DesignatedTeacher.objects.current(on).filter(user=user).values_list("school_id", flat=True)
    )


def pupils_of(user, on=None):
    """Ids of the children on roll on the day at a school `user` is designated
    teacher at, as a subquery."""
    from children.models import Enrolment

    on = on or timezone.localdate()
    return Enrolment.objects.filter(
        _current("", on), school__in=designated_school_ids(user, on)
    ).values("child")


def related_children(user, on=None):
    """Ids of the children `user` works with on the day through their role's
    relationship (allocation, or designation at the child's school), not through
    grants; None for a role that has no such relationship."""
    if user.role == Role.CASEWORKER:
        return allocated_children(user, "caseworker", on)
    if user.role == Role.SOCIAL_WORKER:
        return allocated_children(user, "social_worker", on)
    if user.role == Role.DESIGNATED_TEACHER:
        return pupils_of(user, on)
    return None


def is_allocated(user, child, kind: str, on=None) -> bool:
    return allocated_children(user, kind, on).filter(child=child).exists()


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
    """Whether `user` may `action` this child. The answer is kept on the child
    instance for the rest of the request, so the pages of a record that ask it
    several times query once; role-wide reach needs no query at all."""
    from children.models import Child

    reach = child_reach(user, action)
    if reach is EVERYTHING or reach is NOTHING:
        return reach is EVERYTHING
    answers = child.__dict__.setdefault("_reach_answers", {})
    key = (user.pk, action)
    if key not in answers:
        answers[key] = Child.objects.visible_to(user, action).filter(pk=child.pk).exists()
    return answers[key]


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
        return Q(is_sensitive=False) | Q(child__in=allocated_children(user, "social_worker", today))
    return Q(is_sensitive=False)


# Fields of the child's record that identify them to other systems or record their
# legal status: the social care system's ID (the SSDA903 import matches on it) only
# the virtual school changes; cohort, UASC and care leaver status social care too.
VIRTUAL_SCHOOL_CHILD_FIELDS = frozenset({"local_id"})
SOCIAL_CARE_CHILD_FIELDS = frozenset({"cohort", "is_uasc", "uasc_ceased_on", "care_leaver_status"})


def locked_child_fields(user) -> frozenset:
    """Fields of a child's record that `user` may not change even with change reach."""
    locked = frozenset()
    if not (user.is_superuser or user.is_virtual_school):
        locked |= VIRTUAL_SCHOOL_CHILD_FIELDS
    if not may_change_social_care_records(user):
        locked |= SOCIAL_CARE_CHILD_FIELDS
    return locked


def may_change_relationships(user, child) -> bool:
    """Allocations and enrolments give access, so a person whose change reach comes
    only from an explicit grant may not make or alter them: otherwise the grant
    could outlive its revocation or expiry. The head and managers always may."""
    if user.is_superuser or user.role in (Role.HEAD, Role.MANAGER):
        return True
    related = related_children(user)
    return related is not None and related.filter(child=child).exists()


def restrict_records(qs, user):
    """Record-level rules that apply on top of reach to the child."""
    if qs.model._meta.label == "children.CaseNote":
        rule = sensitive_notes_filter(user)
        if rule is not None:
            qs = qs.filter(pk__in=qs.model.objects.filter(rule).values("pk"))
    return qs
