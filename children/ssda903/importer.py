"""Loading an SSDA903 extract: check every row, then upsert by natural keys.

Children are matched by local ID (CHILD), episodes by child and DECOM, reviews by
child and date, missing episodes by child, type and start, social worker episodes
by child, start and SW_ID, OC2 outcomes by child and year. Importing the same
extract twice changes nothing. By default one bad row stops the whole import;
with ``partial`` the good rows are saved and the bad ones reported.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from children.models import (
    Allocation,
    AnnualHealthOutcome,
    CareEpisode,
    CareReview,
    Child,
    MissingEpisode,
    SdqAssessment,
)
from vsh.accounts.models import User
from vsh.audit.services import Action, record

from . import columns as cols
from .parse import RowError, SourceFile, infer_collection_year, read_tables, year_label
from .validate import OC2_FLAGS, Checked, ValidRow, check

NEW_CHILD_FIRST_NAME = "Child"


@dataclass
class TableCount:
    filename: str
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: int = 0  # rows with at least one error
    held_back: int = 0  # good rows not saved because the child's header row is bad

    @property
    def changed(self) -> int:
        return self.created + self.updated

    def as_dict(self) -> dict:
        return {
            "file": self.filename,
            "rows": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "bad": self.bad,
            "held_back": self.held_back,
        }


@dataclass
class ImportReport:
    year: int
    files: list[str]
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, TableCount] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    good_rows: int = 0
    partial: bool = False
    dry_run: bool = False
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def bad_rows(self) -> int:
        return len({(e.file, e.row) for e in self.errors if e.row is not None})

    @property
    def held_back(self) -> int:
        return sum(c.held_back for c in self.counts.values())

    def total(self, name: str) -> int:
        return sum(getattr(c, name) for c in self.counts.values())

    @property
    def changed(self) -> int:
        return self.total("created") + self.total("updated")

    @property
    def outcome(self) -> str:
        if self.dry_run:
            return "checked"
        return "saved" if self.saved else "refused"

    def summary_lines(self) -> list[str]:
        lines = [
            f"{c.filename}: {_rows(c.read)}, {c.created} created, {c.updated} updated, "
            f"{c.unchanged} unchanged"
            + (f", {_rows(c.bad)} with errors" if c.bad else "")
            + (
                f", {_rows(c.held_back)} held back because the child's header row has errors"
                if c.held_back
                else ""
            )
            for c in self.counts.values()
        ]
        lines.append(
            f"{self.changed} changed ({self.total('created')} created, "
            f"{self.total('updated')} updated, {self.total('unchanged')} unchanged)"
        )
        return lines


def _rows(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


def import_extract(
    sources: list[SourceFile],
    *,
    partial: bool = False,
    dry_run: bool = False,
    year: int | None = None,
    actor=None,
    actor_label: str = "",
    today: date | None = None,
    audit: bool = True,
) -> ImportReport:
    """Check `sources` and, unless a row is bad (or `partial`), save them; `audit`
    records the attempt in the audit trail, whatever the outcome."""
    today = today or timezone.localdate()
    tables, file_errors = read_tables(sources)
    year = year or infer_collection_year(tables, today)
    checked = check(tables, year=year, today=today)
    errors = sorted(file_errors + checked.errors, key=_error_order(tables))
    report = ImportReport(
        year=year,
        files=[s.name for s in sources],
        errors=errors,
        good_rows=checked.good_rows,
        partial=partial,
        dry_run=dry_run,
    )
    _count_rows(report, checked)

    if errors and not partial:
        if audit:
            _audit(report, actor, actor_label)
        return report
    with transaction.atomic():
        _Writer(checked, report).write()
        if dry_run:
            transaction.set_rollback(True)
    report.saved = not dry_run
    if audit:
        _audit(report, actor, actor_label)
    return report


def _error_order(tables: dict):
    """Header first, then the other tables in the validator's order, then by row."""
    position = {
        raw.filename: i
        for i, raw in enumerate(tables[t.name] for t in cols.TABLES if t.name in tables)
    }
    return lambda e: (position.get(e.file, -1), e.file, e.row or 0)


