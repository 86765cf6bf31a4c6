"""Personal Education Plans for every looked-after child of school age (Reception to
Year 13, in care now), for each of the last three terms and this one.

Past terms are nearly all approved, a few after being returned for changes, and one
or two were changed after approval (version 2 replacing version 1). This term shows
the work in progress: about a third approved, a fifth submitted and waiting for the
virtual school, some returned with reasons, a quarter in draft and some not started,
among them initial PEPs for children new to care. Each step is a PepEvent by the
person who would take it: the designated teacher starts and submits, the caseworker
returns or approves with a rating, the social worker signs off.

The children at the demo designated teacher's school are fixed so every demo login
has something waiting: a draft, a returned PEP and an overdue one for the designated
teacher, a submitted one for the caseworker and one awaiting the social worker.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from carers.models import CarerType
from children import codes
from children.models import RegistrationType
from children.peps import snapshots
from children.peps.deadlines import TermDeadlines, pep_year_groups
from children.peps.models import (
    Evaluation,
    Kind,
    Pep,
    PepAttendee,
    PepEvent,
    PepTarget,
    Status,
)
from children.peps.ratings import ensure_default_ratings
from children.school_years import year_group_on
from children.tracking import codes as tracking_codes
from interventions.models import PupilPremiumRequest
from vsh.core.models import AuthoritySettings

from . import names, pep_text
from .calendar import moment, weekday_on_or_before
from .care import where_living
from .casework import worker_on
from .exclusions import main_enrolment_on
from .pep_text import Context
from .terms import SchoolCalendar

Action = PepEvent.Action
Cohort = codes.Cohort
# This term's spread of states; None is not started yet.
CURRENT_SPREAD = [
    (Status.APPROVED, 35),
    (Status.SUBMITTED, 20),
    (Status.RETURNED, 10),
    (Status.DRAFT, 25),
    (None, 10),
]
# Once the term's deadline has passed most PEPs are in; a few are late.
PAST_DUE_SPREAD = [
    (Status.APPROVED, 55),
    (Status.SUBMITTED, 30),
    (Status.RETURNED, 6),
    (Status.DRAFT, 6),
    (None, 3),
]
# An initial PEP that is not due yet is usually still being written.
EARLY_INITIAL_SPREAD = [
    (Status.APPROVED, 10),
    (Status.SUBMITTED, 15),
    (Status.RETURNED, 5),
    (Status.DRAFT, 40),
    (None, 30),
]
# In the holiday before the term, most have not been started.
HOLIDAY_SPREAD = [(Status.SUBMITTED, 5), (Status.DRAFT, 30), (None, 65)]
LAST_TERM_SPREAD = [(Status.APPROVED, 96), (Status.RETURNED, 2), (Status.DRAFT, 2)]
# What the demo children at the demo designated teacher's school have this term.
UNSIGNED = "approved, not signed off"
OVERDUE = "overdue"
DEMO_STATES = [Status.RETURNED, UNSIGNED, Status.DRAFT, OVERDUE, Status.SUBMITTED, Status.APPROVED]
CARER_KINDS = {
    CarerType.IN_HOUSE_FOSTER: "foster",
    CarerType.AGENCY_FOSTER: "foster",
    CarerType.KINSHIP: "kinship",
    CarerType.SPECIAL_GUARDIAN: "kinship",
    CarerType.CHILDRENS_HOME: "home",
    CarerType.SUPPORTED_ACCOMMODATION: "supported",
}
CARER_ROLES = {
    "foster": "Foster carer",
    "kinship": "Kinship carer",
    "home": "Key worker",
    "supported": "Support worker",
}


@dataclass
class PepRecord:
    """A PEP with everything that hangs off it, before it is saved."""

    pep: Pep
    order: int  # saving order: earlier terms (and first versions) first
    targets: list[PepTarget] = field(default_factory=list)
    attendees: list[PepAttendee] = field(default_factory=list)
    events: list[PepEvent] = field(default_factory=list)
    requests: list[PupilPremiumRequest] = field(default_factory=list)


def in_pep_cohort(spec, today: date, year_groups: range) -> bool:
    return (
        spec.cohort == Cohort.LOOKED_AFTER
        and spec.looked_after_now
        and year_group_on(spec.dob, today) in year_groups
    )


class PepWriter:
    def __init__(self, rng: random.Random, staff, calendar: SchoolCalendar, dt_on):
        self.rng = rng
        self.staff = staff
        self.calendar = calendar
        self.today = calendar.today
        self.dt_on = dt_on
        self.rules = AuthoritySettings.load()
        self.year_groups = pep_year_groups(self.rules)
        # Made by a data migration; made again here if an authority removed them.
        self.ratings = ensure_default_ratings()
        self._due: dict = {}
        self._teacher_names: dict = {}
        self._voice: dict = {}  # the child's favourite teacher and interest
        self.other_caseworkers = [
            w for ws in staff.caseworkers.values() for w in ws if w is not staff.demo_caseworker
        ]

    # Who gets which PEPs ----------------------------------------------------------------

    def write(self, specs) -> list[PepRecord]:
        rng, today = self.rng, self.today
        cohort = [s for s in specs if in_pep_cohort(s, today, self.year_groups)]
        demo_children = [s for s in cohort if s.demo_caseload]
        states = {id(s): state for s, state in zip(demo_children, DEMO_STATES, strict=False)}
        current = self.calendar.current
        with_history = [
            s
            for s in cohort
            if not s.demo_caseload and sum(t is not current for t in self._terms(s)) >= 2
        ]
        second_versions = {
            id(s)
            for s in rng.sample(with_history, k=min(len(with_history), max(1, len(cohort) // 150)))
        }
        records = []
        for spec in cohort:
            spec.peps = self.child(spec, states.get(id(spec)), id(spec) in second_versions)
            records += spec.peps
        return records

    def _terms(self, spec) -> list:
        """The terms the child needed a PEP in: in care, and in a PEP year group."""
        entered = spec.family.periods[-1].start
        return [
            t
            for t in self.calendar.pep_terms
            if entered <= t.ends_on and year_group_on(spec.dob, t.starts_on) in self.year_groups
        ]

    def due(self, term, entered: date) -> tuple[str, date]:
        if term.pk not in self._due:
            self._due[term.pk] = TermDeadlines.load(term, today=self.today, rules=self.rules)
        return self._due[term.pk].due(entered)

    def _status(self, term, kind: str, due: date, state, new_to_care: bool):
        rng, current = self.rng, self.calendar.current
        terms = self.calendar.pep_terms
        last_term = terms[-2] if len(terms) > 1 else None
        if state == OVERDUE and not new_to_care:
            # Too early in the term for an initial PEP to be late: last term's was
            # never finished instead.
            if term is last_term:
                return Status.DRAFT
            if term is current:
                return None
        if term is current:
            if state is not None:
                return Status.DRAFT if state == OVERDUE else state
            if term.starts_on > self.today:
                spread = HOLIDAY_SPREAD
            elif kind == Kind.INITIAL and due > self.today:
                spread = EARLY_INITIAL_SPREAD
            elif due < self.today:
                spread = PAST_DUE_SPREAD
            else:
                spread = CURRENT_SPREAD
            return names.weighted(rng, spread)[0]
        if term is last_term:
            return names.weighted(rng, LAST_TERM_SPREAD)[0]
        return Status.APPROVED

    def child(self, spec, state, second_version: bool) -> list[PepRecord]:
        rng, calendar = self.rng, self.calendar
        entered = spec.family.periods[-1].start
        fallback = rng.choice(self.other_caseworkers) if self.other_caseworkers else None
        self._voice[id(spec)] = (rng.choice(pep_text.TEACHERS), rng.choice(pep_text.HOBBIES))
        records: list[PepRecord] = []
        last_approved = None  # whose targets the next PEP carries forward
        for term in self._terms(spec):
            position = calendar.pep_terms.index(term)
            kind, due = self.due(term, entered)
            status = self._status(term, kind, due, state, spec.family.entered_care_on is not None)
            if status is None:
                continue
            record = self.pep(spec, term, kind, due, status, last_approved, fallback, position * 2)
            records.append(record)
            if record.pep.status == Status.APPROVED:
                last_approved = record
            if second_version and status == Status.APPROVED and term is not calendar.current:
                second_version = False
                last_approved = self.second_version(spec, record, fallback, position * 2 + 1)
                records.append(last_approved)
        return records

    # One PEP ----------------------------------------------------------------------------

    def pep(self, spec, term, kind, due, status, previous, fallback, order) -> PepRecord:
        rng, today = self.rng, self.today
        current = term is self.calendar.current
        unsigned = status == UNSIGNED
        if unsigned:
            status = Status.APPROVED
        entered = spec.family.periods[-1].start
        returned_first = status == Status.APPROVED and rng.random() < 0.1
        steps = self._steps(status, returned_first)
        dates, meeting = self._timeline(spec, term, kind, due, steps, current)
        started = dates[0]
        # The school the child is on roll at: now for this term's PEP, otherwise when
        # the PEP was started.
        enrolment = main_enrolment_on(spec, today if current else min(started, term.ends_on))
        school = enrolment.school if enrolment else None
        people = self._people(spec, school, meeting or started, fallback)
        context = self._context(spec, term, school, enrolment, people, started, entered)
        pep = Pep(
            child=spec.child,
            term=term,
            kind=kind,
            version=1,
            status=status,
            due_on=due,
            school=school,
            meeting_held_on=meeting,
        )
        record = PepRecord(pep=pep, order=order)
        complete = status != Status.DRAFT
        self._sections(spec, pep, context, term, complete, meeting, started)
        record.targets = self._targets(pep, context, previous, complete, term)
        if meeting:
            record.attendees = self._attendees(pep, context, kind, people)
        self._events(record, steps, dates, people, unsigned)
        record.requests = self._requests(spec, record, context, current)
        return record

    def _steps(self, status, returned_first: bool) -> list[str]:
        if status == Status.DRAFT:
            return [Action.STARTED]
        steps = [Action.STARTED, Action.SUBMITTED]
        if status == Status.RETURNED:
            return steps + [Action.RETURNED]
        if status == Status.SUBMITTED:
            return steps
        if returned_first:
            steps += [Action.RETURNED, Action.SUBMITTED]
        return steps + [Action.APPROVED, Action.SIGNED_OFF]

    GAPS = {
        Action.SUBMITTED: (1, 8),
        Action.RETURNED: (1, 6),
        Action.APPROVED: (1, 8),
        Action.SIGNED_OFF: (1, 12),
    }

    def _timeline(self, spec, term, kind, due, steps, current) -> tuple[list[date], date | None]:
        """The day of each step, and of the meeting (between starting and submitting)."""
        rng, today = self.rng, self.today
        yesterday = today - timedelta(days=1)
        entered = spec.family.periods[-1].start
        earliest = term.starts_on + timedelta(days=5)
        if kind == Kind.INITIAL:
            earliest = max(entered + timedelta(days=3), term.starts_on - timedelta(days=20))
        prepare = rng.randint(0, 12)
        after = [rng.randint(*self.GAPS[s]) for s in steps[1:]]
        draft = steps == [Action.STARTED]
        if current:
            # In the holiday before the term, the work happens in the days before today.
            earliest = min(earliest, yesterday - timedelta(days=sum(after) + 10))
            if draft:
                if spec.family.entered_care_on and kind == Kind.INITIAL and due < today:
                    # The overdue initial PEP: opened, and no meeting yet.
                    start = min(entered + timedelta(days=rng.randint(4, 9)), yesterday)
                    return [weekday_on_or_before(start)], None
                start = _between(rng, earliest - timedelta(days=7), yesterday)
                meeting = None
                if rng.random() < 0.5 and start < yesterday:
                    meeting = _between(rng, start, yesterday)
                return [start], meeting
            latest = yesterday - timedelta(days=sum(after))
            meeting = _between(rng, earliest, latest)
        else:
            on_time = rng.random() < 0.88
            low, high = (earliest + timedelta(days=5), due - timedelta(days=1))
            if not on_time:
                low, high = due + timedelta(days=1), min(term.ends_on, due + timedelta(days=15))
            meeting = _between(rng, low, high)
        meeting = min(weekday_on_or_before(meeting), yesterday)
        days = [weekday_on_or_before(meeting - timedelta(days=prepare))]
        cursor = meeting
        for gap in after:
            cursor = cursor + timedelta(days=gap)
            days.append(cursor)
        # Nothing happens after today; squeeze the latest steps into the days before.
        days = [min(max(weekday_on_or_before(d), days[0]), yesterday) for d in days]
        for i in range(1, len(days)):
            days[i] = max(days[i], days[i - 1])
        if draft:
            return days, meeting if rng.random() < 0.5 else None
        return days, max(min(meeting, days[1]), days[0])

    def _people(self, spec, school, day: date, fallback) -> dict:
        teacher = self.dt_on(school, day) if school else None
        caseworker = (
            worker_on(spec, "caseworker", day)
            or worker_on(spec, "caseworker", self.today)
            or fallback
        )
        return {
            "teacher": teacher,
            # Schools without an account here send the PEP to the caseworker to enter.
            "author": teacher or caseworker,
            "caseworker": caseworker,
            "social_worker": worker_on(spec, "social_worker", day),
        }

    def _teacher_name(self, school, teacher) -> str:
        if teacher is not None:
            return teacher.full_name
        if school is None:
            return ""
        if id(school) not in self._teacher_names:
            self._teacher_names[id(school)] = names.adult_name(self.rng)
        return self._teacher_names[id(school)]

    def _context(self, spec, term, school, enrolment, people, taken_on, entered) -> Context:
        child = spec.child
        carer = where_living(spec.family, taken_on)
        attendance = snapshots.attendance_figures(
            spec.attendance, term, self.calendar.previous(term), taken_on
        )
        # This year's figure once there are a few weeks of it, otherwise last term's.
        period = next(
            (p for p in attendance["periods"] if p["possible"] >= 30), attendance["periods"][0]
        )
        dual = next(
            (
                e.school.name
                for e in spec.enrolments
                if e.registration == RegistrationType.DUAL_SUBSIDIARY and e.is_current_on(taken_on)
            ),
            "",
        )
        social_worker = people["social_worker"]
        teacher, interest = self._voice[id(spec)]
        return Context(
            name=child.preferred_name or child.first_name,
            sex=child.sex,
            age=spec.age_on(taken_on),
            year=year_group_on(spec.dob, term.starts_on),
            school=school.name if school else "",
            school_kind=enrolment.school_spec.kind if enrolment else "",
            designated_teacher=self._teacher_name(school, people["teacher"]),
            carer=carer.carer.name if carer else "",
            carer_kind=CARER_KINDS.get(carer.carer.carer_type, "") if carer else "",
            social_worker=social_worker.full_name if social_worker else "",
            sen_provision=child.sen_provision,
            sen_need=child.sen_primary_need,
            uasc=child.is_uasc,
            new_to_care=term.starts_on - timedelta(days=60) < entered <= term.ends_on,
            entered_care_on=entered,
            attendance_rate=float(period["rate"]) if period["rate"] is not None else None,
            unauthorised=period["unauthorised"],
            suspensions=sum(
                1 for s in spec.suspensions if term.starts_on <= s.starts_on <= taken_on
            ),
            attainment=latest_assessments(spec.assessments, term),
            sdq=sdq_snapshot(spec.sdq, taken_on),
            attendance=attendance,
            dual=dual,
            interest=interest,
            teacher=teacher,
        )

    def _sections(self, spec, pep: Pep, c: Context, term, complete, meeting, taken_on) -> None:
        rng = self.rng

        def some(chance: float) -> bool:
            return complete or rng.random() < chance

        # Copied in when the PEP is started, as the service does.
        pep.attendance_snapshot = c.attendance
        pep.attainment_snapshot = attainment_snapshot(c.attainment)
        pep.sdq_snapshot = c.sdq
        pep.education_history = education_history(spec.enrolments, taken_on)
        following = self.calendar.following(term)
        review_on = None
        if meeting and following:
            review_on = weekday_on_or_before(
                following.starts_on + timedelta(days=rng.randint(20, 45))
            )
        pep.next_review_on = review_on
        if some(0.5):
            pep.child_views = pep_text.child_views(rng, c)
            pep.child_participation = self._participation(c)
        if some(0.8):
            pep.current_provision = pep_text.current_provision(rng, c)
            if rng.random() < 0.4:
                pep.education_history += "\n" + pep_text.history_note(rng, c)
        if some(0.7):
            pep.attendance_commentary = pep_text.attendance_commentary(rng, c)
        if some(0.6):
            pep.attainment_commentary = pep_text.attainment_commentary(rng, c)
        if some(0.6):
            pep.sen_and_wellbeing = pep_text.sen_and_wellbeing(rng, c)
        if some(0.4):
            pep.carer_views = pep_text.carer_views(rng, c)
        if some(0.4):
            review = meeting + timedelta(days=rng.randint(30, 120)) if meeting else None
            pep.social_worker_contribution = pep_text.social_worker_contribution(rng, c, review)
        if some(0.5):
            pep.transition_plan = pep_text.transition_plan(rng, c, term.season)

    def _participation(self, c: Context) -> str:
        if c.severe_needs:
            return "PN3"
        if c.year <= 2:
            return names.weighted(self.rng, [("PN1", 30), ("PN6", 60), ("PN7", 10)])[0]
        return names.weighted(
            self.rng, [("PN1", 65), ("PN2", 5), ("PN4", 4), ("PN5", 6), ("PN6", 14), ("PN7", 6)]
        )[0]

    # Targets, attendees, events and PP+ --------------------------------------------------

    def _targets(self, pep, c: Context, previous, complete, term) -> list[PepTarget]:
        """The targets set in the last approved PEP, carried in to be evaluated, and
        three to five new ones (fewer while the PEP is a draft)."""
        rng = self.rng
        due_by = pep.next_review_on or term.ends_on
        targets = []
        own = [t for t in previous.targets if t.carried_from is None] if previous else []
        for old in own:
            evaluation, notes = "", ""
            if complete or rng.random() < 0.4:
                evaluation = self._outcome(old, c)
                notes = pep_text.evaluation_notes(rng, evaluation, old.success_measure, c.name)
            targets.append(
                PepTarget(
                    pep=pep,
                    area=old.area,
                    description=old.description,
                    responsible=old.responsible,
                    due_by=old.due_by,
                    success_measure=old.success_measure,
                    evaluation=evaluation,
                    evaluation_notes=notes,
                    carried_from=old,
                )
            )
        wanted = rng.randint(3, 5)
        if not complete:
            wanted = rng.randint(0, wanted)
        # A target not met is often set again.
        again = [t for t in targets if t.evaluation in (Evaluation.PARTLY, Evaluation.NOT_ACHIEVED)]
        new = []
        for old in again[: max(0, wanted - 1)]:
            if rng.random() < 0.6:
                new.append((old.area, old.description, old.responsible, old.success_measure))

        def opening(text: str) -> str:
            return " ".join(text.split()[:4])

        used = {opening(what) for _, what, _, _ in new}
        rate = c.attendance_rate if c.attendance_rate is not None else 100
        # Attendance goals: 95%, or the next step up for a child far below it.
        goal = 95 if rate >= 90 else min(95, (int(rate) // 5 + 2) * 5)
        for idea in self._ideas(c):
            if len(new) >= wanted:
                break
            what, who, measure = pep_text.target_text(rng, idea, c, goal)
            if opening(what) not in used:
                used.add(opening(what))
                new.append((idea.area, what, who, measure))
        for area, what, who, measure in new:
            targets.append(
                PepTarget(
                    pep=pep,
                    area=area,
                    description=what,
                    responsible=who,
                    due_by=due_by,
                    success_measure=measure,
                )
            )
        for position, target in enumerate(targets):
            target.position = position
        return targets

    def _outcome(self, target, c: Context) -> str:
        weights = [("achieved", 45), ("partly", 35), ("not_achieved", 20)]
        if target.area == "attendance" and c.attendance_rate is not None:
            weights = (
                [("achieved", 70), ("partly", 25), ("not_achieved", 5)]
                if c.attendance_rate >= 92
                else [("achieved", 5), ("partly", 40), ("not_achieved", 55)]
            )
        return names.weighted(self.rng, weights)[0]

    def _ideas(self, c: Context) -> list:
        """Targets that suit the child, the likeliest first."""
        rng = self.rng
        weights = {"attainment": 4, "careers": 1, "transition": 0, "attendance": 0.3}
        if c.attendance_rate is not None and c.attendance_rate < 92:
            weights["attendance"] = 6
        weights["wellbeing"] = 3 if (c.sen_need == "SEMH" or c.suspensions) else 1.5
        weights["sen"] = 2 if c.sen_provision != codes.SenProvision.NONE else 0
        if c.year in (6, 11):
            weights["transition"] = 5
        options = [
            i for i in pep_text.TARGETS if i.min_year <= c.year <= i.max_year and weights[i.area]
        ]
        chosen = []
        while options:
            idea = rng.choices(options, weights=[weights[i.area] for i in options])[0]
            options.remove(idea)
            chosen.append(idea)
        return chosen

    def _attendees(self, pep, c: Context, kind, people) -> list[PepAttendee]:
        rng = self.rng
        rows = []

        def add(name: str, role: str, chance: float = 0.95):
            if name:
                rows.append(
                    PepAttendee(pep=pep, name=name, role=role, attended=rng.random() < chance)
                )

        add(c.designated_teacher, "Designated teacher", 0.98)
        if c.carer:
            carer_name = (
                c.carer
                if c.carer_kind not in ("home", "supported")
                else (f"{names.adult_name(rng)}, {c.carer}")
            )
            add(carer_name, CARER_ROLES.get(c.carer_kind, "Carer"), 0.92)
        add(c.social_worker or names.adult_name(rng), "Social worker", 0.85)
        child_attended = pep.child_participation in ("PN1", "PN2", "PN3", "PN4")
        role = "Child" if c.year <= 6 else "Young person"
        rows.append(PepAttendee(pep=pep, name=c.name, role=role, attended=child_attended))
        concern = (c.attendance_rate or 100) < 90 or c.suspensions
        if kind == Kind.INITIAL or concern or rng.random() < 0.3:
            caseworker = people["caseworker"]
            if caseworker is not None:
                add(caseworker.full_name, "Virtual school caseworker", 0.95)
        if c.sen_provision != codes.SenProvision.NONE and rng.random() < 0.6:
            add(names.adult_name(rng), "SENCo", 0.9)
        if c.age >= 16 and rng.random() < 0.6:
            add(names.adult_name(rng), "Personal adviser", 0.85)
        if c.year in (10, 11) and rng.random() < 0.25:
            add(names.adult_name(rng), "Careers adviser", 0.9)
        if rng.random() < 0.05:
            add(names.adult_name(rng), "Independent reviewing officer", 0.7)
        return rows

    def _events(self, record: PepRecord, steps, dates, people, unsigned: bool) -> None:
        rng, pep = self.rng, record.pep
        author, caseworker = people["author"], people["caseworker"]
        social_worker = people["social_worker"]
        when = None
        for step, day in zip(steps, dates, strict=True):
            if step == Action.SIGNED_OFF and (
                unsigned or social_worker is None or rng.random() < 0.12
            ):
                continue
            stamp = moment(day, rng.randint(8, 16), rng.choice([0, 10, 15, 25, 30, 40, 45, 55]))
            if when is not None and stamp <= when:
                stamp = when + timedelta(minutes=rng.randint(7, 50))
            when = stamp
            by, rating, comments = author, None, ""
            if step == Action.RETURNED:
                by = caseworker
                if rng.random() < 0.7:
                    rating = pep.rating = self.ratings["red"]
                reasons = rng.sample(pep_text.RETURN_REASONS, k=rng.choice([1, 1, 2]))
                comments = " ".join(reasons).format(name=pep.child.first_name)
            elif step == Action.APPROVED:
                by = caseworker
                rating = self.ratings["green" if rng.random() < 0.75 else "amber"]
                comments = rng.choice(pep_text.APPROVAL_COMMENTS[rating.code])
                pep.approved_by, pep.approved_at, pep.rating = by, stamp, rating
            elif step == Action.SIGNED_OFF:
                by = social_worker
                comments = rng.choice(["", "", "Agreed; matches the care plan."])
                pep.social_worker_signed_off_by, pep.social_worker_signed_off_at = by, stamp
            elif step == Action.SUBMITTED:
                pep.submitted_by, pep.submitted_at = by, stamp
            record.events.append(
                PepEvent(pep=pep, action=step, by=by, at=stamp, rating=rating, comments=comments)
            )
        pep.created_by = record.events[0].by
        pep.created_at = record.events[0].at
        pep.updated_at = record.events[-1].at

    def _requests(self, spec, record: PepRecord, c: Context, current: bool) -> list:
        rng, pep = self.rng, record.pep
        # Pupil Premium Plus is for Reception to Year 11.
        if not 0 <= c.year <= 11 or not record.targets:
            return []
        count = names.weighted(rng, [(0, 25), (1, 55), (2, 20)])[0]
        if pep.status == Status.DRAFT and rng.random() < 0.5:
            count = 0
        requests = []
        own = [t for t in record.targets if t.carried_from is None] or record.targets
        for target in rng.sample(own, k=min(count, len(own))):
            purposes = [p for p in pep_text.PP_PURPOSES if p[0] == target.area] or [
                p for p in pep_text.PP_PURPOSES if p[0] == "attainment"
            ]
            _, purpose, low, high = rng.choice(purposes)
            request = PupilPremiumRequest(
                child=spec.child,
                pep=pep,
                target=target,
                amount=Decimal(round(rng.uniform(low, high) / 10) * 10),
                purpose=purpose,
            )
            if pep.status == Status.APPROVED:
                request.status = PupilPremiumRequest.Status.APPROVED
                request.decided_by, request.decided_at = pep.approved_by, pep.approved_at
                paid = pep.approved_at.date() + timedelta(days=rng.randint(10, 35))
                if not current and paid < self.today:
                    request.status = PupilPremiumRequest.Status.PAID
                    request.paid_on = paid
            requests.append(request)
        return requests

    # Changed after approval ---------------------------------------------------------------

    def second_version(self, spec, first: PepRecord, fallback, order) -> PepRecord:
        """Version 2 of an approved PEP, changed after something important happened;
        version 1 is kept, superseded."""
        rng, today = self.rng, self.today
        old = first.pep
        old.status = Status.SUPERSEDED
        fields = [
            "kind",
            "due_on",
            "school",
            "child_views",
            "child_participation",
            "education_history",
            "current_provision",
            "attendance_snapshot",
            "attendance_commentary",
            "attainment_snapshot",
            "attainment_commentary",
            "sen_and_wellbeing",
            "sdq_snapshot",
            "carer_views",
            "social_worker_contribution",
            "transition_plan",
            "meeting_held_on",
            "next_review_on",
        ]
        pep = Pep(child=spec.child, term=old.term, version=2, previous_version=old)
        for name in fields:
            setattr(pep, name, getattr(old, name))
        reason = rng.choice(pep_text.NEW_VERSION_REASONS)
        pep.current_provision = f"{old.current_provision}\nUpdated in version 2. {reason}"
        pep.status = Status.APPROVED
        record = PepRecord(pep=pep, order=order)
        record.targets = [
            PepTarget(
                pep=pep,
                area=t.area,
                description=t.description,
                responsible=t.responsible,
                due_by=t.due_by,
                success_measure=t.success_measure,
                evaluation=t.evaluation,
                evaluation_notes=t.evaluation_notes,
                carried_from=t.carried_from,
                position=t.position,
            )
            for t in first.targets
        ]
        record.attendees = [
            PepAttendee(pep=pep, name=a.name, role=a.role, attended=a.attended)
            for a in first.attendees
        ]
        start = old.approved_at.date() + timedelta(days=rng.randint(10, 25))
        days = [start]
        for gap in ((2, 6), (1, 5), (1, 8)):
            days.append(days[-1] + timedelta(days=rng.randint(*gap)))
        days = [min(weekday_on_or_before(d), today - timedelta(days=1)) for d in days]
        for i in range(1, len(days)):
            days[i] = max(days[i], days[i - 1])
        people = self._people(spec, pep.school, days[0], fallback)
        steps = [Action.NEW_VERSION, Action.SUBMITTED, Action.APPROVED, Action.SIGNED_OFF]
        # The caseworker started the new version; the school confirms the changes.
        self._events(record, steps, days, {**people, "author": people["caseworker"]}, False)
        record.events[0].comments = "Version 2, replacing version 1."
        record.events[1].by = pep.submitted_by = people["author"]
        # The first version's requests were decided when it was approved, so, as in
        # the service, they stay with it and the new version shows them read-only.
        return record


# Snapshots: what the PEP showed when it was started ------------------------------------
# The same figures, in the same shape, as children.peps.snapshots takes from the
# database when a designated teacher starts a PEP, worked out from the demo's own
# records before they are saved.


def _between(rng: random.Random, low: date, high: date) -> date:
    if high <= low:
        return low
    return low + timedelta(days=rng.randint(0, (high - low).days))


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def latest_assessments(assessments, term) -> list:
    """The latest result for each subject and measure, up to the PEP's term."""
    latest = {}
    for assessment in sorted(
        (a for a in assessments if a.term.starts_on <= term.ends_on),
        key=lambda a: a.term.starts_on,
    ):
        latest[(assessment.subject, assessment.subject_name, assessment.measure)] = assessment
    return sorted(latest.values(), key=lambda a: (a.measure, a.subject))


