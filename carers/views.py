from copy import copy

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from vsh.audit.services import Action, record
from vsh.core.form_views import save_and_redirect

from . import selectors, services
from .forms import CarerForm
from .models import CarerType

PAGE_SIZE = 50


def _require_virtual_school(request):
    if not selectors.may_change_carers(request.user):
        raise PermissionDenied


def _detail_url(carer) -> str:
    return reverse("carers:detail", kwargs={"pk": carer.pk})


def carers_list(request):
    if not selectors.may_see_carers(request.user):
        raise PermissionDenied
    carer_type = request.GET.get("carer_type", "")
    out = request.GET.get("out_of_authority", "")
    filters = selectors.CarerFilters(
        q=request.GET.get("q", "").strip()[:100],
        carer_type=carer_type if carer_type in CarerType.values else "",
        out_of_authority=out if out in ("yes", "no") else "",
    )
    page = Paginator(selectors.carer_list(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "carers/list.html",
        {
            "page": page,
            "filters": filters,
            "carer_types": CarerType.choices,
            "can_add": selectors.may_change_carers(request.user),
        },
    )


def carer_create(request):
    _require_virtual_school(request)
    form = CarerForm(request.POST or None)
    return save_and_redirect(
        request,
        form,
        lambda: services.create_carer(actor=request.user, data=form.cleaned_data),
        success=lambda carer: f"{carer} added.",
        to=_detail_url,
    ) or render(request, "carers/form.html", {"form": form, "carer": None})


def carer_detail(request, pk):
    carer = selectors.get_carer(request.user, pk)
    record(Action.VIEW, actor=request.user, obj=carer)
    return render(
        request,
        "carers/detail.html",
        {
            "record": selectors.carer_record(request.user, carer),
            "carer": carer,
            "can_edit": selectors.may_change_carers(request.user),
        },
    )


def carer_edit(request, pk):
    carer = selectors.get_carer(request.user, pk)
    _require_virtual_school(request)
    # The form works on a copy, so the page keeps the stored name if the answers are wrong.
    form = CarerForm(request.POST or None, instance=copy(carer))
    return save_and_redirect(
        request,
        form,
        lambda: services.update_carer(actor=request.user, carer=carer, data=form.cleaned_data),
        success=lambda saved: f"{saved} updated.",
        to=_detail_url,
    ) or render(request, "carers/form.html", {"form": form, "carer": carer})
