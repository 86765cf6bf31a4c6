"""The PEP pages: a child's PEPs, one PEP with its sections and workflow, a page to
edit each section, and the workflow steps.

A child outside the user's reach is a 404; someone who may read the child but not
change their records gets 403 on the change pages; someone who may change the
child's records but whose role has no part in a step (a social worker approving, a
school editing a submitted PEP) is sent back to the PEP with the reason."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from children.models import Child
from children.views import record_context
from interventions import selectors as pupil_premium_selectors
from interventions import services as pupil_premium
from interventions.forms import PupilPremiumRequestForm
from interventions.models import PupilPremiumRequest
from vsh.audit.services import record_view
from vsh.core.form_views import save_and_redirect

from . import checks, forms, sections, selectors, services
from .models import Pep, PepAttendee, PepTarget
from .permissions import edit_refusal, roles_for


def _child(request, child_pk: int) -> Child:
    return get_object_or_404(Child.objects.visible_to(request.user, "view"), pk=child_pk)


def _detail_url(pep: Pep, anchor: str = "") -> str:
    url = reverse("peps:detail", kwargs={"child_pk": pep.child_id, "pk": pep.pk})
    return f"{url}#{anchor}" if anchor else url


def _section_url(pep: Pep, section: sections.Section) -> str:
    return reverse(
        "peps:section_edit",
        kwargs={"child_pk": pep.child_id, "pk": pep.pk, "slug": section.slug},
    )


def _for_change(request, child_pk: int, pep_lookup: dict):
    """The child, the PEP and the user's part in it, for a page that changes it."""
    child = _child(request, child_pk)
    pep = get_object_or_404(selectors.pep_queryset(request.user), child=child, **pep_lookup)
    pep.child = child
    roles = roles_for(request.user, child)
    if not roles.can_change:
        raise PermissionDenied
    return child, pep, roles


def _data(request):
    """The posted data, even when empty, so an empty form shows its errors."""
    return request.POST if request.method == "POST" else None


def _refused(request, pep: Pep, message: str):
    messages.error(request, message)
    return redirect(_detail_url(pep))


def _messages_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _page_context(pep: Pep, title: str, back_url: str, **extra) -> dict:
    return {
        "pep": pep,
        "child": pep.child,
        "title": title,
        "caption": f"PEP {pep.term}: {pep.child.display_name}",
        "back_url": back_url,
        **extra,
    }


def _form_page(request, pep, form, *, title, back_url, submit="Save", intro=""):
    return render(
        request,
        "peps/form.html",
        _page_context(pep, title, back_url, form=form, submit=submit, intro=intro),
    )


# A child's PEPs ------------------------------------------------------------------


def child_peps(request, child_pk):
    child = _child(request, child_pk)
    peps = selectors.child_peps(request.user, child)
    term = selectors.current_term()
    roles = roles_for(request.user, child)
    may_start = (
        term is not None and roles.may_start and not any(pep.term_id == term.pk for pep in peps)
    )
    record_view(request.user, child, detail="PEPs")
    return render(
        request,
        "peps/child.html",
        {
            **record_context(request, child, "peps"),
            "peps": peps,
            "current_term": term,
            "may_start": may_start,
        },
    )


@require_POST
def pep_create(request, child_pk):
    child = _child(request, child_pk)
    if not roles_for(request.user, child).can_change:
        raise PermissionDenied
    back = reverse("peps:child", kwargs={"child_pk": child.pk})
    form = forms.StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the term the PEP is for.")
        return redirect(back)
    try:
        pep = services.start_pep(child=child, term=form.cleaned_data["term"], by=request.user)
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
        return redirect(back)
    messages.success(request, f"PEP for the {pep.term} term started")
    return redirect(_detail_url(pep))


# One PEP -------------------------------------------------------------------------


def pep_detail(request, child_pk, pk):
    child = _child(request, child_pk)
    roles = roles_for(request.user, child)
    page = selectors.pep_page(request.user, child, pk, roles)
    record_view(request.user, child, obj=page.pep, detail="PEP")
    return render(
        request,
        "peps/detail.html",
        {
            **record_context(request, child, "peps"),
            "page": page,
            "pep": page.pep,
        },
    )