SUBJECTS = dict(tracking_codes.Subject.choices)
MEASURES = dict(tracking_codes.Measure.choices)


def attainment_snapshot(latest) -> list[dict]:
    return [
        {
            "subject": SUBJECTS[a.subject],
            "measure": MEASURES[a.measure],
            "term": str(a.term),
            "actual": a.actual,
            "predicted": a.predicted,
            "target": a.target,
            "on_track": a.on_track,
        }
        for a in latest
    ]


def sdq_snapshot(assessments, taken_on: date) -> dict:
    earlier = [a for a in assessments if a.assessed_on <= taken_on]
    latest = max(earlier, key=lambda a: a.assessed_on) if earlier else None
    return snapshots.sdq_figures(latest)


def education_history(enrolments, taken_on: date) -> str:
    """Schools attended up to the day the PEP started, oldest first, one a line."""
    lines = []
    for enrolment in sorted(enrolments, key=lambda e: e.started_on):
        if enrolment.started_on > taken_on:
            continue
        school = enrolment.school
        line = f"{school.name} (URN {school.urn}), from {_long_date(enrolment.started_on)}"
        ended = enrolment.ended_on is not None and enrolment.ended_on <= taken_on
        if ended:
            line += f" to {_long_date(enrolment.ended_on)}"
        if enrolment.registration != RegistrationType.SINGLE:
            line += f"; {enrolment.get_registration_display().lower()}"
        if ended and enrolment.leaving_reason:
            line += f"; left: {enrolment.get_leaving_reason_display().lower()}"
        lines.append(line)
    return "\n".join(lines)
