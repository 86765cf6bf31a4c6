"""The caseload list, the child record and the forms that change it.

A child outside the user's reach is a 404 on every page; a user who may read a child
but not change it gets 403 on the change pages."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from carers import services as carer_services
from carers.models import Placement
from vsh.access import policy
from vsh.audit.services import Action, record, record_view
from vsh.core.form_views import save_and_redirect

from . import forms, selectors, services
from .models import Allocation, CareEpisode, CaseNote, Child, Enrolment

RECORD_TABS = [
    ("overview", "Overview"),
    ("education", "Education"),
    ("care", "Care"),
    ("people", "People"),
    ("chronology", "Chronology"),
]


def _child(request, pk: int, action: str = "view", *, social_care: bool = False) -> Child:
    child = get_object_or_404(Child.objects.visible_to(request.user, "view"), pk=pk)
    if action == "change" and not policy.can(request.user, "change", child):
        raise PermissionDenied
    if social_care and not policy.may_change_social_care_records(request.user):
        raise PermissionDenied
    return child


# Pages about a child kept by other parts of the service, shown to managers only.
# Pages about a child kept by the tracking and PEP apps, after Education.
TRACKING_TABS = [
    ("attendance", "Attendance", "tracking:attendance"),
    ("attainment", "Attainment", "tracking:attainment"),
    ("wellbeing", "Well-being", "tracking:wellbeing"),
    ("peps", "PEPs", "peps:child"),
]

MANAGER_TABS = [
    ("access", "Access", "access:child"),
    ("history", "History", "child_audit:child_history"),
]


def record_context(request, child: Child, tab: str) -> dict:
    """What the record layout (children/record_base.html) needs: the child for the
    header and the sub-navigation with `tab` current. Other apps' pages about a
    child use it too."""
    tabs = [
        {"key": key, "label": label, "url": reverse(f"children:{key}", args=[child.pk])}
        for key, label in RECORD_TABS
    ]
    tabs[2:2] = [
        {"key": key, "label": label, "url": reverse(name, kwargs={"child_pk": child.pk})}
        for key, label, name in TRACKING_TABS
    ]
    if request.user.can_manage:
        tabs += [
            {"key": key, "label": label, "url": reverse(name, kwargs={"child_pk": child.pk})}
            for key, label, name in MANAGER_TABS
        ]
    return {
        "child": child,
        "tab": tab,
        "tabs": tabs,
        "can_change": (can_change := policy.can(request.user, "change", child)),
        "can_change_social_care": can_change
        and policy.may_change_social_care_records(request.user),
    }


def form_page(
    request,
    child,
    form,
    *,
    title,
    back_url=None,
    caption="",
    submit="Save",
    intro="",
    template="children/form.html",
):
    """A page with one form about a child, headed by the child's name unless
    `caption` says otherwise. Other apps' forms about a child use it too."""
    return render(
        request,
        template,
        {
            "child": child,
            "form": form,
            "title": title,
            "caption": caption or child.display_name,
            "submit": submit,
            "back_url": back_url or reverse("children:overview", args=[child.pk]),
            "intro": intro,
        },
    )


def _paginate(request, items, per_page: int) -> dict:
    return {"page": Paginator(items, per_page).get_page(request.GET.get("page"))}


# The caseload list ---------------------------------------------------------------


def children_list(request):
    user = request.user
    form = forms.CaseloadFilterForm(request.GET or None, schools=selectors.schools_for_filter(user))
    filters = form.filters()
    query = filters.get("q", "")
    if query:
        record(Action.SEARCH, actor=user, detail=query)
    children = selectors.caseload(user, **filters)
    pagination = _paginate(request, children, selectors.PAGE_SIZE)
    rows = selectors.decorate_rows(pagination["page"].object_list)
    sort = filters.get("sort", "name")
    return render(
        request,
        "children/list.html",
        {
            "filter_form": form,
            **pagination,
            "rows": rows,
            "selected_filters": form.selected(request.GET, filters, leave_out=["sort"]),
            "sort": sort,
            # Clearing the filters keeps the order the list is in.
            "clear_url": reverse("children:list") + ("" if sort == "name" else f"?sort={sort}"),
            "can_create": user.is_virtual_school,
        },
    )


# The child record ------------------------------------------------------------------


def _record_page(request, pk, tab, build):
    child = _child(request, pk)
    context = {**build(request.user, child), **record_context(request, child, tab)}
    record_view(request.user, child, detail=dict(RECORD_TABS)[tab])
    return render(request, f"children/{tab}.html", context)


def overview(request, pk):
    return _record_page(request, pk, "overview", selectors.overview)


def education(request, pk):
    def build(user, child):
        context = selectors.education(user, child)
        context["may_add_enrolment"] = services.mark_editable_enrolments(
            user, child, context["enrolments"]
        )
        return context

    return _record_page(request, pk, "education", build)


def care(request, pk):
    def build(user, child):
        return {
            **selectors.care(user, child),
            "sees_confidential": policy.sees_confidential_placement(user),
        }

    return _record_page(request, pk, "care", build)


