"""Attendance and attainment from schools' CSV files (MIS exports).

Checking a file saves nothing: it reads every row, finds the child by UPN among the
children the uploader can change, and reports each problem with its spreadsheet row
(the column headings are row 1), column, value and what to do about it. Saving the
good rows is a separate step, through the services, so an upload can be shown to
the person first. Saving is an upsert (attendance by child, school and period start;
assessments by child, term, subject and measure), so the same file imported twice
changes nothing the second time."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from children.models import Child, Enrolment
from children.school_years import academic_year_start
from children.validators import UNKNOWN_UPN_CODES, validate_upn
from schools.models import School
from vsh.core.csvsafe import cell
from vsh.terms.models import Season, Term
from vsh.terms.services import default_terms

from . import codes, services
from .models import Assessment, AttendanceRecord
from .selectors import period_label

MAX_ROWS = 10_000
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
WHOLE_NUMBER = "Enter a whole number of sessions, such as 38"

ATTENDANCE_HEADINGS = ["UPN", "Period start", "Period end"]
ATTAINMENT_HEADINGS = [
    "UPN",
    "Term",
    "Subject",
    "Measure",
    "Actual",
    "Predicted",
    "Target",
    "Subject name",
]
# Other headings MIS exports use for the same columns.
ALIASES = {
    "upn": "UPN",
    "pupil upn": "UPN",
    "unique pupil number": "UPN",
    "period start": "Period start",
    "start date": "Period start",
    "start": "Period start",
    "from": "Period start",
    "period end": "Period end",
    "end date": "Period end",
    "end": "Period end",
    "to": "Period end",
    "term": "Term",
    "subject": "Subject",
    "measure": "Measure",
    "actual": "Actual",
    "actual result": "Actual",
    "result": "Actual",
    "predicted": "Predicted",
    "prediction": "Predicted",
    "target": "Target",
    "subject name": "Subject name",
}
GROUP_FIELDS = {
    codes.AttendanceGroup.PRESENT: "present",
    codes.AttendanceGroup.APPROVED_ACTIVITY: "approved_activity",
    codes.AttendanceGroup.AUTHORISED: "authorised_absence",
    codes.AttendanceGroup.UNAUTHORISED: "unauthorised_absence",
    codes.AttendanceGroup.NOT_COUNTED: "not_counted",
}


@dataclass
class Problem:
    row: int  # as a spreadsheet numbers it: the headings are row 1
    column: str
    value: str
    message: str


@dataclass
class GoodRow:
    row: int
    child: Child
    label: str  # the period or the assessment, for the preview
    outcome: str  # "new", "changed" or "unchanged"
    data: dict = field(default_factory=dict)  # attendance fields
    term_key: tuple[int, str] | None = None  # (start year, season) of an assessment
    key: dict = field(default_factory=dict)  # subject, measure and subject name
    values: dict = field(default_factory=dict)  # actual, predicted and target


@dataclass
class Check:
    kind: str  # "attendance" or "attainment"
    filename: str
    rows_read: int = 0
    good: list[GoodRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    file_refused: bool = False

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.problems if p.row > 1})

    @property
    def children(self) -> list[dict]:
        """The children in the good rows, with how many rows each, by name."""
        found: dict[int, dict] = {}
        for row in self.good:
            entry = found.setdefault(row.child.pk, {"child": row.child, "rows": []})
            entry["rows"].append(row)
        return sorted(
            found.values(),
            key=lambda e: (e["child"].last_name.lower(), e["child"].first_name.lower()),
        )

    @property
    def outcomes(self) -> str:
        """ "2 new, 1 already recorded": what confirming would do."""
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        for row in self.good:
            counts[row.outcome] += 1
        words = {
            "new": "new",
            "changed": "changing what is recorded",
            "unchanged": "already recorded",
        }
        return ", ".join(f"{n} {words[outcome]}" for outcome, n in counts.items() if n)


# Reading the file ------------------------------------------------------------------


def _decode(content: bytes) -> str:
    # Excel on Windows saves "CSV" in Windows-1252 unless told to use UTF-8.
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _read(content: bytes, check: Check) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """The headings and the non-blank rows with their spreadsheet row numbers."""
    rows = list(csv.reader(io.StringIO(_decode(content))))
    if not rows or not any(cell.strip() for cell in rows[0]):
        _refuse(check, 1, "", "", "The file is empty. Upload a CSV file with column headings.")
        return None
    body = [(n, row) for n, row in enumerate(rows[1:], start=2) if any(c.strip() for c in row)]
    check.rows_read = len(body)
    if len(body) > MAX_ROWS:
        _refuse(
            check,
            1,
            "",
            "",
            f"The file has {len(body):,} rows. Split it into files of at most {MAX_ROWS:,} rows.",
        )
        return None
    return [cell.strip() for cell in rows[0]], body


def _refuse(check: Check, row: int, column: str, value: str, message: str) -> None:
    check.file_refused = True
    check.problems.append(Problem(row, column, value, message))


def _heading(text: str) -> str:
    return ALIASES.get(re.sub(r"[\s_\-]+", " ", text.strip().lower()), "")


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _upn(check: Check, number: int, text: str) -> str | None:
    upn = text.replace(" ", "").upper()
    if not upn:
        check.problems.append(
            Problem(number, "UPN", "", "Enter the pupil's UPN, such as A123456789012")
        )
        return None
    if upn in UNKNOWN_UPN_CODES:
        check.problems.append(
            Problem(
                number,
                "UPN",
                text,
                f"{upn} means the UPN is not known, so it cannot find the pupil. Enter the "
                "pupil's 13-character UPN, such as A123456789012",
            )
        )
        return None
    try:
        validate_upn(upn)
    except ValidationError:
        check.problems.append(
            Problem(
                number,
                "UPN",
                text,
                "This is not a valid UPN. Enter the 13 characters exactly as your MIS "
                "shows them: a letter, 11 digits, then a digit or letter, such as A123456789012",
            )
        )
        return None
    return upn


def _children_by_upn(user, upns: set[str]) -> dict[str, list[Child]]:
    """Only children the uploader can change: a UPN outside their reach is treated
    exactly like a UPN nobody has, so a file cannot reveal who exists elsewhere."""
    found: dict[str, list[Child]] = {}
    for child in Child.objects.visible_to(user, "change").filter(upn__in=upns):
        found.setdefault(child.upn, []).append(child)
    return found


def _child(check: Check, number: int, upn: str, children: dict) -> Child | None:
    matches = children.get(upn, [])
    if not matches:
        check.problems.append(
            Problem(
                number,
                "UPN",
                upn,
                f"No child you can update has UPN {upn}. Check the UPN against your MIS; "
                "if it is right, ask the virtual school to check the child's record.",
            )
        )
        return None
    if len(matches) > 1:
        check.problems.append(
            Problem(
                number,
                "UPN",
                upn,
                f"More than one child you can update has UPN {upn}. Ask the virtual school "
                "to correct the duplicate before importing this row.",
            )
        )
        return None
    return matches[0]


def _fmt(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


# Attendance ------------------------------------------------------------------------


def attendance_template() -> str:
    codes_in_order = list(codes.ATTENDANCE_CODES)
    return _csv_line(ATTENDANCE_HEADINGS + codes_in_order)


def _csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([cell(value) for value in cells])
    return out.getvalue()


def _attendance_columns(headings: list[str], check: Check) -> dict | None:
    named: dict[str, int] = {}
    code_columns: dict[str, int] = {}
    known = {**codes.ATTENDANCE_CODES, **codes.LEGACY_ATTENDANCE_CODES}
    for index, text in enumerate(headings):
        if not text:
            continue
        name = _heading(text)
        code = text.strip().upper()
        if name in ATTENDANCE_HEADINGS:
            target, key = named, name
        elif code in known:
            target, key = code_columns, code
        else:
            _refuse(
                check,
                1,
                text,
                text,
                f"‘{text}’ is not a DfE attendance code. Rename the column to the register "
                "code it counts (such as /, \\, L, I or O), or remove it.",
            )
            continue
        if key in target:
            _refuse(
                check,
                1,
                text,
                text,
                f"There are two ‘{text}’ columns. Keep one and remove the other.",
            )
            continue
        target[key] = index
    for heading in ATTENDANCE_HEADINGS:
        if heading not in named:
            _refuse(
                check,
                1,
                heading,
                "",
                f"Add a column headed ‘{heading}’. Download the template to see the headings.",
            )
    if not code_columns:
        _refuse(
            check,
            1,
            "",
            "",
            "Add one column for each attendance code, headed with the code (such as / or I), "
            "with the number of sessions in each row.",
        )
    if check.file_refused:
        return None
    return {"named": named, "codes": code_columns}


def _counts(check: Check, number: int, row: list[str], columns: dict) -> dict[str, int] | None:
    counts, ok = {}, True
    for code, index in columns.items():
        text = _cell(row, index)
        if not text:
            counts[code] = 0
        elif text.isdigit():
            counts[code] = int(text)
        else:
            check.problems.append(Problem(number, code, text, WHOLE_NUMBER))
            ok = False
    return counts if ok else None


def _dates(check: Check, number: int, row: list[str], named: dict) -> tuple | None:
    start_text = _cell(row, named["Period start"])
    end_text = _cell(row, named["Period end"])
    start, end = _date(start_text), _date(end_text)
    if start is None:
        check.problems.append(
            Problem(
                number,
                "Period start",
                start_text,
                "Enter the first day of the period as a date, such as 01/09/2025",
            )
        )
    if end is None:
        check.problems.append(
            Problem(
                number,
                "Period end",
                end_text,
                "Enter the last day of the period as a date, such as 05/09/2025",
            )
        )
    if start is None or end is None:
        return None
    if end < start:
        check.problems.append(
            Problem(
                number,
                "Period end",
                end_text,
                f"The period ends before it starts ({start_text}). Enter the last day of the "
                "period, on or after its first day",
            )
        )
        return None
    if start > timezone.localdate():
        check.problems.append(
            Problem(
                number,
                "Period start",
                start_text,
                "The period starts after today. Import attendance for periods that have started",
            )
        )
        return None
    return start, end


def _attendance_data(start: date, end: date, counts: dict[str, int]) -> dict:
    data = {name: 0 for name in GROUP_FIELDS.values()}
    for code, sessions in counts.items():
        data[GROUP_FIELDS[codes.GROUP_OF_CODE[code]]] += sessions
    # Possible sessions are the sessions counted in the four groups that make them up.
    data["possible_sessions"] = sum(
        data[name]
        for name in ("present", "approved_activity", "authorised_absence", "unauthorised_absence")
    )
    return {"period_start": start, "period_end": end, **data}


def _legacy_problems(check: Check, number: int, start: date, counts: dict[str, int]) -> bool:
    found = False
    if start < codes.CODES_CHANGED_ON:
        return found
    for code, replacement in codes.LEGACY_REPLACEMENTS.items():
        if counts.get(code):
            found = True
            check.problems.append(
                Problem(
                    number,
                    code,
                    str(counts[code]),
                    f"Code {code} was withdrawn on 19 August 2024, before this period started. "
                    f"Count these sessions under {replacement}.",
                )
            )
    return found


def check_attendance(content: bytes, *, filename: str, user, school: School) -> Check:
    """Check an attendance file for one school. Saves nothing."""
    check = Check("attendance", filename)
    if not services.may_record_for_school(user, school.pk):
        _refuse(check, 1, "", "", f"You cannot record attendance for {school}.")
        return check
    read = _read(content, check)
    if read is None:
        return check
    headings, body = read
    columns = _attendance_columns(headings, check)
    if columns is None:
        return check
    named = columns["named"]

    parsed = []
    for number, row in body:
        upn = _upn(check, number, _cell(row, named["UPN"]))
        dates = _dates(check, number, row, named)
        counts = _counts(check, number, row, columns["codes"])
        if upn and dates and counts is not None:
            parsed.append((number, upn, dates, counts))

    children = _children_by_upn(user, {upn for _, upn, _, _ in parsed})
    child_ids = [c.pk for matches in children.values() for c in matches]
    enrolments: dict[int, list[Enrolment]] = {}
    for enrolment in Enrolment.objects.filter(child_id__in=child_ids, school=school):
        enrolments.setdefault(enrolment.child_id, []).append(enrolment)
    held: dict[int, list[AttendanceRecord]] = {}
    for record in AttendanceRecord.objects.filter(child_id__in=child_ids, school=school):
        held.setdefault(record.child_id, []).append(record)
    in_file: dict[int, list[tuple[date, date, int]]] = {}

    for number, upn, (start, end), counts in parsed:
        child = _child(check, number, upn, children)
        if child is None:
            continue
        if _legacy_problems(check, number, start, counts):
            continue
        data = _attendance_data(start, end, counts)
        total = data["possible_sessions"] + data["not_counted"]
        if total == 0:
            check.problems.append(
                Problem(
                    number,
                    "Attendance codes",
                    "0",
                    "No sessions are counted on this row. Enter the number of sessions for "
                    "each code, or remove the row.",
                )
            )
            continue
        too_many = services.most_sessions_problem(start, end, total)
        if too_many:
            check.problems.append(Problem(number, "Attendance codes", str(total), too_many))
            continue
        if not any(
            e.started_on <= end and (e.ended_on is None or e.ended_on >= start)
            for e in enrolments.get(child.pk, [])
        ):
            check.problems.append(
                Problem(
                    number,
                    "Period start",
                    _fmt(start),
                    f"{child.display_name} was not on the roll of {school} between "
                    f"{_fmt(start)} and {_fmt(end)}, as far as the virtual school knows. Check "
                    "the dates, or ask the virtual school to record the enrolment.",
                )
            )
            continue
        same_start = None
        clash = None
        for record in held.get(child.pk, []):
            if record.period_start == start:
                same_start = record
            elif record.period_start <= end and record.period_end >= start:
                clash = record
        if clash is not None:
            check.problems.append(
                Problem(
                    number,
                    "Period start",
                    _fmt(start),
                    f"Attendance for {_fmt(clash.period_start)} to {_fmt(clash.period_end)} is "
                    "already recorded and overlaps this period. Use the same period dates as "
                    "before, or ask the virtual school to remove the earlier record.",
                )
            )
            continue
        earlier = next(
            (
                (row_start, row_end, row_number)
                for row_start, row_end, row_number in in_file.get(child.pk, [])
                if row_start <= end and row_end >= start
            ),
            None,
        )
        if earlier is not None:
            check.problems.append(
                Problem(
                    number,
                    "Period start",
                    _fmt(start),
                    f"Row {earlier[2]} has attendance for this pupil for an overlapping "
                    "period. Keep one row for each pupil and period.",
                )
            )
            continue
        in_file.setdefault(child.pk, []).append((start, end, number))
        if same_start is None:
            outcome = "new"
        elif all(getattr(same_start, name) == value for name, value in data.items()):
            outcome = "unchanged"
        else:
            outcome = "changed"
        check.good.append(
            GoodRow(
                row=number,
                child=child,
                label=period_label(start, end),
                outcome=outcome,
                data=data,
            )
        )
    check.problems.sort(key=lambda p: p.row)
    return check


def save_attendance(check: Check, *, user, school: School) -> dict:
    return services.import_attendance(
        user=user,
        school=school,
        rows=check.good,
        filename=check.filename,
        refused=check.bad_rows,
    )


# Attainment -------------------------------------------------------------------------


def attainment_template() -> str:
    return _csv_line(ATTAINMENT_HEADINGS)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


SUBJECTS = {
    **{_norm(value): value for value in codes.Subject.values},
    **{_norm(label): value for value, label in codes.Subject.choices},
    "math": codes.Subject.MATHS,
    "spag": codes.Subject.GPS,
    "mfl": codes.Subject.LANGUAGES,
    "englishlang": codes.Subject.ENGLISH_LANGUAGE,
    "englishlit": codes.Subject.ENGLISH_LITERATURE,
}
MEASURES = {
    **{_norm(value): value for value in codes.Measure.values},
    **{_norm(label): value for value, label in codes.Measure.choices},
    "eyfs": codes.Measure.EYFS_GLD,
    "gld": codes.Measure.EYFS_GLD,
    "phonicscheck": codes.Measure.PHONICS,
    "multiplicationtablescheck": codes.Measure.MTC,
    "ks2test": codes.Measure.KS2_SCALED,
    "scaledscore": codes.Measure.KS2_SCALED,
    "ks2teacherassessment": codes.Measure.KS2_TA,
    "termly": codes.Measure.TERMLY_TA,
    "teacherassessment": codes.Measure.TERMLY_TA,
}
TERM_PATTERN = re.compile(
    r"^(autumn|spring|summer)\s*(?:term)?\s*(\d{4})\s*[/\-]\s*(\d{2}|\d{4})$", re.IGNORECASE
)
VALUE_HEADINGS = ["Actual", "Predicted", "Target"]
TERM_EXAMPLE = "Enter the term as its season and academic year, such as Autumn 2025/26"


def parse_term(text: str, today: date | None = None) -> tuple[int, str] | None:
    """ "Autumn 2025/26" -> (2025, "autumn"), for terms from 15 years ago to next year."""
    match = TERM_PATTERN.match(text.strip())
    if not match:
        return None
    season, start, end = match.group(1).lower(), int(match.group(2)), int(match.group(3))
    if end % 100 != (start + 1) % 100 or (end >= 100 and end != start + 1):
        return None
    current = academic_year_start(today or timezone.localdate())
    if not current - 15 <= start <= current + 1:
        return None
    return start, Season(season).value


def _term_label(key: tuple[int, str]) -> str:
    start, season = key
    return f"{Season(season).label} {start}/{(start + 1) % 100:02d}"


def _attainment_columns(headings: list[str], check: Check) -> dict | None:
    named: dict[str, int] = {}
    unused = []
    for index, text in enumerate(headings):
        name = _heading(text)
        if name in ATTAINMENT_HEADINGS and name not in named:
            named[name] = index
        elif name in ATTAINMENT_HEADINGS:
            _refuse(
                check,
                1,
                text,
                text,
                f"There are two ‘{text}’ columns. Keep one and remove the other.",
            )
        elif text:
            unused.append(text)
    for heading in ATTAINMENT_HEADINGS[:4]:
        if heading not in named:
            _refuse(
                check,
                1,
                heading,
                "",
                f"Add a column headed ‘{heading}’. Download the template to see the headings.",
            )
    if not any(h in named for h in VALUE_HEADINGS):
        _refuse(
            check,
            1,
            "",
            "",
            "Add at least one of the columns ‘Actual’, ‘Predicted’ and ‘Target’.",
        )
    if unused and not check.file_refused:
        check.notes.append(f"These columns were not used: {', '.join(unused)}.")
    return None if check.file_refused else named


def _choice(
    check: Check, number: int, column: str, text: str, known: dict, message: str
) -> str | None:
    value = known.get(_norm(text))
    if value is None:
        check.problems.append(Problem(number, column, text, message))
    return value


def _term_starts(start_years: set[int]) -> dict[tuple[int, str], date]:
    """When each term of these academic years starts: as the school calendar has it,
    or for a year not set up yet, as it will be set up on saving."""
    starts = {}
    for start_year in start_years:
        for season, (starts_on, *_) in default_terms(start_year).items():
            starts[(start_year, Season(season).value)] = starts_on
    for term in Term.objects.filter(academic_year__start_year__in=start_years).select_related(
        "academic_year"
    ):
        starts[(term.academic_year.start_year, term.season)] = term.starts_on
    return starts


def check_attainment(content: bytes, *, filename: str, user) -> Check:
    """Check an attainment file. Saves nothing."""
    check = Check("attainment", filename)
    if not services.may_change_school_records(user):
        _refuse(check, 1, "", "", "You cannot record attainment.")
        return check
    read = _read(content, check)
    if read is None:
        return check
    headings, body = read
    named = _attainment_columns(headings, check)
    if named is None:
        return check

    parsed = []
    for number, row in body:
        upn = _upn(check, number, _cell(row, named["UPN"]))
        term_text = _cell(row, named["Term"])
        term_key = parse_term(term_text)
        if term_key is None:
            check.problems.append(Problem(number, "Term", term_text, TERM_EXAMPLE))
        subject = _choice(
            check,
            number,
            "Subject",
            _cell(row, named["Subject"]),
            SUBJECTS,
            "This is not a subject this service records. Use a subject from the list on the "
            "upload page, such as reading, writing or maths",
        )
        measure = _choice(
            check,
            number,
            "Measure",
            _cell(row, named["Measure"]),
            MEASURES,
            "Enter the measure as one of " + ", ".join(codes.Measure.values),
        )
        subject_name = _cell(row, named.get("Subject name"))
        if subject == codes.Subject.OTHER and not subject_name:
            check.problems.append(
                Problem(
                    number,
                    "Subject name",
                    "",
                    "Enter the subject's name in the ‘Subject name’ column, as the subject is "
                    "‘other’",
                )
            )
            subject = None
        if subject not in (None, codes.Subject.OTHER):
            subject_name = ""
        values, ok = {}, measure is not None
        if measure is not None:
            for heading in VALUE_HEADINGS:
                text = _cell(row, named.get(heading))
                value = codes.normalise_value(measure, text)
                if codes.check_value(measure, value):
                    what = {"Actual": "actual result", "Predicted": "prediction"}.get(
                        heading, "target"
                    )
                    check.problems.append(
                        Problem(number, heading, text, codes.value_message(measure, what))
                    )
                    ok = False
                values[heading.lower()] = value
            if ok and not any(values.values()):
                check.problems.append(
                    Problem(
                        number,
                        "Actual",
                        "",
                        "Enter an actual, predicted or target result: at least one is needed",
                    )
                )
                ok = False
        if upn and term_key and subject and ok:
            key = {"subject": subject, "measure": measure, "subject_name": subject_name}
            parsed.append((number, upn, term_key, key, values))

    children = _children_by_upn(user, {upn for _, upn, _, _, _ in parsed})
    child_ids = [c.pk for matches in children.values() for c in matches]
    years = {term_key[0] for _, _, term_key, _, _ in parsed}
    held = {
        (
            a.child_id,
            a.term.academic_year.start_year,
            a.term.season,
            a.subject,
            a.measure,
            a.subject_name,
        ): a
        for a in Assessment.objects.filter(
            child_id__in=child_ids, term__academic_year__start_year__in=years
        ).select_related("term__academic_year")
    }
    term_starts = _term_starts(years)
    rows_by_number = dict(body)
    seen: dict[tuple, int] = {}
    for number, upn, term_key, key, values in parsed:
        child = _child(check, number, upn, children)
        if child is None:
            continue
        misfits = services.assessment_fit_problems(
            child, term_starts[term_key], key["subject"], key["measure"]
        )
        if misfits:
            for name, message in misfits.items():
                column = name.capitalize()
                text = _cell(rows_by_number[number], named[column])
                check.problems.append(Problem(number, column, text, message))
            continue
        identity = (child.pk, *term_key, key["subject"], key["measure"], key["subject_name"])
        if identity in seen:
            check.problems.append(
                Problem(
                    number,
                    "Subject",
                    key["subject_name"] or codes.Subject(key["subject"]).label,
                    f"Row {seen[identity]} has the same pupil, term, subject and measure. "
                    "Keep one row for each.",
                )
            )
            continue
        seen[identity] = number
        existing = held.get(identity)
        given = {name: value for name, value in values.items() if value}
        if existing is None:
            outcome = "new"
        elif all(getattr(existing, name) == value for name, value in given.items()):
            outcome = "unchanged"
        else:
            outcome = "changed"
        subject_label = key["subject_name"] or codes.Subject(key["subject"]).label
        check.good.append(
            GoodRow(
                row=number,
                child=child,
                label=f"{subject_label}, {_term_label(term_key)}",
                outcome=outcome,
                term_key=term_key,
                key=key,
                values=values,
            )
        )
    check.problems.sort(key=lambda p: p.row)
    return check


def save_attainment(check: Check, *, user) -> dict:
    return services.import_assessments(
        user=user, rows=check.good, filename=check.filename, refused=check.bad_rows
    )


def schools_for_attendance(user):
    """The schools a person may import attendance for: a designated teacher's own
    schools; for the virtual school, schools where children they can change have
    been on roll."""
    school_ids = services.designated_school_ids(user)
    if school_ids is not None:
        return School.objects.filter(pk__in=school_ids).order_by("name")
    reachable = Child.objects.visible_to(user, "change")
    return (
        School.objects.filter(
            Q(pk__in=Enrolment.objects.filter(child__in=reachable).values("school"))
        )
        .order_by("name")
        .distinct()
    )
