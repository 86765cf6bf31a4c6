"""Suspensions and permanent exclusions, with the DfE reason codes.

About one secondary-age pupil in nine has been suspended this school year, mostly for
persistent disruption, verbal abuse or assault; a couple of pupils were permanently
excluded, leaving their school on the fifth day and starting at the pupil referral
unit, arranged by the authority, on the sixth.
"""

import random
from datetime import date, timedelta

from children import codes
from children.models import Enrolment, LeavingReason, RegistrationType
from children.school_years import year_group_on
from children.tracking.codes import ExclusionCategory
from children.tracking.models import Suspension

from . import names
from .terms import SchoolCalendar

Cohort = codes.Cohort
SUSPENSION_REASONS = [
    ("PD", 34),
    ("VA", 20),
    ("VP", 14),
    ("PA", 10),
    ("PP", 8),
    ("DM", 4),
    ("DA", 3),
    ("OW", 2),
    ("BU", 2),
    ("MT", 2),
    ("TH", 1),
]
PERMANENT_REASONS = [("PA", 30), ("PD", 25), ("OW", 15), ("DA", 10), ("PP", 10), ("SM", 5)]
# Half-day sessions: most suspensions are a day or two.
SESSIONS = [(1, 8), (2, 34), (3, 6), (4, 24), (6, 14), (10, 10), (14, 4)]
SUSPENSION_COUNTS = [(1, 55), (2, 25), (3, 12), (4, 6), (5, 2)]
SUSPENSION_NOTES = [
    "Reintegration meeting held with the carer; a reduced timetable was not needed.",
    "Reintegration meeting with the head of year, carer and virtual school caseworker. "
    "Agreed a time-out card and a daily check-in with the learning mentor.",
    "Carer collected from school. Work set on the school's online platform.",
    "Incident followed a difficult family time contact the evening before. School will "
    "share the contact schedule with the pastoral team.",
    "Virtual school caseworker asked the school to review the behaviour plan with the "
    "educational psychologist's advice before any further suspension.",
    "Return meeting held. Restorative conversation with the other pupil arranged.",
]
PERMANENT_NOTES = [
    "Governors' panel upheld the decision. Full-time place at the pupil referral unit "
    "from the sixth day; reintegration to mainstream to be reviewed at the next PEP.",
    "Virtual school head attended the governors' meeting and asked for the decision to "
    "be reconsidered. Place at the pupil referral unit arranged from the sixth day.",
]
SECONDARY_KINDS = {"secondary", "special", "pru"}


def main_enrolment_on(spec, day: date):
    """The school a child is registered at on `day` (not the subsidiary school of a
    dual registration)."""
    for enrolment in spec.enrolments:
        if enrolment.registration != RegistrationType.DUAL_SUBSIDIARY and enrolment.is_current_on(
            day
        ):
            return enrolment
    return None


def weighted_sample(rng: random.Random, items: list, weights: list[float], k: int) -> list:
    """k items without replacement, more likely the heavier (Efraimidis and Spirakis)."""
    keyed = sorted(
        ((rng.random() ** (1 / w), i) for i, w in enumerate(weights) if w > 0), reverse=True
    )
    return [items[i] for _, i in keyed[:k]]