def people(request, pk):
    return _record_page(request, pk, "people", selectors.people)


def chronology(request, pk):
    def build(user, child):
        pagination = _paginate(request, selectors.case_notes(user, child), 50)
        for note in pagination["page"]:
            note.editable = services.can_edit_note(user, note)
        return pagination

    return _record_page(request, pk, "chronology", build)


# The child's details ---------------------------------------------------------------


def child_create(request):
    if not request.user.is_virtual_school:
        raise PermissionDenied
    form = forms.ChildForm(request.POST or None, user=request.user)
    return save_and_redirect(
        request,
        form,
        lambda: services.create_child(user=request.user, data=form.cleaned_data),
        success="Child added",
        to=lambda child: child.get_absolute_url(),
    ) or form_page(
        request,
        None,
        form,
        title="Add a child",
        caption="Children",
        submit="Add child",
        back_url=reverse("children:list"),
    )


def child_edit(request, pk):
    child = _child(request, pk, "change")
    if request.method == "GET":
        record_view(request.user, child, detail="Edit details")
    # The form writes into its instance while validating; keep `child` as stored.
    form = forms.ChildForm(request.POST or None, instance=copy.copy(child), user=request.user)
    return save_and_redirect(
        request,
        form,
        lambda: services.update_child(user=request.user, child=child, data=form.cleaned_data),
        success="Details saved",
        to=lambda saved: saved.get_absolute_url(),
    ) or form_page(request, child, form, title=f"Edit {child.display_name}'s details")


# Enrolments -----------------------------------------------------------------------------


def _education_url(child):
    return reverse("children:education", args=[child.pk])


def enrolment_create(request, child_pk):
    child = _child(request, child_pk, "change")
    form = forms.EnrolmentForm(request.POST or None)
    return save_and_redirect(
        request,
        form,
        lambda: services.create_enrolment(user=request.user, child=child, data=form.cleaned_data),
        success="Enrolment added",
        to=_education_url(child),
    ) or form_page(request, child, form, title="Add an enrolment", back_url=_education_url(child))


def enrolment_edit(request, child_pk, pk):
    child = _child(request, child_pk, "change")
    enrolment = get_object_or_404(
        Enrolment.objects.visible_to(request.user, "change").select_related("school"),
        child=child,
        pk=pk,
    )
    # The page offers no edit the save would refuse (another school's enrolment for a
    # designated teacher); a link followed from elsewhere is refused the same way.
    services.mark_editable_enrolments(request.user, child, [enrolment])
    if not enrolment.editable:
        raise PermissionDenied
    if request.method == "GET":
        record_view(request.user, child, obj=enrolment, detail="Edit enrolment")
    form = forms.EnrolmentForm(request.POST or None, instance=copy.copy(enrolment))
    return save_and_redirect(
        request,
        form,
        lambda: services.update_enrolment(
            user=request.user, enrolment=enrolment, data=form.cleaned_data
        ),
        success="Enrolment saved",
        to=_education_url(child),
    ) or form_page(
        request,
        child,
        form,
        title=f"Edit enrolment at {enrolment.school}",
        back_url=_education_url(child),
    )


# Care episodes and placements ----------------------------------------------------------


def _care_url(child):
    return reverse("children:care", args=[child.pk])


def episode_create(request, child_pk):
    child = _child(request, child_pk, "change", social_care=True)
    form = forms.CareEpisodeForm(request.POST or None, user=request.user)
    return save_and_redirect(
        request,
        form,
        lambda: services.create_care_episode(
            user=request.user, child=child, data=form.cleaned_data
        ),
        success="Care episode added",
        to=_care_url(child),
    ) or form_page(request, child, form, title="Add a care episode", back_url=_care_url(child))


def episode_edit(request, child_pk, pk):
    child = _child(request, child_pk, "change", social_care=True)
    episode = get_object_or_404(
        CareEpisode.objects.visible_to(request.user, "change"), child=child, pk=pk
    )
    if request.method == "GET":
        record_view(request.user, child, obj=episode, detail="Edit care episode")
    form = forms.CareEpisodeForm(
        request.POST or None, instance=copy.copy(episode), user=request.user
    )
    return save_and_redirect(
        request,
        form,
        lambda: services.update_care_episode(
            user=request.user, episode=episode, data=form.cleaned_data
        ),
        success="Care episode saved",
        to=_care_url(child),
    ) or form_page(
        request,
        child,
        form,
        title=f"Edit the care episode from {episode.started_on.day} {episode.started_on:%B %Y}",
        back_url=_care_url(child),
    )


