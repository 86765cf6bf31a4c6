"""Checking an SSDA903 extract row by row before anything is saved.

Each row is checked on its own (codes from children/codes.py, dd/mm/yyyy dates,
UPN check letters, ranges) and against the header table (every child must be in
header.csv and the DOB repeated in other tables must match it). A row whose child
has a bad header row is not an error in itself, but it cannot be saved; it is
counted as held back.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models

from children import codes
from children.validators import validate_upn

from . import columns as cols
from .parse import (
    DateError,
    RawRow,
    RawTable,
    RowError,
    check_partial_date,
    format_date,
    parse_date,
    year_label,
)

# What each column holds, for messages.
DESCRIPTIONS = {
    "CHILD": "child's ID",
    "SEX": "sex",
    "DOB": "date of birth",
    "ETHNIC": "ethnicity",
    "UPN": "unique pupil number",
    "MOTHER": "mother status",
    "MC_DOB": "date of birth of the mother's child",
    "DECOM": "date the episode started",
    "RNE": "reason for new episode",
    "LS": "legal status",
    "CIN": "category of need",
    "PLACE": "placement type",
    "PLACE_PROVIDER": "placement provider",
    "DEC": "date the episode ceased",
    "REC": "reason episode ceased",
    "REASON_PLACE_CHANGE": "reason for placement change",
    "REVIEW": "review date",
    "REVIEW_CODE": "review participation",
    "DUC": "date UASC status ceased",
    "SDQ_SCORE": "SDQ score",
    "SDQ_REASON": "reason for no SDQ score",
    "MISSING": "missing or away type",
    "MIS_START": "date the missing episode started",
    "MIS_END": "date the missing episode ended",
    "PREV_PERM": "previous permanence option",
    "LA_PERM": "local authority that arranged the previous permanence",
    "DATE_PERM": "date of the previous permanence order",
    "SW_ID": "social worker ID",
    "SW_DECOM": "date the social worker episode started",
    "SW_DEC": "date the social worker episode ended",
    "SW_REASON": "reason for the change of social worker",
}

CODE_LISTS: dict[str, type[models.TextChoices]] = {
    "SEX": codes.Sex,
    "ETHNIC": codes.Ethnicity,
    "RNE": codes.ReasonNewEpisode,
    "LS": codes.LegalStatus,
    "CIN": codes.CategoryOfNeed,
    "PLACE": codes.PlacementType,
    "PLACE_PROVIDER": codes.PlacementProvider,
    "REC": codes.ReasonEpisodeCeased,
    "REASON_PLACE_CHANGE": codes.ReasonPlacementChange,
    "MISSING": codes.MissingType,
    "SDQ_REASON": codes.SdqReason,
    "REVIEW_CODE": codes.ReviewParticipation,
    "PREV_PERM": codes.PreviousPermanence,
    "SW_REASON": codes.SocialWorkerChangeReason,
}

OC2_FLAGS = (
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
)
LA_PERM_OUTSIDE_ENGLAND = {"WAL", "SCO", "NUK", "NIR"}
RETIRED_FROM_YEAR = 2026  # H5, P2 and Z1 left the placement types with 2025/26
# The column that, with the child, identifies a row (None: one row per child).
KEY_COLUMNS = {
    cols.EPISODES.name: "DECOM",
    cols.UASC.name: None,
    cols.OC2.name: None,
    cols.MISSING.name: "MIS_START",
    cols.REVIEWS.name: "REVIEW",
    cols.PREV_PERM.name: None,
    cols.SW_EPISODES.name: "SW_DECOM",
}


@dataclass
class ValidRow:
    table: str
    number: int
    child: str
    data: dict


@dataclass
class Checked:
    """The outcome of checking an extract."""

    tables: dict[str, RawTable]
    errors: list[RowError] = field(default_factory=list)
    rows: dict[str, list[ValidRow]] = field(default_factory=dict)
    held_back: dict[str, int] = field(default_factory=dict)  # good rows of bad children

    @property
    def good_rows(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


class _Row:
    """Collects the errors of one row while its cells are read."""

    def __init__(self, raw: RawTable, row: RawRow, errors: list[RowError]):
        self.file = raw.filename
        self.row = row
        self._errors = errors
        self.ok = True

    def error(self, column: str, message: str) -> None:
        self._errors.append(RowError(self.file, self.row.number, column, message))
        self.ok = False

    def blank(self, column: str) -> None:
        self.error(column, f"This is blank. Enter the {DESCRIPTIONS.get(column, column)}.")

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.row[column]
        if not value:
            if required:
                self.blank(column)
            return ""
        if max_length and len(value) > max_length:
            self.error(column, f"'{value}' is too long: use at most {max_length} characters.")
            return ""
        return value

    def code(self, column: str, *, required: bool = False, year: int | None = None) -> str:
        value = self.row[column].upper()
        if not value:
            if required:
                self.blank(column)
            return ""
        choices = CODE_LISTS[column]
        if value in choices.values:
            return value
        what = DESCRIPTIONS[column]
        if column == "PLACE" and value in codes.RETIRED_PLACEMENT_TYPES:
            retired = codes.RETIRED_PLACEMENT_TYPES[value]
            if year and year >= RETIRED_FROM_YEAR:
                problem = f"is not a placement type in the {year_label(year)} return"
            else:
                problem = "is a retired placement type, which cannot be recorded"
            self.error(
                column, f"'{value}' {problem}: {value} was {retired[0].lower()}{retired[1:]}."
            )
        else:
            article = "an" if what[0] in "aeiou" else "a"
            self.error(
                column,
                f"'{self.row[column]}' is not {article} {what} code. "
                f"Use one of {', '.join(choices.values)}.",
            )
        return ""

    def date(self, column: str, *, required: bool = False) -> date | None:
        value = self.row[column]
        if not value:
            if required:
                self.blank(column)
            return None
        try:
            return parse_date(value)
        except DateError as exc:
            self.error(column, str(exc))
            return None

    def flag(self, column: str) -> bool | None:
        value = self.row[column]
        if value == "":
            return None
        if value in ("0", "1"):
            return value == "1"
        self.error(
            column, f"'{value}' is not allowed: enter 1 for yes, 0 for no, or leave it blank."
        )
        return None

    def not_before(self, later: str, later_value, earlier: str, earlier_value, what: str) -> None:
        if later_value and earlier_value and later_value < earlier_value:
            self.error(
                later,
                f"{later} {format_date(later_value)} is before {earlier} "
                f"{format_date(earlier_value)}: {what} cannot end before it starts.",
            )


def _age_on(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def check(tables: dict[str, RawTable], *, year: int, today: date) -> Checked:
    result = Checked(tables=tables)
    header = tables.get(cols.HEADER.name)
    if header is None:
        result.errors.append(
            RowError(
                cols.HEADER.filename,
                None,
                "",
                "The header table is missing. Upload it: it lists every child "
                f"({', '.join(cols.HEADER.columns)}).",
            )
        )
        return result

    children = _check_header(header, result, today)
    in_header = {raw_row["CHILD"] for raw_row in header.rows}

    checkers = {
        cols.EPISODES.name: _episode,
        cols.UASC.name: _uasc,
        cols.OC2.name: _oc2,
        cols.MISSING.name: _missing,
        cols.REVIEWS.name: _review,
        cols.PREV_PERM.name: _prev_perm,
        cols.SW_EPISODES.name: _sw_episode,
    }
    for name, checker in checkers.items():
        raw = tables.get(name)
        if raw is None:
            continue
        keys: dict[tuple, int] = {}
        for raw_row in raw.rows:
            row = _Row(raw, raw_row, result.errors)
            child_id = raw_row["CHILD"]
            parent = children.get(child_id)
            if not child_id:
                row.blank("CHILD")
            elif child_id not in in_header:
                row.error(
                    "CHILD",
                    f"Child {child_id} is not in {header.filename}. Every child needs a row there.",
                )
            data, key = checker(row, parent, header.filename, year)
            if row.ok:
                key_column = KEY_COLUMNS[name]
                if key in keys:
                    row.error(
                        key_column or "CHILD",
                        f"This repeats row {keys[key]}: the same child"
                        + (f" and {DESCRIPTIONS[key_column]}" if key_column else "")
                        + " cannot appear twice.",
                    )
                else:
                    keys[key] = raw_row.number
            if not row.ok:
                continue
            if parent is None:  # the child's header row has errors
                result.held_back[name] = result.held_back.get(name, 0) + 1
                continue
            result.rows.setdefault(name, []).append(ValidRow(name, raw_row.number, child_id, data))
    return result


def _check_header(raw: RawTable, result: Checked, today: date) -> dict[str, ValidRow]:
    """Valid header rows by child ID."""
    valid: dict[str, ValidRow] = {}
    seen: dict[str, int] = {}
    for raw_row in raw.rows:
        row = _Row(raw, raw_row, result.errors)
        child_id = row.text("CHILD", required=True, max_length=20)
        if child_id in seen:
            row.error("CHILD", f"Child {child_id} is already on row {seen[child_id]}.")
        elif child_id:
            seen[child_id] = raw_row.number
        sex = row.code("SEX", required=True)
        dob = row.date("DOB", required=True)
        if dob and dob > today:
            row.error(
                "DOB", f"{format_date(dob)} is in the future. Enter a date of birth in the past."
            )
        ethnicity = row.code("ETHNIC", required=True)
        upn = raw_row["UPN"].upper()
        if upn:
            try:
                validate_upn(upn)
            except ValidationError as exc:
                row.error("UPN", exc.messages[0])
        mother = raw_row["MOTHER"]
        is_mother = None
        if mother in ("0", "1"):
            is_mother = mother == "1"
        elif mother:
            row.error("MOTHER", f"'{mother}' is not allowed: enter 1 if she is a mother, 0 if not.")
        mc_dob = row.date("MC_DOB")
        if mc_dob and mother != "1":
            row.error(
                "MC_DOB", "Give the date of birth of the mother's child only when MOTHER is 1."
            )
        if row.ok:
            valid[child_id] = ValidRow(
                cols.HEADER.name,
                raw_row.number,
                child_id,
                {
                    "sex": sex,
                    "date_of_birth": dob,
                    "ethnicity": ethnicity,
                    "upn": upn,
                    "is_mother": is_mother,
                    "mothers_child_dob": mc_dob,
                },
            )
    result.rows[cols.HEADER.name] = list(valid.values())
    return valid


def _same_dob(row: _Row, parent: ValidRow | None, header_file: str) -> date | None:
    dob = row.date("DOB", required=True)
    if dob and parent and dob != parent.data["date_of_birth"]:
        row.error(
            "DOB",
            f"{format_date(dob)} does not match the date of birth in {header_file} "
            f"({format_date(parent.data['date_of_birth'])}).",
        )
    return dob


def _episode(row: _Row, parent, header_file, year):
    started = row.date("DECOM", required=True)
    data = {
        "started_on": started,
        "reason_new_episode": row.code("RNE", required=True),
        "legal_status": row.code("LS", required=True),
        "category_of_need": row.code("CIN", required=True),
        "placement_type": row.code("PLACE", required=True, year=year),
        "placement_provider": row.code("PLACE_PROVIDER"),
        "ended_on": row.date("DEC"),
        "reason_ceased": row.code("REC"),
        "reason_placement_change": row.code("REASON_PLACE_CHANGE"),
        "home_postcode": row.text("HOME_POST", max_length=10),
        "placement_postcode": row.text("PL_POST", max_length=10),
        "placement_urn": row.text("URN", max_length=8).upper(),
    }
    row.not_before("DEC", data["ended_on"], "DECOM", started, "an episode")
    if row.row["DEC"] and not row.row["REC"]:
        row.error(
            "REC",
            "This is blank but the episode has an end date (DEC). "
            "Enter the reason the episode ceased.",
        )
    if row.row["REC"] and not row.row["DEC"]:
        row.error(
            "DEC",
            "This is blank but the episode has a reason it ceased (REC). "
            "Enter the date it ceased, or leave both blank while it is open.",
        )
    return data, (row.row["CHILD"], started)


def _uasc(row: _Row, parent, header_file, year):
    sex = row.code("SEX", required=True)
    if sex and parent and sex != parent.data["sex"]:
        row.error("SEX", f"{sex} does not match the sex in {header_file} ({parent.data['sex']}).")
    _same_dob(row, parent, header_file)
    data = {"uasc_ceased_on": row.date("DUC")}
    return data, (row.row["CHILD"],)


def _oc2(row: _Row, parent, header_file, year):
    _same_dob(row, parent, header_file)
    raw_score = row.row["SDQ_SCORE"]
    score = None
    if raw_score:
        if raw_score.isdigit() and 0 <= int(raw_score) <= 40:
            score = int(raw_score)
        elif raw_score.isdigit():
            row.error("SDQ_SCORE", f"'{raw_score}' is not an SDQ score: scores run from 0 to 40.")
        else:
            row.error(
                "SDQ_SCORE",
                f"'{raw_score}' is not an SDQ score: enter a whole number from 0 to 40.",
            )
    reason = row.code("SDQ_REASON")
    if raw_score and reason:
        row.error("SDQ_REASON", "Give either an SDQ score or a reason for no score, not both.")
    data = {"score": score, "reason_not_completed": reason}
    data.update({flag.lower(): row.flag(flag) for flag in OC2_FLAGS})
    return data, (row.row["CHILD"],)


def _missing(row: _Row, parent, header_file, year):
    _same_dob(row, parent, header_file)
    data = {
        "kind": row.code("MISSING", required=True),
        "started_on": row.date("MIS_START", required=True),
        "ended_on": row.date("MIS_END"),
    }
    row.not_before(
        "MIS_END", data["ended_on"], "MIS_START", data["started_on"], "a missing episode"
    )
    return data, (row.row["CHILD"], data["kind"], data["started_on"])


def _review(row: _Row, parent, header_file, year):
    _same_dob(row, parent, header_file)
    held = row.date("REVIEW", required=True)
    code = row.code("REVIEW_CODE", required=True)
    if held and code and parent:
        age = _age_on(parent.data["date_of_birth"], held)
        if code == codes.ReviewParticipation.PN0 and age >= 4:
            row.error(
                "REVIEW_CODE",
                f"PN0 is only for a child under 4 on the review date, but this child was "
                f"{age} on {format_date(held)}. Record how the child took part (PN1 to PN7).",
            )
        elif code != codes.ReviewParticipation.PN0 and age < 4:
            row.error(
                "REVIEW_CODE",
                f"This child was {age} on {format_date(held)}: a child under 4 is recorded as PN0.",
            )
    return {"held_on": held, "participation": code}, (row.row["CHILD"], held)


def _prev_perm(row: _Row, parent, header_file, year):
    _same_dob(row, parent, header_file)
    option = row.code("PREV_PERM", required=True)
    la = row.row["LA_PERM"].upper()
    if la and not (la in LA_PERM_OUTSIDE_ENGLAND or (la.isdigit() and len(la) == 3)):
        row.error(
            "LA_PERM",
            f"'{row.row['LA_PERM']}' is not a local authority code: use the 3-digit DfE number, "
            "or WAL, SCO, NIR or NUK for an order made outside England.",
        )
    when = row.row["DATE_PERM"].upper()
    if when:
        try:
            check_partial_date(when)
        except DateError as exc:
            row.error("DATE_PERM", str(exc))
    if option == codes.PreviousPermanence.Z1 and (la or when):
        row.error(
            "LA_PERM" if la else "DATE_PERM",
            "PREV_PERM is Z1 (no previous permanence option), "
            "so leave LA_PERM and DATE_PERM blank.",
        )
    data = {
        "previous_permanence": option,
        "previous_permanence_la": la,
        "previous_permanence_date": when,
    }
    return data, (row.row["CHILD"],)


def _sw_episode(row: _Row, parent, header_file, year):
    _same_dob(row, parent, header_file)
    worker = row.text("SW_ID", required=True, max_length=20).upper()
    if worker and not (worker[:2] in ("SW", "XX") and len(worker) >= 4):
        row.error(
            "SW_ID",
            f"'{row.row['SW_ID']}' is not a social worker ID: it starts with SW (or XX when "
            "not known) and has at least 4 characters.",
        )
    started = row.date("SW_DECOM", required=True)
    ended = row.date("SW_DEC")
    row.not_before("SW_DEC", ended, "SW_DECOM", started, "a social worker episode")
    data = {
        "worker_reference": worker,
        "started_on": started,
        "ended_on": ended,
        "change_reason": row.code("SW_REASON"),
    }
    return data, (row.row["CHILD"], started)
