"""Weekly attendance for every child with a school place, as a school's MIS would send
it: sessions by DfE code group, at the school they were on roll at that week, for
each complete week of term over the last year or so. Children in a nursery class
before Reception attend the sessions of their funded hours.

Most children attend 92 to 99% of sessions; about one in seven is persistently
absent (below 90%) and a few severely (below 50%), most of them teenagers, whose
absences are more often unauthorised. Suspended days are authorised absence (code
E), and days at alternative provision under a dual registration count as approved
educational activity (code B).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from children import codes
from children.models import RegistrationType
from children.school_years import year_group_on
from children.tracking.codes import ExclusionCategory
from children.tracking.models import AttendanceRecord

from .terms import SchoolCalendar

Cohort = codes.Cohort
Source = AttendanceRecord.Source


@dataclass
class Profile:
    absence: float  # share of sessions missed, on average
    unauthorised: float  # share of absences that are unauthorised
    trend: float  # -1 improving to +1 worsening over the year
    lumpy: bool  # absences come in bad weeks (illness) rather than steadily


class AttendanceMaker:
    def __init__(self, rng: random.Random, calendar: SchoolCalendar, dt_on):
        self.rng = rng
        self.calendar = calendar
        self.today = today = calendar.today
        self.dt_on = dt_on
        start = min(today - timedelta(days=365), calendar.pep_terms[0].starts_on)
        # Complete weeks only: a school sends a week's figures once it is over.
        self.weeks = [w for w in calendar.weeks(start, today + timedelta(days=6)) if w.end < today]

    def profile(self, spec) -> Profile:
        rng, age = self.rng, spec.age
        # Chances of a persistently absent year, before week-to-week ups and downs
        # (which take some just below 90% and so bring the share to about 15%).
        persistent = 0.05 if age <= 10 else 0.11 if age <= 13 else 0.19
        severe = 0.05 if age <= 10 else 0.12 if age <= 13 else 0.2
        if spec.suspended_this_year:
            persistent *= 1.7
        persistent *= {
            Cohort.SOCIAL_WORKER: 1.3,
            Cohort.PREVIOUSLY_LOOKED_AFTER: 0.8,
            Cohort.KINSHIP: 0.8,
        }.get(spec.cohort, 1.0)
        if spec.family.uasc:
            persistent *= 0.6
        unauthorised = 0.12 if age <= 10 else 0.28 if age <= 13 else 0.45
        roll = rng.random()
        if roll < persistent * severe:
            rate = rng.uniform(0.22, 0.48)
            unauthorised += 0.3
        elif roll < persistent:
            rate = rng.uniform(0.72, 0.895)
            unauthorised += 0.15
        elif roll < persistent + 0.08:
            rate = rng.uniform(0.905, 0.92)
        else:
            rate = rng.uniform(0.92, 0.995)
        trend = 0.0
        if rate < 0.9:
            trend = rng.choice([-0.6, 0.0, 0.5, 0.7])
        return Profile(
            absence=1 - rate,
            unauthorised=min(unauthorised, 0.85),
            trend=trend,
            lumpy=rate >= 0.85,
        )

    def records(self, spec) -> list[AttendanceRecord]:
        rng, weeks = self.rng, self.weeks
        main = [e for e in spec.enrolments if e.registration != RegistrationType.DUAL_SUBSIDIARY]
        if not main or not weeks:
            return []
        subsidiary = [
            e for e in spec.enrolments if e.registration == RegistrationType.DUAL_SUBSIDIARY
        ]
        # Dual registration: one to three days a week at the alternative provision.
        provision_days = rng.randint(1, 3) if subsidiary else 0
        profile = self.profile(spec)
        # Before Reception most children have the 15 funded hours (mornings); some 30.
        early_years_sessions = 2 if rng.random() < 0.3 else 1
        suspended = self._suspended_sessions(spec)
        sources = {}
        records = []
        span = max(len(weeks) - 1, 1)
        for index, week in enumerate(weeks):
            per_day = 2 if year_group_on(spec.dob, week.start) >= 0 else early_years_sessions
            by_enrolment: dict = {}
            for day in week.days:
                enrolment = next((e for e in main if e.is_current_on(day)), None)
                if enrolment is not None:
                    by_enrolment.setdefault(id(enrolment), (enrolment, []))[1].append(day)
            for enrolment, days in by_enrolment.values():
                if id(enrolment) not in sources:
                    teacher = self.dt_on(enrolment.school, days[0])
                    entered = teacher is not None and rng.random() < 0.25
                    sources[id(enrolment)] = (
                        (Source.ENTERED, teacher)
                        if entered
                        else (
                            Source.IMPORTED,
                            None,
                        )
                    )
                source, recorded_by = sources[id(enrolment)]
                away = sum(1 for d in days if any(s.is_current_on(d) for s in subsidiary))
                record = self._week(
                    spec,
                    enrolment,
                    days,
                    per_day,
                    profile,
                    index / span,
                    suspended,
                    2 * min(away, provision_days),
                )
                record.source, record.recorded_by = source, recorded_by
                records.append(record)
        return records

    def _suspended_sessions(self, spec) -> dict:
        """(school, day) -> sessions the child was suspended or excluded for."""
        sessions = {}
        for suspension in spec.suspensions:
            if suspension.category == ExclusionCategory.PERMANENT:
                days = self.calendar.school_days_after(suspension.starts_on, 5)
                left = [2] * 5
            else:
                days = self.calendar.school_days_after(
                    suspension.starts_on, (suspension.sessions + 1) // 2
                )
                left = [2] * (suspension.sessions // 2) + [1] * (suspension.sessions % 2)
            for day, count in zip(days, left, strict=False):
                key = (id(suspension.school), day)
                sessions[key] = sessions.get(key, 0) + count
        return sessions

    def _week(
        self, spec, enrolment, days, per_day, profile, progress, suspended, away
    ) -> AttendanceRecord:
        rng = self.rng
        possible = per_day * len(days)
        forced = min(possible, sum(suspended.get((id(enrolment.school), d), 0) for d in days))
        chance = profile.absence * (1 + profile.trend * (progress - 0.5))
        if profile.lumpy:
            roll = rng.random()
            chance *= 0.4 if roll < 0.7 else 1.8 if roll < 0.93 else 4.4
        else:
            chance *= rng.uniform(0.7, 1.3)
        chance = min(max(chance, 0.0), 0.97)
        absent = sum(1 for _ in range(possible - forced) if rng.random() < chance)
        unauthorised = sum(1 for _ in range(absent) if rng.random() < profile.unauthorised)
        attended = possible - forced - absent
        approved = 0
        if away:
            approved = min(attended, round(away * attended / possible))
        elif attended >= 2 and rng.random() < 0.03:
            approved = rng.choice([1, 2])  # an educational visit or sports fixture
        return AttendanceRecord(
            child=spec.child,
            school=enrolment.school,
            period_start=days[0],
            period_end=days[-1],
            possible_sessions=possible,
            present=attended - approved,
            approved_activity=approved,
            authorised_absence=absent - unauthorised + forced,
            unauthorised_absence=unauthorised,
        )


def full_half_terms(records: list[AttendanceRecord], calendar: SchoolCalendar) -> list[date]:
    """The last days of finished half terms in which a child missed no session."""
    halves: dict[tuple, list[AttendanceRecord]] = {}
    for record in records:
        term = calendar.term_of(record.period_start)
        if term is None:
            continue
        second = bool(term.half_term_ends_on and record.period_start > term.half_term_ends_on)
        halves.setdefault((term.pk, second), []).append(record)
    ends = []
    for (_, second), rows in halves.items():
        term = calendar.term_of(rows[0].period_start)
        end = term.ends_on if second else (term.half_term_starts_on or term.ends_on)
        if end >= calendar.today:
            continue
        possible = sum(r.possible_sessions for r in rows)
        if possible >= 40 and all(r.authorised_absence + r.unauthorised_absence == 0 for r in rows):
            ends.append(max(r.period_end for r in rows))
    return sorted(ends)