def placement_create(request, child_pk):
    child = _child(request, child_pk, "change", social_care=True)
    form = forms.PlacementForm(request.POST or None, user=request.user)

    def start():
        data = form.cleaned_data
        return carer_services.start_placement(
            user=request.user,
            child=child,
            carer=data["carer"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
            change_reason=data["change_reason"],
        )

    return save_and_redirect(
        request, form, start, success="Placement added", to=_care_url(child)
    ) or form_page(
        request, child, form, title="Add a placement with a carer", back_url=_care_url(child)
    )


def _placement(request, child, pk) -> Placement:
    return get_object_or_404(
        Placement.objects.visible_to(request.user, "change").select_related("carer"),
        child=child,
        pk=pk,
    )


def placement_edit(request, child_pk, pk):
    child = _child(request, child_pk, "change", social_care=True)
    placement = _placement(request, child, pk)
    if request.method == "GET":
        record_view(request.user, child, obj=placement, detail="Edit placement")
    form = forms.PlacementForm(
        request.POST or None, instance=copy.copy(placement), user=request.user
    )
    return save_and_redirect(
        request,
        form,
        lambda: carer_services.update_placement(
            user=request.user, placement=placement, data=form.cleaned_data
        ),
        success="Placement saved",
        to=_care_url(child),
    ) or form_page(
        request,
        child,
        form,
        title=f"Edit the placement with {placement.carer}",
        back_url=_care_url(child),
    )


def placement_end(request, child_pk, pk):
    child = _child(request, child_pk, "change", social_care=True)
    placement = _placement(request, child, pk)
    form = forms.EndPlacementForm(request.POST or None, placement=placement)
    return save_and_redirect(
        request,
        form,
        lambda: carer_services.end_placement(
            user=request.user,
            placement=placement,
            ended_on=form.cleaned_data["ended_on"],
            end_reason=form.cleaned_data["end_reason"],
        ),
        success="Placement ended",
        to=_care_url(child),
    ) or form_page(
        request,
        child,
        form,
        title=f"End the placement with {placement.carer}",
        submit="End placement",
        back_url=_care_url(child),
    )


# Allocations ---------------------------------------------------------------------------


def _people_url(child):
    return reverse("children:people", args=[child.pk])


def _after_allocation_change(request, child) -> str:
    """Where to go after an allocation changes: ending one's own allocation can end
    one's reach to the child."""
    if policy.can(request.user, "view", child):
        return _people_url(child)
    messages.info(request, f"You are no longer allocated to {child.display_name}.")
    return reverse("children:list")


def allocation_create(request, child_pk):
    child = _child(request, child_pk, "change", social_care=True)
    form = forms.AllocationForm(request.POST or None)

    def start():
        data = form.cleaned_data
        return services.start_allocation(
            user=request.user,
            child=child,
            kind=data["kind"],
            worker=data["worker"],
            started_on=data["started_on"],
            change_reason=data["change_reason"],
        )

    return save_and_redirect(
        request,
        form,
        start,
        success=lambda _: f"{form.cleaned_data['worker'].full_name} allocated",
        to=lambda _: _after_allocation_change(request, child),
    ) or form_page(request, child, form, title="Allocate a worker", back_url=_people_url(child))


def allocation_end(request, child_pk, pk):
    child = _child(request, child_pk, "change", social_care=True)
    allocation = get_object_or_404(
        Allocation.objects.visible_to(request.user, "change").select_related("worker"),
        child=child,
        pk=pk,
    )
    form = forms.EndAllocationForm(request.POST or None, allocation=allocation)
    who = allocation.worker or allocation.worker_reference
    return save_and_redirect(
        request,
        form,
        lambda: services.end_allocation(
            user=request.user, allocation=allocation, ended_on=form.cleaned_data["ended_on"]
        ),
        success="Allocation ended",
        to=lambda _: _after_allocation_change(request, child),
    ) or form_page(
        request,
        child,
        form,
        title=f"End {who}'s allocation as {allocation.get_kind_display().lower()}",
        submit="End allocation",
        back_url=_people_url(child),
    )


# Chronology ------------------------------------------------------------------------------


def _chronology_url(child):
    return reverse("children:chronology", args=[child.pk])


def note_create(request, child_pk):
    child = _child(request, child_pk, "change")
    form = forms.CaseNoteForm(request.POST or None, user=request.user)
    return save_and_redirect(
        request,
        form,
        lambda: services.create_case_note(user=request.user, child=child, data=form.cleaned_data),
        success="Case note added",
        to=_chronology_url(child),
    ) or form_page(
        request, child, form, title="Add to the chronology", back_url=_chronology_url(child)
    )


def note_edit(request, child_pk, pk):
    child = _child(request, child_pk, "change")
    # Sensitive notes the user may not read are not found at all.
    note = get_object_or_404(CaseNote.objects.visible_to(request.user), child=child, pk=pk)
    if not services.can_edit_note(request.user, note):
        raise PermissionDenied
    if request.method == "GET":
        record_view(request.user, child, obj=note, detail="Edit case note")
    form = forms.CaseNoteForm(request.POST or None, instance=copy.copy(note), user=request.user)
    return save_and_redirect(
        request,
        form,
        lambda: services.update_case_note(user=request.user, note=note, data=form.cleaned_data),
        success="Case note saved",
        to=_chronology_url(child),
    ) or form_page(request, child, form, title="Edit a case note", back_url=_chronology_url(child))
