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
from vsh.core import charts
from vsh.core.text import counted
from vsh.terms.dates import previous_term, term_on
from vsh.terms.models import Term

from . import compliance, export
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


def _list_url(term, **filters) -> str:
    query = {"term": term.pk, **{k: v for k, v in filters.items() if v not in (None, "")}}
    return f"{reverse('pep_reports:list')}?{urlencode(query)}"


def _measures(ctx, now: compliance.Figures, before: compliance.Figures | None, before_term):
    """The three headline measures, each with last term's figure, target and links."""
    rules = ctx.rules
    term = ctx.term

    def link(term_, figure=""):
        return _list_url(term_, figure=figure) if term_ else ""

    return [
        {
            "key": "completion",
            "title": "PEPs approved this term",
            "explanation": "Children who need a PEP whose PEP for the term is approved.",
            "value": now.completion,
            "part": now.completed,
            "whole": now.needing,
            "part_url": link(term, "completed"),
            "whole_url": link(term),
            "previous": before.completion if before else None,
            "previous_part": before.completed if before else None,
            "previous_whole": before.needing if before else None,
            "previous_part_url": link(before_term, "completed"),
            "previous_whole_url": link(before_term),
            "target": rules.pep_completion_target,
        },
        {
            "key": "quality",
            "title": "Approved PEPs rated good",
            "explanation": "Approved PEPs whose quality rating counts as good.",
            "value": now.quality,
            "part": now.good,
            "whole": now.completed,
            "part_url": link(term, "good"),
            "whole_url": link(term, "completed"),
            "previous": before.quality if before else None,
            "previous_part": before.good if before else None,
            "previous_whole": before.completed if before else None,
            "previous_part_url": link(before_term, "good"),
            "previous_whole_url": link(before_term, "completed"),
            "target": rules.pep_quality_target,
        },
        {
            "key": "initial",
            "title": "Initial PEPs approved on time",
            "explanation": (
                "Initial PEPs approved by their due date, out of those approved or "
                "already past their due date."
            ),
            "value": now.initial_timeliness,
            "part": now.initial_on_time,
            "whole": now.initial_counted,
            "part_url": link(term, "initial_on_time"),
            "whole_url": link(term, "initial"),
            "previous": before.initial_timeliness if before else None,
            "previous_part": before.initial_on_time if before else None,
            "previous_whole": before.initial_counted if before else None,
            "previous_part_url": link(before_term, "initial_on_time"),
            "previous_whole_url": link(before_term, "initial"),
            "target": rules.initial_pep_on_time_target,
        },
    ]


def _chart(measure, term, before_term):
    labels = [str(term)] + ([str(before_term)] if before_term else [])
    values = [measure["value"]] + ([measure["previous"]] if before_term else [])
    return charts.bar_chart(
        labels,
        values,
        title=measure["title"],
        maximum=100,
        target=measure["target"],
        unit="%",
    )


def _breakdown_rows(term, items, by):
    return [
        {
            "label": item.label,
            "figures": item.figures,
            "url": _list_url(term, **{by: item.key}),
            "completed_url": _list_url(term, **{by: item.key, "figure": "completed"}),
            "good_url": _list_url(term, **{by: item.key, "figure": "good"}),
            "overdue_url": _list_url(term, **{by: item.key, "figure": "overdue"}),
        }
        for item in items
    ]


def compliance_dashboard(request):
    user = request.user
    if not (user.is_virtual_school or user.is_superuser):
        raise PermissionDenied
    term = term_on(timezone.localdate())
    if term is None:
        return render(request, "peps/compliance.html", {"term": None, "nav_key": "peps"})
    ctx = TermDeadlines.load(term)
    rows = compliance.attach_holders(compliance.term_rows(user, ctx), ctx.today)
    now = compliance.figures(rows)
    before_term = previous_term(term)
    before = None
    if before_term is not None:
        before_ctx = TermDeadlines.load(before_term, ctx.today, ctx.rules)
        before = compliance.figures(compliance.term_rows(user, before_ctx))
    measures = _measures(ctx, now, before, before_term)
    for measure in measures:
        measure["chart"] = _chart(measure, term, before_term)
    overdue = sorted(
        (row for row in rows if row.overdue), key=lambda r: (-r.working_days_overdue, r.due_on)
    )
    return render(
        request,
        "peps/compliance.html",
        {
            "term": term,
            "before_term": before_term,
            "figures": now,
            "measures": measures,
            "breakdowns": [
                {
                    "name": name,
                    "rows": _breakdown_rows(term, compliance.breakdown(rows, by), by),
                }
                for name, by in (("School", "school"), ("Caseworker", "caseworker"))
            ],
            "overdue": overdue,
            "overdue_url": _list_url(term, figure="overdue"),
            "list_url": _list_url(term),
            "today": ctx.today,
            "nav_key": "peps",
        },
    )