# Sections ------------------------------------------------------------------------


def section_edit(request, child_pk, pk, slug=None):
    child, pep, roles = _for_change(request, child_pk, {"pk": pk})
    if slug is None:
        return _first_section(request, pep, roles)
    section = sections.get(slug)
    if section is None:
        raise Http404("No such section")
    refusal = edit_refusal(pep, roles, section)
    if refusal:
        return _refused(request, pep, refusal)
    if request.method == "GET":
        record_view(request.user, child, obj=pep, detail=f"Edit PEP section: {section.title}")
    if section.kind in ("fields", "transition", "meeting"):
        return _fields_section(request, pep, section)
    if section.kind == "evaluation":
        return _evaluation_section(request, pep, section)
    return _list_section(request, pep, section)


def _first_section(request, pep, roles):
    """Where "Continue" goes: the first section this person can work on that is not
    complete yet, or else the first they can change."""
    editable = [s for s in sections.SECTIONS if edit_refusal(pep, roles, s) is None]
    if not editable:
        refusal = edit_refusal(pep, roles, sections.SECTIONS[0])
        return _refused(request, pep, refusal or "There is nothing here you can change.")
    page = selectors.pep_page(request.user, pep.child, pep.pk, roles)
    for view in page.sections:
        if view.editable and view.status in (checks.INCOMPLETE, checks.NOT_STARTED):
            return redirect(_section_url(pep, view.section))
    return redirect(_section_url(pep, editable[0]))


def _fields_section(request, pep, section):
    form = forms.section_form(section, data=_data(request), instance=copy.copy(pep))
    return save_and_redirect(
        request,
        form,
        lambda: services.update_section(
            pep=pep, section=section, data=form.cleaned_data, by=request.user
        ),
        success=f"{section.title} saved",
        to=_detail_url(pep, section.slug),
    ) or render(
        request,
        "peps/section_edit.html",
        _page_context(
            pep,
            section.title,
            _detail_url(pep, section.slug),
            section=section,
            form=form,
            attendees=list(pep.attendees.all()) if section.kind == "meeting" else [],
            transition_reason=checks.transition_reason(pep) if section.kind == "transition" else "",
        ),
    )


def _evaluation_section(request, pep, section):
    carried = list(
        pep.targets.filter(carried_from__isnull=False).select_related(
            "carried_from__pep__term__academic_year"
        )
    )
    form = forms.EvaluationForm(_data(request), targets=carried)
    return save_and_redirect(
        request,
        form,
        lambda: services.evaluate_targets(pep=pep, evaluations=form.evaluations(), by=request.user),
        success="Evaluation of previous targets saved",
        to=_detail_url(pep, section.slug),
    ) or render(
        request,
        "peps/section_edit.html",
        _page_context(
            pep,
            section.title,
            _detail_url(pep, section.slug),
            section=section,
            form=form if carried else None,
            carried=carried,
        ),
    )


def _list_section(request, pep, section):
    targets = list(pep.targets.filter(carried_from__isnull=True))
    pp_requests = []
    if section.kind == "pupil_premium":
        pp_requests = pupil_premium_selectors.for_pep(pep)
    return render(
        request,
        "peps/section_edit.html",
        _page_context(
            pep,
            section.title,
            _detail_url(pep, section.slug),
            section=section,
            targets=targets,
            pp_requests=pp_requests,
            pp_total=pupil_premium_selectors.total(pp_requests),
        ),
    )


@require_POST
def snapshot_update(request, child_pk, pk):
    child, pep, roles = _for_change(request, child_pk, {"pk": pk})
    try:
        services.refresh_snapshots(pep=pep, by=request.user)
    except ValidationError as exc:
        return _refused(request, pep, _messages_of(exc))
    messages.success(request, "Attendance, attainment and SDQ figures taken again")
    back = request.POST.get("section")
    if sections.get(back or ""):
        return redirect(_section_url(pep, sections.get(back)))
    return redirect(_detail_url(pep))


# Rows in a section: targets, attendees, Pupil Premium Plus requests ---------------


