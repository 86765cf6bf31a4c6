"""A PEP as a PDF, for the designated teacher to share with the carer, the social
worker and the young person.

Rendered with WeasyPrint (vsh.core.pdf) from templates/peps/pdf/pep.html.
Confidential details (the placement address) are not in the template's context at
all, so they cannot be printed by mistake.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_date

from children.models import Allocation
from children.school_years import key_stage_for_year, year_group_label, year_group_on
from children.tracking import codes as tracking_codes
from children.tracking.models import Assessment, AttendanceRecord, percentage
from interventions import selectors as pupil_premium
from schools.models import DesignatedTeacher
from vsh.core import charts
from vsh.core.models import AuthoritySettings
from vsh.core.pdf import render_pdf

from . import sections as pep_sections
from .models import Pep, Status
from .services import main_enrolment

# How many attendance periods the chart shows (the most recent).
ATTENDANCE_PERIODS_SHOWN = 12
# Teacher assessment against age-related expectations, as steps for a chart.
TERMLY_STEPS = {"below": 1, "towards": 2, "expected": 3, "above": 4}
CHART_CAPTIONS = {
    tracking_codes.Measure.TERMLY_TA: "Teacher assessment as steps: 1 below, 2 working towards, "
    "3 at and 4 above age-related expectations.",
    tracking_codes.Measure.GCSE: "GCSE grades from 1 to 9 (9 is highest); grade 4 is a "
    "standard pass.",
    tracking_codes.Measure.KS2_SCALED: "Key stage 2 scaled scores run from 80 to 120; 100 "
    "meets the expected standard.",
    tracking_codes.Measure.PHONICS: "Phonics screening check marks out of 40.",
    tracking_codes.Measure.MTC: "Multiplication tables check marks out of 25.",
}

# What the PDF shows -----------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    title: str
    name: str
    on: date | None
    note: str = ""


def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date(value[:10])
    return None


def _as_number(value) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def _first(mapping: dict, *keys):
    for key in keys:
        if mapping.get(key) not in (None, ""):
            return mapping[key]
    return None


def _period_label(start: date | None, end: date | None, fallback: str = "") -> str:
    if start and end:
        return f"{start:%-d/%-m} to {end:%-d/%-m/%y}"
    return fallback or (f"{start:%-d/%-m/%Y}" if start else "")


def _attendance(pep: Pep) -> dict:
    """Attendance as copied into the PEP when it started (children.peps.snapshots),
    or from the attendance records up to the end of the PEP's term when the PEP
    holds none. The first period is the headline: the academic year so far."""
    snapshot = pep.attendance_snapshot if isinstance(pep.attendance_snapshot, dict) else {}
    periods = []
    for item in snapshot.get("periods") or []:
        if not isinstance(item, dict):
            continue
        start = _as_date(_first(item, "from", "period_start", "start"))
        end = _as_date(_first(item, "to", "period_end", "end"))
        rate = _as_number(_first(item, "rate", "attendance_rate"))
        possible = _as_number(_first(item, "possible", "possible_sessions"))
        attended = _as_number(item.get("attended"))
        if rate is None and possible:
            rate = float(percentage(int(attended or 0), int(possible)))
        label = str(item.get("label") or _period_label(start, end))
        periods.append(
            {
                "label": label,
                "short": label.split(" (")[0],
                "dates": _period_label(start, end),
                "rate": rate,
                "possible": possible,
                "authorised": _as_number(_first(item, "authorised", "authorised_absence")),
                "unauthorised": _as_number(_first(item, "unauthorised", "unauthorised_absence")),
                "persistent": bool(item.get("persistent_absence")),
                "severe": bool(item.get("severe_absence")),
            }
        )
    as_at = _as_date(_first(snapshot, "taken_on", "as_at"))
    source = "pep"
    if not any(p["possible"] or p["rate"] is not None for p in periods):
        periods, as_at, source = _attendance_from_records(pep), None, "records"
    headline = periods[0] if periods else {}
    return {
        "headline": headline,
        "periods": periods,
        "as_at": as_at,
        "source": source,
    }


def _attendance_from_records(pep: Pep) -> list[dict]:
    """The academic year up to the end of the PEP's term, then each recorded period."""
    year = pep.term.academic_year
    records = list(
        AttendanceRecord.objects.filter(
            child=pep.child, period_start__gte=year.starts_on, period_start__lte=pep.term.ends_on
        ).order_by("period_start")
    )
    if not records:
        return []

    def row(label, chosen, short):
        possible = sum(r.possible_sessions for r in chosen)
        rate = percentage(sum(r.attended for r in chosen), possible)
        # Whole sessions, as tracking flags them: a rounded 10.0% is not 10%.
        flag = tracking_codes.absence_flag(sum(r.absent for r in chosen), possible)
        return {
            "label": label,
            "short": short,
            "dates": _period_label(chosen[0].period_start, chosen[-1].period_end),
            "rate": float(rate) if rate is not None else None,
            "possible": possible,
            "authorised": sum(r.authorised_absence for r in chosen),
            "unauthorised": sum(r.unauthorised_absence for r in chosen),
            "persistent": flag in ("persistent", "severe"),
            "severe": flag == "severe",
        }

    year_row = row(f"This academic year ({year.name})", records, "This academic year")
    return [year_row] + [
        row(_period_label(r.period_start, r.period_end), [r], f"{r.period_start:%-d/%-m}")
        for r in records
    ]


