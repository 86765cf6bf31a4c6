"""The figures on each role's home page: the virtual school head's cohort view (as in
a VSH annual report), a caseworker's caseload with flags, a designated teacher's
pupils with what is due, and a social worker's children's education.

Every figure starts from the access policy (``Child.objects.visible_to``), and each
page is computed from a fixed number of queries whatever the number of children:
records are read once as plain rows and counted here."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from children import codes as child_codes
from children.models import CareEpisode, Child, Enrolment, RegistrationType
from children.peps import deadlines
from children.peps.models import Pep
from children.peps.models import Status as PepStatus
from children.school_years import key_stage_for_year, year_group_on
from children.tracking import alerts as alert_rules
from children.tracking import codes
from children.tracking.models import Assessment, AttendanceRecord, Suspension, percentage
from schools.models import DesignatedTeacher, Inspection
from vsh.accounts.roles import Role
from vsh.core import charts
from vsh.core.models import AuthoritySettings
from vsh.terms.dates import terms_started_by
from vsh.terms.models import Term

# Terms shown in the attendance trend.
TREND_TERMS = 6
UNSTABLE_MOVES = 3
ALERTS_SHOWN = 10

KEY_STAGE_ROWS = [
    ("Early years", "EYFS", "Early years foundation stage (to Reception)"),
    ("Primary", "KS1", "Key stage 1 (Years 1 and 2)"),
    ("Primary", "KS2", "Key stage 2 (Years 3 to 6)"),
    ("Secondary", "KS3", "Key stage 3 (Years 7 to 9)"),
    ("Secondary", "KS4", "Key stage 4 (Years 10 and 11)"),
    ("Post-16", "KS5", "Post-16 (Year 12 and over)"),
]
# (key, label, short label for charts)
OFSTED_CATEGORIES = [
    ("1", "Outstanding", "Outstanding"),
    ("2", "Good", "Good"),
    ("3", "Requires improvement", "Requires improvement"),
    ("4", "Inadequate", "Inadequate"),
    ("report_card", "Report card (from November 2025)", "Report card"),
    ("no_grade", "Inspected from September 2024: no overall grade", "No overall grade"),
    ("not_inspected", "No inspection recorded", "Not inspected"),
]


# Small helpers -------------------------------------------------------------------


def _current(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": on}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": on})
    )


def _covers(row, on: date) -> bool:
    return row["started_on"] <= on and (row["ended_on"] is None or row["ended_on"] >= on)


def _a_year_before(on: date) -> date:
    try:
        return on.replace(year=on.year - 1)
    except ValueError:  # 29 February
        return on.replace(year=on.year - 1, day=28)


def _number(value) -> str:
    # Percentages come to one decimal place, as DfE statistics give them.
    return str(value)


def _children_list(**filters) -> str:
    return reverse("children:list") + "?" + urlencode(filters)


def _figure_url(key: str) -> str:
    return reverse("home") + "?" + urlencode({"figure": key})


def _short(term: Term) -> str:
    return f"{term.get_season_display()[:3]} {term.academic_year.name}"


@dataclass
class Figure:
    """One figure with the same figure for the previous term (or year) beside it,
    and where to find the children behind it."""

    label: str
    value: int | Decimal | None
    previous: int | Decimal | None = None
    unit: str = ""
    count: int | None = None
    base: int | None = None
    url: str = ""
    period: str = ""
    short: str = ""

    @property
    def shown(self) -> str:
        return "No data" if self.value is None else f"{_number(self.value)}{self.unit}"

    @property
    def previous_shown(self) -> str:
        return "No data" if self.previous is None else f"{_number(self.previous)}{self.unit}"

    @property
    def change(self) -> str:
        if self.value is None or self.previous is None:
            return ""
        delta = self.value - self.previous
        if not delta:
            return "No change"
        points = " points" if self.unit == "%" else ""
        return f"{'Up' if delta > 0 else 'Down'} {_number(abs(delta))}{points}"

    @property
    def of(self) -> str:
        """ "12 of 40" beside a percentage, and the year when it is not this term's."""
        parts = []
        if self.count is not None and self.base is not None:
            parts.append(f"{self.count} of {self.base}")
        if self.period:
            parts.append(f"in {self.period}")
        return " ".join(parts)


# The head's and managers' cohort view ------------------------------------------------


@dataclass
class Behind:
    """The children behind a figure, for the page that lists them."""

    title: str
    notes: dict[int, str] = field(default_factory=dict)


