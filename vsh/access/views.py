from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from children.models import Child
from children.views import record_context
from vsh.audit.services import record_view
from vsh.core.form_views import save_and_redirect

from . import selectors, services
from .forms import GrantForm
from .models import AccessGrant


def _child_for_manager(request, child_pk):
    child = get_object_or_404(Child.objects.visible_to(request.user, "view"), pk=child_pk)
    if not request.user.can_manage:
        raise PermissionDenied
    return child


def child_access(request, child_pk):
    """Who can see this child and why; give or take away explicit access."""
    child = _child_for_manager(request, child_pk)
    if request.method == "GET":
        record_view(request.user, child, detail="Who can see this child")
    form = GrantForm(request.POST or None)
    return save_and_redirect(
        request,
        form,
        lambda: services.grant_access(by=request.user, child=child, **form.cleaned_data),
        success=lambda grant: (
            f"{grant.user} can now see {child}'s records."
            if grant.is_active
            else f"{grant.user} can see {child}'s records from {grant.starts_on:%-d %B %Y}."
        ),
        to=reverse("access:child", kwargs={"child_pk": child.pk}),
    ) or render(
        request,
        "access/child_access.html",
        {
            **record_context(request, child, "access"),
            "reach": selectors.who_can_see(child),
            "grants": selectors.grant_history(child),
            "form": form,
        },
    )


@require_POST
def revoke_grant(request, child_pk, pk):
    child = _child_for_manager(request, child_pk)
    grant = get_object_or_404(AccessGrant, pk=pk, child=child)
    try:
        services.revoke_access(by=request.user, grant=grant)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, f"{grant.user} no longer has explicit access to {child}'s records."
        )
    return redirect("access:child", child_pk=child.pk)