def _attendance_chart(periods: list[dict], alert_below: float):
    """Bars for the few periods a PEP records; a line when there is a run of weeks."""
    if periods and periods[0]["short"] == "This academic year" and len(periods) > 4:
        periods = periods[1:][-ATTENDANCE_PERIODS_SHOWN:]  # the trend, week by week
    rates = [p["rate"] for p in periods]
    known = [r for r in rates if r is not None]
    if not known:
        return None
    if len(periods) <= 4:
        return charts.bar_chart(
            [p["short"] for p in periods],
            rates,
            title="Attendance (%)",
            maximum=100,
            target=alert_below,
            unit="%",
            width=600,
        )
    # Most attendance sits above 60%: start the scale there when it does, so changes show.
    low = 60 if min(known) >= 60 and alert_below >= 60 else 0
    return charts.line_chart(
        [p["short"] for p in periods],
        [charts.Series("Attendance", rates)],
        title="Attendance by period (%)",
        minimum=low,
        maximum=100,
        target=alert_below,
        width=600,
        height=190,
    )


def _subject_label(item: dict) -> str:
    name = _first(item, "subject_label", "subject_name")
    if name:
        return str(name)
    code = item.get("subject", "")
    try:
        return tracking_codes.Subject(code).label
    except ValueError:
        return str(code or "")


MEASURE_BY_LABEL = {label: value for value, label in tracking_codes.Measure.choices}


def _measure_code(value: str) -> str:
    """Snapshots store the measure's wording; records store its code."""
    return MEASURE_BY_LABEL.get(value, value)


def _measure_label(code: str) -> str:
    try:
        return tracking_codes.Measure(code).label
    except ValueError:
        return str(code or "")


def _result(measure: str, value) -> str:
    """A result as a carer reads it: the scale's wording, with the code where staff
    use codes (EXS, GDS)."""
    value = "" if value is None else str(value)
    wording = tracking_codes.value_label(measure, value)
    if not wording or wording == value:
        return value
    return f"{value}: {wording}" if value.isupper() else wording


def _attainment(pep: Pep) -> list[dict]:
    """Results as recorded in the PEP, or this term's assessments when it holds none."""
    items = pep.attainment_snapshot if isinstance(pep.attainment_snapshot, list) else []
    results = []
    for item in items:
        if not isinstance(item, dict):
            continue
        measure = _measure_code(str(item.get("measure", "")))
        results.append(
            {
                "subject": _subject_label(item),
                "measure": measure,
                "measure_label": _measure_label(measure),
                "actual": str(item.get("actual") or ""),
                "predicted": str(item.get("predicted") or ""),
                "target": str(item.get("target") or ""),
                "term": str(item.get("term_label") or item.get("term") or ""),
                "on_track": item.get("on_track"),
            }
        )
    if not results:
        for a in Assessment.objects.filter(child=pep.child, term=pep.term).order_by(
            "measure", "subject"
        ):
            results.append(
                {
                    "subject": a.subject_name or a.get_subject_display(),
                    "measure": a.measure,
                    "measure_label": a.get_measure_display(),
                    "actual": a.actual,
                    "predicted": a.predicted,
                    "target": a.target,
                    "term": str(pep.term),
                    "on_track": a.on_track,
                }
            )
    for r in results:
        if r["on_track"] not in (True, False):
            r["on_track"] = _on_track(r["measure"], r["actual"] or r["predicted"], r["target"])
        r["actual_shown"] = _result(r["measure"], r["actual"])
        r["predicted_shown"] = _result(r["measure"], r["predicted"])
        r["target_shown"] = _result(r["measure"], r["target"])
    return results