class Cohort:
    """The authority's children as the user may see them, read in a fixed number of
    queries, with the annual-report figures computed from them."""

    def __init__(self, user, today: date | None = None):
        self.today = today or timezone.localdate()
        self.rules = AuthoritySettings.load()
        self.threshold = Decimal(str(self.rules.attendance_alert_below))
        visible = Child.objects.visible_to(user)
        ids = visible.values("pk")
        self.children = {
            row["pk"]: row
            for row in visible.values("pk", "date_of_birth", "cohort", "sen_provision")
        }
        self.enrolments = defaultdict(list)
        for row in Enrolment.objects.filter(child__in=ids).values(
            "child_id", "school_id", "started_on", "ended_on", "registration", "school__la_code"
        ):
            self.enrolments[row["child_id"]].append(row)
        self.terms = terms_started_by(self.today, TREND_TERMS)
        self.term = self.terms[0] if self.terms else None
        self.previous = self.terms[1] if len(self.terms) > 1 else None
        earliest = self.terms[-1].starts_on if self.terms else self.today
        self.episodes = defaultdict(list)
        for row in (
            CareEpisode.objects.filter(child__in=ids)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=earliest))
            .values("child_id", "started_on", "ended_on", "out_of_authority")
        ):
            self.episodes[row["child_id"]].append(row)
        self.attendance = list(
            AttendanceRecord.objects.filter(
                child__in=ids, period_start__gte=earliest, period_start__lte=self.today
            ).values(
                "child_id",
                "period_start",
                "possible_sessions",
                "present",
                "approved_activity",
                "authorised_absence",
                "unauthorised_absence",
            )
        )
        self.suspensions = list(
            Suspension.objects.filter(
                child__in=ids, starts_on__gte=earliest, starts_on__lte=self.today
            ).values("child_id", "category", "starts_on")
        )
        self.assessments = list(
            Assessment.objects.filter(child__in=ids, measure__in=ATTAINMENT_MEASURES)
            .exclude(actual="")
            .values(
                "child_id",
                "subject",
                "measure",
                "actual",
                "term__starts_on",
                "term__academic_year__start_year",
            )
        )
        schools = {r["school_id"] for rows in self.enrolments.values() for r in rows}
        self.inspections = defaultdict(list)
        for row in (
            Inspection.objects.filter(school__in=schools)
            .order_by("-inspected_on")
            .values("school_id", "inspected_on", "framework", "overall_grade")
        ):
            self.inspections[row["school_id"]].append(row)
        self.behind: dict[str, Behind] = {}
        self.sets: dict[str, set[int]] = {}

    # Who is where on a day ------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.children)

    @property
    def then(self) -> date | None:
        """The day the previous term's figures are taken on: its last day."""
        return self.previous.ends_on if self.previous else None

    def _main_school(self, child_id: int, on: date):
        current = [r for r in self.enrolments[child_id] if _covers(r, on)]
        main = [r for r in current if r["registration"] != RegistrationType.DUAL_SUBSIDIARY]
        chosen = sorted(main or current, key=lambda r: r["started_on"], reverse=True)
        return chosen[0] if chosen else None

    def _keep(self, key: str, title: str, children, notes=None) -> str:
        self.sets[key] = set(children)
        self.behind[key] = Behind(title, notes or {})
        return _figure_url(key)

    # The roll ----------------------------------------------------------------------

    def key_stages(self) -> list[dict]:
        counts = defaultdict(int)
        for child in self.children.values():
            counts[key_stage_for_year(year_group_on(child["date_of_birth"], self.today))] += 1
        return [
            {
                "phase": phase,
                "label": label,
                "count": counts[stage],
                "percent": percentage(counts[stage], self.total),
                "url": _children_list(key_stage=stage),
            }
            for phase, stage, label in KEY_STAGE_ROWS
        ]

    def cohorts(self) -> list[dict]:
        counts = defaultdict(int)
        for child in self.children.values():
            counts[child["cohort"]] += 1
        return [
            {
                "label": label,
                "count": counts[value],
                "percent": percentage(counts[value], self.total),
                "url": _children_list(cohort=value),
            }
            for value, label in child_codes.Cohort.choices
        ]

    def sen(self) -> list[dict]:
        counts = defaultdict(int)
        for child in self.children.values():
            counts[child["sen_provision"]] += 1
        return [
            {
                "label": label,
                "count": counts[value],
                "percent": percentage(counts[value], self.total),
                "url": _children_list(sen_provision=value),
            }
            for value, label in child_codes.SenProvision.choices
        ]

    def _where(self, on: date) -> dict[str, set[int]]:
        """Who is placed (in care) and at school in and out of the authority on a day."""
        found = defaultdict(set)
        for child_id in self.children:
            for episode in self.episodes[child_id]:
                if _covers(episode, on):
                    found["placed_out" if episode["out_of_authority"] else "placed_in"].add(
                        child_id
                    )
            school = self._main_school(child_id, on)
            if school is not None and school["school__la_code"]:
                out = school["school__la_code"] != settings.AUTHORITY_LA_CODE
                found["school_out" if out else "school_in"].add(child_id)
        # As the children list's out-of-authority filter: placed or at any school outside.
        found["either_out"] = found["placed_out"] | {
            child_id
            for child_id in self.children
            if any(
                _covers(r, on) and r["school__la_code"] not in ("", settings.AUTHORITY_LA_CODE)
                for r in self.enrolments[child_id]
            )
        }
        return found

    def placement(self) -> list[Figure]:
        now = self._where(self.today)
        then = self._where(self.then) if self.then else None
        rows = [
            ("placed_in", "Placed in the authority (children in care)"),
            ("placed_out", "Placed out of the authority (children in care)"),
            ("school_in", "At a school in the authority"),
            ("school_out", "At a school out of the authority"),
        ]
        figures = [
            Figure(
                label,
                len(now[key]),
                None if then is None else len(then[key]),
                url=self._keep(key, label.split(" (")[0], now[key]),
            )
            for key, label in rows
        ]
        figures.append(
            Figure(
                "Placed or at school out of the authority",
                len(now["either_out"]),
                None if then is None else len(then["either_out"]),
                url=_children_list(out_of_authority="on"),
            )
        )
        return figures

    def _without_place(self, on: date) -> set[int]:
        return {
            child_id
            for child_id, child in self.children.items()
            if year_group_on(child["date_of_birth"], on) in alert_rules.SCHOOL_AGE_YEARS
            and not any(_covers(r, on) for r in self.enrolments[child_id])
        }

    def without_school_place(self) -> Figure:
        now = self._without_place(self.today)
        return Figure(
            "School-age children without a school place today",
            len(now),
            len(self._without_place(self.then)) if self.then else None,
            url=self._keep("no_school", "School-age children without a school place today", now),
        )

    # Stability --------------------------------------------------------------------

    def _moves(self, child_id: int, on: date) -> int:
        starts = sorted(
            r["started_on"]
            for r in self.enrolments[child_id]
            if r["registration"] != RegistrationType.DUAL_SUBSIDIARY and r["started_on"] <= on
        )
        since = _a_year_before(on)
        return sum(1 for day in starts[1:] if since < day <= on)

    def stability(self) -> Figure:
        moves = {child_id: self._moves(child_id, self.today) for child_id in self.children}
        unstable = {c for c, n in moves.items() if n >= UNSTABLE_MOVES}
        before = (
            sum(1 for c in self.children if self._moves(c, self.then) >= UNSTABLE_MOVES)
            if self.then
            else None
        )
        return Figure(
            f"Children with {UNSTABLE_MOVES} or more school moves in the last 12 months",
            len(unstable),
            before,
            url=self._keep(
                "moves",
                f"Children with {UNSTABLE_MOVES} or more school moves in the last 12 months",
                unstable,
                {c: f"{moves[c]} moves" for c in unstable},
            ),
        )

    # Attendance and exclusions --------------------------------------------------------

    def _attendance_in(self, term: Term | None) -> dict[int, tuple[int, int, int]]:
        """(attended, absent, possible) sessions by child for records starting in `term`."""
        totals: dict[int, list[int]] = {}
        if term is None:
            return {}
        for row in self.attendance:
            if term.starts_on <= row["period_start"] <= term.ends_on:
                sums = totals.setdefault(row["child_id"], [0, 0, 0])
                sums[0] += row["present"] + row["approved_activity"]
                sums[1] += row["authorised_absence"] + row["unauthorised_absence"]
                sums[2] += row["possible_sessions"]
        return {child: tuple(sums) for child, sums in totals.items() if sums[2]}

    @staticmethod
    def _rates(by_child) -> tuple[Decimal | None, set[int]]:
        attended = sum(a for a, _, _ in by_child.values())
        possible = sum(p for _, _, p in by_child.values())
        persistent = {
            child
            for child, (_, absent, possible_) in by_child.items()
            if absent * 100 >= codes.PERSISTENT_ABSENCE * possible_
        }
        return percentage(attended, possible), persistent

    def attendance_figures(self) -> list[Figure]:
        now = self._attendance_in(self.term)
        then = self._attendance_in(self.previous)
        rate, persistent = self._rates(now)
        rate_then, persistent_then = self._rates(then)
        notes = {child: f"{percentage(a, p)}% attendance" for child, (a, _, p) in now.items()}
        return [
            Figure(
                "Overall attendance",
                rate,
                rate_then,
                unit="%",
                count=len(now),
                base=len(now),
                url=self._keep(
                    "attendance", "Children with attendance recorded this term", now, notes
                ),
            ),
            Figure(
                "Persistent absence (missing 10% or more of sessions)",
                percentage(len(persistent), len(now)),
                percentage(len(persistent_then), len(then)),
                unit="%",
                count=len(persistent),
                base=len(now),
                url=self._keep(
                    "persistent_absence",
                    "Children persistently absent this term",
                    persistent,
                    {c: notes[c] for c in persistent},
                ),
            ),
        ]

    def _suspended_in(self, term: Term | None, category: str) -> list[dict]:
        if term is None:
            return []
        return [
            s
            for s in self.suspensions
            if s["category"] == category and term.starts_on <= s["starts_on"] <= term.ends_on
        ]

    def exclusion_figures(self) -> list[Figure]:
        susp, perm = codes.ExclusionCategory.SUSPENSION, codes.ExclusionCategory.PERMANENT
        now, then = self._suspended_in(self.term, susp), self._suspended_in(self.previous, susp)
        children_now = {s["child_id"] for s in now}
        times = defaultdict(int)
        for s in now:
            times[s["child_id"]] += 1
        children_then = {s["child_id"] for s in then}
        perm_now = self._suspended_in(self.term, perm)
        perm_then = self._suspended_in(self.previous, perm)
        compared = self.previous is not None
        return [
            Figure(
                "Suspensions",
                len(now) if self.term else None,
                len(then) if compared else None,
                url=self._keep(
                    "suspended",
                    "Children suspended this term",
                    children_now,
                    {c: f"{n} suspension{'s' if n != 1 else ''}" for c, n in times.items()},
                ),
            ),
            Figure(
                "Children suspended at least once",
                percentage(len(children_now), self.total) if self.term else None,
                percentage(len(children_then), self.total) if compared else None,
                unit="%",
                count=len(children_now),
                base=self.total,
                url=_figure_url("suspended"),
            ),
            Figure(
                "Permanent exclusions",
                len(perm_now) if self.term else None,
                len(perm_then) if compared else None,
                url=self._keep(
                    "excluded",
                    "Children permanently excluded this term",
                    {s["child_id"] for s in perm_now},
                ),
            ),
        ]

    def attendance_chart(self):
        terms = list(reversed(self.terms))
        if not terms:
            return None
        attendance, persistent = [], []
        for term in terms:
            by_child = self._attendance_in(term)
            rate, absent = self._rates(by_child)
            attendance.append(None if rate is None else float(rate))
            persistent.append(float(percentage(len(absent), len(by_child))) if by_child else None)
        return charts.line_chart(
            [_short(t) for t in terms],
            [
                charts.Series("Attendance", attendance),
                charts.Series("Persistent absence", persistent),
            ],
            title="Attendance and persistent absence by term",
            target=float(self.threshold),
        )

    # Attainment ---------------------------------------------------------------------

    def _results(self):
        """The latest result by (year, measure key) -> child -> subject -> value."""
        latest: dict = {}
        for row in sorted(self.assessments, key=lambda r: r["term__starts_on"]):
            year = row["term__academic_year__start_year"]
            latest.setdefault(year, {}).setdefault(row["child_id"], {})[
                (row["measure"], row["subject"])
            ] = row["actual"]
        return latest

    def attainment(self) -> list[Figure]:
        by_year = self._results()
        current_year = self.term.academic_year.start_year if self.term else None
        figures = []
        for key, label, short, assess in ATTAINMENT:
            outcomes = {}
            for year, children in by_year.items():
                met = {}
                for child_id, results in children.items():
                    outcome = assess(results)
                    if outcome is not None:
                        met[child_id] = outcome
                if met:
                    outcomes[year] = met
            years = sorted(y for y in outcomes if current_year is None or y <= current_year)
            if not years:
                figures.append(Figure(label, None, short=short))
                continue
            year = years[-1]
            met, before = outcomes[year], outcomes.get(year - 1)
            passed = {c for c, ok in met.items() if ok}
            name = f"{year}/{(year + 1) % 100:02d}"
            figure = Figure(
                label,
                percentage(len(passed), len(met)),
                percentage(sum(before.values()), len(before)) if before else None,
                unit="%",
                count=len(passed),
                base=len(met),
                period=name,
                short=short,
                url=self._keep(
                    f"attainment-{key}",
                    f"{label}: children with results in {name}",
                    met,
                    {c: "Met" if ok else "Not met" for c, ok in met.items()},
                ),
            )
            figures.append(figure)
        return figures

    # Ofsted ---------------------------------------------------------------------------

    def _ofsted_category(self, school_id: int, on: date) -> str:
        done = [i for i in self.inspections[school_id] if i["inspected_on"] <= on]
        if not done:
            return "not_inspected"
        latest = done[0]
        if latest["overall_grade"]:
            return str(latest["overall_grade"])
        if latest["framework"] == Inspection.Framework.REPORT_CARD_2025:
            return "report_card"
        return "no_grade"

    def _ofsted_on(self, on: date) -> dict[str, set[int]]:
        found = defaultdict(set)
        for child_id in self.children:
            school = self._main_school(child_id, on)
            if school is not None:
                found[self._ofsted_category(school["school_id"], on)].add(child_id)
        return found

    def ofsted(self) -> tuple[list[Figure], Figure]:
        now = self._ofsted_on(self.today)
        then = self._ofsted_on(self.then) if self.then else None
        rows = [
            Figure(
                label,
                len(now[key]),
                None if then is None else len(then[key]),
                short=short,
                url=self._keep(
                    f"ofsted-{key}",
                    f"Children at schools whose latest Ofsted inspection is: {label}",
                    now[key],
                ),
            )
            for key, label, short in OFSTED_CATEGORIES
        ]

        def good(found):
            graded = sum(len(found[k]) for k in ("1", "2", "3", "4"))
            return percentage(len(found["1"]) + len(found["2"]), graded), graded

        share, graded = good(now)
        good_now = self._keep(
            "ofsted-good", "Children at good or outstanding schools", now["1"] | now["2"]
        )
        summary = Figure(
            "At good or outstanding schools (of those with an overall grade)",
            share,
            good(then)[0] if then is not None else None,
            unit="%",
            count=len(now["1"]) + len(now["2"]),
            base=graded,
            url=good_now,
        )
        return rows, summary

    # Everything for the page ----------------------------------------------------------

    def page(self) -> dict:
        key_stages = self.key_stages()
        attainment = self.attainment()
        ofsted_rows, good_schools = self.ofsted()
        figures = {
            "total": self.total,
            "term": self.term,
            "previous_term": self.previous,
            "key_stages": key_stages,
            "cohort_rows": self.cohorts(),
            "sen_rows": self.sen(),
            "without_school": self.without_school_place(),
            "placement": [*self.placement(), self.stability()],
            "attendance": self.attendance_figures(),
            "exclusions": self.exclusion_figures(),
            "attainment": attainment,
            "ofsted": [*ofsted_rows, good_schools],
            "threshold": alert_rules.percent_text(self.threshold),
        }
        figures["charts"] = {
            "key_stages": charts.bar_chart(
                [row["label"].split(" (")[0] for row in key_stages],
                [row["count"] for row in key_stages],
                title="Children by key stage",
            ),
            "attendance": self.attendance_chart(),
            "attainment": charts.bar_chart(
                [f.short for f in attainment],
                [None if f.value is None else float(f.value) for f in attainment],
                title="Attainment: latest results",
                maximum=100,
                unit="%",
            ),
            "ofsted": charts.bar_chart(
                [f.short for f in ofsted_rows],
                [f.value for f in ofsted_rows],
                title="Children by their school's latest Ofsted inspection",
            ),
        }
        return figures


