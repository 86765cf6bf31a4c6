"""Writing an SSDA903 return for one collection year, in the DfE validator's format.

What belongs in the return for the year 1 April (YYYY-1) to 31 March YYYY:
- header: every child with a care episode open at some point in the year;
- episodes: those open at some point in the year. The return is as at 31 March,
  so an episode that ended after 31 March is written as still open (no DEC, REC
  or reason for placement change);
- uasc: those children recorded as unaccompanied asylum-seeking children;
- oc2: every child looked after continuously for at least 12 months at 31 March
  (the validator's own test: in care during the year, did not start to be looked
  after or leave care during it, no short-break episodes);
- reviews held in the year; missing episodes open at some point in the year;
- prev_perm: every child who started to be looked after in the year (RNE S);
- sw_episodes: social worker allocations open at some point in the year;
- ad1, oc3, placed_adoption (and dolo from 2026/27), which the app does not keep,
  as header-only files, because the validator skips many rules without them.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db.models import Q, QuerySet

from children import codes
from children.models import (
    Allocation,
    AnnualHealthOutcome,
    CareEpisode,
    CareReview,
    Child,
    MissingEpisode,
    SdqAssessment,
)
from vsh.audit.services import Action, record

from . import columns as cols
from .parse import format_date, period, year_label

FIRST_YEAR = 2025  # SEX codes M/F/U and the current code lists start with 2024/25
SHORT_BREAK_STATUSES = {codes.LegalStatus.V3, codes.LegalStatus.V4}


@dataclass
class Return:
    year: int
    tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def counts(self) -> dict[str, int]:
        return {cols.BY_NAME[name].filename: len(rows) for name, rows in self.tables.items()}

    def csv_text(self, name: str) -> str:
        table = cols.BY_NAME[name]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=table.columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.tables[name])
        return out.getvalue()

    def write(self, directory: str | Path) -> list[Path]:
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name in self.tables:
            path = folder / cols.BY_NAME[name].filename
            path.write_text(self.csv_text(name), encoding="utf-8")
            paths.append(path)
        return paths

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in self.tables:
                archive.writestr(cols.BY_NAME[name].filename, self.csv_text(name))
        return buffer.getvalue()

    @property
    def zip_name(self) -> str:
        return f"ssda903-{self.year - 1}-{str(self.year)[-2:]}.zip"


def _flag(value: bool | None) -> str:
    return "" if value is None else "1" if value else "0"


def _within(day: date | None, end: date) -> date | None:
    """An end date after 31 March is not yet known at 31 March."""
    return day if day is not None and day <= end else None


def _overlapping(qs: QuerySet, start: date, end: date) -> QuerySet:
    return qs.filter(started_on__lte=end).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))


def build_return(year: int, children: QuerySet | None = None) -> Return:
    """The return's tables for collection `year`, from `children` (default: all)."""
    if year < FIRST_YEAR:
        raise ValueError(f"The app writes returns from {year_label(FIRST_YEAR)} onwards.")
    start, end = period(year)
    children = Child.objects.all() if children is None else children
    episodes = list(
        _overlapping(CareEpisode.objects.filter(child__in=children), start, end)
        .select_related("child")
        .order_by("child__local_id", "started_on")
    )
    in_care = sorted({e.child for e in episodes}, key=lambda c: c.local_id)
    child_ids = [c.pk for c in in_care]
    result = Return(year)
    tables = result.tables

    tables[cols.HEADER.name] = [_header_row(c, end) for c in in_care]

    episode_rows: dict[int, list[dict]] = {}
    for episode in episodes:
        ended = _within(episode.ended_on, end)
        row = {
            "CHILD": episode.child.local_id,
            "DECOM": format_date(episode.started_on),
            "RNE": episode.reason_new_episode,
            "LS": episode.legal_status,
            "CIN": episode.category_of_need,
            "PLACE": episode.placement_type,
            "PLACE_PROVIDER": episode.placement_provider,
            "DEC": format_date(ended),
            "REC": episode.reason_ceased if ended else "",
            "REASON_PLACE_CHANGE": episode.reason_placement_change if ended else "",
            "HOME_POST": episode.home_postcode,
            "PL_POST": episode.placement_postcode,
            "URN": episode.placement_urn,
        }
        episode_rows.setdefault(episode.child_id, []).append(row)
    tables[cols.EPISODES.name] = [row for rows in episode_rows.values() for row in rows]

    dob = {c.pk: format_date(c.date_of_birth) for c in in_care}

    reviews = (
        CareReview.objects.filter(child_id__in=child_ids, held_on__range=(start, end))
        .select_related("child")
        .order_by("child__local_id", "held_on")
    )
    tables[cols.REVIEWS.name] = [
        {
            "CHILD": r.child.local_id,
            "DOB": dob[r.child_id],
            "REVIEW": format_date(r.held_on),
            "REVIEW_CODE": r.participation,
        }
        for r in reviews
    ]

    tables[cols.UASC.name] = [
        {"CHILD": c.local_id, "SEX": c.sex, "DOB": dob[c.pk], "DUC": format_date(c.uasc_ceased_on)}
        for c in in_care
        if c.is_uasc
    ]

    tables[cols.OC2.name] = _oc2_rows(
        [c for c in in_care if _continuously_looked_after(episode_rows[c.pk], start, end)],
        dob,
        start,
        end,
    )
    for table in (cols.OC3, cols.AD1, cols.PLACED_ADOPTION):
        tables[table.name] = []

    tables[cols.PREV_PERM.name] = [
        {
            "CHILD": c.local_id,
            "DOB": dob[c.pk],
            "PREV_PERM": c.previous_permanence,
            "LA_PERM": c.previous_permanence_la,
            "DATE_PERM": c.previous_permanence_date,
        }
        for c in in_care
        if any(
            row["RNE"] == codes.ReasonNewEpisode.S and _date(row["DECOM"]) >= start
            for row in episode_rows[c.pk]
        )
    ]

    missing = (
        _overlapping(MissingEpisode.objects.filter(child_id__in=child_ids), start, end)
        .select_related("child")
        .order_by("child__local_id", "started_on")
    )
    tables[cols.MISSING.name] = [
        {
            "CHILD": m.child.local_id,
            "DOB": dob[m.child_id],
            "MISSING": m.kind,
            "MIS_START": format_date(m.started_on),
            "MIS_END": format_date(_within(m.ended_on, end)),
        }
        for m in missing
    ]

    social_workers = (
        _overlapping(
            Allocation.objects.filter(child_id__in=child_ids, kind=Allocation.Kind.SOCIAL_WORKER),
            start,
            end,
        )
        .select_related("child", "worker")
        .order_by("child__local_id", "started_on")
    )
    tables[cols.SW_EPISODES.name] = [
        {
            "CHILD": a.child.local_id,
            "DOB": dob[a.child_id],
            "SW_ID": a.worker_reference or (a.worker.social_worker_id if a.worker else ""),
            "SW_DECOM": format_date(a.started_on),
            "SW_DEC": format_date(_within(a.ended_on, end)),
            "SW_REASON": a.change_reason,
        }
        for a in social_workers
    ]
    if year >= cols.DOLO.first_year:
        tables[cols.DOLO.name] = []
    # The validator's table order; values trimmed, as it reads them untrimmed.
    result.tables = {
        t.name: [{k: (v or "").strip() for k, v in row.items()} for row in tables[t.name]]
        for t in cols.tables_for_year(year)
    }
    return result