def _row_form(request, pep, roles, section, form, save, *, title, success, submit="Save", intro=""):
    """A page that adds or changes one row of a section (`form`), or removes it (no
    form: a page that asks to confirm)."""
    refusal = edit_refusal(pep, roles, section)
    if refusal:
        return _refused(request, pep, refusal)
    back = _section_url(pep, section)
    if request.method == "GET":
        record_view(request.user, pep.child, obj=pep, detail=title)
    if form is not None:
        return save_and_redirect(request, form, save, success=success, to=back) or _form_page(
            request, pep, form, title=title, back_url=back, submit=submit
        )
    if request.method == "POST":
        try:
            save()
        except ValidationError as exc:
            return _refused(request, pep, _messages_of(exc))
        messages.success(request, success)
        return redirect(back)
    return render(
        request,
        "peps/confirm.html",
        _page_context(pep, title, back, submit=submit, intro=intro),
    )


def target_add(request, child_pk, pk):
    child, pep, roles = _for_change(request, child_pk, {"pk": pk})
    form = forms.TargetForm(_data(request))
    return _row_form(
        request,
        pep,
        roles,
        services.TARGETS,
        form,
        lambda: services.add_target(pep=pep, data=form.cleaned_data, by=request.user),
        title="Add a SMART target",
        success="Target added",
        submit="Add target",
    )


def _pep_row(request, child_pk, rows, pk):
    """A row (a target, an attendee) of one of the child's PEPs that the user can see,
    with the PEP and the user's part in it, for a page that changes it."""
    child = _child(request, child_pk)
    row = get_object_or_404(
        rows.filter(pep__in=selectors.pep_queryset(request.user).filter(child=child)), pk=pk
    )
    child, pep, roles = _for_change(request, child_pk, {"pk": row.pep_id})
    return row, pep, roles


def target_edit(request, child_pk, pk):
    target, pep, roles = _pep_row(request, child_pk, PepTarget.objects, pk)
    if target.carried_from_id:
        return redirect(_section_url(pep, services.EVALUATION))
    form = forms.TargetForm(_data(request), instance=copy.copy(target))
    return _row_form(
        request,
        pep,
        roles,
        services.TARGETS,
        form,
        lambda: services.update_target(target=target, data=form.cleaned_data, by=request.user),
        title="Change a SMART target",
        success="Target saved",
    )


def target_remove(request, child_pk, pk):
    target, pep, roles = _pep_row(request, child_pk, PepTarget.objects, pk)
    return _row_form(
        request,
        pep,
        roles,
        services.TARGETS,
        None,
        lambda: services.remove_target(target=target, by=request.user),
        title="Remove this target?",
        intro=target.description,
        success="Target removed",
        submit="Remove target",
    )


def attendee_add(request, child_pk, pk):
    child, pep, roles = _for_change(request, child_pk, {"pk": pk})
    form = forms.AttendeeForm(_data(request), initial={"attended": True})
    return _row_form(
        request,
        pep,
        roles,
        services.MEETING,
        form,
        lambda: services.add_attendee(pep=pep, data=form.cleaned_data, by=request.user),
        title="Add someone to the PEP meeting",
        success="Attendee added",
        submit="Add",
    )


def attendee_remove(request, child_pk, pk):
    attendee, pep, roles = _pep_row(request, child_pk, PepAttendee.objects, pk)
    return _row_form(
        request,
        pep,
        roles,
        services.MEETING,
        None,
        lambda: services.remove_attendee(attendee=attendee, by=request.user),
        title=f"Remove {attendee.name} from the PEP meeting?",
        success="Attendee removed",
        submit="Remove",
    )


PUPIL_PREMIUM = sections.get("pupil-premium")


def pp_request_add(request, child_pk, pk):
    child, pep, roles = _for_change(request, child_pk, {"pk": pk})
    if not pep.targets.filter(carried_from__isnull=True).exists():
        messages.error(request, "Add a SMART target first: each request must support a target.")
        return redirect(_section_url(pep, PUPIL_PREMIUM))
    form = PupilPremiumRequestForm(_data(request), pep=pep)
    return _row_form(
        request,
        pep,
        roles,
        PUPIL_PREMIUM,
        form,
        lambda: pupil_premium.add_request(pep=pep, data=form.cleaned_data, by=request.user),
        title="Request Pupil Premium Plus",
        success="Request added",
        submit="Add request",
    )