# What each attainment figure counts. Each takes a child's latest results in a year,
# keyed by (measure, subject), and says whether they met the standard (None: no result).


def _ks2_met(results, subject) -> bool | None:
    scaled = results.get((codes.Measure.KS2_SCALED, subject))
    assessed = results.get((codes.Measure.KS2_TA, subject))
    if scaled is None and assessed is None:
        return None
    return (scaled is not None and int(scaled) >= codes.KS2_EXPECTED_SCALED) or assessed in (
        "EXS",
        "GDS",
    )


def _ks2_rwm(results) -> bool | None:
    met = [_ks2_met(results, s) for s in ("reading", "writing", "maths")]
    return None if None in met else all(met)


def _grade(value: str | None) -> int | None:
    if value is None:
        return None
    return 0 if value == "U" else int(value)


def _gcse_english_maths(results) -> bool | None:
    english = [
        _grade(results.get((codes.Measure.GCSE, s)))
        for s in (codes.Subject.ENGLISH_LANGUAGE, codes.Subject.ENGLISH_LITERATURE)
    ]
    english = [g for g in english if g is not None]
    maths = _grade(results.get((codes.Measure.GCSE, codes.Subject.MATHS)))
    if not english or maths is None:
        return None
    # The English and maths measure takes the better of language and literature.
    return max(english) >= 4 and maths >= 4


