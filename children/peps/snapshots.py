"""Figures copied into a PEP when it starts, so the plan records what everyone saw
at the meeting even after the tracking records change. Stored as plain JSON (dates
as ISO strings, percentages as strings) and shown read-only on the PEP."""

from datetime import date

from children.models import Child, Enrolment, SdqAssessment
from children.tracking.codes import absence_flag
from children.tracking.models import Assessment, AttendanceRecord, percentage
from vsh.terms.dates import previous_term
from vsh.terms.models import Term


def _long_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _attendance_period(label: str, records: list[AttendanceRecord], start, end) -> dict:
    chosen = [r for r in records if start <= r.period_start <= end]
    possible = sum(r.possible_sessions for r in chosen)
    attended = sum(r.attended for r in chosen)
    authorised = sum(r.authorised_absence for r in chosen)
    unauthorised = sum(r.unauthorised_absence for r in chosen)
    rate = percentage(attended, possible)
    # Whole sessions, as tracking flags them: a rounded 10.0% is not 10%.
    flag = absence_flag(authorised + unauthorised, possible)
    return {
        "label": label,
        "from": min((r.period_start for r in chosen), default=start).isoformat(),
        "to": max((r.period_end for r in chosen), default=end).isoformat(),
        "possible": possible,
        "attended": attended,
        "rate": str(rate) if rate is not None else None,
        "authorised": authorised,
        "unauthorised": unauthorised,
        "persistent_absence": flag in ("persistent", "severe"),
        "severe_absence": flag == "severe",
    }


def _earliest(term: Term, before: Term | None) -> date:
    year = term.academic_year
    return min(year.starts_on, before.starts_on) if before else year.starts_on


def attendance(child: Child, term: Term, today: date) -> dict:
    """Sessions this academic year so far, and in the last full term."""
    before = previous_term(term)
    records = AttendanceRecord.objects.filter(
        child=child,
        period_start__gte=_earliest(term, before),
        period_start__lte=term.academic_year.ends_on,
    )
    return attendance_figures(list(records), term, before, today)


def attendance_figures(records, term: Term, before: Term | None, taken_on: date) -> dict:
    """The attendance snapshot worked out from a child's attendance `records`, for a
    PEP in `term`; `before` is the term before it."""
    year = term.academic_year
    earliest = _earliest(term, before)
    rows = [r for r in records if earliest <= r.period_start <= year.ends_on]
    periods = [
        _attendance_period(f"This academic year ({year.name})", rows, year.starts_on, taken_on)
    ]
    if before:
        periods.append(
            _attendance_period(f"Last term ({before})", rows, before.starts_on, before.ends_on)
        )
    return {"taken_on": taken_on.isoformat(), "periods": periods}


def attainment(child: Child, term: Term) -> list[dict]:
    """The latest result for each subject and measure, up to the PEP's term."""
    latest = {}
    assessments = (
        Assessment.objects.filter(child=child, term__starts_on__lte=term.ends_on)
        .select_related("term__academic_year")
        .order_by("term__starts_on", "pk")
    )
    for assessment in assessments:
        latest[(assessment.subject, assessment.subject_name, assessment.measure)] = assessment
    rows = []
    for assessment in sorted(latest.values(), key=lambda a: (a.measure, a.subject)):
        subject = assessment.get_subject_display()
        if assessment.subject_name:
            subject = f"{subject}: {assessment.subject_name}"
        rows.append(
            {
                "subject": subject,
                "measure": assessment.get_measure_display(),
                "term": str(assessment.term),
                "actual": assessment.actual,
                "predicted": assessment.predicted,
                "target": assessment.target,
                "on_track": assessment.on_track,
            }
        )
    return rows


def sdq(child: Child, today: date) -> dict:
    latest = (
        SdqAssessment.objects.filter(child=child, assessed_on__lte=today)
        .order_by("-assessed_on", "-pk")
        .first()
    )
    return sdq_figures(latest)


def sdq_figures(latest: SdqAssessment | None) -> dict:
    """The SDQ snapshot: the latest score before the PEP started, if any."""
    if latest is None:
        return {}
    return {
        "assessed_on": latest.assessed_on.isoformat(),
        "informant": latest.get_informant_display(),
        "score": latest.score,
        "band": latest.band,
        "reason_not_completed": latest.get_reason_not_completed_display()
        if latest.reason_not_completed
        else "",
    }


def education_history(child: Child) -> str:
    """Schools attended, oldest first, one a line: a starting point the designated
    teacher can correct and add to."""
    lines = []
    enrolments = (
        Enrolment.objects.filter(child=child).select_related("school").order_by("started_on")
    )
    for enrolment in enrolments:
        school = enrolment.school
        dates = f"from {_long_date(enrolment.started_on)}"
        if enrolment.ended_on:
            dates += f" to {_long_date(enrolment.ended_on)}"
        line = f"{school.name} (URN {school.urn}), {dates}"
        if enrolment.registration != "single":
            line += f"; {enrolment.get_registration_display().lower()}"
        if enrolment.leaving_reason:
            line += f"; left: {enrolment.get_leaving_reason_display().lower()}"
        lines.append(line)
    return "\n".join(lines)
