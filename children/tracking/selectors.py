"""Reads for a child's attendance, attainment and well-being pages. Every query
starts from the access policy, and each page costs a fixed number of queries however
many records the child has."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from children.models import Enrolment, RegistrationType, SdqAssessment
from children.school_years import academic_year_start
from schools.models import School
from vsh.core.charts import Series, line_chart
from vsh.core.models import AuthoritySettings
from vsh.terms.models import Term
from vsh.terms.services import default_year

from . import codes, services
from .charts import results_chart, with_room_on_the_right
from .models import (
    Assessment,
    AttendanceRecord,
    Celebration,
    Suspension,
    add_up_consecutive,
    percentage,
)

# A line chart by period stays readable up to about a dozen points.
MOST_PERIODS_CHARTED = 12
MOST_TERMS_CHARTED = 6
MOST_SDQS_CHARTED = 12
SDQ_HIGH_FROM = 17
SDQ_BANDS = [
    ("0 to 13", "Close to average", "green"),
    ("14 to 16", "Slightly raised", "yellow"),
    ("17 to 40", "High", "red"),
]
BAND_COLOURS = {label: colour for _, label, colour in SDQ_BANDS}
MEASURE_NOTES = {
    codes.Measure.PHONICS: f"The threshold mark is {codes.PHONICS_THRESHOLD} out of 40.",
    codes.Measure.MTC: "There is no pass mark; 25 is full marks.",
    codes.Measure.KS2_SCALED: f"A scaled score of {codes.KS2_EXPECTED_SCALED} or more meets "
    "the expected standard.",
    codes.Measure.GCSE: "Grade 4 is a standard pass and grade 5 a strong pass.",
}


def period_label(start: date, end: date) -> str:
    """ "8 to 12 Sep 2025", "29 Sep to 3 Oct 2025" or "15 Dec 2025 to 9 Jan 2026"."""
    if start == end:
        return f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} to {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} to {end.day} {end:%b %Y}"


def _short(day: date) -> str:
    return f"{day.day} {day:%b}"


def _term_short(term: Term) -> str:
    year = term.academic_year.start_year
    return f"{term.get_season_display()[:3]} {year % 100:02d}/{(year + 1) % 100:02d}"


# Attendance ------------------------------------------------------------------------


@dataclass
class Totals:
    """Sessions added up over several records."""

    label: str = ""
    records: int = 0
    possible: int = 0
    present: int = 0
    approved: int = 0
    authorised: int = 0
    unauthorised: int = 0

    def add(self, record: AttendanceRecord) -> None:
        self.records += 1
        self.possible += record.possible_sessions
        self.present += record.present
        self.approved += record.approved_activity
        self.authorised += record.authorised_absence
        self.unauthorised += record.unauthorised_absence

    @property
    def attended(self) -> int:
        return self.present + self.approved

    @property
    def absent(self) -> int:
        return self.authorised + self.unauthorised

    @property
    def rate(self) -> Decimal | None:
        return percentage(self.attended, self.possible)

    @property
    def absence_rate(self) -> Decimal | None:
        return percentage(self.absent, self.possible)

    @property
    def flag(self) -> str:
        return codes.absence_flag(self.absent, self.possible)


@dataclass
class YearTotals:
    name: str
    is_current: bool
    total: Totals
    terms: list[tuple[Term, Totals]] = field(default_factory=list)
    outside_terms: Totals | None = None
    records: list[AttendanceRecord] = field(default_factory=list)

    @property
    def single_school(self) -> str:
        """The school's name when every record of the year is from one school."""
        schools = {record.school.name for record in self.records}
        return schools.pop() if len(schools) == 1 else ""


def calendar_terms(years: set[int]) -> list[Term]:
    """The terms of `years`, oldest first, from the school calendar. A year the
    authority has not set up yet gets England's usual term dates, worked out here
    and not saved: reading a page writes nothing."""
    terms = list(
        Term.objects.filter(academic_year__start_year__in=years).select_related("academic_year")
    )
    held = {term.academic_year.start_year for term in terms}
    for start_year in years - held:
        terms += default_year(start_year)[1]
    return sorted(terms, key=lambda term: term.starts_on)


