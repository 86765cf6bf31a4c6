"""Loading an SSDA903 extract: check every row, then upsert by natural keys.

Children are matched by local ID (CHILD), episodes by child and DECOM, reviews by
child and date, missing episodes by child, type and start, social worker episodes
by child, start and SW_ID, OC2 outcomes by child and year. Importing the same
extract twice changes nothing and audits nothing but the import itself. By default
one bad row stops the whole import; with ``partial`` the good rows are saved and
the bad ones reported.

Rows are saved under the rules the app's own pages obey (children.services: one
care episode at a time, one social worker at a time), and every record created or
changed is audited on the child's history. A row those rules or the database
refuse is a row error like any other.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
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
from children.services import _check_episode, check_allocation_start, check_worker_role
from vsh.accounts.models import User
from vsh.audit.services import Action, diff, record, snapshot
from vsh.core.text import counted

from . import columns as cols
from .parse import (
    RowError,
    SourceFile,
    format_date,
    infer_collection_year,
    read_tables,
    year_label,
)
from .validate import OC2_FLAGS, Checked, ValidRow, check

NEW_CHILD_FIRST_NAME = "Child"
SOCIAL_WORKER = Allocation.Kind.SOCIAL_WORKER
# What makes a row's writes refused rather than the import crash.
REFUSALS = (ValidationError, IntegrityError, DataError)
# The column each field is read from, to point a refusal at its cell.
FIELD_COLUMNS = {
    cols.HEADER.name: {
        "local_id": "CHILD",
        "sex": "SEX",
        "date_of_birth": "DOB",
        "ethnicity": "ETHNIC",
        "upn": "UPN",
        "is_mother": "MOTHER",
        "mothers_child_dob": "MC_DOB",
    },
    cols.EPISODES.name: {
        "started_on": "DECOM",
        "reason_new_episode": "RNE",
        "legal_status": "LS",
        "category_of_need": "CIN",
        "placement_type": "PLACE",
        "placement_provider": "PLACE_PROVIDER",
        "ended_on": "DEC",
        "reason_ceased": "REC",
        "reason_placement_change": "REASON_PLACE_CHANGE",
        "home_postcode": "HOME_POST",
        "placement_postcode": "PL_POST",
        "placement_urn": "URN",
    },
    cols.OC2.name: {
        "score": "SDQ_SCORE",
        "reason_not_completed": "SDQ_REASON",
        **{flag.lower(): flag for flag in OC2_FLAGS},
    },
    cols.MISSING.name: {"kind": "MISSING", "started_on": "MIS_START", "ended_on": "MIS_END"},
    cols.REVIEWS.name: {"held_on": "REVIEW", "participation": "REVIEW_CODE"},
    cols.SW_EPISODES.name: {
        "worker": "SW_ID",
        "worker_reference": "SW_ID",
        "started_on": "SW_DECOM",
        "ended_on": "SW_DEC",
        "change_reason": "SW_REASON",
    },
}


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
    def added(self) -> int:
        return self.total("created")

    @property
    def updated(self) -> int:
        return self.total("updated")

    @property
    def changed(self) -> int:
        return self.added + self.updated

    @property
    def outcome(self) -> str:
        if self.dry_run:
            return "checked"
        return "saved" if self.saved else "refused"

    def summary_lines(self) -> list[str]:
        lines = [
            f"{c.filename}: {counted(c.read, 'row')}, {c.created} created, {c.updated} updated, "
            f"{c.unchanged} unchanged"
            + (f", {counted(c.bad, 'row')} with errors" if c.bad else "")
            + (
                f", {counted(c.held_back, 'row')} held back because the child's header "
                "row has errors"
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
        writer = _Writer(checked, report, actor=actor, actor_label=actor_label)
        writer.write()
        refused = bool(writer.errors) and not partial
        if dry_run or refused:
            transaction.set_rollback(True)
    _add_write_outcome(report, writer, tables, refused)
    report.saved = not (dry_run or refused)
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
    empty_not_kept = []
    for table in cols.TABLES:
        raw = checked.tables.get(table.name)
        if raw is None:
            continue
        if not table.imported:
            if raw.rows:
                report.notes.append(
                    f"{raw.filename} has {counted(len(raw.rows), 'row')}. The app does not keep "
                    f"{table.name} data, so {'it was' if len(raw.rows) == 1 else 'they were'} "
                    "not imported."
                )
            else:
                empty_not_kept.append(raw.filename)
            continue
        count = TableCount(raw.filename, read=len(raw.rows))
        count.bad = _bad_rows(report, raw.filename)
        count.held_back = checked.held_back.get(table.name, 0)
        report.counts[table.name] = count
    if empty_not_kept:
        report.notes.append(
            f"Also read, with column headings only: {', '.join(empty_not_kept)}. "
            "The app does not keep these tables."
        )


def _bad_rows(report: ImportReport, filename: str) -> int:
    return len({e.row for e in report.errors if e.file == filename and e.row})


def _add_write_outcome(
    report: ImportReport, writer: "_Writer", tables: dict, refused: bool
) -> None:
    """Add the rows refused while saving. When they stop the import nothing was
    saved, so nothing counts as created, updated or unchanged."""
    if not refused:
        report.notes += writer.notes
    if not writer.errors:
        return
    report.errors = sorted(report.errors + writer.errors, key=_error_order(tables))
    refused_rows = {(e.file, e.row) for e in writer.errors}
    report.good_rows -= len(refused_rows) + sum(writer.held_back.values())
    for name, count in report.counts.items():
        count.bad = _bad_rows(report, count.filename)
        count.held_back += writer.held_back.get(name, 0)
        if refused:
            count.created = count.updated = count.unchanged = 0


def _audit(report: ImportReport, actor, actor_label: str) -> None:
    record(
        Action.IMPORT,
        actor=actor,
        actor_label=actor_label,
        detail=f"SSDA903 {report.year_label} import {report.outcome}: "
        f"{report.changed} changed, {counted(len(report.errors), 'error')}",
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


def _clean(obj) -> None:
    """The record's own checks (codes, lengths, no date before birth). Links, unique
    keys and constraints are left to the database, whose refusal is a row error too:
    checking them here would cost several queries a row."""
    links = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.full_clean(exclude=links, validate_unique=False, validate_constraints=False)


class _Writer:
    """Saves the checked rows. Each row's writes and their audit events are saved
    together or not at all; a row the app's rules refuse becomes a row error."""

    def __init__(self, checked: Checked, report: ImportReport, *, actor=None, actor_label=""):
        self.rows = checked.rows
        self.tables = checked.tables
        self.report = report
        self.actor = actor
        self.actor_label = actor_label
        self.year_ending = date(report.year, 3, 31)
        self.children: dict[str, Child] = {}
        self.errors: list[RowError] = []
        self.held_back: dict[str, int] = {}  # rows of children whose header row was refused
        self.notes: list[str] = []

    def tally(self, table: str, outcome: str) -> None:
        count = self.report.counts[table]
        setattr(count, outcome, getattr(count, outcome) + 1)

    def write(self) -> None:
        self.write_children()
        self.write_episodes()
        self.write_oc2()
        self.write_missing()
        self.write_reviews()
        self.write_sw_episodes()

    def rows_of(self, table: cols.Table) -> list[ValidRow]:
        rows = []
        for row in self.rows.get(table.name, []):
            if row.child in self.children:
                rows.append(row)
            else:
                self.held_back[table.name] = self.held_back.get(table.name, 0) + 1
        return rows

    # Saving, auditing and refusing -------------------------------------------------

    def attempt(self, table: str, row: ValidRow, write) -> bool:
        """Run `write` for one row, all or nothing; a refusal becomes row errors."""
        try:
            with transaction.atomic():
                write()
        except REFUSALS as exc:
            self.refuse(table, row, exc)
            return False
        return True

    def refuse(self, table: str, row: ValidRow, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            columns = FIELD_COLUMNS.get(table, {})
            problems = [(columns.get(f, ""), m) for f, texts in messages.items() for m in texts]
        else:
            problems = [
                (
                    "",
                    "This row conflicts with what is already recorded, so it cannot be "
                    f"saved ({exc}).",
                )
            ]
        filename = self.tables[table].filename
        self.errors += [RowError(filename, row.number, column, text) for column, text in problems]

    def where(self, row: ValidRow) -> str:
        return f"{self.tables[row.table].filename} row {row.number}"

    def audit(self, obj, before: dict | None, row: ValidRow, detail: str = "") -> None:
        """A create (no `before`) or update event on the child's history."""
        changes = diff(before or {}, snapshot(obj))
        if before is not None and not changes:
            return
        record(
            Action.CREATE if before is None else Action.UPDATE,
            actor=self.actor,
            actor_label=self.actor_label,
            obj=obj,
            changes=changes,
            detail=detail or f"SSDA903 {self.report.year_label} import, {self.where(row)}",
        )

    def save(self, obj, before: dict | None, changed: list[str], row: ValidRow, check=None):
        _clean(obj)
        if check is not None:
            check(obj)
        if before is None:
            obj.save()
        else:
            auto = ["updated_at"] if hasattr(obj, "updated_at") else []
            obj.save(update_fields=[*changed, *auto])
        self.audit(obj, before, row)

    @staticmethod
    def prepare(existing: dict, key, build, data: dict) -> tuple:
        """The record for `key` with `data` applied, its state before (None if new)
        and the fields that changed."""
        obj = existing.get(key)
        before = None if obj is None else snapshot(obj)
        if obj is None:
            obj = build()
        return obj, before, _assign(obj, data)

    def upsert(self, table: str, row: ValidRow, parts: list[tuple], check=None) -> None:
        """Create or update the records of one row, each given as (existing records
        by key, key, a function making a new record, data): all of them or none."""
        changes = [
            _Change(existing, key, *self.prepare(existing, key, build, data))
            for existing, key, build, data in parts
        ]
        writes = [c for c in changes if c.before is None or c.changed]
        if not writes:
            self.tally(table, "unchanged")
            return

        def write():
            for c in writes:
                self.save(c.obj, c.before, c.changed, row, check)

        if self.attempt(table, row, write):
            for c in writes:
                c.existing[c.key] = c.obj
            created = any(c.before is None for c in writes)
            self.tally(table, "created" if created else "updated")

    def _existing(self, model, *key_fields, related: tuple = (), **filters) -> dict:
        children = {c.pk: c for c in self.children.values()}
        qs = model.objects.filter(child__in=list(children), **filters)
        if related:
            qs = qs.select_related(*related)
        found = {}
        for obj in qs:
            obj.child = children[obj.child_id]  # for the audit snapshot, without a query
            found[(obj.child_id, *(getattr(obj, f) for f in key_fields))] = obj
        return found

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
            before = None if child is None else snapshot(child)
            if child is None:
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
            created = before is None
            if created or changed:
                write = partial(self.save, child, before, list(dict.fromkeys(changed)), row)
                saved = self.attempt(cols.HEADER.name, row, write)
                if not saved:
                    for table, _names in side_tables:
                        self.held_back[table] = self.held_back.get(table, 0) + 1
                    continue
            self.tally(
                cols.HEADER.name, "created" if created else "updated" if changed else "unchanged"
            )
            for table, names in side_tables:
                self.tally(table, "created" if created else "updated" if names else "unchanged")
            self.children[row.child] = child

    # Records of the child ------------------------------------------------------------

    def write_episodes(self) -> None:
        existing = self._existing(CareEpisode, "started_on")
        # In date order, so an episode is ended before the next one is checked against it.
        rows = sorted(self.rows_of(cols.EPISODES), key=lambda r: (r.child, r.data["started_on"]))
        for row in rows:
            child = self.children[row.child]
            key = (child.pk, row.data["started_on"])
            build = partial(CareEpisode, child=child)
            self.upsert(
                cols.EPISODES.name, row, [(existing, key, build, row.data)], check=_check_episode
            )

    def write_oc2(self) -> None:
        outcomes = self._existing(AnnualHealthOutcome, "year_ending")
        carer = SdqAssessment.Informant.CARER
        sdqs = self._existing(SdqAssessment, "assessed_on", "informant", informant=carer)
        year_ending = self.year_ending
        for row in self.rows_of(cols.OC2):
            child = self.children[row.child]
            flags = {flag.lower(): row.data[flag.lower()] for flag in OC2_FLAGS}
            parts = [
                (
                    outcomes,
                    (child.pk, year_ending),
                    partial(AnnualHealthOutcome, child=child, year_ending=year_ending),
                    flags,
                )
            ]
            if row.data["score"] is not None or row.data["reason_not_completed"]:
                parts.append(
                    (
                        sdqs,
                        (child.pk, year_ending, carer),
                        partial(
                            SdqAssessment, child=child, assessed_on=year_ending, informant=carer
                        ),
                        {
                            "score": row.data["score"],
                            "reason_not_completed": row.data["reason_not_completed"],
                        },
                    )
                )
            self.upsert(cols.OC2.name, row, parts)

    def write_missing(self) -> None:
        existing = self._existing(MissingEpisode, "kind", "started_on")
        for row in self.rows_of(cols.MISSING):
            child = self.children[row.child]
            key = (child.pk, row.data["kind"], row.data["started_on"])
            build = partial(MissingEpisode, child=child)
            self.upsert(cols.MISSING.name, row, [(existing, key, build, row.data)])

    def write_reviews(self) -> None:
        existing = self._existing(CareReview, "held_on")
        for row in self.rows_of(cols.REVIEWS):
            child = self.children[row.child]
            key = (child.pk, row.data["held_on"])
            build = partial(CareReview, child=child)
            self.upsert(cols.REVIEWS.name, row, [(existing, key, build, row.data)])

    # Social worker episodes ----------------------------------------------------------

    def write_sw_episodes(self) -> None:
        """Allocations obey the rule the app's own allocations do (children.services):
        a new social worker episode ends the allocation current on its start date,
        and is refused if the same worker is already allocated or a later allocation
        exists. Allocations the extract itself describes are left to the extract,
        which must give one social worker at a time."""
        rows = self.rows_of(cols.SW_EPISODES)
        if not rows:
            return
        workers: dict[str, User] = {}
        ids = {r.data["worker_reference"] for r in rows}
        for user in User.objects.filter(social_worker_id__in=ids).order_by("-is_active", "pk"):
            workers.setdefault(user.social_worker_id, user)
        existing = self._existing(
            Allocation, "started_on", "worker_reference", related=("worker",), kind=SOCIAL_WORKER
        )
        by_child: dict[str, list[ValidRow]] = {}
        for row in sorted(rows, key=lambda r: r.data["started_on"]):
            by_child.setdefault(row.child, []).append(row)
        for child_id, child_rows in by_child.items():
            child = self.children[child_id]
            own: set[int] = set()  # allocations this extract describes
            for row in child_rows:
                key = (child.pk, row.data["started_on"], row.data["worker_reference"])
                worker = workers.get(row.data["worker_reference"])
                if key not in existing and worker is not None:
                    # The same allocation made in the app, naming the worker but not the ID.
                    unnamed = (child.pk, row.data["started_on"], "")
                    if unnamed in existing and existing[unnamed].worker_id == worker.pk:
                        existing[key] = existing.pop(unnamed)
                if key in existing:
                    own.add(existing[key].pk)
            for row in self.one_at_a_time(child_rows):
                self.write_sw_episode(row, child, workers, existing, own)

    def one_at_a_time(self, rows: list[ValidRow]) -> list[ValidRow]:
        """A child's episodes, in date order, less those that start while an earlier
        one is still open (each of those is a row error)."""
        kept: list[ValidRow] = []
        for row in rows:
            started = row.data["started_on"]
            earlier = kept[-1].data if kept else None
            if earlier and (earlier["ended_on"] is None or earlier["ended_on"] > started):
                runs = (
                    "is still open"
                    if earlier["ended_on"] is None
                    else f"ends on {format_date(earlier['ended_on'])}"
                )
                self.errors.append(
                    RowError(
                        self.tables[cols.SW_EPISODES.name].filename,
                        row.number,
                        "SW_DECOM",
                        f"This episode starts on {format_date(started)}, but the episode on "
                        f"row {kept[-1].number} ({earlier['worker_reference']}, from "
                        f"{format_date(earlier['started_on'])}) {runs}. A child has one social "
                        f"worker at a time: end that episode on or before {format_date(started)}.",
                    )
                )
                continue
            kept.append(row)
        return kept

    def write_sw_episode(
        self, row: ValidRow, child: Child, workers: dict, existing: dict, own: set
    ) -> None:
        table = cols.SW_EPISODES.name
        reference = row.data["worker_reference"]
        worker = workers.get(reference)
        key = (child.pk, row.data["started_on"], reference)
        data = dict(row.data)
        if worker is not None:
            data["worker"] = worker
        obj, before, changed = self.prepare(
            existing, key, partial(Allocation, child=child, kind=SOCIAL_WORKER), data
        )
        if before is not None and not changed:
            self.tally(table, "unchanged")
            return
        notes: list[str] = []

        def write():
            check_worker_role(SOCIAL_WORKER, worker)
            current = check_allocation_start(
                child=child,
                kind=SOCIAL_WORKER,
                worker=worker,
                started_on=row.data["started_on"],
                ended_on=row.data["ended_on"],
                exclude=own,
            )
            for allocation in current:
                notes.append(self.end_allocation(allocation, child, row))
            self.save(obj, before, changed, row)

        if self.attempt(table, row, write):
            existing[key] = obj
            own.add(obj.pk)
            self.notes += notes
            self.tally(table, "created" if before is None else "updated")

    def end_allocation(self, allocation: Allocation, child: Child, row: ValidRow) -> str:
        """End an allocation made in the app the day before the row's episode starts,
        as starting an allocation in the app does."""
        allocation.child = child
        before = snapshot(allocation)
        allocation.ended_on = row.data["started_on"] - timedelta(days=1)
        _clean(allocation)
        allocation.save(update_fields=["ended_on"])
        self.audit(
            allocation,
            before,
            row,
            detail=f"SSDA903 {self.report.year_label} import: ended by the social worker "
            f"episode on {self.where(row)}",
        )
        who = allocation.worker or allocation.worker_reference
        return (
            f"Child {child.local_id}: {who}'s allocation from "
            f"{format_date(allocation.started_on)} now ends on "
            f"{format_date(allocation.ended_on)}, the day before the social worker episode on "
            f"{self.where(row)} starts."
        )


class _Change(NamedTuple):
    existing: dict
    key: tuple
    obj: object
    before: dict | None
    changed: list[str]
