"""Writes to a child's attendance, attainment, suspensions, SDQ scores and
celebrations. Each function is one user action in one transaction, with its audit
entries and the alert hooks inside it, so nothing is ever half-saved.

Checks that need other records (the child's enrolments, overlapping periods, an
assessment already recorded) live here, so the pages and the imports obey the same
rules; they raise ValidationError with a message a person can act on."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from children.models import Child, Enrolment, SdqAssessment
from children.school_years import academic_year_start, year_group_label, year_group_on
from schools.models import School
from vsh.access import policy
from vsh.accounts.roles import Role
from vsh.audit.services import Action, record, record_create, record_update, snapshot
from vsh.terms.models import Term
from vsh.terms.services import ensure_academic_year

from . import alerts, codes
from .models import Assessment, AttendanceRecord, Celebration, Suspension

# Attendance, attainment and suspensions are the school's records: the virtual
# school and designated teachers keep them; social workers read them.
SCHOOL_RECORD_EDITORS = frozenset(
    {Role.HEAD, Role.MANAGER, Role.CASEWORKER, Role.DESIGNATED_TEACHER}
)
ATTENDANCE_FIELDS = (
    "period_start",
    "period_end",
    "possible_sessions",
    "present",
    "approved_activity",
    "authorised_absence",
    "unauthorised_absence",
    "not_counted",
)
ASSESSMENT_VALUES = ("actual", "predicted", "target")
ASSESSMENT_FIELDS = ("term", "subject", "subject_name", "measure", *ASSESSMENT_VALUES)
SUSPENSION_FIELDS = (
    "category",
    "starts_on",
    "sessions",
    "reason",
    "second_reason",
    "third_reason",
    "alternative_provision",
    "alternative_provision_from",
    "governors_review_on",
    "notes",
)


def d(value: date | None) -> str:
    """A date as people write it: 1 September 2025."""
    return f"{value.day} {value:%B %Y}" if value else ""


# Who may record what --------------------------------------------------------------


def may_change_school_records(user) -> bool:
    return user.is_superuser or user.role in SCHOOL_RECORD_EDITORS


def designated_school_ids(user, on: date | None = None) -> set[int] | None:
    """The schools a designated teacher records for, or None for anyone who may
    record for any school the child attended (the virtual school)."""
    if user.is_superuser or user.role != Role.DESIGNATED_TEACHER:
        return None
    return set(policy.designated_school_ids(user, on))


def may_record_for_school(user, school_id: int) -> bool:
    """Whether `user` may record attendance or suspensions at this school: a
    designated teacher only for their own school."""
    if not may_change_school_records(user):
        return False
    school_ids = designated_school_ids(user)
    return school_ids is None or school_id in school_ids


def _require_school_records(user, school: School) -> None:
    if not may_record_for_school(user, school.pk):
        raise PermissionError(f"{user} may not record school information for {school}.")


# Shared steps ---------------------------------------------------------------------


# Who recorded something may have left (the user is then null): not a reason to
# refuse a later change.
NOT_CHECKED = ["recorded_by"]


def _create(user, obj: models.Model) -> models.Model:
    obj.full_clean(exclude=NOT_CHECKED)
    obj.save()
    record_create(user, obj)
    return obj


def _update(user, obj: models.Model, data: dict) -> models.Model:
    """Apply `data` to a fresh, locked copy of `obj` and audit what changed."""
    fresh = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    before = snapshot(fresh)
    for name, value in data.items():
        setattr(fresh, name, value)
    fresh.full_clean(exclude=NOT_CHECKED)
    fresh.save()
    record_update(user, fresh, before=before)
    return fresh


def _enrolled(child: Child, school: School, start: date, end: date) -> bool:
    return (
        Enrolment.objects.filter(child=child, school=school, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .exists()
    )


def not_enrolled_message(child: Child, school: School, start: date, end: date) -> str:
    when = f"on {d(start)}" if start == end else f"between {d(start)} and {d(end)}"
    return (
        f"{child.display_name} was not on the roll of {school} {when}. Choose the "
        "school the child attended then, or record the enrolment on the Education page first."
    )


# Attendance -----------------------------------------------------------------------


def weekdays_between(start: date, end: date) -> int:
    """Monday to Friday days from `start` to `end`, both included."""
    if end < start:
        return 0
    weeks, extra = divmod((end - start).days + 1, 7)
    count = weeks * 5
    for offset in range(extra):
        if (start + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def sessions_add_up_problem(
    present: int, approved: int, authorised: int, unauthorised: int, possible: int
) -> str | None:
    total = present + approved + authorised + unauthorised
    if total == possible:
        return None
    return (
        f"Present ({present}), approved educational activity ({approved}), authorised "
        f"absence ({authorised}) and unauthorised absence ({unauthorised}) add up to {total} "
        f"sessions, but possible sessions is {possible}. Correct the numbers so they add up "
        "to the possible sessions."
    )


def most_sessions_problem(start: date, end: date, sessions: int) -> str | None:
    most = 2 * weekdays_between(start, end)
    if sessions <= most:
        return None
    return (
        f"{d(start)} to {d(end)} has at most {most} sessions (two each weekday), but "
        f"{sessions} are recorded. Check the dates and the numbers."
    )


def check_attendance(record: AttendanceRecord) -> None:
    """Rules that need the child's other records; raises ValidationError."""
    errors = {}
    start, end = record.period_start, record.period_end
    if end < start:
        raise ValidationError({"period_end": "Enter a period end on or after the period start"})
    problem = sessions_add_up_problem(
        record.present,
        record.approved_activity,
        record.authorised_absence,
        record.unauthorised_absence,
        record.possible_sessions,
    )
    if problem:
        errors["possible_sessions"] = problem
    else:
        problem = most_sessions_problem(start, end, record.possible_sessions + record.not_counted)
        if problem:
            errors["possible_sessions"] = problem
    if not _enrolled(record.child, record.school, start, end):
        errors["school"] = not_enrolled_message(record.child, record.school, start, end)
    clash = (
        AttendanceRecord.objects.filter(
            child=record.child,
            school=record.school,
            period_start__lte=end,
            period_end__gte=start,
        )
        .exclude(pk=record.pk)
        .order_by("period_start")
        .first()
    )
    if clash is not None:
        errors["period_start"] = (
            f"Attendance at {record.school} from {d(clash.period_start)} to "
            f"{d(clash.period_end)} is already recorded, and overlaps this period. Edit that "
            "record instead, or change the dates."
        )
    if errors:
        raise ValidationError(errors)