def _term_for(day: date, terms: list[Term]) -> Term | None:
    """The term a period starting on `day` belongs to: the term it starts in, or in
    a holiday the next term of the same academic year (else the one before)."""
    year = academic_year_start(day)
    same_year = [t for t in terms if t.academic_year.start_year == year]
    for term in same_year:
        if term.starts_on <= day <= term.ends_on:
            return term
    later = [t for t in same_year if t.starts_on > day]
    if later:
        return later[0]
    return same_year[-1] if same_year else None


def _chart_points(records, terms_of, chart_by: str) -> list[tuple[str, Totals]]:
    """(label, totals) oldest first: by period (dual registrations added together)
    or by term."""
    points: dict = {}
    for record in sorted(records, key=lambda r: r.period_start):
        if chart_by == "period":
            key = (record.period_start, record.period_end)
            label = _short(record.period_start)
        else:
            term = terms_of[record.pk]
            if term is None:
                continue
            key, label = term.starts_on, _term_short(term)
        points.setdefault(key, Totals(label=label)).add(record)
    limit = MOST_PERIODS_CHARTED if chart_by == "period" else MOST_TERMS_CHARTED
    return [(totals.label, totals) for totals in list(points.values())[-limit:]]


def attendance(user, child, *, chart_by: str = "", today: date | None = None) -> dict:
    today = today or timezone.localdate()
    current_year = academic_year_start(today)
    threshold = AuthoritySettings.load().attendance_alert_below
    records = list(
        AttendanceRecord.objects.visible_to(user)
        .filter(child=child)
        .select_related("school")
        .order_by("-period_start", "school__name")
    )
    years = {academic_year_start(r.period_start) for r in records} | {current_year}
    terms = calendar_terms(years)
    school_ids = services.designated_school_ids(user, today)
    may_record = services.may_change_school_records(user)
    terms_of = {}
    for record in records:
        record.flag = codes.absence_flag(record.absent, record.possible_sessions)
        record.period_label = period_label(record.period_start, record.period_end)
        record.editable = may_record and (school_ids is None or record.school_id in school_ids)
        terms_of[record.pk] = _term_for(record.period_start, terms)

    by_year: dict[int, YearTotals] = {}
    for year in sorted(years, reverse=True):
        year_terms = [t for t in terms if t.academic_year.start_year == year]
        name = year_terms[0].academic_year.name if year_terms else f"{year}/{(year + 1) % 100:02d}"
        by_year[year] = YearTotals(
            name=name,
            is_current=year == current_year,
            total=Totals(label=name),
            terms=[(t, Totals(label=str(t))) for t in year_terms],
        )
    for record in records:
        year = by_year[academic_year_start(record.period_start)]
        year.records.append(record)
        year.total.add(record)
        term = terms_of[record.pk]
        for candidate, totals in year.terms:
            if candidate == term:
                totals.add(record)
                break
        else:
            if year.outside_terms is None:
                year.outside_terms = Totals(label="Outside term dates")
            year.outside_terms.add(record)

    if chart_by not in ("period", "term"):
        periods = {(r.period_start, r.period_end) for r in records}
        chart_by = "period" if len(periods) <= MOST_PERIODS_CHARTED else "term"
    points = _chart_points(records, terms_of, chart_by)
    chart = None
    if points:
        chart = with_room_on_the_right(
            line_chart(
                [label for label, _ in points],
                [
                    Series(
                        "Attendance",
                        [None if t.rate is None else float(t.rate) for _, t in points],
                    )
                ],
                title=f"{child.display_name}'s attendance by {chart_by}",
                target=float(threshold),
                width=max(560, 60 * len(points)),
            )
        )

    suspensions = list(
        Suspension.objects.visible_to(user)
        .filter(child=child)
        .select_related("school")
        .order_by("-starts_on")
    )
    add_up_consecutive(suspensions)  # two queries for the whole list
    this_year = {"suspensions": 0, "sessions": 0, "permanent": 0}
    for suspension in suspensions:
        suspension.reasons = [
            (code, codes.ExclusionReason(code).label)
            for code in (suspension.reason, suspension.second_reason, suspension.third_reason)
            if code
        ]
        suspension.provision_missing = (
            suspension.needs_alternative_provision and not suspension.alternative_provision
        )
        suspension.editable = may_record and (
            school_ids is None or suspension.school_id in school_ids
        )
        if academic_year_start(suspension.starts_on) == current_year:
            if suspension.category == codes.ExclusionCategory.PERMANENT:
                this_year["permanent"] += 1
            else:
                this_year["suspensions"] += 1
                this_year["sessions"] += suspension.sessions or 0
    this_year["days"] = this_year["sessions"] / 2
    this_year["total"] = this_year["suspensions"] + this_year["permanent"]

    return {
        "records": records,
        "record_years": [year for year in by_year.values() if year.records],
        "years": list(by_year.values()),
        "current": by_year[current_year],
        "threshold": threshold,
        "period_setting": AuthoritySettings.AttendancePeriod,
        "chart": chart,
        "chart_by": chart_by,
        "chart_points": points,
        "suspensions": suspensions,
        "suspensions_this_year": this_year,
        "may_record": may_record,
        "persistent_absence": codes.PERSISTENT_ABSENCE,
        "severe_absence": codes.SEVERE_ABSENCE,
    }


