"""The alerts page and acknowledging an alert. An alert is fetched through the
same rules that list it, so one outside the user's reach is a 404."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import alerts
from .models import Alert, AlertAcknowledgement

PAGE_SIZE = 50


class AlertFilterForm(forms.Form):
    STATUSES = [
        ("new", "Not acknowledged by you"),
        ("acknowledged", "Acknowledged by you"),
        ("open", "All open alerts"),
        ("resolved", "Resolved"),
    ]

    kind = forms.ChoiceField(
        label="Kind of alert",
        required=False,
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    status = forms.ChoiceField(
        label="Show",
        required=False,
        choices=STATUSES,
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any kind")] + [
            (kind.value, kind.label) for kind in Alert.Kind if kind in kinds
        ]

    def filters(self) -> dict:
        """The valid filters; a value that does not fit is ignored, not an error page."""
        if not self.is_bound or not self.is_valid():
            return {"kind": "", "status": "new"}
        return {
            "kind": self.cleaned_data["kind"],
            "status": self.cleaned_data["status"] or "new",
        }


def _alert_rows(user, *, kind: str, status: str):
    rows = alerts.alerts_for(user)
    if kind:
        rows = rows.filter(kind=kind)
    if status == "resolved":
        rows = rows.filter(resolved_on__isnull=False)
    else:
        rows = rows.filter(resolved_on__isnull=True)
    if status == "new":
        rows = rows.exclude(acknowledgements__user=user)
    elif status == "acknowledged":
        rows = rows.filter(acknowledgements__user=user)
    mine = AlertAcknowledgement.objects.filter(user=user)
    return (
        rows.select_related("child")
        .prefetch_related(Prefetch("acknowledgements", queryset=mine, to_attr="mine"))
        .order_by("-raised_on", "-id")
    )


def alert_list(request):
    user = request.user
    form = AlertFilterForm(request.GET or None, kinds=alerts.kinds_for(user))
    filters = form.filters()
    page = Paginator(_alert_rows(user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = alerts.decorate(page.object_list)
    for alert in rows:
        alert.acknowledged = alert.mine[0] if alert.mine else None
    count = page.paginator.count
    shown = dict(AlertFilterForm.STATUSES)[filters["status"]].lower()
    return render(
        request,
        "alerts/list.html",
        {
            "caption": f"{count} alert{'s' if count != 1 else ''}: {shown}",
            "filter_form": form,
            "page": page,
            "rows": rows,
            "status": filters["status"],
            "filtered": bool(filters["kind"]) or filters["status"] != "new",
            "can_receive": bool(alerts.kinds_for(user)),
        },
    )


@require_POST
def acknowledge_update(request, pk):
    alert = get_object_or_404(alerts.alerts_for(request.user).select_related("child"), pk=pk)
    alerts.acknowledge(user=request.user, alert=alert, note=request.POST.get("note", ""))
    messages.success(
        request, f"Alert acknowledged for {alert.child.display_name}: {alert.get_kind_display()}."
    )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("alerts:list")
