"""Data pages for managers: SSDA903 import and export, and the GIAS schools import.

These pages handle files rather than one child's record, so they check
`can_manage` (403 for everyone else) instead of reaching children one by one; the
export still starts from the access policy.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from vsh.audit.models import AuditEvent
from vsh.audit.services import Action
from vsh.core import uploads

from .forms_data import (
    ConfirmPartialImportForm,
    Ssda903ExportForm,
    Ssda903UploadForm,
)
from .models import Child
from .ssda903.exporter import export_return
from .ssda903.importer import import_extract
from .ssda903.parse import SourceFile

DATA_KINDS = ("ssda903", "gias", "attendance", "attainment")
RECENT_EVENTS = 30
UPLOAD_DIR = "ssda903-uploads"
SESSION_KEY = "ssda903_upload"
ERRORS_SHOWN = 500


def _require_manager(request) -> None:
    if not request.user.can_manage:
        raise PermissionDenied


def _bound(request) -> tuple:
    """Form data for a POST, even an empty one, so a blank submission shows errors."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def data_index(request):
    _require_manager(request)
    events = AuditEvent.objects.filter(
        action__in=[Action.IMPORT, Action.EXPORT], changes__kind__in=DATA_KINDS
    ).order_by("-at", "-id")[:RECENT_EVENTS]
    return render(request, "children/data/index.html", {"events": events})


def _kept_sources(request, token: str) -> list[SourceFile] | None:
    upload = uploads.kept(request, SESSION_KEY, token)
    if upload is None:
        return None
    return [SourceFile(name, content) for name, content in upload["files"]]


def _report_page(request, report, confirm_form=None):
    return render(
        request,
        "children/data/import_903_report.html",
        {
            "report": report,
            "errors": report.errors[:ERRORS_SHOWN],
            "confirm_form": confirm_form,
        },
    )


def import_903(request):
    _require_manager(request)
    form = Ssda903UploadForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        sources = [SourceFile(f.name, f.read()) for f in form.cleaned_data["files"]]
        report = import_extract(sources, actor=request.user)
        confirm_form = None
        if report.saved:
            uploads.discard(request, SESSION_KEY)
        elif report.good_rows:
            files = [(source.name, source.content) for source in sources]
            offered = uploads.offer_good_rows(
                request, SESSION_KEY, UPLOAD_DIR, files, good_rows=report.good_rows
            )
            confirm_form = ConfirmPartialImportForm(initial=offered.initial)
        return _report_page(request, report, confirm_form)
    return render(request, "children/data/import_903.html", {"form": form})


def import_903_confirm(request):
    """Save the good rows of the upload whose error report the manager has seen."""
    _require_manager(request)
    if request.method != "POST":
        return redirect("children:import_903")
    form = ConfirmPartialImportForm(request.POST)
    sources = _kept_sources(request, request.POST.get("token", ""))
    if sources is None:
        messages.error(request, "The uploaded files are no longer available. Upload them again.")
        return redirect("children:import_903")
    if not form.is_valid():
        report = import_extract(sources, dry_run=True, audit=False)
        return _report_page(request, report, form)
    report = import_extract(sources, partial=True, actor=request.user)
    uploads.discard(request, SESSION_KEY)
    return _report_page(request, report)


def export_903(request):
    _require_manager(request)
    form = Ssda903ExportForm(*_bound(request)[:1])
    if request.method == "POST" and form.is_valid():
        result = export_return(
            form.cleaned_data["year"],
            children=Child.objects.visible_to(request.user, "view"),
            actor=request.user,
        )
        response = HttpResponse(result.zip_bytes(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{result.zip_name}"'
        return response
    return render(request, "children/data/export_903.html", {"form": form})