def _eyfs(results) -> bool | None:
    values = [v for (m, _), v in results.items() if m == codes.Measure.EYFS_GLD]
    return None if not values else values[-1] == "yes"


def _phonics(results) -> bool | None:
    values = [v for (m, _), v in results.items() if m == codes.Measure.PHONICS]
    return None if not values else int(values[-1]) >= codes.PHONICS_THRESHOLD


def _reading(results):
    return _ks2_met(results, "reading")


def _writing(results):
    return _ks2_met(results, "writing")


def _maths(results):
    return _ks2_met(results, "maths")


# (key, label, short label for charts, what it counts)
ATTAINMENT = [
    ("eyfs", "Good level of development at the end of Reception", "EYFS: GLD", _eyfs),
    ("phonics", "Year 1 phonics check passed (32 or more)", "Year 1 phonics", _phonics),
    ("ks2-reading", "Key stage 2 reading at the expected standard", "KS2 reading", _reading),
    ("ks2-writing", "Key stage 2 writing at the expected standard", "KS2 writing", _writing),
    ("ks2-maths", "Key stage 2 maths at the expected standard", "KS2 maths", _maths),
    (
        "ks2-rwm",
        "Key stage 2 reading, writing and maths all at the expected standard",
        "KS2 reading, writing, maths",
        _ks2_rwm,
    ),
    (
        "gcse-em",
        "GCSE grade 4 or above in English and maths",
        "GCSE English and maths 4+",
        _gcse_english_maths,
    ),
]
ATTAINMENT_MEASURES = [
    codes.Measure.EYFS_GLD,
    codes.Measure.PHONICS,
    codes.Measure.KS2_SCALED,
    codes.Measure.KS2_TA,
    codes.Measure.GCSE,
]