class Excluder:
    def __init__(self, rng: random.Random, calendar: SchoolCalendar, picker, dt_on):
        self.rng = rng
        self.calendar = calendar
        self.today = calendar.today
        self.picker = picker
        self.dt_on = dt_on
        year_start = calendar.year_start(calendar.current)
        days = calendar.school_days(year_start, self.today - timedelta(days=1))
        # Early in the autumn term there is too little of this year to draw on.
        self.window_start = year_start if len(days) >= 25 else self.today - timedelta(days=365)

    # Permanent exclusions ------------------------------------------------------------

    def exclude(self, specs, wanted: int) -> None:
        """Make sure `wanted` pupils were permanently excluded this school year: each
        leaves their school after the fifth day and starts at the pupil referral unit
        on the sixth."""
        rng, today = self.rng, self.today
        already = sum(
            1
            for s in specs
            for e in s.enrolments
            if e.leaving_reason == LeavingReason.PERMANENT_EXCLUSION
            and e.ended_on
            and e.ended_on >= self.window_start
        )
        candidates = []
        for spec in specs:
            current = [e for e in spec.enrolments if e.ended_on is None]
            if (
                spec.cohort in (Cohort.LOOKED_AFTER, Cohort.SOCIAL_WORKER)
                and 12 <= spec.age <= 15
                and not spec.demo_caseload
                and len(current) == 1
                and current[0] is spec.enrolments[-1]
                and current[0].registration == RegistrationType.SINGLE
                and current[0].school_spec.kind == "secondary"
            ):
                candidates.append((spec, current[0]))
        rng.shuffle(candidates)
        for spec, enrolment in candidates:
            if already >= wanted:
                break
            earliest = max(self.window_start, enrolment.started_on + timedelta(days=60))
            days = self.calendar.school_days(earliest, today - timedelta(days=1))[:-10]
            if not days:
                continue
            first = rng.choice(days)
            sixth = self.calendar.school_days_after(first, 6)
            enrolment.ended_on = sixth[4]
            enrolment.leaving_reason = LeavingReason.PERMANENT_EXCLUSION
            pru = self.picker.pru_for(enrolment.school_spec.la_code)
            unit = Enrolment(child=spec.child, school=pru.school, started_on=sixth[5])
            unit.school_spec = pru
            spec.enrolments.append(unit)
            already += 1

    def permanent_records(self, spec) -> list[Suspension]:
        """A permanent exclusion record for each school the child was excluded from."""
        rng = self.rng
        records = []
        for enrolment in spec.enrolments:
            if enrolment.leaving_reason != LeavingReason.PERMANENT_EXCLUSION:
                continue
            first = self.calendar.school_days_before(enrolment.ended_on, 5)[0]
            term = self.calendar.term_of(enrolment.ended_on)
            if term is not None and first < term.starts_on:
                # Excluded in the first days of a term, not over the holiday.
                first = self.calendar.school_days_after(term.starts_on, 1)[0]
            after = [
                e
                for e in spec.enrolments
                if e.started_on > enrolment.ended_on and e.school_spec.kind == "pru"
            ]
            unit = min(after, key=lambda e: e.started_on) if after else None
            review = self.calendar.school_days_after(first, rng.randint(10, 15))[-1]
            records.append(
                Suspension(
                    child=spec.child,
                    school=enrolment.school,
                    category=ExclusionCategory.PERMANENT,
                    starts_on=first,
                    sessions=None,
                    reason=names.weighted(rng, PERMANENT_REASONS)[0],
                    alternative_provision=(
                        f"Full-time place at {unit.school.name}, arranged by the local authority"
                        if unit
                        else ""
                    ),
                    alternative_provision_from=unit.started_on if unit else None,
                    governors_review_on=review,
                    notes=rng.choice(PERMANENT_NOTES),
                    recorded_by=self.dt_on(enrolment.school, first),
                )
            )
        return records

    # Suspensions ---------------------------------------------------------------------

    def suspend(self, specs) -> None:
        """Suspensions this school year for about one secondary-age pupil in nine, and
        some last year."""
        rng, today = self.rng, self.today
        this_year = self._pupils(specs, range(7, 12), today)
        chosen = self._choose(this_year, rng.uniform(0.10, 0.12))
        yesterday = today - timedelta(days=1)
        for spec in chosen:
            spec.suspended_this_year = True
            count = names.weighted(rng, SUSPENSION_COUNTS)[0]
            self._suspensions(spec, self.window_start, yesterday, count)
        # Last school year, for some who were in Years 7 to 11 then.
        last_start = self.calendar.year_start(self.calendar.current) - timedelta(days=365)
        last_end = self.calendar.year_start(self.calendar.current) - timedelta(days=1)
        if self.window_start > last_end:
            earlier = self._pupils(specs, range(8, 13), today)
            for spec in self._choose(earlier, 0.09):
                self._suspensions(
                    spec, max(last_start, today - timedelta(days=450)), last_end, rng.randint(1, 3)
                )
        for spec in specs:
            spec.suspensions += self.permanent_records(spec)
            spec.suspensions.sort(key=lambda s: s.starts_on)

    def _pupils(self, specs, years: range, day: date) -> list:
        pupils = []
        for spec in specs:
            if year_group_on(spec.dob, day) not in years:
                continue
            enrolment = main_enrolment_on(spec, day)
            if enrolment is not None and enrolment.school_spec.kind in SECONDARY_KINDS:
                pupils.append(spec)
        return pupils

    def _choose(self, pupils: list, share: float) -> list:
        weights = []
        for spec in pupils:
            weight = {Cohort.SOCIAL_WORKER: 1.3, Cohort.PREVIOUSLY_LOOKED_AFTER: 0.7}.get(
                spec.cohort, 1.0
            )
            if spec.child.sen_primary_need == "SEMH":
                weight *= 2
            if spec.age >= 14:
                weight *= 1.4
            if spec.child.sex == "M":
                weight *= 1.3
            weights.append(weight)
        return weighted_sample(self.rng, pupils, weights, round(len(pupils) * share))

    def _suspensions(self, spec, start: date, end: date, count: int) -> None:
        rng = self.rng
        days = [
            d
            for d in self.calendar.school_days(start, end)
            if (e := main_enrolment_on(spec, d)) is not None and e.school_spec.kind != "nursery"
        ]
        for day in sorted(rng.sample(days, k=min(count, len(days)))):
            school = main_enrolment_on(spec, day).school
            sessions = names.weighted(rng, SESSIONS)[0]
            reason = names.weighted(rng, SUSPENSION_REASONS)[0]
            second = ""
            if rng.random() < 0.15:
                second = names.weighted(rng, [r for r in SUSPENSION_REASONS if r[0] != reason])[0]
            provision, provision_from = "", None
            if sessions > 10:
                provision = "Internal exclusion hub at the pupil referral unit"
                provision_from = self.calendar.school_days_after(day, 6)[-1]
            spec.suspensions.append(
                Suspension(
                    child=spec.child,
                    school=school,
                    category=ExclusionCategory.SUSPENSION,
                    starts_on=day,
                    sessions=sessions,
                    reason=reason,
                    second_reason=second,
                    alternative_provision=provision,
                    alternative_provision_from=provision_from,
                    notes=rng.choice(SUSPENSION_NOTES) if rng.random() < 0.6 else "",
                    recorded_by=self.dt_on(school, day),
                )
            )
