"""The PEP compliance figures for a term, against the previous term and the
authority's targets, with breakdowns by school and caseworker and the overdue PEPs:
the compliance dashboard and the head's termly report both show them."""

from django.urls import reverse
from django.utils.http import urlencode

from vsh.core import charts
from vsh.terms.dates import previous_term

from . import compliance
from .deadlines import TermDeadlines


def list_url(term, **filters) -> str:
    query = {"term": term.pk, **{k: v for k, v in filters.items() if v not in (None, "")}}
    return f"{reverse('pep_reports:list')}?{urlencode(query)}"


def _measures(ctx, now: compliance.Figures, before: compliance.Figures | None, before_term):
    """The three headline measures, each with last term's figure, target and links."""
    rules = ctx.rules
    term = ctx.term

    def link(term_, figure=""):
        return list_url(term_, figure=figure) if term_ else ""

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
            "url": list_url(term, **{by: item.key}),
            "completed_url": list_url(term, **{by: item.key, "figure": "completed"}),
            "good_url": list_url(term, **{by: item.key, "figure": "good"}),
            "overdue_url": list_url(term, **{by: item.key, "figure": "overdue"}),
        }
        for item in items
    ]


def for_term(user, term, today=None) -> dict:
    """Everything the compliance dashboard shows for `term`, as `user` may see it."""
    ctx = TermDeadlines.load(term, today)
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
    return {
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
        "overdue_url": list_url(term, figure="overdue"),
        "list_url": list_url(term),
        "today": ctx.today,
    }