def _rank(measure: str, value: str) -> float | None:
    if not value:
        return None
    number = tracking_codes.numeric_value(measure, value)
    if number is not None:
        return number
    scale = tracking_codes.ascending_values(measure)
    return scale.index(value) if scale and value in scale else None


def _on_track(measure: str, result: str, target: str) -> bool | None:
    try:
        have, want = _rank(measure, result), _rank(measure, target)
    except (ValueError, TypeError):
        return None
    if have is None or want is None:
        return None
    return have >= want


def _attainment_charts(results: list[dict]) -> list:
    """One chart per scale that can be drawn as bars: scores, GCSE grades, and
    teacher assessment as steps towards age-related expectations."""
    drawn = []
    by_measure: dict[str, list[dict]] = {}
    for r in results:
        by_measure.setdefault(r["measure"], []).append(r)
    for measure, rows in by_measure.items():
        labels, values = [], []
        for r in rows:
            value = r["actual"] or r["predicted"]
            if measure == tracking_codes.Measure.TERMLY_TA:
                number = TERMLY_STEPS.get(value)
            else:
                try:
                    number = tracking_codes.numeric_value(measure, value)
                except ValueError:
                    number = None
            labels.append(r["subject"])
            values.append(number)
        if not any(v is not None for v in values):
            continue
        if measure == tracking_codes.Measure.TERMLY_TA:
            high = 4
        elif measure in tracking_codes.NUMERIC_RANGES or measure == tracking_codes.Measure.GCSE:
            high = tracking_codes.NUMERIC_RANGES.get(measure, (0, 9))[1]
        else:
            continue
        drawn.append(
            {
                "svg": charts.bar_chart(
                    labels, values, title=_measure_label(measure), maximum=high, width=600
                ),
                "caption": CHART_CAPTIONS.get(measure, _measure_label(measure)),
            }
        )
    return drawn


def _sdq(pep: Pep) -> dict | None:
    snapshot = pep.sdq_snapshot if isinstance(pep.sdq_snapshot, dict) else {}
    score = _as_number(_first(snapshot, "score", "total"))
    reason = snapshot.get("reason_not_completed") or ""
    if score is None and not reason:
        return None
    band = ""
    if score is not None:
        band = "Close to average" if score <= 13 else "Slightly raised" if score <= 16 else "High"
    return {
        "score": int(score) if score is not None else None,
        "reason_not_completed": reason,
        "band": snapshot.get("band") or band,
        "on": _as_date(_first(snapshot, "assessed_on", "date")),
        "informant": snapshot.get("informant_label") or snapshot.get("informant") or "",
    }


def _on_day(term) -> date:
    today = timezone.localdate()
    return min(max(today, term.starts_on), term.ends_on)


def _people(pep: Pep, school) -> dict:
    """The professionals around the child on the PEP's term, by name."""
    on = _on_day(pep.term)
    allocations = (
        Allocation.objects.filter(child=pep.child, started_on__lte=on)
        .exclude(ended_on__lt=on)
        .select_related("worker")
    )
    people = {"social_worker": "", "caseworker": "", "designated_teacher": ""}
    for allocation in allocations:
        people[allocation.kind] = str(allocation.worker or allocation.worker_reference)
    if school is not None:
        teacher = (
            DesignatedTeacher.objects.current(on)
            .filter(school=school)
            .select_related("user")
            .order_by("-is_lead")
            .first()
        )
        people["designated_teacher"] = str(teacher.user) if teacher else ""
    return people


def _school(pep: Pep):
    if pep.school_id:
        return pep.school
    enrolment = main_enrolment(pep.child, _on_day(pep.term))
    return enrolment.school if enrolment else None


def _local(value) -> date | None:
    return timezone.localdate(value) if value else None