def _set_up_calendar_year(day: date) -> None:
    """Add the academic year of `day` to the school calendar, with England's usual
    terms, if the authority has not set it up yet, so that terms and PEP deadlines
    have it. Pages that only read leave the calendar alone."""
    ensure_academic_year(academic_year_start(day))


@transaction.atomic
def create_attendance(
    *, user, child: Child, school: School, data: dict, source=AttendanceRecord.Source.ENTERED
) -> AttendanceRecord:
    _require_school_records(user, school)
    attendance = AttendanceRecord(
        child=child, school=school, source=source, recorded_by=user, **data
    )
    check_attendance(attendance)
    _set_up_calendar_year(attendance.period_start)
    _create(user, attendance)
    alerts.on_attendance_recorded(attendance)
    return attendance


@transaction.atomic
def update_attendance(
    *, user, attendance: AttendanceRecord, school: School, data: dict
) -> AttendanceRecord:
    _require_school_records(user, attendance.school)
    _require_school_records(user, school)
    proposed = AttendanceRecord(pk=attendance.pk, child=attendance.child, school=school, **data)
    check_attendance(proposed)
    _set_up_calendar_year(proposed.period_start)
    saved = _update(
        user,
        attendance,
        {**data, "school": school, "recorded_by": user, "source": AttendanceRecord.Source.ENTERED},
    )
    alerts.on_attendance_recorded(saved)
    return saved