def cohort(user, today: date | None = None) -> dict:
    """The head's and managers' view of the whole cohort they can see."""
    return {
        **Cohort(user, today).page(),
        "alerts_waiting": alert_rules.visible_alerts(user).count(),
    }


def figure_children(user, key: str, today: date | None = None) -> dict | None:
    """The children behind one figure of the cohort view, or None for no such figure."""
    figures = Cohort(user, today)
    figures.page()
    if key not in figures.behind:
        return None
    behind = figures.behind[key]
    children = (
        Child.objects.visible_to(user)
        .filter(pk__in=figures.sets[key])
        .order_by("last_name", "first_name", "pk")
    )
    rows = [{"child": child, "note": behind.notes.get(child.pk, "")} for child in children]
    return {"title": behind.title, "rows": rows, "has_notes": bool(behind.notes)}


# Caseloads: one row per child ------------------------------------------------------


@dataclass
class ChildRow:
    child: Child
    school: object = None
    looked_after: bool = False
    attendance: Decimal | None = None
    low_attendance: bool = False
    suspensions: int = 0
    excluded: bool = False
    no_school_place: bool = False
    pep_needed: bool = False
    pep: Pep | None = None  # the live version of this term's PEP
    # Submitted or further on (deadlines.SUBMITTED_OR_LATER): with the virtual school.
    pep_done: bool = False
    pep_due: date | None = None
    pep_overdue: bool = False
    alerts: int = 0
    attendance_recorded: bool | None = None

    @property
    def year_group(self) -> int:
        return self.child.year_group

    @property
    def sen(self) -> str:
        return {"K": "SEN support", "E": "EHC plan"}.get(self.child.sen_provision, "")

    @property
    def pep_status(self) -> str:
        if not self.pep_needed:
            return ""
        return self.pep.get_status_display() if self.pep else "Not started"

    @property
    def pep_colour(self) -> str:
        if self.pep_overdue:
            return "red"
        if self.pep is None:
            return "grey"
        return {
            PepStatus.APPROVED: "green",
            PepStatus.SUBMITTED: "blue",
            PepStatus.RETURNED: "orange",
        }.get(self.pep.status, "yellow")


