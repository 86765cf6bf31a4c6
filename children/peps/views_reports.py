"""PEP reporting: a PEP as a PDF, the caseload-wide PEP list and the compliance
dashboard. Figures and lists come from children.peps.compliance, which starts
from the access policy."""

import csv

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views.decorators.cache import never_cache

from vsh.audit.services import Action, record
from vsh.core.text import counted
from vsh.terms.dates import term_on
from vsh.terms.models import Term

from . import compliance, compliance_summary, export
from .deadlines import TermDeadlines
from .forms_reports import PepListFilterForm
from .models import Pep
from .pdf import render_pep_pdf

PAGE_SIZE = 50


# The PEP as a PDF -----------------------------------------------------------------


@never_cache
def pep_pdf(request, child_pk, pk):
    pep = get_object_or_404(
        Pep.objects.visible_to(request.user, "view").select_related("child", "term__academic_year"),
        child_id=child_pk,
        pk=pk,
    )
    content = render_pep_pdf(pep)
    record(Action.DOWNLOAD, actor=request.user, obj=pep, detail="PEP as a PDF")
    name = f"pep-{slugify(pep.child.local_id)}-{slugify(str(pep.term))}"
    if pep.version > 1:
        name += f"-v{pep.version}"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


# The PEP list ---------------------------------------------------------------------


def _terms():
    return Term.objects.select_related("academic_year").order_by("-starts_on")


def _chosen_term(request):
    """The term asked for, or the current one (the next one during a holiday)."""
    wanted = request.GET.get("term", "")
    if wanted.isdigit():
        term = _terms().filter(pk=wanted).first()
        if term is not None:
            return term
    return term_on(timezone.localdate()) or _terms().first()


def _listed(request, term):
    """The PEP list's rows for `term` under the filters in the query string: the
    filter form, the rows before the status filter (for the counts) and after it."""
    user = request.user
    ctx = TermDeadlines.load(term)
    schools, caseworkers = compliance.filter_options(user, ctx)
    data = request.GET.copy()
    data["term"] = term.pk
    form = PepListFilterForm(data, terms=_terms(), schools=schools, caseworkers=caseworkers)
    filters = form.filters()
    rows = compliance.term_rows(
        user,
        ctx,
        school=filters.get("school"),
        caseworker=filters.get("caseworker"),
        key_stage=filters.get("key_stage", ""),
    )
    rows = compliance.filter_rows(rows, figure=filters.get("figure", ""))
    shown = compliance.filter_rows(rows, state=filters.get("status", ""))
    return ctx, form, filters, rows, shown


def pep_list(request):
    term = _chosen_term(request)
    if term is None:
        return render(request, "peps/list.html", {"term": None, "nav_key": "peps"})
    ctx, form, filters, rows, shown = _listed(request, term)
    counts = compliance.state_counts(rows)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    counts_base = request.GET.copy()
    for key in ("status", "page"):
        counts_base.pop(key, None)
    counts_base["term"] = term.pk
    for item in counts:
        item["query"] = urlencode({**counts_base.dict(), "status": item["state"]})
    export_query = request.GET.copy()
    export_query.pop("page", None)
    export_query["term"] = term.pk
    return render(
        request,
        "peps/list.html",
        {
            "term": term,
            "ctx": ctx,
            "filter_form": form,
            "page": page,
            "counts": counts,
            "total": sum(item["count"] for item in counts),
            "all_query": counts_base.urlencode(),
            "export_url": f"{reverse('pep_reports:list_csv')}?{export_query.urlencode()}",
            "selected_filters": form.selected(request.GET, filters, leave_out=["term"]),
            "clear_url": f"{reverse('pep_reports:list')}?term={term.pk}",
            "selected_status": filters.get("status", ""),
            "today": ctx.today,
            "nav_key": "peps",
        },
    )


@never_cache
def pep_list_csv(request):
    """The PEP list as filtered on the page, every row, for a spreadsheet."""
    term = _chosen_term(request)
    if term is None:
        raise Http404("No school terms have been set up.")
    ctx, _form, _filters, _rows, shown = _listed(request, term)
    record(
        Action.EXPORT,
        actor=request.user,
        detail=f"PEP list for {term} as CSV ({counted(len(shown), 'child', 'children')})",
        changes={"term": str(term), "filters": request.GET.dict(), "rows": len(shown)},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="peps-{slugify(str(term))}.csv"'
    writer = csv.writer(response)
    writer.writerow(export.PEP_LIST_COLUMNS)
    writer.writerows(export.pep_list_rows(shown, term, ctx.today))
    return response


# The compliance dashboard ---------------------------------------------------------


def compliance_dashboard(request):
    user = request.user
    if not (user.is_virtual_school or user.is_superuser):
        raise PermissionDenied
    term = term_on(timezone.localdate())
    if term is None:
        return render(request, "peps/compliance.html", {"term": None, "nav_key": "peps"})
    context = compliance_summary.for_term(user, term)
    return render(request, "peps/compliance.html", {**context, "nav_key": "peps"})
