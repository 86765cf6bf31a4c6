"""The managers' settings pages: the authority's PEP deadlines and targets, and the
quality ratings PEPs are given. The school calendar is in vsh.terms."""

from copy import copy

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from children.peps.models import Pep, QaRating

from . import services_settings
from .form_views import save_and_redirect
from .forms_settings import AuthoritySettingsForm, QaRatingForm
from .models import AuthoritySettings


def _require_manager(request):
    if not request.user.can_manage:
        raise PermissionDenied


def authority_settings(request):
    _require_manager(request)
    rules = AuthoritySettings.load()
    form = AuthoritySettingsForm(request.POST or None, instance=copy(rules))
    return save_and_redirect(
        request,
        form,
        lambda: services_settings.update_authority_settings(
            actor=request.user, data=form.cleaned_data
        ),
        success="Authority settings saved.",
        to="settings:authority",
    ) or render(
        request,
        "core/settings.html",
        {"form": form, "nav_key": "settings", "settings_tab": "authority"},
    )


def ratings(request):
    _require_manager(request)
    all_ratings = list(QaRating.objects.order_by("position", "pk"))
    used = set(
        Pep.objects.visible_to(request.user)
        .filter(rating__isnull=False)
        .values_list("rating", flat=True)
        .distinct()
    )
    for rating in all_ratings:
        rating.in_use = rating.pk in used
    return render(
        request,
        "core/settings_ratings.html",
        {"ratings": all_ratings, "nav_key": "settings", "settings_tab": "ratings"},
    )


def rating_add(request):
    _require_manager(request)
    form = QaRatingForm(request.POST or None)
    return save_and_redirect(
        request,
        form,
        lambda: services_settings.create_rating(actor=request.user, data=form.cleaned_data),
        success=lambda rating: f"Rating {rating.label} added.",
        to="settings:ratings",
    ) or render(
        request,
        "core/settings_rating_form.html",
        {"form": form, "rating": None, "nav_key": "settings", "settings_tab": "ratings"},
    )


def rating_edit(request, pk):
    _require_manager(request)
    rating = get_object_or_404(QaRating, pk=pk)
    form = QaRatingForm(request.POST or None, instance=copy(rating))
    return save_and_redirect(
        request,
        form,
        lambda: services_settings.update_rating(
            actor=request.user, rating=rating, data=form.cleaned_data
        ),
        success=lambda saved: f"Rating {saved.label} saved.",
        to="settings:ratings",
    ) or render(
        request,
        "core/settings_rating_form.html",
        {"form": form, "rating": rating, "nav_key": "settings", "settings_tab": "ratings"},
    )
