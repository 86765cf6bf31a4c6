"""The PEP list as CSV rows, for the virtual school's own spreadsheets and returns.
One row per child who needs a PEP in the term, as the list page shows them."""

from children.school_years import year_group_label, year_group_on
from vsh.core.csvsafe import cell

from .compliance import PepRow, attach_holders

PEP_LIST_COLUMNS = [
    "Local child ID",
    "Last name",
    "First name",
    "Year group",
    "School",
    "School URN",
    "Caseworker",
    "Term",
    "PEP",
    "Version",
    "Due on",
    "Status",
    "Working days past due",
    "Approved on",
    "Quality rating",
    "With",
]


def pep_list_rows(rows: list[PepRow], term, today=None):
    """CSV rows for `rows` of `term`; dates as dd/mm/yyyy, as schools' spreadsheets
    read them."""
    attach_holders(rows, today)
    for row in rows:
        child = row.child
        values = [
            child.local_id,
            child.last_name,
            child.first_name,
            year_group_label(year_group_on(child.date_of_birth, term.starts_on)),
            row.school.name if row.school else "",
            row.school.urn if row.school else "",
            str(row.caseworker) if row.caseworker else "",
            str(term),
            row.kind_label,
            row.pep.version if row.pep else "",
            f"{row.due_on:%d/%m/%Y}",
            "Returned" if row.returned else row.state_label,
            row.working_days_overdue or "",
            f"{row.approved_on:%d/%m/%Y}" if row.approved_on else "",
            row.rating.label if row.rating else "",
            "; ".join(row.holders),
        ]
        # Names and ratings are text people typed.
        yield [cell(value) for value in values]
