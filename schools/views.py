from copy import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from vsh.audit.services import Action, record
from vsh.core import uploads
from vsh.core.form_views import add_service_errors, save_and_redirect

from . import gias, selectors, services
from .forms import (
    DesignationForm,
    EndDesignationForm,
    GiasUploadForm,
    InspectionForm,
    SchoolForm,
)
from .models import EstablishmentStatus, Phase

PAGE_SIZE = 50
GIAS_SESSION_KEY = "gias_upload"
GIAS_UPLOAD_DIR = "gias-uploads"
GIAS_ERRORS_SHOWN = 500


def _require_manager(request):
    if not request.user.can_manage:
        raise PermissionDenied


def _detail_url(school) -> str:
    return reverse("schools:detail", kwargs={"pk": school.pk})


def _choice(request, name: str, allowed) -> str:
    """A filter value from the query string, or "" when it is not one we offer."""
    value = request.GET.get(name, "")
    return value if value in allowed else ""


def schools_list(request):
    if not selectors.may_list_schools(request.user):
        raise PermissionDenied
    filters = selectors.SchoolFilters(
        q=request.GET.get("q", "").strip()[:100],
        phase=_choice(request, "phase", Phase.values),
        authority=_choice(request, "authority", ("in", "out")),
        status=_choice(request, "status", EstablishmentStatus.values),
        with_pupils=request.GET.get("with_pupils") == "1",
    )
    page = Paginator(selectors.school_list(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "schools/list.html",
        {
            "page": page,
            "filters": filters,
            "phases": Phase.choices,
            "statuses": EstablishmentStatus.choices,
            "shows_filters": request.user.is_virtual_school or request.user.is_superuser,
        },
    )


def school_create(request):
    _require_manager(request)
    form = SchoolForm(request.POST or None)
    return save_and_redirect(
        request,
        form,
        lambda: services.create_school(actor=request.user, data=form.cleaned_data),
        success=lambda school: f"{school} added.",
        to=_detail_url,
    ) or render(request, "schools/form.html", {"form": form, "school": None})


def school_detail(request, pk):
    school = selectors.get_school(request.user, pk)
    record(Action.VIEW, actor=request.user, obj=school)
    return render(
        request,
        "schools/detail.html",
        {
            "record": selectors.school_record(request.user, school),
            "school": school,
        },
    )


def school_edit(request, pk):
    school = selectors.get_school(request.user, pk)
    _require_manager(request)
    # The form works on a copy, so the page keeps the stored name if the answers are wrong.
    form = SchoolForm(request.POST or None, instance=copy(school))
    return save_and_redirect(
        request,
        form,
        lambda: services.update_school(actor=request.user, school=school, data=form.cleaned_data),
        success=lambda saved: f"{saved} updated.",
        to=_detail_url,
    ) or render(request, "schools/form.html", {"form": form, "school": school})


def inspection_add(request, pk):
    school = selectors.get_school(request.user, pk)
    _require_manager(request)
    form = InspectionForm(request.POST or None, school=school)
    return save_and_redirect(
        request,
        form,
        lambda: services.add_inspection(actor=request.user, school=school, data=form.cleaned_data),
        success="Inspection added.",
        to=_detail_url(school),
    ) or render(request, "schools/inspection_form.html", {"form": form, "school": school})


def designated_teachers(request, pk):
    """Designated teachers at a school: add a designation, or end a current one."""
    school = selectors.get_school(request.user, pk)
    _require_manager(request)
    designations = selectors.designations(school)
    add_form = DesignationForm(school=school, prefix="add")
    end_forms = {
        d.pk: EndDesignationForm(designation=d) for d in designations if d.ended_on is None
    }

    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            add_form = DesignationForm(request.POST, school=school, prefix="add")
            if add_form.is_valid():
                data = add_form.cleaned_data
                try:
                    services.add_designation(
                        actor=request.user,
                        school=school,
                        user=data["user"],
                        started_on=data["started_on"],
                        ended_on=data["ended_on"],
                        is_lead=data["is_lead"],
                    )
                except ValidationError as exc:
                    add_service_errors(add_form, exc)
                else:
                    messages.success(request, f"{data['user']} is now designated at {school}.")
                    return redirect("schools:designated_teachers", pk=school.pk)
        elif action == "end":
            designation_id = request.POST.get("designation", "")
            designation = get_object_or_404(
                school.designated_teachers.select_related("user"),
                pk=int(designation_id) if designation_id.isdigit() else 0,
                ended_on__isnull=True,
            )
            form = EndDesignationForm(request.POST, designation=designation)
            end_forms[designation.pk] = form
            if form.is_valid():
                try:
                    services.end_designation(
                        actor=request.user,
                        designation=designation,
                        ended_on=form.cleaned_data["ended_on"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(
                        request, f"{designation.user}'s designation at {school} ended."
                    )
                    return redirect("schools:designated_teachers", pk=school.pk)
        else:
            return redirect("schools:designated_teachers", pk=school.pk)

    rows = [(d, end_forms.get(d.pk)) for d in designations]
    return render(
        request,
        "schools/designated_teachers.html",
        {
            "school": school,
            "rows": rows,
            "add_form": add_form,
            "error_form": next(
                (f for f in [add_form, *end_forms.values()] if f.is_bound and f.errors), None
            ),
        },
    )


# GIAS import (managers) ---------------------------------------------------------------
# Served among the data pages (children/urls_data.py), like the SSDA903 import: a file
# with a bad row saves nothing until the manager has read the report and chosen to
# import the good rows.


def _gias_report(request, report, confirm_form=None):
    return render(
        request,
        "schools/import_gias_report.html",
        {
            "report": report,
            "errors": report.errors[:GIAS_ERRORS_SHOWN],
            "confirm_form": confirm_form,
        },
    )


def import_gias(request):
    _require_manager(request)
    bound = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = GiasUploadForm(*bound)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        report = gias.import_gias(content, upload.name, actor=request.user)
        confirm_form = None
        if report.saved:
            uploads.discard(request, GIAS_SESSION_KEY)
        else:
            confirm_form = uploads.offer_good_rows(
                request,
                GIAS_SESSION_KEY,
                GIAS_UPLOAD_DIR,
                [(upload.name, content)],
                good_rows=report.good_rows,
            )
        return _gias_report(request, report, confirm_form)
    return render(request, "schools/import_gias.html", {"form": form})


def import_gias_confirm(request):
    """Save the good rows of the upload whose error report the manager has seen."""
    _require_manager(request)
    if request.method != "POST":
        return redirect("children:import_gias")
    kept = uploads.kept(request, GIAS_SESSION_KEY, request.POST.get("token", ""))
    if kept is None:
        messages.error(request, "The uploaded file is no longer available. Upload it again.")
        return redirect("children:import_gias")
    [(name, content)] = kept["files"]
    form = uploads.ConfirmGoodRowsForm(request.POST)
    if not form.is_valid():
        report = gias.import_gias(content, name, dry_run=True, audit=False)
        return _gias_report(request, report, form)
    report = gias.import_gias(content, name, accept_valid_rows=True, actor=request.user)
    uploads.discard(request, GIAS_SESSION_KEY)
    return _gias_report(request, report)
