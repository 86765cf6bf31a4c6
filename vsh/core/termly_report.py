"""The virtual school head's termly report as a PDF: the cohort view of the home
page and the PEP compliance figures, with the same charts, on paper.

It holds figures only, never a child's name, so it can go to the corporate
parenting board and the governing body as it is. Every figure is counted over the
children the person printing it can see, as on their pages."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from children.peps import compliance_summary
from vsh.core import dashboards
from vsh.core.pdf import render_pdf
from vsh.terms.dates import term_on


def report_context(user, today=None) -> dict:
    today = today or timezone.localdate()
    cohort = dashboards.Cohort(user, today).page()
    pep_term = term_on(today)
    return {
        "cohort": cohort,
        "peps": compliance_summary.for_term(user, pep_term, today) if pep_term else None,
        "authority_name": settings.AUTHORITY_NAME,
        "printed_on": today,
        "printed_by": user,
    }


def render_termly_report_pdf(user, today=None) -> bytes:
    return render_pdf(render_to_string("core/pdf/termly_report.html", report_context(user, today)))