# Attainment ------------------------------------------------------------------------


def _shown_value(measure: str, value: str) -> dict | None:
    if not value:
        return None
    # Codes such as EXS are worth showing beside their wording; "expected" is not.
    return {
        "value": value,
        "label": codes.value_label(measure, value),
        "show_code": measure == codes.Measure.KS2_TA,
    }


def _results_chart(measure: str, assessments: list[Assessment]):
    """The latest result (actual, else predicted) of each subject on a numeric scale,
    against its target."""
    latest: dict[tuple, Assessment] = {}
    for assessment in assessments:  # newest term first
        if assessment.measure != measure:
            continue
        key = (assessment.subject, assessment.subject_name)
        if key not in latest and (assessment.actual or assessment.predicted):
            latest[key] = assessment
    if not latest:
        return None
    labels, results, targets, notes = [], [], [], []
    for assessment in latest.values():
        labels.append(assessment.subject_name or assessment.get_subject_display())
        results.append(codes.numeric_value(measure, assessment.actual or assessment.predicted))
        targets.append(codes.numeric_value(measure, assessment.target))
        kind = "" if assessment.actual else "predicted, "
        notes.append(f"{kind}{_term_short(assessment.term)}")
    if measure == codes.Measure.GCSE:
        low, high, named = 0, 9, {0: "U"}
    else:
        (low, high), named = codes.NUMERIC_RANGES[measure], {}
    return results_chart(
        labels,
        results,
        targets,
        title=f"Latest {codes.Measure(measure).label} results against targets",
        minimum=low,
        maximum=high,
        standard=codes.STANDARDS.get(measure),
        value_labels=named,
        notes=notes,
    )


def attainment(user, child) -> dict:
    assessments = list(
        Assessment.objects.visible_to(user)
        .filter(child=child)
        .select_related("term__academic_year")
        .order_by("-term__starts_on", "measure", "subject", "subject_name")
    )
    for assessment in assessments:
        assessment.measure_short = codes.SHORT_MEASURE_LABELS.get(
            assessment.measure, assessment.get_measure_display()
        )
        assessment.shown = {
            name: _shown_value(assessment.measure, getattr(assessment, name))
            for name in services.ASSESSMENT_VALUES
        }
    groups = []
    for title, measures in codes.MEASURE_GROUPS:
        items = [a for a in assessments if a.measure in measures]
        if not items:
            continue
        by_term: dict[int, dict] = {}
        for assessment in items:
            entry = by_term.setdefault(
                assessment.term_id, {"term": assessment.term, "assessments": []}
            )
            entry["assessments"].append(assessment)
        charts = [
            chart
            for measure in measures
            if measure in codes.NUMERIC_RANGES or measure == codes.Measure.GCSE
            if (chart := _results_chart(measure, items)) is not None
        ]
        groups.append(
            {
                "title": title,
                "measures": [codes.Measure(m) for m in measures],
                "several_measures": len({a.measure for a in items}) > 1,
                "terms": list(by_term.values()),
                "charts": charts,
                "notes": [MEASURE_NOTES[m] for m in measures if m in MEASURE_NOTES],
            }
        )
    return {
        "groups": groups,
        "assessment_count": len(assessments),
        "may_record": services.may_change_school_records(user),
    }


# Well-being ------------------------------------------------------------------------


