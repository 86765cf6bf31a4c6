import csv
import json
from datetime import datetime, time

from django.db.models import Q
from django.http import StreamingHttpResponse
from django.utils import timezone

from vsh.core.csvsafe import cell

from .models import AuditEvent


def events(*, child=None, actor=None, filters: dict | None = None):
    qs = AuditEvent.objects.select_related("actor", "child")
    if child is not None:
        qs = qs.filter(child=child)
    if actor is not None:
        qs = qs.filter(actor=actor)
    filters = filters or {}
    if filters.get("actor"):
        qs = qs.filter(
            Q(actor_label__icontains=filters["actor"]) | Q(actor__email__icontains=filters["actor"])
        )
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    if filters.get("child"):
        qs = qs.filter(child__local_id=filters["child"])
    tz = timezone.get_current_timezone()
    if filters.get("date_from"):
        qs = qs.filter(at__gte=datetime.combine(filters["date_from"], time.min, tzinfo=tz))
    if filters.get("date_to"):
        qs = qs.filter(at__lte=datetime.combine(filters["date_to"], time.max, tzinfo=tz))
    return qs


class _Echo:
    def write(self, value):
        return value


CSV_COLUMNS = [
    "when",
    "who",
    "action",
    "child_local_id",
    "record_type",
    "record_id",
    "record",
    "detail",
    "changes",
    "ip_address",
    "path",
]


def csv_response(qs, filename: str) -> StreamingHttpResponse:
    """Stream events as CSV so a long history does not sit in memory."""
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        for e in qs.iterator(chunk_size=2000):
            row = [
                timezone.localtime(e.at).isoformat(timespec="seconds"),
                e.actor_label,
                e.get_action_display(),
                e.child.local_id if e.child_id and e.child else "",
                e.object_type,
                e.object_id,
                e.object_repr,
                e.detail,
                json.dumps(e.changes, sort_keys=True) if e.changes else "",
                e.ip_address or "",
                e.path,
            ]
            # Names, details and sign-in attempts hold text people typed.
            yield writer.writerow([cell(value) for value in row])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
