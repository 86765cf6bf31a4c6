"""Writing the audit trail. Call these inside the same transaction as the change."""

from decimal import Decimal

from django.db import models

from .context import client_ip, current_request
from .models import AuditEvent

Action = AuditEvent.Action


def record(
    action: str,
    *,
    actor=None,
    child=None,
    obj: models.Model | None = None,
    changes: dict | None = None,
    detail: str = "",
    request=None,
    actor_label: str = "",
) -> AuditEvent:
    request = request or current_request()
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        if request.user.is_authenticated:
            actor = request.user
    if child is None and obj is not None:
        child = _child_of(obj)
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor_label or (actor.email if actor is not None else ""),
        action=action,
        child=child,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
        detail=detail[:300],
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request else ""),
        path=(request.get_full_path()[:300] if request else ""),
    )


def _child_of(obj):
    if obj._meta.label == "children.Child":
        return obj
    return getattr(obj, "child", None)


def _plain(value):
    """A JSON-friendly copy of a field value for the audit trail."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def snapshot(obj: models.Model) -> dict:
    """Field values of a record, for comparing before and after a change."""
    return {
        f.name: _plain(getattr(obj, f.name))
        for f in obj._meta.concrete_fields
        if f.name not in {"id", "created_at", "updated_at"}
    }


def diff(before: dict, after: dict) -> dict:
    return {
        name: {"old": before.get(name), "new": value}
        for name, value in after.items()
        if before.get(name) != value
    }


def record_view(user, child, obj=None, detail: str = "") -> AuditEvent:
    return record(Action.VIEW, actor=user, child=child, obj=obj or child, detail=detail)


def record_create(user, obj, detail: str = "") -> AuditEvent:
    return record(
        Action.CREATE, actor=user, obj=obj, changes=diff({}, snapshot(obj)), detail=detail
    )


def record_update(user, obj, before: dict, detail: str = "") -> AuditEvent | None:
    changes = diff(before, snapshot(obj))
    if not changes:
        return None
    return record(Action.UPDATE, actor=user, obj=obj, changes=changes, detail=detail)


def record_delete(user, obj, detail: str = "") -> AuditEvent:
    return record(
        Action.DELETE, actor=user, obj=obj, changes=diff(snapshot(obj), {}), detail=detail
    )