def _count_rows(report: ImportReport, checked: Checked) -> None:
    for table in cols.TABLES:
        raw = checked.tables.get(table.name)
        if raw is None:
            continue
        if not table.imported:
            if raw.rows:
                report.notes.append(
                    f"{raw.filename} has {len(raw.rows)} rows. The app does not keep "
                    f"{table.name} data, so they were not imported."
                )
            continue
        count = TableCount(raw.filename, read=len(raw.rows))
        count.bad = len({e.row for e in report.errors if e.file == raw.filename and e.row})
        count.held_back = checked.held_back.get(table.name, 0)
        report.counts[table.name] = count


def _audit(report: ImportReport, actor, actor_label: str) -> None:
    record(
        Action.IMPORT,
        actor=actor,
        actor_label=actor_label,
        detail=f"SSDA903 {report.year_label} import {report.outcome}: "
        f"{report.changed} changed, {len(report.errors)} errors",
        changes={
            "kind": "ssda903",
            "outcome": report.outcome,
            "year": report.year,
            "partial": report.partial,
            "files": report.files,
            "errors": len(report.errors),
            "changed": report.changed,
            "counts": {name: c.as_dict() for name, c in report.counts.items()},
        },
    )


def _assign(obj, data: dict) -> list[str]:
    """Set fields that differ; return their names."""
    changed = []
    for name, value in data.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