def _last_period(today: date, terms: list[Term], period: str) -> tuple[date, date] | None:
    """The last attendance period that has ended and that schools were open for: the
    last school week (Monday to Friday), or the last half term."""

    def open_on(start: date, end: date) -> bool:
        for term in terms:
            if start <= term.ends_on and end >= term.starts_on:
                half = (term.half_term_starts_on, term.half_term_ends_on)
                if None in half or not (half[0] <= start and end <= half[1]):
                    return True
        return False

    if period == AuthoritySettings.AttendancePeriod.HALF_TERMLY:
        halves = []
        for term in terms:
            if term.half_term_starts_on and term.half_term_ends_on:
                halves += [
                    (term.starts_on, term.half_term_starts_on - timedelta(days=1)),
                    (term.half_term_ends_on + timedelta(days=1), term.ends_on),
                ]
            else:
                halves.append((term.starts_on, term.ends_on))
        ended = [h for h in halves if h[1] < today]
        return max(ended) if ended else None
    friday = today - timedelta(days=(today.weekday() - 4) % 7 or 7)
    for _ in range(4):
        monday = friday - timedelta(days=4)
        if open_on(monday, friday):
            return monday, friday
        friday -= timedelta(days=7)
    return None


class Caseload:
    """Rows for a list of children with what each role needs to see about them."""

    def __init__(self, user, children, today: date | None = None):
        self.user = user
        self.today = today or timezone.localdate()
        ids = children.values("pk")
        current = Enrolment.objects.filter(_current(self.today)).select_related("school")
        self.children = list(
            children.order_by("last_name", "first_name", "pk").prefetch_related(
                Prefetch("enrolments", queryset=current, to_attr="current_enrolments"),
                Prefetch("episodes", to_attr="all_episodes"),
            )
        )
        terms = terms_started_by(self.today, 2)
        self.term = terms[0] if terms else None
        self.previous = terms[1] if len(terms) > 1 else None
        # The authority's rules matter only once the calendar has terms.
        self.rules = AuthoritySettings.load() if terms else None
        self.last_period = (
            _last_period(self.today, terms, self.rules.attendance_period) if terms else None
        )
        self.alerts = alert_rules.decorate(alert_rules.visible_alerts(user))
        self.alert_counts = defaultdict(int)
        for alert in self.alerts:
            self.alert_counts[alert.child_id] += 1
        self.rows = [self._row(child) for child in self.children]
        if self.term is None:
            return
        since = self.term.starts_on
        if self.last_period:
            since = min(since, self.last_period[0])
        attendance = AttendanceRecord.objects.filter(
            child__in=ids, period_end__gte=since, period_start__lte=self.today
        ).values(
            "child_id",
            "period_start",
            "period_end",
            "possible_sessions",
            "present",
            "approved_activity",
        )
        suspensions = Suspension.objects.filter(
            child__in=ids, starts_on__gte=self.term.starts_on, starts_on__lte=self.term.ends_on
        ).values("child_id", "category")
        peps = defaultdict(list)
        for pep in Pep.objects.filter(child__in=ids, term=self.term).order_by("version"):
            peps[pep.child_id].append(pep)
        self._add_term(list(attendance), list(suspensions), peps)

    def _row(self, child) -> ChildRow:
        enrolments = child.current_enrolments
        main = [e for e in enrolments if e.registration != RegistrationType.DUAL_SUBSIDIARY]
        school = (main or enrolments or [None])[0]
        looked_after = any(
            e.ended_on is None and e.started_on <= self.today for e in child.all_episodes
        )
        return ChildRow(
            child=child,
            school=school.school if school else None,
            looked_after=looked_after,
            no_school_place=not enrolments
            and year_group_on(child.date_of_birth, self.today) in alert_rules.SCHOOL_AGE_YEARS,
            alerts=self.alert_counts[child.pk],
        )

    def _add_term(self, attendance, suspensions, peps) -> None:
        term_rules = deadlines.TermDeadlines.load(
            self.term, self.today, self.rules, previous=self.previous
        )
        threshold = Decimal(str(self.rules.attendance_alert_below))
        records_of, suspensions_of = defaultdict(list), defaultdict(list)
        for record in attendance:
            records_of[record["child_id"]].append(record)
        for suspension in suspensions:
            suspensions_of[suspension["child_id"]].append(suspension)
        for row in self.rows:
            child_id = row.child.pk
            records = records_of[child_id]
            in_term = [r for r in records if r["period_start"] >= self.term.starts_on]
            possible = sum(r["possible_sessions"] for r in in_term)
            attended = sum(r["present"] + r["approved_activity"] for r in in_term)
            row.attendance = percentage(attended, possible)
            row.low_attendance = row.attendance is not None and row.attendance < threshold
            # Only a child on a school's roll has attendance to record.
            if self.last_period and row.school is not None:
                start, end = self.last_period
                row.attendance_recorded = any(
                    r["period_start"] <= end and r["period_end"] >= start for r in records
                )
            mine = suspensions_of[child_id]
            row.suspensions = sum(
                1 for s in mine if s["category"] == codes.ExclusionCategory.SUSPENSION
            )
            row.excluded = any(s["category"] == codes.ExclusionCategory.PERMANENT for s in mine)
            # Who needs a PEP, when it is due and when it stops being overdue: as the
            # overdue-PEP alert and the PEP list work it out.
            row.pep_needed = term_rules.needs_pep(row.child, row.child.all_episodes)
            if row.pep_needed:
                versions = peps[child_id]
                row.pep = deadlines.live_version(versions)
                row.pep_done = deadlines.submitted(versions)
                _, row.pep_due = term_rules.due_for(row.child.all_episodes, row.pep)
                row.pep_overdue = not row.pep_done and term_rules.overdue(row.pep_due)

    def summary(self) -> dict:
        rows = self.rows
        return {
            "children": len(rows),
            **{key: sum(1 for r in rows if test(r)) for key, (_, test) in CASELOAD_FIGURES.items()},
        }

    def page(self) -> dict:
        return {
            "rows": self.rows,
            "summary": self.summary(),
            "term": self.term,
            "last_period": self.last_period,
            "threshold": (
                alert_rules.percent_text(self.rules.attendance_alert_below) if self.rules else ""
            ),
            "alert_rows": self.alerts[:ALERTS_SHOWN],
            "alerts_total": len(self.alerts),
        }


