"""Giving and taking away explicit access to a child's records."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from vsh.accounts.roles import Role
from vsh.audit.services import Action, record

from .models import AccessGrant

MAX_GRANT_DAYS = 366


def _sync_permissions(user, child) -> None:
    """Make the guardian permissions match the user's active grants for the child."""
    levels = set(
        AccessGrant.objects.active().filter(user=user, child=child).values_list("level", flat=True)
    )
    want_view = bool(levels)
    want_change = "change" in levels
    for codename, wanted in (("view_child", want_view), ("change_child", want_change)):
        if wanted:
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
    if expires_on < starts_on:
        errors["expires_on"] = "The expiry date must be on or after the start date."
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
            "expires_on": expires_on.isoformat(),
            "reason": grant.reason,
        },
        detail=f"Gave {user} {level} access until {expires_on:%d/%m/%Y}",
    )
    return grant


@transaction.atomic
def revoke_access(*, by, grant: AccessGrant) -> None:
    if grant.revoked_at is not None:
        return
    grant.revoked_at = timezone.now()
    grant.revoked_by = by
    grant.save(update_fields=["revoked_at", "revoked_by"])
    _sync_permissions(grant.user, grant.child)
    record(
        Action.REVOKE,
        actor=by,
        child=grant.child,
        obj=grant,
        detail=f"Took away {grant.user}'s access",
    )


def expire_grants() -> int:
    """Tidy the guardian tables once grants have lapsed. The policy already ignores
    lapsed grants, so this only keeps the permission tables honest."""
    from children.models import ChildUserObjectPermission

    today = timezone.localdate()
    stale = 0
    pairs = ChildUserObjectPermission.objects.values_list("user_id", "content_object_id").distinct()
    for user_id, child_id in pairs:
        if (
            not AccessGrant.objects.active(today)
            .filter(user_id=user_id, child_id=child_id)
            .exists()
        ):
            stale += ChildUserObjectPermission.objects.filter(
                user_id=user_id, content_object_id=child_id
            ).delete()[0]
    return stale