def _signatures(pep: Pep) -> list[Signature]:
    rating = f"Quality rating: {pep.rating.label}" if pep.rating_id else ""
    return [
        Signature(
            "Completed and submitted by", str(pep.submitted_by or ""), _local(pep.submitted_at)
        ),
        Signature(
            "Quality assured and approved by (virtual school)",
            str(pep.approved_by or ""),
            _local(pep.approved_at),
            rating if pep.approved_at else "",
        ),
        Signature(
            "Agreed by the social worker",
            str(pep.social_worker_signed_off_by or ""),
            _local(pep.social_worker_signed_off_at),
        ),
    ]


def _sections(pep: Pep, has_transition: bool) -> list[dict]:
    """The PEP's sections in the order the PEP pages use (children.peps.sections),
    numbered; the transition plan only when there is one."""
    shown = []
    for section in pep_sections.SECTIONS:
        if section.slug == "transition" and not has_transition:
            continue
        texts = [
            {"label": pep_sections.FIELD_LABELS.get(name, name), "text": getattr(pep, name)}
            for name in section.fields
            if isinstance(getattr(pep, name, None), str) and name != "child_participation"
        ]
        shown.append(
            {
                "slug": section.slug,
                "kind": section.kind,
                "title": section.title,
                "number": len(shown) + 1,
                "texts": texts,
            }
        )
    return shown


def _replaced_by(pep: Pep) -> Pep | None:
    """The version that replaced this one, for a superseded version."""
    if pep.status != Status.SUPERSEDED:
        return None
    return Pep.objects.filter(previous_version=pep).only("pk", "version").first()


def _running_mark(pep: Pep, replaced_by: Pep | None) -> str:
    """Printed at the top of every page, so no page of a draft or an old version
    passes for the approved plan."""
    if not pep.is_frozen:
        return "Draft – not approved"
    if pep.status == Status.SUPERSEDED:
        return (
            f"Replaced by version {replaced_by.version}"
            if replaced_by
            else "Replaced by a newer version"
        )
    return ""


def pep_context(pep: Pep) -> dict:
    pep = (
        Pep.objects.select_related(
            "child",
            "term__academic_year",
            "school",
            "rating",
            "submitted_by",
            "approved_by",
            "social_worker_signed_off_by",
        )
        .prefetch_related("attendees")
        .get(pk=pep.pk)
    )
    child, term = pep.child, pep.term
    rules = AuthoritySettings.load()
    school = _school(pep)
    year = year_group_on(child.date_of_birth, term.starts_on)
    attendance = _attendance(pep)
    attainment = _attainment(pep)
    targets = list(pep.targets.select_related("carried_from__pep__term").order_by("position", "id"))
    carried = [t for t in targets if t.carried_from_id]
    # With those decided in an earlier version, counted once.
    pp_requests = pupil_premium.for_pep(pep)
    replaced_by = _replaced_by(pep)
    return {
        "pep": pep,
        "child": child,
        "term": term,
        "school": school,
        "year_group": year_group_label(year),
        "key_stage": key_stage_for_year(year),
        "people": _people(pep, school),
        # A version replaced by a newer one was approved and is kept as it was.
        "is_draft": not pep.is_frozen,
        "replaced_by": replaced_by,
        "running_mark": _running_mark(pep, replaced_by),
        "status_label": pep.get_status_display(),
        "sections": _sections(pep, bool(pep.transition_plan.strip())),
        "attendance": attendance,
        "attendance_chart": _attendance_chart(
            attendance["periods"], float(rules.attendance_alert_below)
        ),
        "alert_below": rules.attendance_alert_below,
        "attainment": attainment,
        "attainment_charts": _attainment_charts(attainment),
        "sdq": _sdq(pep),
        "targets": [t for t in targets if not t.carried_from_id],
        "previous_targets": carried,
        "previous_term": carried[0].carried_from.pep.term if carried else None,
        "pp_requests": pp_requests,
        "pp_total": pupil_premium.total(pp_requests),
        "attendees": list(pep.attendees.all()),
        "signatures": _signatures(pep),
        "authority_name": settings.AUTHORITY_NAME,
        "printed_on": timezone.localdate(),
    }


def render_pep_html(pep: Pep) -> str:
    return render_to_string("peps/pdf/pep.html", pep_context(pep))


def render_pep_pdf(pep: Pep) -> bytes:
    return render_pdf(render_pep_html(pep))