# The counts above a caseload's table, each with the rows it counts: `?show=KEY` on
# the home page narrows the table to them, so a count and its list always agree.
CASELOAD_FIGURES = {
    "low_attendance": (
        "Attendance below {threshold} this term",
        lambda r: r.low_attendance,
    ),
    "suspended": ("Suspended or excluded this term", lambda r: bool(r.suspensions or r.excluded)),
    "without_place": ("Without a school place", lambda r: r.no_school_place),
    "peps_needed": ("Needing a PEP this term", lambda r: r.pep_needed),
    "peps_done": ("PEP this term submitted or approved", lambda r: r.pep_done),
    "peps_overdue": ("PEP this term not submitted by the due date", lambda r: r.pep_overdue),
    "sen": ("With SEN support or an EHC plan", lambda r: bool(r.sen)),
    "attendance_missing": (
        "Attendance for the last period not recorded",
        lambda r: r.attendance_recorded is False,
    ),
}
CASELOAD_TABLE = "children"  # the table's id, so a count's link lands on it


def _show_url(key: str) -> str:
    return reverse("home") + "?" + urlencode({"show": key}) + "#" + CASELOAD_TABLE


def show_only(page: dict, key: str) -> dict:
    """A caseload page whose counts link to their rows (the caseworker's), with its
    table narrowed to the children behind one count; the counts stay those of the
    whole caseload. An unknown key shows everyone, as list filters ignore a value
    that does not fit."""
    if key not in CASELOAD_FIGURES or "summary_urls" not in page:
        return page
    label, test = CASELOAD_FIGURES[key]
    rows = [r for r in page["rows"] if test(r)]
    return {
        **page,
        "rows": rows,
        "showing": {"label": label.format(threshold=page["threshold"]), "count": len(rows)},
    }


