"""The school calendar pages, for managers: term dates by academic year, adding the
next academic year, and the days that are not working days."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from vsh.core.form_views import save_and_redirect

from . import calendar_services
from .forms import NonWorkingDayForm, TermDatesForm
from .models import AcademicYear, NonWorkingDay, Term


def _require_manager(request):
    if not request.user.can_manage:
        raise PermissionDenied


def calendar_index(request):
    _require_manager(request)
    years = list(
        AcademicYear.objects.order_by("-start_year").prefetch_related(
            Prefetch("terms", queryset=Term.objects.order_by("starts_on"))
        )
    )
    days = list(NonWorkingDay.objects.order_by("date"))
    for year in years:
        year.non_working_days = [d for d in days if year.starts_on <= d.date <= year.ends_on]
    next_start = years[0].start_year + 1 if years else None
    return render(
        request,
        "terms/calendar.html",
        {
            "years": years,
            "other_days": [d for d in days if not any(d in y.non_working_days for y in years)],
            "next_year_name": (
                f"{next_start}/{(next_start + 1) % 100:02d}" if next_start else "the current year"
            ),
            "nav_key": "settings",
            "settings_tab": "calendar",
        },
    )


@require_POST
def year_add(request):
    _require_manager(request)
    year = calendar_services.add_next_academic_year(actor=request.user)
    messages.success(
        request,
        f"Academic year {year.name} added with the usual term dates and bank holidays. "
        "Check them against the authority's published dates.",
    )
    return redirect("calendar:index")


def year_edit(request, start_year):
    _require_manager(request)
    year = get_object_or_404(AcademicYear, start_year=start_year)
    form = TermDatesForm(request.POST or None, year=year)
    return save_and_redirect(
        request,
        form,
        lambda: calendar_services.update_term_dates(
            actor=request.user, year=year, values=form.term_values()
        ),
        success=f"Term dates for {year.name} saved.",
        to="calendar:index",
    ) or render(
        request,
        "terms/year_form.html",
        {"form": form, "year": year, "nav_key": "settings", "settings_tab": "calendar"},
    )


def non_working_day_add(request):
    _require_manager(request)
    form = NonWorkingDayForm(request.POST or None)
    return save_and_redirect(
        request,
        form,
        lambda: calendar_services.add_non_working_day(actor=request.user, data=form.cleaned_data),
        success=lambda day: f"{day.name} on {day.date:%-d %B %Y} added.",
        to="calendar:index",
    ) or render(
        request,
        "terms/non_working_day_form.html",
        {"form": form, "nav_key": "settings", "settings_tab": "calendar"},
    )


def non_working_day_remove(request, pk):
    _require_manager(request)
    day = get_object_or_404(NonWorkingDay, pk=pk)
    if request.method == "POST":
        calendar_services.remove_non_working_day(actor=request.user, day=day)
        messages.success(request, f"{day.name} on {day.date:%-d %B %Y} removed.")
        return redirect("calendar:index")
    return render(
        request,
        "terms/non_working_day_remove.html",
        {"day": day, "nav_key": "settings", "settings_tab": "calendar"},
    )
