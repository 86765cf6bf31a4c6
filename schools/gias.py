"""Loading schools from Get Information About Schools (GIAS).

Takes the "all establishment data" CSV (edubasealldata*.csv, Windows-1252 encoded,
dates as dd-mm-yyyy) and creates or updates one School per URN. Only the columns
present in the file are used, so a narrower GIAS extract updates just those
fields. Every problem is reported by row and column. As with the SSDA903 and MIS
imports, one bad row stops the whole import unless the good rows are accepted on
their own (``accept_valid_rows``). Importing the same file twice changes nothing.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from vsh.audit.services import Action, record
from vsh.core.text import counted
from vsh.core.uploads import decode_csv

from .models import EstablishmentStatus, Phase, School

# GIAS column -> School field.
TEXT_COLUMNS = {
    "LA (name)": ("la_name", 100),
    "EstablishmentName": ("name", 200),
    "TypeOfEstablishment (name)": ("establishment_type", 100),
    "EstablishmentTypeGroup (name)": ("establishment_type_group", 100),
    "Street": ("street", 150),
    "Town": ("town", 100),
    "County (name)": ("county", 100),
    "Postcode": ("postcode", 10),
    "TelephoneNum": ("telephone", 30),
    "SchoolWebsite": ("website", 200),
}
DATE_COLUMNS = {
    "OpenDate": "open_date",
    "CloseDate": "close_date",
    "LastChangedDate": "last_changed",
}
AGE_COLUMNS = {"StatutoryLowAge": "statutory_low_age", "StatutoryHighAge": "statutory_high_age"}
REQUIRED = ("URN", "EstablishmentName")
# GIAS writes these where a value is not known.
NOT_RECORDED = {"not recorded", "not applicable"}

_DATE = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$")


@dataclass(frozen=True)
class GiasError:
    file: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file} row {self.row}"
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


@dataclass
class GiasReport:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[GiasError] = field(default_factory=list)
    good_rows: int = 0
    accept_valid_rows: bool = False
    dry_run: bool = False
    saved: bool = False
    # Nothing was (or in a dry run, would be) saved because of the errors.
    refused: bool = False

    @property
    def changed(self) -> int:
        return self.created + self.updated

    @property
    def bad_rows(self) -> int:
        # Row 1 holds the column headings: a problem there is about the whole file.
        return len({e.row for e in self.errors if e.row is not None and e.row > 1})

    @property
    def outcome(self) -> str:
        return "checked" if self.dry_run else "saved" if self.saved else "refused"

    def summary(self) -> str:
        if self.refused:
            text = f"{self.file}: {self.rows} row{'' if self.rows == 1 else 's'}"
            if self.bad_rows:
                text += f", {self.bad_rows} with errors"
            return f"{text}. Nothing saved."
        text = (
            f"{self.file}: {self.rows} row{'' if self.rows == 1 else 's'}, "
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        )
        if self.bad_rows:
            text += f", {self.bad_rows} with errors (not imported)"
        return f"{text}. {self.changed} changed."


def parse_gias_date(value: str) -> date:
    match = _DATE.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a date in the form dd-mm-yyyy.")
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"'{value}' is not a real date.") from None


def _clean(value: str | None) -> str:
    value = (value or "").strip()
    return "" if value.lower() in NOT_RECORDED else value


def _row_values(row: dict, columns: set[str], report: GiasReport, number: int) -> dict | None:
    """The School field values a GIAS row gives, or None if the row has errors."""
    errors_before = len(report.errors)

    def error(column: str, message: str) -> None:
        report.errors.append(GiasError(report.file, number, column, message))

    values: dict = {}
    urn = (row.get("URN") or "").strip()
    if not urn:
        error("URN", "This is blank. Every establishment needs its URN.")
    elif not urn.isdigit() or len(urn) > 8:
        error("URN", f"'{urn}' is not a URN: it is a number of up to 8 digits.")
    values["urn"] = urn
    for column, (name, max_length) in TEXT_COLUMNS.items():
        if column not in columns:
            continue
        value = _clean(row.get(column))
        if column == "EstablishmentName" and not value:
            error(column, "This is blank. Every establishment needs a name.")
        if len(value) > max_length:
            error(column, f"This is too long: at most {max_length} characters.")
        values[name] = value
    if "LA (code)" in columns:
        la = _clean(row.get("LA (code)"))
        if la and not (la.isdigit() and len(la) == 3):
            error("LA (code)", f"'{la}' is not a local authority number: it has 3 digits.")
        values["la_code"] = la
    if "EstablishmentNumber" in columns:
        number_text = _clean(row.get("EstablishmentNumber"))
        if number_text and not (number_text.isdigit() and len(number_text) <= 4):
            error(
                "EstablishmentNumber",
                f"'{number_text}' is not an establishment number (up to 4 digits).",
            )
        values["establishment_number"] = number_text
    if "EstablishmentStatus (name)" in columns:
        status = _clean(row.get("EstablishmentStatus (name)"))
        if not status:
            error("EstablishmentStatus (name)", "This is blank. Give the establishment's status.")
        elif status not in EstablishmentStatus.values:
            error(
                "EstablishmentStatus (name)",
                f"'{status}' is not an establishment status. "
                f"Use one of: {'; '.join(EstablishmentStatus.values)}.",
            )
        values["status"] = status
    if "PhaseOfEducation (name)" in columns:
        raw_phase = (row.get("PhaseOfEducation (name)") or "").strip()
        if raw_phase and raw_phase not in Phase.values:
            error(
                "PhaseOfEducation (name)",
                f"'{raw_phase}' is not a phase of education. "
                f"Use one of: {'; '.join(Phase.values)}.",
            )
        values["phase"] = raw_phase
    for column, name in AGE_COLUMNS.items():
        if column not in columns:
            continue
        age = _clean(row.get(column))
        if age and not (age.isdigit() and int(age) < 100):
            error(column, f"'{age}' is not an age in years.")
            age = ""
        values[name] = int(age) if age else None
    for column, name in DATE_COLUMNS.items():
        if column not in columns:
            continue
        text = _clean(row.get(column))
        values[name] = None
        if text:
            try:
                values[name] = parse_gias_date(text)
            except ValueError as exc:
                error(column, str(exc))
    if "HeadFirstName" in columns or "HeadLastName" in columns:
        head = " ".join(
            p for p in (_clean(row.get("HeadFirstName")), _clean(row.get("HeadLastName"))) if p
        )
        if len(head) > 150:
            error("HeadLastName", "The headteacher's name is too long: at most 150 characters.")
        values["head_name"] = head
    return values if len(report.errors) == errors_before else None


def import_gias(
    content: bytes,
    filename: str,
    *,
    accept_valid_rows: bool = False,
    dry_run: bool = False,
    actor=None,
    actor_label: str = "",
    audit: bool = True,
) -> GiasReport:
    """Check every row and, unless a row is bad (or `accept_valid_rows`), save them;
    `audit` records the attempt in the audit trail, whatever the outcome."""
    report = GiasReport(file=filename, accept_valid_rows=accept_valid_rows, dry_run=dry_run)
    # GIAS downloads are Windows-1252; UTF-8 is accepted too.
    reader = csv.DictReader(io.StringIO(decode_csv(content), newline=""))
    columns = {c.strip() for c in (reader.fieldnames or [])}
    reader.fieldnames = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        report.errors.append(
            GiasError(
                filename,
                1,
                "",
                f"The file has no {' or '.join(missing)} column. Upload the establishment "
                "CSV downloaded from Get Information About Schools.",
            )
        )
        report.refused = True
        if audit:
            _audit(report, actor, actor_label)
        return report

    incoming: dict[str, dict] = {}
    first_row: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        report.rows += 1
        values = _row_values(row, columns, report, number)
        if values is None:
            continue
        urn = values["urn"]
        if urn in incoming:
            report.errors.append(
                GiasError(filename, number, "URN", f"URN {urn} is already on row {first_row[urn]}.")
            )
            continue
        incoming[urn] = values
        first_row[urn] = number
    report.good_rows = len(incoming)

    if report.errors and not accept_valid_rows:
        report.refused = True
        if audit:
            _audit(report, actor, actor_label)
        return report
    with transaction.atomic():
        _save(incoming, report)
        if dry_run:
            transaction.set_rollback(True)
    report.saved = not dry_run
    if audit:
        _audit(report, actor, actor_label)
    return report


def _save(incoming: dict[str, dict], report: GiasReport) -> None:
    existing = School.objects.in_bulk(list(incoming), field_name="urn") if incoming else {}
    new, changed, changed_fields = [], [], set()
    for urn, values in incoming.items():
        school = existing.get(urn)
        if school is None:
            new.append(School(**values))
            continue
        fields = [name for name, value in values.items() if getattr(school, name) != value]
        if fields:
            for name in fields:
                setattr(school, name, values[name])
            changed.append(school)
            changed_fields.update(fields)
        else:
            report.unchanged += 1
    School.objects.bulk_create(new, batch_size=500)
    if changed:
        School.objects.bulk_update(changed, sorted(changed_fields), batch_size=500)
    report.created, report.updated = len(new), len(changed)


def _audit(report: GiasReport, actor, actor_label: str) -> None:
    record(
        Action.IMPORT,
        actor=actor,
        actor_label=actor_label,
        detail=f"GIAS schools import {report.outcome}: {report.changed} changed, "
        f"{counted(len(report.errors), 'error')}",
        changes={
            "kind": "gias",
            "outcome": report.outcome,
            "accept_valid_rows": report.accept_valid_rows,
            "files": [report.file],
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "errors": len(report.errors),
            "bad_rows": report.bad_rows,
            "changed": report.changed,
        },
    )