def caseworker(user, today: date | None = None) -> dict:
    """A caseworker's children: those they may change, which is their caseload. Each
    count above the table links to the rows it counts."""
    page = Caseload(user, Child.objects.visible_to(user, "change"), today).page()
    page["summary_urls"] = {key: _show_url(key) for key in CASELOAD_FIGURES}
    return page


def social_worker(user, today: date | None = None) -> dict:
    return Caseload(user, Child.objects.visible_to(user), today).page()


def designated_teacher(user, today: date | None = None) -> dict:
    """A designated teacher's pupils, with the PEPs due this term in date order and
    the pupils whose attendance for the last period is not recorded yet."""
    today = today or timezone.localdate()
    page = Caseload(user, Child.objects.visible_to(user), today).page()
    page["schools"] = [
        d.school
        for d in DesignatedTeacher.objects.current(today).filter(user=user).select_related("school")
    ]
    page["peps_due"] = sorted(
        (r for r in page["rows"] if r.pep_needed and not r.pep_done and r.pep_due),
        key=lambda r: (r.pep_due, r.child.last_name),
    )
    page["attendance_missing"] = [r for r in page["rows"] if r.attendance_recorded is False]
    return page


def role_dashboard(user) -> str:
    """Which home page a user gets."""
    if user.is_superuser or user.role in (Role.HEAD, Role.MANAGER):
        return "authority"
    return {
        Role.CASEWORKER: "caseworker",
        Role.DESIGNATED_TEACHER: "school",
        Role.SOCIAL_WORKER: "social_worker",
    }.get(user.role, "caseload")
