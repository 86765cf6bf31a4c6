"""The virtual school head's termly report as a PDF: the cohort view of the home
page and the PEP compliance figures, with the same charts, on paper.

It holds figures only, never a child's name, for the corporate parenting board and
the governing body; breakdowns by school and caseworker can still hold small
numbers, which the report asks the reader to check before sharing. Only the head
and managers, who see the whole authority, can print it."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from children.peps import compliance_summary
from vsh.core import dashboards
from vsh.core.pdf import render_pdf


def report_context(user, today=None) -> dict:
    today = today or timezone.localdate()
    cohort = dashboards.Cohort(user, today).page()
    # One term throughout: the term in progress or, in a holiday, the one just
    # finished, which is when heads print the report.
    term = cohort["term"]
    peps = compliance_summary.for_term(user, term, today) if term else None
    if peps:
        # The overdue list names children; the report never does.
        peps.pop("overdue")
    return {
        "cohort": cohort,
        "peps": peps,
        "authority_name": settings.AUTHORITY_NAME,
        "printed_on": today,
        "printed_by": user,
    }


def render_termly_report_pdf(user, today=None) -> bytes:
    return render_pdf(render_to_string("core/pdf/termly_report.html", report_context(user, today)))
