"""Giving and taking away explicit access to a child's records."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from vsh.accounts.roles import Role
from vsh.audit.services import Action, record

from .models import AccessGrant

MAX_GRANT_DAYS = 366


def _live_grants():
    """Grants not revoked and not yet expired, including those that start later.
    Their permission is held from the day they are given: the policy honours it only
    between the grant's start and expiry, so a grant that starts later takes effect
    on its start date with nothing to run."""
    today = timezone.localdate()
    return AccessGrant.objects.filter(revoked_at__isnull=True, expires_on__gte=today)


def _codenames(levels) -> set[str]:
    levels = set(levels)
    wanted = {"view_child"} if levels else set()
    if "change" in levels:
        wanted.add("change_child")
    return wanted


def _sync_permissions(user, child) -> None:
    """Make the guardian permissions match the user's live grants for the child."""
    wanted = _codenames(
        _live_grants().filter(user=user, child=child).values_list("level", flat=True)
    )
    for codename in ("view_child", "change_child"):
        if codename in wanted:
            assign_perm(f"children.{codename}", user, child)
        else:
            remove_perm(f"children.{codename}", user, child)


@transaction.atomic
def grant_access(
    *, by, child, user, level: str, reason: str, expires_on, starts_on=None
) -> AccessGrant:
    starts_on = starts_on or timezone.localdate()
    errors = {}
    if user.role in (Role.HEAD, Role.MANAGER):
        errors["user"] = f"{user} already sees every child."
    if not user.is_active:
        errors["user"] = f"{user}'s account is switched off."
    if starts_on > timezone.localdate() + timedelta(days=MAX_GRANT_DAYS):
        errors["starts_on"] = "Access can be arranged at most a year ahead."
    if expires_on < starts_on:
        errors["expires_on"] = "The end date must be on or after the start date."
    elif (expires_on - starts_on).days > MAX_GRANT_DAYS:
        errors["expires_on"] = "Access can be given for at most a year at a time."
    if not reason.strip():
        errors["reason"] = "Say why this person needs access."
    if errors:
        raise ValidationError(errors)
    grant = AccessGrant.objects.create(
        child=child,
        user=user,
        level=level,
        reason=reason.strip(),
        starts_on=starts_on,
        expires_on=expires_on,
        granted_by=by,
    )
    _sync_permissions(user, child)
    record(
        Action.GRANT,
        actor=by,
        child=child,
        obj=grant,
        changes={
            "user": user.email,
            "level": level,
            "starts_on": starts_on.isoformat(),
            "expires_on": expires_on.isoformat(),
            "reason": grant.reason,
        },
        detail=f"Gave {user} {level} access from {starts_on:%d/%m/%Y} until {expires_on:%d/%m/%Y}",
    )
    return grant


@transaction.atomic
def revoke_access(*, by, grant: AccessGrant) -> None:
    """End a grant now, or call it off before it starts. A grant already revoked or
    expired is left as it is: its history stays true."""
    # Read under lock: two managers pressing the button at once record one revocation.
    if not AccessGrant.objects.select_for_update().get(pk=grant.pk).can_be_revoked:
        raise ValidationError("This access has already ended, so there is nothing to take away.")
    started = grant.is_active
    grant.revoked_at = timezone.now()
    grant.revoked_by = by
    grant.save(update_fields=["revoked_at", "revoked_by"])
    _sync_permissions(grant.user, grant.child)
    record(
        Action.REVOKE,
        actor=by,
        child=grant.child,
        obj=grant,
        detail=(
            f"Took away {grant.user}'s access"
            if started
            else f"Cancelled {grant.user}'s access due to start on {grant.starts_on:%d/%m/%Y}"
        ),
    )


def expire_grants() -> int:
    """Tidy the guardian tables once grants have lapsed: take away permissions no live
    grant backs (a change grant that expired while a view grant runs on leaves view
    only). The policy already ignores lapsed grants, so this only keeps the permission
    tables honest; grants that start later keep their permission."""
    from children.models import ChildUserObjectPermission

    wanted: dict[tuple[int, int], list[str]] = {}
    for user_id, child_id, level in _live_grants().values_list("user_id", "child_id", "level"):
        wanted.setdefault((user_id, child_id), []).append(level)
    stale = [
        pk
        for pk, user_id, child_id, codename in ChildUserObjectPermission.objects.values_list(
            "pk", "user_id", "content_object_id", "permission__codename"
        )
        if codename not in _codenames(wanted.get((user_id, child_id), []))
    ]
    return ChildUserObjectPermission.objects.filter(pk__in=stale).delete()[0]