def _sdq_chart(child, sdqs: list[SdqAssessment]):
    scored = sorted((s for s in sdqs if s.score is not None), key=lambda s: s.assessed_on)
    days = sorted({s.assessed_on for s in scored})[-MOST_SDQS_CHARTED:]
    if not days:
        return None, []
    by_informant: dict[str, dict[date, int]] = defaultdict(dict)
    for sdq in scored:
        by_informant[sdq.informant][sdq.assessed_on] = sdq.score
    informants = [i for i in SdqAssessment.Informant if i.value in by_informant]
    series = [
        Series(f"{informant.label}", [by_informant[informant.value].get(day) for day in days])
        for informant in informants
    ]
    labels = [f"{day.day} {day:%b %y}" for day in days]
    chart = with_room_on_the_right(
        line_chart(
            labels,
            series,
            title=f"{child.display_name}'s SDQ total difficulties scores",
            minimum=0,
            maximum=40,
            target=SDQ_HIGH_FROM,
            unit="",
            width=max(560, 70 * len(days)),
        )
    )
    return chart, days


def wellbeing(user, child) -> dict:
    sdqs = list(
        SdqAssessment.objects.visible_to(user).filter(child=child).order_by("-assessed_on", "-id")
    )
    for sdq in sdqs:
        sdq.band_colour = BAND_COLOURS.get(sdq.band, "grey")
    chart, _ = _sdq_chart(child, sdqs)
    celebrations = list(
        Celebration.objects.visible_to(user)
        .filter(child=child)
        .order_by("-achieved_on", "-created_at")
    )
    return {
        "sdqs": sdqs,
        "sdq_chart": chart,
        "sdq_bands": SDQ_BANDS,
        "sdq_high_from": SDQ_HIGH_FROM,
        "celebrations": celebrations,
    }


# Suggestions for the entry forms ---------------------------------------------------


def recording_schools(user, child):
    """Schools the child has been on roll at that `user` may record for: a
    designated teacher only their own."""
    schools = School.objects.filter(
        pk__in=Enrolment.objects.visible_to(user, "change").filter(child=child).values("school")
    ).order_by("name")
    school_ids = services.designated_school_ids(user)
    if school_ids is not None:
        schools = schools.filter(pk__in=school_ids)
    return schools


def current_school_id(user, child, schools, today: date | None = None) -> int | None:
    """The school among `schools` the child is on roll at today (the main one if
    dual registered), to start the forms with."""
    today = today or timezone.localdate()
    current = (
        Enrolment.objects.visible_to(user, "change")
        .filter(child=child, school__in=schools, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    )
    preferred = [RegistrationType.SINGLE, RegistrationType.DUAL_MAIN]
    enrolments = sorted(
        current,
        key=lambda e: preferred.index(e.registration) if e.registration in preferred else 9,
    )
    return enrolments[0].school_id if enrolments else None


def _next_monday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def half_terms(terms: list[Term]) -> list[tuple[date, date]]:
    """Each term split at its half-term holiday, oldest first."""
    halves = []
    for term in sorted(terms, key=lambda t: t.starts_on):
        if term.half_term_starts_on and term.half_term_ends_on:
            first_end = term.half_term_starts_on - timedelta(days=1)
            while first_end.weekday() >= 5:
                first_end -= timedelta(days=1)
            halves.append((term.starts_on, first_end))
            halves.append((_next_monday(term.half_term_ends_on + timedelta(days=1)), term.ends_on))
        else:
            halves.append((term.starts_on, term.ends_on))
    return halves


def suggested_period(child, today: date | None = None) -> tuple[date, date]:
    """The next period to record, in the authority's rhythm: the week (Monday to
    Friday) or half term after the latest record, or the last one that has started."""
    today = today or timezone.localdate()
    latest = (
        AttendanceRecord.objects.filter(child=child)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .first()
    )
    if AuthoritySettings.load().attendance_period == AuthoritySettings.AttendancePeriod.WEEKLY:
        this_monday = today - timedelta(days=today.weekday())
        start = _next_monday(latest + timedelta(days=1)) if latest else this_monday - timedelta(7)
        if start > today:
            start = this_monday
        return start, start + timedelta(days=4)
    current = academic_year_start(today)
    terms = calendar_terms({current - 1, current})
    started = [half for half in half_terms(terms) if half[0] <= today]
    if not started:
        this_monday = today - timedelta(days=today.weekday())
        return this_monday, this_monday + timedelta(days=4)
    after_latest = [half for half in started if latest is None or half[0] > latest]
    return after_latest[0] if latest and after_latest else started[-1]