def _upsert_attendance(*, user, child, school, data: dict) -> str:
    """Save one imported period: "created", "updated" or "unchanged"."""
    existing = AttendanceRecord.objects.filter(
        child=child, school=school, period_start=data["period_start"]
    ).first()
    if existing is None:
        create_attendance(
            user=user,
            child=child,
            school=school,
            data=data,
            source=AttendanceRecord.Source.IMPORTED,
        )
        return "created"
    if all(getattr(existing, name) == value for name, value in data.items()):
        return "unchanged"
    proposed = AttendanceRecord(pk=existing.pk, child=child, school=school, **data)
    check_attendance(proposed)
    _set_up_calendar_year(proposed.period_start)
    saved = _update(
        user,
        existing,
        {**data, "recorded_by": user, "source": AttendanceRecord.Source.IMPORTED},
    )
    alerts.on_attendance_recorded(saved)
    return "updated"


@transaction.atomic
def import_attendance(*, user, school: School, rows: list, filename: str, refused: int) -> dict:
    """Save checked rows (each with .child and .data) from one upload, all or none."""
    _require_school_records(user, school)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        counts[_upsert_attendance(user=user, child=row.child, school=school, data=row.data)] += 1
    record(
        Action.IMPORT,
        actor=user,
        detail=f"Attendance for {school} from {filename}"[:300],
        changes={
            "kind": "attendance",
            "files": [filename],
            "school": school.urn,
            **counts,
            "refused": refused,
            "outcome": "saved",
        },
    )
    return counts


# Assessments ----------------------------------------------------------------------


def _in_year_group(child: Child, year: int, start_year: int) -> str:
    """ "Amara Okafor is in Year 7 in 2025/26", in the tense the year calls for."""
    current = academic_year_start(timezone.localdate())
    verb = "was" if start_year < current else "will be" if start_year > current else "is"
    if year > 13:
        where = "past Year 13"
    elif year < -1:
        where = "not yet of school age"
    else:
        where = f"in {year_group_label(year)}"
    return f"{child.display_name} {verb} {where} in {start_year}/{(start_year + 1) % 100:02d}"


def assessment_fit_problems(
    child: Child, term_starts_on: date, subject: str, measure: str
) -> dict[str, str]:
    """What is wrong with recording `measure` in `subject` for `child` in the term
    starting on `term_starts_on`, by field: each measure is for certain year groups
    (the child's year group in the term's academic year) and certain subjects."""
    problems = {}
    if measure not in codes.MEASURE_YEARS:
        return problems  # not a measure at all: the model's own checks say so
    subjects, instead = codes.MEASURE_SUBJECTS[measure]
    if subject not in subjects:
        problems["subject"] = instead
    years, purpose = codes.MEASURE_YEARS[measure]
    year = year_group_on(child.date_of_birth, term_starts_on)
    if year not in years:
        in_year = _in_year_group(child, year, academic_year_start(term_starts_on))
        if -1 <= year <= 13:
            advice = f"Check the term, or choose a measure for {year_group_label(year)}."
        else:
            advice = "Check the term and the child's date of birth."
        problems["measure"] = f"{purpose}, but {in_year}. {advice}"
    return problems


def check_assessment(assessment: Assessment) -> None:
    if assessment.term_id is not None:
        problems = assessment_fit_problems(
            assessment.child, assessment.term.starts_on, assessment.subject, assessment.measure
        )
        if problems:
            raise ValidationError(problems)
    clash = (
        Assessment.objects.filter(
            child=assessment.child,
            term=assessment.term,
            subject=assessment.subject,
            measure=assessment.measure,
            subject_name=assessment.subject_name,
        )
        .exclude(pk=assessment.pk)
        .exists()
    )
    if clash:
        subject = assessment.subject_name or assessment.get_subject_display()
        raise ValidationError(
            {
                "subject": f"{subject} ({assessment.get_measure_display()}) for "
                f"{assessment.term} is already recorded. Edit that assessment instead."
            }
        )


def _require_values(data: dict) -> None:
    if not any(data.get(name) for name in ASSESSMENT_VALUES):
        raise ValidationError(
            {"actual": "Enter an actual, predicted or target result: at least one is needed"}
        )


@transaction.atomic
def create_assessment(*, user, child: Child, data: dict) -> Assessment:
    if not may_change_school_records(user):
        raise PermissionError(f"{user} may not record attainment.")
    _require_values(data)
    assessment = Assessment(child=child, recorded_by=user, **data)
    check_assessment(assessment)
    return _create(user, assessment)


