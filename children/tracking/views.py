"""A child's attendance, attainment and well-being pages, the forms that add to
them, and the CSV imports for schools and the virtual school.

A child outside the user's reach is a 404 on every page; someone who may read the
child but not change it gets 403 on the change pages. Attendance, attainment and
suspensions are the school's records: social workers read them but do not change
them (403), and a designated teacher changes only their own school's."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from children.models import Child
from children.school_years import academic_year_start, key_stage_for_year
from children.views import form_page, record_context
from vsh.access import policy
from vsh.audit.services import Action, record, record_view
from vsh.core import uploads
from vsh.core.form_views import save_and_redirect
from vsh.core.models import AuthoritySettings
from vsh.terms.dates import term_on
from vsh.terms.models import AcademicYear, Term

from . import codes, forms, imports, selectors, services
from .models import Assessment, AttendanceRecord, Celebration, Suspension


def _child(request, child_pk: int, action: str = "view", *, school_records: bool = False):
    child = get_object_or_404(Child.objects.visible_to(request.user, "view"), pk=child_pk)
    if action == "change":
        if not policy.can(request.user, "change", child):
            raise PermissionDenied
        if school_records and not services.may_change_school_records(request.user):
            raise PermissionDenied
    return child


def _record_page(request, child, tab: str, title: str, template: str, context: dict):
    record_view(request.user, child, detail=title)
    return render(request, template, {**context, **record_context(request, child, tab)})


# The record pages ------------------------------------------------------------------


def attendance(request, child_pk):
    child = _child(request, child_pk)
    context = selectors.attendance(request.user, child, chart_by=request.GET.get("chart", ""))
    return _record_page(
        request, child, "attendance", "Attendance", "tracking/attendance.html", context
    )


def attainment(request, child_pk):
    child = _child(request, child_pk)
    context = selectors.attainment(request.user, child)
    return _record_page(
        request, child, "attainment", "Attainment", "tracking/attainment.html", context
    )


def wellbeing(request, child_pk):
    child = _child(request, child_pk)
    context = selectors.wellbeing(request.user, child)
    return _record_page(
        request, child, "wellbeing", "Well-being", "tracking/wellbeing.html", context
    )


# Entry forms -----------------------------------------------------------------------


def _form_page(request, child, form, **page):
    return form_page(request, child, form, template="tracking/form.html", **page)


def _editable_record(request, queryset, child, pk):
    obj = get_object_or_404(queryset.visible_to(request.user, "change"), child=child, pk=pk)
    if not services.may_record_for_school(request.user, obj.school_id):
        raise PermissionDenied
    return obj


def _attendance_url(child):
    return reverse("tracking:attendance", kwargs={"child_pk": child.pk})


def _period_intro(schools) -> str:
    rhythm = AuthoritySettings.load().get_attendance_period_display().lower()
    intro = (
        f"The virtual school collects attendance {rhythm}. Count each morning and afternoon "
        "register as one session, using the DfE register codes."
    )
    if not schools.exists():
        intro += (
            " No school you can record for has this child on its roll: record the enrolment "
            "on the Education page first."
        )
    return intro


def attendance_add(request, child_pk):
    child = _child(request, child_pk, "change", school_records=True)
    schools = selectors.recording_schools(request.user, child)
    initial = {}
    if request.method == "GET":
        start, end = selectors.suggested_period(child)
        initial = {
            "period_start": start,
            "period_end": end,
            "school": selectors.current_school_id(request.user, child, schools),
        }
    form = forms.AttendanceForm(request.POST or None, schools=schools, initial=initial)
    return save_and_redirect(
        request,
        form,
        lambda: services.create_attendance(
            user=request.user,
            child=child,
            school=form.cleaned_data["school"],
            data=form.record_data(),
        ),
        success="Attendance added",
        to=_attendance_url(child),
    ) or _form_page(
        request,
        child,
        form,
        title="Add attendance",
        back_url=_attendance_url(child),
        intro=_period_intro(schools),
    )


def attendance_edit(request, child_pk, pk):
    child = _child(request, child_pk, "change", school_records=True)
    attendance_record = _editable_record(request, AttendanceRecord.objects, child, pk)
    if request.method == "GET":
        record_view(request.user, child, obj=attendance_record, detail="Edit attendance")
    schools = selectors.recording_schools(request.user, child)
    initial = {name: getattr(attendance_record, name) for name in services.ATTENDANCE_FIELDS}
    initial["school"] = attendance_record.school_id
    form = forms.AttendanceForm(request.POST or None, schools=schools, initial=initial)
    start = attendance_record.period_start
    return save_and_redirect(
        request,
        form,
        lambda: services.update_attendance(
            user=request.user,
            attendance=attendance_record,
            school=form.cleaned_data["school"],
            data=form.record_data(),
        ),
        success="Attendance saved",
        to=_attendance_url(child),
    ) or _form_page(
        request,
        child,
        form,
        title=f"Edit attendance from {start.day} {start:%B %Y}",
        back_url=_attendance_url(child),
    )


def _attainment_url(child):
    return reverse("tracking:attainment", kwargs={"child_pk": child.pk})


def _terms():
    """The school calendar's terms from five years back. Only what is set up is
    offered: opening the form does not add a year to the calendar."""
    current = academic_year_start(timezone.localdate())
    return (
        Term.objects.select_related("academic_year")
        .filter(academic_year__start_year__gte=current - 5)
        .order_by("-starts_on")
    )


def _assessment_intro(request, terms) -> str:
    current = academic_year_start(timezone.localdate())
    if terms.filter(academic_year__start_year=current).exists():
        return SCALES_INTRO
    year = AcademicYear(start_year=current).name
    who = (
        "Add it in Settings, School calendar."
        if request.user.can_manage
        else "Ask a virtual school manager to add it in the school calendar settings."
    )
    return (
        f"{SCALES_INTRO} The school calendar does not have the {year} academic year yet, "
        f"so its terms cannot be chosen. {who}"
    )


# The measure a child's year group is usually assessed on, to start the form with.
USUAL_MEASURE = {
    0: codes.Measure.EYFS_GLD,
    1: codes.Measure.PHONICS,
    4: codes.Measure.MTC,
    6: codes.Measure.KS2_TA,
    11: codes.Measure.GCSE,
    10: codes.Measure.GCSE,
}

SCALES_INTRO = (
    "Enter each result on the scale of the measure you choose. Leave out any you do not "
    "have: one of actual, predicted or target is enough."
)


def assessment_add(request, child_pk):
    child = _child(request, child_pk, "change", school_records=True)
    terms = _terms()
    initial = {}
    if request.method == "GET":
        year = child.year_group
        measure = USUAL_MEASURE.get(
            year, codes.Measure.TERMLY_TA if key_stage_for_year(year) != "EYFS" else ""
        )
        current = term_on(timezone.localdate())
        initial = {"measure": measure, "term": current.pk if current else None}
    form = forms.AssessmentForm(request.POST or None, terms=terms, initial=initial)
    return save_and_redirect(
        request,
        form,
        lambda: services.create_assessment(user=request.user, child=child, data=form.record_data()),
        success="Assessment added",
        to=_attainment_url(child),
    ) or _form_page(
        request,
        child,
        form,
        title="Add an assessment",
        back_url=_attainment_url(child),
        intro=_assessment_intro(request, terms),
    )


def assessment_edit(request, child_pk, pk):
    child = _child(request, child_pk, "change", school_records=True)
    assessment = get_object_or_404(
        Assessment.objects.visible_to(request.user, "change").select_related("term__academic_year"),
        child=child,
        pk=pk,
    )
    if request.method == "GET":
        record_view(request.user, child, obj=assessment, detail="Edit assessment")
    initial = {name: getattr(assessment, name) for name in services.ASSESSMENT_FIELDS}
    initial["term"] = assessment.term_id
    terms = _terms()
    form = forms.AssessmentForm(request.POST or None, terms=terms, initial=initial)
    subject = assessment.subject_name or assessment.get_subject_display()
    return save_and_redirect(
        request,
        form,
        lambda: services.update_assessment(
            user=request.user, assessment=assessment, data=form.record_data()
        ),
        success="Assessment saved",
        to=_attainment_url(child),
    ) or _form_page(
        request,
        child,
        form,
        title=f"Edit {subject}, {assessment.term}",
        back_url=_attainment_url(child),
        intro=_assessment_intro(request, terms),
    )


SUSPENSION_INTRO = (
    "Record each suspension and permanent exclusion with the reasons the school gave, "
    "using the DfE reason codes. For a suspension of more than 5 school days (suspensions "
    "with no school day between them count together), or a permanent exclusion, record "
    "the alternative provision from the sixth day."
)


def suspension_add(request, child_pk):
    child = _child(request, child_pk, "change", school_records=True)
    schools = selectors.recording_schools(request.user, child)
    initial = {}
    if request.method == "GET":
        initial = {"school": selectors.current_school_id(request.user, child, schools)}
    form = forms.SuspensionForm(request.POST or None, schools=schools, initial=initial)
    return save_and_redirect(
        request,
        form,
        lambda: services.create_suspension(
            user=request.user,
            child=child,
            school=form.cleaned_data["school"],
            data=form.record_data(),
        ),
        success="Suspension or exclusion recorded",
        to=_attendance_url(child),
    ) or _form_page(
        request,
        child,
        form,
        title="Record a suspension or permanent exclusion",
        back_url=_attendance_url(child),
        intro=SUSPENSION_INTRO,
    )


def suspension_edit(request, child_pk, pk):
    child = _child(request, child_pk, "change", school_records=True)
    suspension = _editable_record(request, Suspension.objects, child, pk)
    if request.method == "GET":
        record_view(request.user, child, obj=suspension, detail="Edit suspension")
    initial = {name: getattr(suspension, name) for name in services.SUSPENSION_FIELDS}
    initial["school"] = suspension.school_id
    schools = selectors.recording_schools(request.user, child)
    form = forms.SuspensionForm(request.POST or None, schools=schools, initial=initial)
    start = suspension.starts_on
    return save_and_redirect(
        request,
        form,
        lambda: services.update_suspension(
            user=request.user,
            suspension=suspension,
            school=form.cleaned_data["school"],
            data=form.record_data(),
        ),
        success="Suspension or exclusion saved",
        to=_attendance_url(child),
    ) or _form_page(
        request,
        child,
        form,
        title=f"Edit the {suspension.get_category_display().lower()} from "
        f"{start.day} {start:%B %Y}",
        back_url=_attendance_url(child),
        intro=SUSPENSION_INTRO,
    )


def _wellbeing_url(child):
    return reverse("tracking:wellbeing", kwargs={"child_pk": child.pk})


def sdq_add(request, child_pk):
    child = _child(request, child_pk, "change")
    form = forms.SdqForm(request.POST or None, initial={"informant": "carer"})
    return save_and_redirect(
        request,
        form,
        lambda: services.create_sdq(user=request.user, child=child, data=form.cleaned_data),
        success="SDQ score added",
        to=_wellbeing_url(child),
    ) or _form_page(
        request,
        child,
        form,
        title="Add an SDQ score",
        back_url=_wellbeing_url(child),
        intro="The total difficulties score of a Strengths and Difficulties Questionnaire, "
        "from 0 to 40. Higher scores mean more difficulties.",
    )


NOMINATED_BY_ROLE = {
    "designated_teacher": Celebration.From.SCHOOL,
    "social_worker": Celebration.From.SOCIAL_WORKER,
    "head": Celebration.From.VIRTUAL_SCHOOL,
    "manager": Celebration.From.VIRTUAL_SCHOOL,
    "caseworker": Celebration.From.VIRTUAL_SCHOOL,
}


def celebration_add(request, child_pk):
    child = _child(request, child_pk, "change")
    initial = {"nominated_by": NOMINATED_BY_ROLE.get(request.user.role, "")}
    form = forms.CelebrationForm(request.POST or None, initial=initial)
    return save_and_redirect(
        request,
        form,
        lambda: services.create_celebration(user=request.user, child=child, data=form.cleaned_data),
        success="Celebration added",
        to=_wellbeing_url(child),
    ) or _form_page(
        request,
        child,
        form,
        title="Add something to celebrate",
        back_url=_wellbeing_url(child),
    )


# CSV imports -----------------------------------------------------------------------

UPLOAD_DIR = "tracking-uploads"
PROBLEMS_SHOWN = 500
IMPORTS = {
    "attendance": {
        "title": "Import attendance",
        "template_name": "attendance-import-template.csv",
        "template": imports.attendance_template,
    },
    "attainment": {
        "title": "Import attainment",
        "template_name": "attainment-import-template.csv",
        "template": imports.attainment_template,
    },
}


def _require_importer(request) -> None:
    """Designated teachers (for their school) and the virtual school team."""
    user = request.user
    if user.is_superuser or user.is_virtual_school:
        return
    if services.may_change_school_records(user) and services.designated_school_ids(user):
        return
    raise PermissionDenied


def _session_key(kind: str) -> str:
    return f"tracking_upload_{kind}"


def _attendance_schools(request):
    schools = imports.schools_for_attendance(request.user)
    return schools


def _check(kind: str, request, content: bytes, name: str, school):
    if kind == "attendance":
        return imports.check_attendance(content, filename=name, user=request.user, school=school)
    return imports.check_attainment(content, filename=name, user=request.user)


def _report(request, kind: str, check, *, school=None, confirm_form=None, saved=None):
    return render(
        request,
        "tracking/import_report.html",
        {
            "kind": kind,
            "title": IMPORTS[kind]["title"],
            "check": check,
            "problems": check.problems[:PROBLEMS_SHOWN],
            "school": school,
            "confirm_form": confirm_form,
            "saved": saved,
            "upload_url": reverse(f"tracking:import_{kind}"),
            "confirm_url": reverse(f"tracking:import_{kind}_confirm"),
            "nav_key": _import_nav_key(request),
        },
    )


def _import_nav_key(request) -> str:
    """Managers reach the imports from the Data pages; schools from their home page."""
    return "data" if request.user.can_manage else ""


def _upload(request, kind: str):
    _require_importer(request)
    schools = _attendance_schools(request) if kind == "attendance" else None
    fixed_school = None
    if schools is not None and services.designated_school_ids(request.user) is not None:
        # A designated teacher of one school imports for that school without choosing.
        if len(schools) == 1:
            fixed_school, schools = schools[0], None
    bound = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = forms.CsvUploadForm(*bound, schools=schools)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        school = form.cleaned_data.get("school") or fixed_school
        check = _check(kind, request, content, upload.name, school)
        confirm_form = None
        if check.good:
            token = uploads.keep(
                request,
                _session_key(kind),
                UPLOAD_DIR,
                [(upload.name, content)],
                school=school and school.pk,
            )
            confirm_form = uploads.ConfirmGoodRowsForm(
                initial={"token": token}, needs_confirmation=bool(check.problems), faults="problems"
            )
        else:
            uploads.discard(request, _session_key(kind))
        return _report(request, kind, check, school=school, confirm_form=confirm_form)
    return render(
        request,
        f"tracking/import_{kind}.html",
        {
            "form": form,
            "title": IMPORTS[kind]["title"],
            "fixed_school": fixed_school,
            "codes": codes,
            "attendance_codes": [
                (code, codes.AttendanceGroup(group).label, meaning)
                for code, (group, meaning) in codes.ATTENDANCE_CODES.items()
            ],
            "legacy_codes": [
                (code, meaning, codes.LEGACY_REPLACEMENTS[code])
                for code, (_, meaning) in codes.LEGACY_ATTENDANCE_CODES.items()
            ],
            "subjects": codes.Subject.choices,
            "measures": [
                (m.value, m.label, codes.describe_scale(m), codes.describe_years(m))
                for m in codes.Measure
            ],
            "template_url": reverse(f"tracking:import_{kind}_template"),
            "nav_key": _import_nav_key(request),
        },
    )


def _confirm(request, kind: str):
    """Save the good rows of the upload whose report the person has seen."""
    _require_importer(request)
    upload_url = reverse(f"tracking:import_{kind}")
    if request.method != "POST":
        return redirect(upload_url)
    kept = uploads.kept(request, _session_key(kind), request.POST.get("token", ""))
    if kept is None:
        messages.error(request, "The uploaded file is no longer available. Upload it again.")
        return redirect(upload_url)
    school = None
    if kind == "attendance":
        school = _attendance_schools(request).filter(pk=kept["school"]).first()
        if school is None:
            raise PermissionDenied
    # Check again: records may have changed since the report was shown.
    [(name, content)] = kept["files"]
    check = _check(kind, request, content, name, school)
    form = uploads.ConfirmGoodRowsForm(
        request.POST, needs_confirmation=bool(check.problems), faults="problems"
    )
    if not form.is_valid() or not check.good:
        return _report(
            request, kind, check, school=school, confirm_form=form if check.good else None
        )
    try:
        if kind == "attendance":
            counts = imports.save_attendance(check, user=request.user, school=school)
        else:
            counts = imports.save_attainment(check, user=request.user)
    except ValidationError:
        messages.error(
            request,
            "Nothing was imported: the records changed while you were checking the file. "
            "Upload it again to see what is different.",
        )
        return redirect(upload_url)
    uploads.discard(request, _session_key(kind))
    return _report(request, kind, check, school=school, saved=counts)


def import_attendance(request):
    return _upload(request, "attendance")


def import_attendance_confirm(request):
    return _confirm(request, "attendance")


def import_attainment(request):
    return _upload(request, "attainment")


def import_attainment_confirm(request):
    return _confirm(request, "attainment")


def _template(request, kind: str):
    _require_importer(request)
    record(Action.DOWNLOAD, actor=request.user, detail=f"{IMPORTS[kind]['title']} template")
    response = HttpResponse(IMPORTS[kind]["template"](), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{IMPORTS[kind]["template_name"]}"'
    return response


def import_attendance_template(request):
    return _template(request, "attendance")


def import_attainment_template(request):
    return _template(request, "attainment")
