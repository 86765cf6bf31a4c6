"""Data pages for managers: SSDA903 import and export, and the GIAS schools import.

These pages handle files rather than one child's record, so they check
`can_manage` (403 for everyone else) instead of reaching children one by one; the
export still starts from the access policy.
"""

import secrets
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from schools.gias import import_gias as run_gias_import
from vsh.audit.models import AuditEvent
from vsh.audit.services import Action

from .forms_data import (
    ConfirmPartialImportForm,
    GiasUploadForm,
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
UPLOAD_KEPT_FOR = timedelta(days=1)
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


# Uploaded 903 files are kept between the error report and the confirmation, in
# the default storage under a random token that only this session knows.


def _keep_upload(request, sources: list[SourceFile]) -> str:
    _discard_upload(request)
    _discard_stale_uploads()
    token = secrets.token_urlsafe(24)
    files = []
    for index, source in enumerate(sources):
        path = default_storage.save(
            f"{UPLOAD_DIR}/{token}/{index:02d}.csv", ContentFile(source.content)
        )
        files.append([path, source.name])
    request.session[SESSION_KEY] = {"token": token, "files": files}
    return token


def _kept_upload(request, token: str) -> list[SourceFile] | None:
    kept = request.session.get(SESSION_KEY)
    if not kept or not token or not secrets.compare_digest(kept["token"], token):
        return None
    sources = []
    for path, name in kept["files"]:
        if not default_storage.exists(path):
            return None
        with default_storage.open(path, "rb") as stored:
            sources.append(SourceFile(name, stored.read()))
    return sources


def _discard_upload(request) -> None:
    kept = request.session.pop(SESSION_KEY, None)
    for path, _name in (kept or {}).get("files", []):
        default_storage.delete(path)


def _discard_stale_uploads() -> None:
    """Remove files of uploads that were never confirmed."""
    cutoff = timezone.now() - UPLOAD_KEPT_FOR
    try:
        folders, _ = default_storage.listdir(UPLOAD_DIR)
        for folder in folders:
            _, names = default_storage.listdir(f"{UPLOAD_DIR}/{folder}")
            for name in names:
                path = f"{UPLOAD_DIR}/{folder}/{name}"
                if default_storage.get_modified_time(path) < cutoff:
                    default_storage.delete(path)
    except (FileNotFoundError, NotImplementedError):
        return


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
            _discard_upload(request)
        elif report.good_rows:
            token = _keep_upload(request, sources)
            confirm_form = ConfirmPartialImportForm(initial={"token": token})
        return _report_page(request, report, confirm_form)
    return render(request, "children/data/import_903.html", {"form": form})


def import_903_confirm(request):
    """Save the good rows of the upload whose error report the manager has seen."""
    _require_manager(request)
    if request.method != "POST":
        return redirect("children:import_903")
    form = ConfirmPartialImportForm(request.POST)
    sources = _kept_upload(request, request.POST.get("token", ""))
    if sources is None:
        messages.error(request, "The uploaded files are no longer available. Upload them again.")
        return redirect("children:import_903")
    if not form.is_valid():
        report = import_extract(sources, dry_run=True, audit=False)
        return _report_page(request, report, form)
    report = import_extract(sources, partial=True, actor=request.user)
    _discard_upload(request)
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


def import_gias(request):
    _require_manager(request)
    form = GiasUploadForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = run_gias_import(upload.read(), upload.name, actor=request.user)
        return render(
            request,
            "children/data/import_gias_report.html",
            {
                "report": report,
                "errors": report.errors[:ERRORS_SHOWN],
            },
        )
    return render(request, "children/data/import_gias.html", {"form": form})
