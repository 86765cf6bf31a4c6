"""Reading the audit trail: for the head and managers only. There is deliberately
no view that changes or removes an event."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from children.models import Child
from children.views import record_context
from vsh.accounts.models import User

from . import selectors
from .forms import AuditFilterForm
from .services import Action, record, record_view


def _require_manager(request):
    if not request.user.can_manage:
        raise PermissionDenied


def _listing(request, qs, template, context, filename):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.events(filters=filters).filter(pk__in=qs.values("pk")) if filters else qs
    if request.GET.get("format") == "csv":
        record(
            Action.EXPORT,
            actor=request.user,
            child=context.get("child"),
            detail=f"Audit log exported as CSV ({filename})",
        )
        return selectors.csv_response(qs, filename)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, template, {**context, "form": form, "page_obj": page, "events": page.object_list}
    )


def activity(request):
    """Everything recorded, filterable by person, action, child and date."""
    _require_manager(request)
    stamp = timezone.localdate().isoformat()
    return _listing(request, selectors.events(), "audit/activity.html", {}, f"audit-{stamp}.csv")


def user_activity(request, pk):
    _require_manager(request)
    person = get_object_or_404(User, pk=pk)
    stamp = timezone.localdate().isoformat()
    return _listing(
        request,
        selectors.events(actor=person),
        "audit/activity.html",
        {"person": person},
        f"activity-{person.pk}-{stamp}.csv",
    )


def child_history(request, child_pk):
    """Who looked at or changed this child's records, and when."""
    child = get_object_or_404(Child.objects.visible_to(request.user, "view"), pk=child_pk)
    _require_manager(request)
    if request.GET.get("format") != "csv" and "page" not in request.GET:
        record_view(request.user, child, detail="Access history")
    stamp = timezone.localdate().isoformat()
    return _listing(
        request,
        selectors.events(child=child),
        "audit/child_history.html",
        record_context(request, child, "history"),
        f"access-history-{child.local_id}-{stamp}.csv",
    )