class _Writer:
    def __init__(self, checked: Checked, report: ImportReport):
        self.rows = checked.rows
        self.tables = checked.tables
        self.report = report
        self.year_ending = date(report.year, 3, 31)
        self.children: dict[str, Child] = {}

    def tally(self, table: str, outcome: str) -> None:
        count = self.report.counts[table]
        setattr(count, outcome, getattr(count, outcome) + 1)

    def upsert(self, table: str, existing: dict, key, build, data: dict) -> None:
        self.tally(table, self._upsert(existing, key, build, data))

    def write(self) -> None:
        self.write_children()
        self.write_episodes()
        self.write_oc2()
        self.write_missing()
        self.write_reviews()
        self.write_sw_episodes()

    def rows_of(self, table: cols.Table) -> list[ValidRow]:
        return [r for r in self.rows.get(table.name, []) if r.child in self.children]

    # Children: header, plus the child-level UASC and previous permanence tables ----

    def write_children(self) -> None:
        header = self.rows.get(cols.HEADER.name, [])
        ids = [r.child for r in header]
        existing = {c.local_id: c for c in Child.objects.filter(local_id__in=ids)}
        uasc = {r.child: r.data for r in self.rows.get(cols.UASC.name, [])}
        prev_perm = {r.child: r.data for r in self.rows.get(cols.PREV_PERM.name, [])}
        # The UASC table lists every child who was UASC in the year, so a child not in
        # it is not UASC. A child whose UASC row has an error is left as recorded.
        uasc_table = self.tables.get(cols.UASC.name)
        in_uasc_table = {r["CHILD"] for r in uasc_table.rows} if uasc_table else None
        for row in header:
            child = existing.get(row.child)
            created = child is None
            if created:
                # The return carries no names: a placeholder until someone adds them.
                child = Child(
                    local_id=row.child, first_name=NEW_CHILD_FIRST_NAME, last_name=row.child
                )
            changed = _assign(child, row.data)
            if in_uasc_table is not None and row.child not in in_uasc_table:
                changed += _assign(child, {"is_uasc": False})
            side_tables = []
            if row.child in uasc:
                names = _assign(child, {"is_uasc": True, **uasc[row.child]})
                side_tables.append((cols.UASC.name, names))
            if row.child in prev_perm:
                side_tables.append((cols.PREV_PERM.name, _assign(child, prev_perm[row.child])))
            changed += [name for _table, names in side_tables for name in names]
            if created:
                child.save()
                self.tally(cols.HEADER.name, "created")
            elif changed:
                child.save(update_fields=[*set(changed), "updated_at"])
                self.tally(cols.HEADER.name, "updated")
            else:
                self.tally(cols.HEADER.name, "unchanged")
            for table, names in side_tables:
                self.tally(table, "created" if created else "updated" if names else "unchanged")
            self.children[row.child] = child

    def _existing(self, model, *key_fields, **filters) -> dict:
        qs = model.objects.filter(child__in=self.children.values(), **filters)
        return {(obj.child_id, *(getattr(obj, f) for f in key_fields)): obj for obj in qs}

    def write_episodes(self) -> None:
        existing = self._existing(CareEpisode, "started_on")
        for row in self.rows_of(cols.EPISODES):
            child = self.children[row.child]
            self.upsert(
                cols.EPISODES.name,
                existing,
                (child.pk, row.data["started_on"]),
                lambda child=child: CareEpisode(child=child),
                row.data,
            )

    def write_oc2(self) -> None:
        outcomes = self._existing(AnnualHealthOutcome, "year_ending")
        sdqs = self._existing(
            SdqAssessment,
            "assessed_on",
            "informant",
            informant=SdqAssessment.Informant.CARER,
        )
        carer = SdqAssessment.Informant.CARER
        for row in self.rows_of(cols.OC2):
            child = self.children[row.child]
            flags = {flag.lower(): row.data[flag.lower()] for flag in OC2_FLAGS}
            outcome_changed = self._upsert(
                outcomes,
                (child.pk, self.year_ending),
                lambda child=child: AnnualHealthOutcome(child=child, year_ending=self.year_ending),
                flags,
            )
            sdq_changed = None
            if row.data["score"] is not None or row.data["reason_not_completed"]:
                sdq_changed = self._upsert(
                    sdqs,
                    (child.pk, self.year_ending, carer),
                    lambda child=child: SdqAssessment(
                        child=child, assessed_on=self.year_ending, informant=carer
                    ),
                    {
                        "score": row.data["score"],
                        "reason_not_completed": row.data["reason_not_completed"],
                    },
                )
            results = {outcome_changed, sdq_changed} - {None}
            if "created" in results:
                self.tally(cols.OC2.name, "created")
            elif "updated" in results:
                self.tally(cols.OC2.name, "updated")
            else:
                self.tally(cols.OC2.name, "unchanged")

    @staticmethod
    def _upsert(existing: dict, key, build, data: dict) -> str:
        obj = existing.get(key)
        if obj is None:
            obj = build()
            for name, value in data.items():
                setattr(obj, name, value)
            obj.save()
            existing[key] = obj
            return "created"
        if changed := _assign(obj, data):
            obj.save(update_fields=changed)
            return "updated"
        return "unchanged"

    def write_missing(self) -> None:
        existing = self._existing(MissingEpisode, "kind", "started_on")
        for row in self.rows_of(cols.MISSING):
            child = self.children[row.child]
            self.upsert(
                cols.MISSING.name,
                existing,
                (child.pk, row.data["kind"], row.data["started_on"]),
                lambda child=child: MissingEpisode(child=child),
                row.data,
            )

    def write_reviews(self) -> None:
        existing = self._existing(CareReview, "held_on")
        for row in self.rows_of(cols.REVIEWS):
            child = self.children[row.child]
            self.upsert(
                cols.REVIEWS.name,
                existing,
                (child.pk, row.data["held_on"]),
                lambda child=child: CareReview(child=child),
                row.data,
            )

    def write_sw_episodes(self) -> None:
        rows = self.rows_of(cols.SW_EPISODES)
        if not rows:
            return
        workers: dict[str, User] = {}
        ids = {r.data["worker_reference"] for r in rows}
        for user in User.objects.filter(social_worker_id__in=ids).order_by("-is_active", "pk"):
            workers.setdefault(user.social_worker_id, user)
        kind = Allocation.Kind.SOCIAL_WORKER
        existing = self._existing(Allocation, "started_on", "worker_reference", kind=kind)
        for row in rows:
            child = self.children[row.child]
            reference = row.data["worker_reference"]
            worker = workers.get(reference)
            key = (child.pk, row.data["started_on"], reference)
            if key not in existing and worker is not None:
                # The same allocation entered by hand, naming the worker but not the ID.
                unnamed = (child.pk, row.data["started_on"], "")
                if unnamed in existing and existing[unnamed].worker_id == worker.pk:
                    existing[key] = existing.pop(unnamed)
            data = dict(row.data)
            if worker is not None:
                data["worker"] = worker
            self.upsert(
                cols.SW_EPISODES.name,
                existing,
                key,
                lambda child=child: Allocation(child=child, kind=kind),
                data,
            )