def _date(text: str) -> date:
    day, month, year = (int(p) for p in text.split("/"))
    return date(year, month, day)


def _header_row(child: Child, end: date) -> dict[str, str]:
    mother_child_dob = child.mothers_child_dob
    is_mother = child.is_mother
    if mother_child_dob and mother_child_dob > end:
        # Her child was born after 31 March: at the end of the year she was not a mother.
        is_mother, mother_child_dob = False, None
    return {
        "CHILD": child.local_id,
        "SEX": child.sex,
        "DOB": format_date(child.date_of_birth),
        "ETHNIC": child.ethnicity,
        "UPN": child.upn.strip().upper(),
        "MOTHER": _flag(is_mother),
        "MC_DOB": format_date(mother_child_dob),
    }


def _continuously_looked_after(rows: list[dict], start: date, end: date) -> bool:
    """The validator's CONTINUOUSLY_LOOKED_AFTER test, on the rows as written."""
    for row in rows:
        decom = _date(row["DECOM"])
        dec = _date(row["DEC"]) if row["DEC"] else None
        if row["RNE"] == codes.ReasonNewEpisode.S and start < decom <= end:
            return False
        if dec and row["REC"] != codes.ReasonEpisodeCeased.X1 and start <= dec < end:
            return False
        if row["LS"] in SHORT_BREAK_STATUSES:
            return False
    return bool(rows)


def _oc2_rows(children: list[Child], dob: dict, start: date, end: date) -> list[dict]:
    ids = [c.pk for c in children]
    outcomes = {
        o.child_id: o for o in AnnualHealthOutcome.objects.filter(child_id__in=ids, year_ending=end)
    }
    sdqs: dict[int, SdqAssessment] = {}
    for sdq in SdqAssessment.objects.filter(
        child_id__in=ids,
        informant=SdqAssessment.Informant.CARER,
        assessed_on__range=(start, end),
    ).order_by("assessed_on", "pk"):
        sdqs[sdq.child_id] = sdq  # the latest in the year wins
    rows = []
    for child in children:
        outcome = outcomes.get(child.pk)
        sdq = sdqs.get(child.pk)
        row = {
            "CHILD": child.local_id,
            "DOB": dob[child.pk],
            "SDQ_SCORE": "" if sdq is None or sdq.score is None else str(sdq.score),
            "SDQ_REASON": sdq.reason_not_completed if sdq else "",
        }
        for column in cols.OC2.columns[4:]:
            row[column] = _flag(getattr(outcome, column.lower())) if outcome else ""
        rows.append(row)
    return rows


def export_return(
    year: int,
    *,
    directory: str | Path | None = None,
    children: QuerySet | None = None,
    actor=None,
    actor_label: str = "",
) -> Return:
    """Build the return, write it to `directory` if given, and record the export."""
    result = build_return(year, children)
    if directory is not None:
        result.write(directory)
    record(
        Action.EXPORT,
        actor=actor,
        actor_label=actor_label,
        detail=f"SSDA903 {result.label} return exported: "
        f"{len(result.tables[cols.HEADER.name])} children",
        changes={"kind": "ssda903", "year": year, "counts": result.counts},
    )
    return result