def _pp_request(request, child_pk, pk):
    child = _child(request, child_pk)
    pp_request = get_object_or_404(
        PupilPremiumRequest.objects.visible_to(request.user).filter(child=child), pk=pk
    )
    child, pep, roles = _for_change(request, child_pk, {"pk": pp_request.pep_id})
    return pp_request, pep, roles


def pp_request_edit(request, child_pk, pk):
    pp_request, pep, roles = _pp_request(request, child_pk, pk)
    form = PupilPremiumRequestForm(_data(request), instance=copy.copy(pp_request), pep=pep)
    return _row_form(
        request,
        pep,
        roles,
        PUPIL_PREMIUM,
        form,
        lambda: pupil_premium.update_request(
            request=pp_request, data=form.cleaned_data, by=request.user
        ),
        title="Change a Pupil Premium Plus request",
        success="Request saved",
    )


def pp_request_remove(request, child_pk, pk):
    pp_request, pep, roles = _pp_request(request, child_pk, pk)
    return _row_form(
        request,
        pep,
        roles,
        PUPIL_PREMIUM,
        None,
        lambda: pupil_premium.remove_request(request=pp_request, by=request.user),
        title="Remove this Pupil Premium Plus request?",
        intro=f"£{pp_request.amount} for {pp_request.purpose}",
        success="Request removed",
        submit="Remove request",
    )


# The workflow --------------------------------------------------------------------


def _step(request, child_pk, pk, service, success: str, *, to_new=False):
    """A workflow step: `service(pep=, by=)` moves the PEP on, or refuses with reasons
    shown on the PEP page."""
    child, pep, roles = _for_change(request, child_pk, {"pk": pk})
    try:
        result = service(pep=pep, by=request.user)
    except ValidationError as exc:
        return _refused(request, pep, _messages_of(exc))
    messages.success(request, success)
    return redirect(_detail_url(result if to_new else pep))


@require_POST
def submit(request, child_pk, pk):
    return _step(
        request,
        child_pk,
        pk,
        services.submit_pep,
        "PEP submitted to the virtual school for quality assurance",
    )


@require_POST
def sign_off(request, child_pk, pk):
    return _step(request, child_pk, pk, services.sign_off_pep, "PEP signed off")


@require_POST
def new_version(request, child_pk, pk):
    return _step(
        request,
        child_pk,
        pk,
        services.start_new_version,
        "New version started. The approved version is kept as it was.",
        to_new=True,
    )


def _review(request, child_pk, pk, *, verb, form_class, do, title, submit, success):
    child, pep, roles = _for_change(request, child_pk, {"pk": pk})
    refusal = services.review_refusal(pep, roles, verb)
    if refusal:
        return _refused(request, pep, refusal)
    form = form_class(_data(request))
    if request.method == "GET":
        record_view(request.user, child, obj=pep, detail=title)
    return save_and_redirect(
        request, form, lambda: do(pep, form.cleaned_data), success=success, to=_detail_url(pep)
    ) or _form_page(request, pep, form, title=title, back_url=_detail_url(pep), submit=submit)


def return_pep(request, child_pk, pk):
    return _review(
        request,
        child_pk,
        pk,
        verb="return",
        form_class=forms.ReturnForm,
        do=lambda pep, data: services.return_pep(
            pep=pep, by=request.user, reasons=data["reasons"], rating=data["rating"]
        ),
        title="Return the PEP for changes",
        submit="Return PEP",
        success="PEP returned to the school for changes",
    )


def approve(request, child_pk, pk):
    return _review(
        request,
        child_pk,
        pk,
        verb="approve",
        form_class=forms.ApproveForm,
        do=lambda pep, data: services.approve_pep(
            pep=pep, by=request.user, rating=data["rating"], comments=data["comments"]
        ),
        title="Approve the PEP",
        submit="Approve PEP",
        success="PEP approved",
    )