@transaction.atomic
def update_assessment(*, user, assessment: Assessment, data: dict) -> Assessment:
    if not may_change_school_records(user):
        raise PermissionError(f"{user} may not record attainment.")
    _require_values(data)
    proposed = Assessment(pk=assessment.pk, child=assessment.child, **data)
    check_assessment(proposed)
    return _update(user, assessment, {**data, "recorded_by": user})


def _upsert_assessment(*, user, child, term: Term, key: dict, values: dict) -> str:
    """Save one imported assessment. A blank cell leaves a recorded value as it is."""
    given = {name: value for name, value in values.items() if value}
    existing = Assessment.objects.filter(child=child, term=term, **key).first()
    if existing is None:
        create_assessment(user=user, child=child, data={"term": term, **key, **given})
        return "created"
    if all(getattr(existing, name) == value for name, value in given.items()):
        return "unchanged"
    recorded = {name: getattr(existing, name) for name in ASSESSMENT_VALUES}
    check_assessment(
        Assessment(pk=existing.pk, child=child, term=term, **key, **{**recorded, **given})
    )
    _update(user, existing, {**given, "recorded_by": user})
    return "updated"


@transaction.atomic
def import_assessments(*, user, rows: list, filename: str, refused: int) -> dict:
    """Save checked rows (each with .child, .term_key, .key and .values), all or none."""
    if not may_change_school_records(user):
        raise PermissionError(f"{user} may not record attainment.")
    terms = {}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        if row.term_key not in terms:
            start_year, season = row.term_key
            year = ensure_academic_year(start_year)
            terms[row.term_key] = Term.objects.get(academic_year=year, season=season)
        outcome = _upsert_assessment(
            user=user, child=row.child, term=terms[row.term_key], key=row.key, values=row.values
        )
        counts[outcome] += 1
    record(
        Action.IMPORT,
        actor=user,
        detail=f"Attainment from {filename}"[:300],
        changes={
            "kind": "attainment",
            "files": [filename],
            **counts,
            "refused": refused,
            "outcome": "saved",
        },
    )
    return counts


# Suspensions and permanent exclusions ----------------------------------------------


def check_suspension(suspension: Suspension) -> None:
    errors = {}
    if not _enrolled(
        suspension.child, suspension.school, suspension.starts_on, suspension.starts_on
    ):
        errors["school"] = not_enrolled_message(
            suspension.child, suspension.school, suspension.starts_on, suspension.starts_on
        )
    clash = (
        Suspension.objects.filter(
            child=suspension.child,
            school=suspension.school,
            starts_on=suspension.starts_on,
            category=suspension.category,
        )
        .exclude(pk=suspension.pk)
        .exists()
    )
    if clash:
        errors["starts_on"] = (
            f"A {suspension.get_category_display().lower()} from {suspension.school} starting "
            f"on {d(suspension.starts_on)} is already recorded. Edit that one instead."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_suspension(*, user, child: Child, school: School, data: dict) -> Suspension:
    _require_school_records(user, school)
    suspension = Suspension(child=child, school=school, recorded_by=user, **data)
    check_suspension(suspension)
    _create(user, suspension)
    alerts.on_suspension_recorded(suspension)
    return suspension


@transaction.atomic
def update_suspension(*, user, suspension: Suspension, school: School, data: dict) -> Suspension:
    _require_school_records(user, suspension.school)
    _require_school_records(user, school)
    proposed = Suspension(pk=suspension.pk, child=suspension.child, school=school, **data)
    check_suspension(proposed)
    saved = _update(user, suspension, {**data, "school": school})
    alerts.on_suspension_recorded(saved)
    return saved


# SDQ scores and celebrations --------------------------------------------------------


@transaction.atomic
def create_sdq(*, user, child: Child, data: dict) -> SdqAssessment:
    score, reason = data.get("score"), data.get("reason_not_completed", "")
    if (score is None) == (not reason):
        raise ValidationError(
            {"score": "Enter a score from 0 to 40, or the reason the SDQ was not completed"}
        )
    return _create(user, SdqAssessment(child=child, **data))


@transaction.atomic
def create_celebration(*, user, child: Child, data: dict) -> Celebration:
    return _create(user, Celebration(child=child, recorded_by=user, **data))
