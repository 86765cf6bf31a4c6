from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from vsh.audit.services import Action, record

from . import dashboards, selectors
from .termly_report import render_termly_report_pdf


def home(request):
    """The landing page, shaped by the user's role. On the cohort view, `?figure=`
    lists the children behind one of its figures; on a caseload, `?show=` narrows
    the table to the children behind one of its counts."""
    template = dashboards.role_dashboard(request.user)
    figure = request.GET.get("figure")
    if figure and template == "authority":
        context = dashboards.figure_children(request.user, figure[:40])
        if context is None:
            raise Http404("No such figure")
        return render(request, "core/dashboard_children.html", context)
    context = selectors.home_for(request.user)
    context = dashboards.show_only(context, request.GET.get("show", ""))
    return render(request, f"core/home_{context['template']}.html", context)


@never_cache
def termly_report(request):
    """The head's termly report as a PDF: figures only, for the people who have the
    authority-wide view."""
    if dashboards.role_dashboard(request.user) != "authority":
        raise PermissionDenied
    today = timezone.localdate()
    content = render_termly_report_pdf(request.user, today)
    record(Action.EXPORT, actor=request.user, detail="Termly report as a PDF")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="virtual-school-termly-report-{today:%Y-%m-%d}.pdf"'
    )
    return response


@login_not_required
@never_cache
def healthz(request):
    """For load balancers and docker health checks: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def email_addresses_managed(request):
    messages.info(
        request,
        "Your email address is the one your virtual school invited. Ask a manager to change it.",
    )
    return redirect("mfa_index")
