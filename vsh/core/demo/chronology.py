"""The child's chronology (case notes), SDQ scores, missing episodes and statutory
reviews, written by the people who would write them."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from children import codes
from children.models import (
    AnnualHealthOutcome,
    CareReview,
    CaseNote,
    MissingEpisode,
    SdqAssessment,
)

from . import names
from .calendar import between, birthday, weekday_on_or_before

Kind = CaseNote.Kind
Cohort = codes.Cohort


@dataclass(frozen=True)
class Note:
    by: str  # cw (caseworker), sw (social worker), dt (designated teacher), head, manager
    kind: str
    summary: str
    body: str
    sensitive: bool = False
    min_age: int = 0
    max_age: int = 25
    looked_after: bool = False  # only while the child is looked after


NOTES = [
    Note(
        "cw",
        Kind.MEETING,
        "PEP meeting held at {school}",
        "PEP review with {dt}, {carer} and {sw}. {name} joined for the first part and talked "
        "about {interest}. Targets reviewed: two met, one carried forward. New target agreed "
        "for {subject}. Next review booked for next term.",
        min_age=3,
        looked_after=True,
    ),
    Note(
        "cw",
        Kind.MEETING,
        "Initial PEP meeting",
        "First PEP since {name} came into care. School has a clear picture of needs; agreed "
        "catch-up tuition in {subject} and a key adult for check-ins each morning. "
        "Pupil Premium Plus request to follow.",
        min_age=3,
        looked_after=True,
    ),
    Note(
        "cw",
        Kind.PHONE,
        "Call with designated teacher about attendance",
        "{dt} rang about attendance dipping to {attendance}% this half term, mostly Monday "
        "mornings. Agreed a gentle phone call home on the first day of any absence and to "
        "look at transport from the placement.",
        min_age=5,
        max_age=16,
    ),
    Note(
        "dt",
        Kind.NOTE,
        "Settling in well after half term",
        "{name} has settled back well. Good relationship with the new class team and "
        "joined the lunchtime {club}. Homework is mostly in on time.",
        min_age=5,
        max_age=17,
    ),
    Note(
        "dt",
        Kind.EMAIL,
        "Termly attainment data sent",
        "Sent this term's data to the virtual school: working at the expected standard in "
        "reading, working towards in writing and maths. Progress since last term is good.",
        min_age=5,
        max_age=11,
    ),
    Note(
        "dt",
        Kind.EMAIL,
        "Predicted grades shared",
        "Predicted grades shared ahead of the PEP: English 5, maths 4, science 4-4. "
        "{name} has been offered a place in the Saturday maths revision group.",
        min_age=15,
        max_age=16,
    ),
    Note(
        "cw",
        Kind.ADVOCACY,
        "Challenged suspension",
        "Spoke to the headteacher about the two-day suspension. Asked the school to use "
        "the PP+ funded mentor time and a reduced timetable only as a last resort. School "
        "agreed a reintegration meeting with the carer present.",
        min_age=8,
        max_age=16,
        looked_after=True,
    ),
    Note(
        "cw",
        Kind.ADVOCACY,
        "School place requested under looked-after priority",
        "Applied for an in-year place near the new placement. Reminded admissions that "
        "looked-after children have highest priority and that we will ask the authority "
        "to direct if a place is not offered within 10 school days.",
        min_age=4,
        max_age=15,
        looked_after=True,
    ),
    Note(
        "cw",
        Kind.ADVOCACY,
        "Request for EHC needs assessment supported",
        "Wrote in support of the school's request for an EHC needs assessment, with the "
        "educational psychologist's report and the SDQ history attached.",
        min_age=4,
        max_age=15,
    ),
    Note(
        "cw",
        Kind.VISIT,
        "School visit and observation",
        "Observed {name} in {subject}. Engaged well when working with a teaching assistant "
        "in a small group; found the transition after lunch hard. Shared strategies with "
        "{dt}.",
        min_age=4,
        max_age=16,
    ),
    Note(
        "cw",
        Kind.PHONE,
        "Catch-up with carer",
        "Spoke to {carer}. Reading at home most evenings; {name} enjoys {interest}. Carer "
        "asked about funding for a tutor; advised on the PP+ request route through the PEP.",
        min_age=4,
        max_age=17,
        looked_after=True,
    ),
    Note(
        "cw",
        Kind.NOTE,
        "Pupil Premium Plus approved",
        "Approved PP+ for {intervention} this term, linked to the PEP target for {subject}. "
        "School to report impact at the next PEP.",
        min_age=4,
        max_age=15,
        looked_after=True,
    ),
    Note(
        "cw",
        Kind.EMAIL,
        "Transport arranged after placement move",
        "Arranged a taxi to keep {name} at {school} after the move, so there is no change "
        "of school mid-year. Review at the end of term.",
        min_age=4,
        max_age=16,
        looked_after=True,
    ),
    Note(
        "sw",
        Kind.VISIT,
        "Statutory visit",
        "Saw {name} alone at the placement. Says things are going well at school and with "
        "{carer}. Talked about contact arrangements and what they would like at their review.",
        min_age=3,
        looked_after=True,
    ),
    Note(
        "sw",
        Kind.VISIT,
        "Statutory visit: worries about school",
        "{name} said they don't like {subject} and feel left out at break. Agreed to share "
        "this with the virtual school and the designated teacher.",
        min_age=7,
        max_age=16,
        looked_after=True,
    ),
    Note(
        "sw",
        Kind.MEETING,
        "Looked-after review",
        "Review chaired by the IRO. Care plan endorsed. Education: PEP up to date; targets "
        "on track. Actions: SW to update the health assessment; school to share attendance "
        "before the next review.",
        looked_after=True,
    ),
    Note(
        "sw",
        Kind.PHONE,
        "Contact arrangements changed",
        "Family time with birth mother moved to Saturday mornings at the contact centre so "
        "it does not clash with school. Carer informed.",
        sensitive=True,
        looked_after=True,
    ),
    Note(
        "sw",
        Kind.NOTE,
        "Birth family information",
        "Information from the court bundle about the birth family's history. Not to be "
        "shared with the school.",
        sensitive=True,
    ),
    Note(
        "sw",
        Kind.NOTE,
        "Allegation against a member of the household",
        "Strategy discussion held. LADO informed; {name} safe and staying at the "
        "placement while enquiries continue. School told only that there is a safeguarding "
        "matter in hand.",
        sensitive=True,
        min_age=5,
        looked_after=True,
    ),
    Note(
        "sw",
        Kind.NOTE,
        "Return home interview after missing episode",
        "Return home interview completed by the independent advocate. {name} was with "
        "friends in Kingston; no evidence of exploitation but agreed a safety plan.",
        sensitive=True,
        min_age=12,
        looked_after=True,
    ),
    Note(
        "sw",
        Kind.NOTE,
        "Self-harm concern shared by school",
        "{dt} reported marks on {name}'s arm. Seen by the school nurse; CAMHS referral made "
        "and the safety plan updated with the carer.",
        sensitive=True,
        min_age=11,
    ),
    Note(
        "cw",
        Kind.MEETING,
        "Transition meeting for secondary school",
        "Met the Year 7 team at the new school with {dt}. Agreed extra transition visits in "
        "the summer term and a named adult for the first weeks.",
        min_age=10,
        max_age=11,
    ),
    Note(
        "cw",
        Kind.MEETING,
        "Careers guidance meeting",
        "Careers adviser met {name}. Interested in {career}; looking at the college open "
        "evening and work experience in the spring.",
        min_age=14,
        max_age=17,
    ),
    Note(
        "cw",
        Kind.PHONE,
        "College place confirmed",
        "College confirmed a place on the Level 2 course starting in September. Bursary "
        "application started with the personal adviser.",
        min_age=16,
        max_age=18,
    ),
    Note(
        "cw",
        Kind.MEETING,
        "Post-16 PEP and pathway plan",
        "Joint PEP and pathway plan review with the personal adviser. Attendance at college "
        "{attendance}%. Agreed support with travel costs and a study space at home.",
        min_age=16,
        max_age=18,
    ),
    Note(
        "sw",
        Kind.NOTE,
        "ESOL assessment booked",
        "Initial ESOL assessment booked at college. Interpreter arranged for the next "
        "review. {name} keen to study maths and English.",
        min_age=14,
        max_age=18,
    ),
    Note(
        "dt",
        Kind.PHONE,
        "Call with carer about homework",
        "Rang {carer} about missed homework. Agreed a homework club place after school on "
        "Tuesdays and Thursdays.",
        min_age=7,
        max_age=16,
    ),
    Note(
        "dt",
        Kind.NOTE,
        "Reduced timetable ending",
        "Reduced timetable ends on Friday; full days from next week. Reviewed with the "
        "virtual school and the carer.",
        min_age=6,
        max_age=16,
    ),
    Note(
        "cw",
        Kind.EMAIL,
        "Letter to carer: Early years funding",
        "Wrote to {carer} about early years pupil premium and the funded nursery place. "
        "Nursery to invite us to the first early years PEP.",
        max_age=4,
    ),
    Note(
        "cw",
        Kind.VISIT,
        "Nursery visit",
        "Visited the nursery. {name} is playing alongside others and beginning to use "
        "two-word phrases. Speech and language referral supported.",
        max_age=4,
    ),
    Note(
        "cw",
        Kind.NOTE,
        "Advice to adoptive parents",
        "Advice given to {name}'s parents on the school's use of pupil premium plus and "
        "how to ask for a meeting with the designated teacher.",
        min_age=3,
        max_age=16,
    ),
    Note(
        "cw",
        Kind.NOTE,
        "Advice to kinship carers",
        "Talked {carer} through applying for a school place and the support the virtual "
        "school can give to children in kinship care.",
        min_age=3,
        max_age=17,
    ),
    Note(
        "cw",
        Kind.NOTE,
        "Attendance concern flagged",
        "Attendance {attendance}% this term, below our 90% threshold. Emailed the "
        "designated teacher and the social worker to agree a plan.",
        min_age=5,
        max_age=16,
    ),
    Note(
        "manager",
        Kind.NOTE,
        "Management oversight",
        "Reviewed the case with the caseworker. PEP quality good; next step is securing a "
        "tutor for {subject}. No escalation needed.",
        looked_after=True,
    ),
    Note(
        "head",
        Kind.ADVOCACY,
        "Escalated to the headteacher",
        "Wrote to the headteacher asking the school to reconsider the decision to move "
        "{name} to a part-time timetable. Offered a joint meeting this week.",
        min_age=6,
        max_age=16,
        looked_after=True,
    ),
    Note(
        "cw",
        Kind.NOTE,
        "Celebration of achievement",
        "{name} won the {award} award this term. Certificate and a letter from the virtual "
        "school head sent home.",
        min_age=4,
        max_age=18,
    ),
    Note(
        "sw",
        Kind.PHONE,
        "Update after placement move",
        "{name} moved to a new placement at the weekend. School informed; carer will do "
        "the school run for now.",
        min_age=4,
        max_age=17,
        looked_after=True,
    ),
    Note(
        "cw",
        Kind.PHONE,
        "Call with the educational psychologist",
        "EP shared consultation notes: working memory difficulties, would benefit from "
        "pre-teaching vocabulary. Added to the PEP.",
        min_age=5,
        max_age=16,
    ),
]
INTERESTS = [
    "football",
    "drawing",
    "dance",
    "gaming",
    "baking",
    "swimming",
    "music",
    "animals",
    "science experiments",
    "Lego",
    "basketball",
    "reading graphic novels",
]
SUBJECTS = ["reading", "maths", "writing", "phonics", "English", "science", "spelling"]
CLUBS = ["football club", "art club", "choir", "coding club", "drama club", "chess club"]
INTERVENTIONS = [
    "one-to-one maths tuition",
    "a reading recovery programme",
    "mentoring sessions",
    "a therapeutic play programme",
    "a laptop for homework",
    "small-group phonics",
    "an attachment-aware training session for staff",
]
CAREERS = [
    "mechanics",
    "childcare",
    "music production",
    "construction",
    "nursing",
    "hairdressing",
    "IT",
    "the armed forces",
    "sports coaching",
]
AWARDS = [
    "star of the week",
    "effort",
    "most improved reader",
    "kindness",
    "sports",
    "head teacher's",
]


class Chronicler:
    def __init__(self, rng: random.Random, staff, today: date, designated_teacher_on):
        self.rng = rng
        self.staff = staff
        self.today = today
        self.designated_teacher_on = designated_teacher_on

    # Case notes ---------------------------------------------------------------------------

    def _worker_on(self, spec, kind: str, day: date):
        for allocation in spec.allocations:
            if (
                allocation.kind == kind
                and allocation.worker is not None
                and allocation.started_on <= day
                and (allocation.ended_on is None or allocation.ended_on >= day)
            ):
                return allocation.worker
        return None

    def _school_on(self, spec, day: date):
        for enrolment in spec.enrolments:
            if enrolment.is_current_on(day):
                return enrolment.school_spec.school
        return None

    def _looked_after_on(self, spec, day: date) -> bool:
        return any(p.start <= day and (p.end is None or day < p.end) for p in spec.family.periods)

    def notes(self, spec) -> list[CaseNote]:
        rng, today = self.rng, self.today
        looked_after = spec.looked_after_now
        count = rng.randint(5, 14) if looked_after else rng.randint(2, 6)
        starts = [a.started_on for a in spec.allocations] or [today - timedelta(days=400)]
        since = max(min(starts), today - timedelta(days=540), spec.dob)
        notes = []
        for _ in range(count * 2):
            if len(notes) >= count:
                break
            # More recent weeks have more entries.
            day = today - timedelta(days=int((today - since).days * (rng.random() ** 1.6)))
            day = weekday_on_or_before(day)
            if day < since:
                continue
            age = spec.age_on(day)
            choices = [
                n
                for n in NOTES
                if n.min_age <= age <= n.max_age
                and (not n.looked_after or self._looked_after_on(spec, day))
            ]
            note = rng.choices(choices, weights=[self._weight(n) for n in choices])[0]
            if day.month == 8 and note.by in ("cw", "dt"):
                # Schools are closed in August: school business happens in July.
                day = weekday_on_or_before(date(day.year, 7, rng.randint(1, 21)))
                if day < since or (note.looked_after and not self._looked_after_on(spec, day)):
                    continue
            author = self._author(spec, note.by, day)
            if author is None:
                continue
            notes.append(
                CaseNote(
                    child=spec.child,
                    kind=note.kind,
                    occurred_on=day,
                    summary=self._fill(note.summary, spec, day)[:200],
                    body=self._fill(note.body, spec, day),
                    is_sensitive=note.sensitive,
                    author=author,
                )
            )
        return notes

    @staticmethod
    def _weight(note: Note) -> float:
        if note.sensitive:
            return 0.35
        return 0.3 if note.by in ("head", "manager") else 1.0

    def _author(self, spec, by: str, day: date):
        if by == "head":
            return self.staff.head
        if by == "manager":
            return self.rng.choice(self.staff.managers)
        if by == "dt":
            school = self._school_on(spec, day)
            return self.designated_teacher_on(school, day) if school else None
        kind = "caseworker" if by == "cw" else "social_worker"
        return self._worker_on(spec, kind, day)

    def _fill(self, text: str, spec, day: date) -> str:
        rng = self.rng
        school = self._school_on(spec, day)
        dt = self.designated_teacher_on(school, day) if school else None
        sw = self._worker_on(spec, "social_worker", day)
        from .care import where_living

        carer = where_living(spec.family, day)
        values = {
            "name": spec.child.display_name.split(" ")[0],
            "school": school.name if school else "school",
            "dt": dt.full_name if dt else "the designated teacher",
            "sw": sw.full_name if sw else "the social worker",
            "carer": carer.carer.name if carer else "the carer",
            "interest": rng.choice(INTERESTS),
            "subject": rng.choice(SUBJECTS),
            "club": rng.choice(CLUBS),
            "intervention": rng.choice(INTERVENTIONS),
            "career": rng.choice(CAREERS),
            "award": rng.choice(AWARDS),
            "attendance": rng.randint(78, 94),
        }
        return text.format(**values)

    # Yearly returns: SDQ and health for children looked after for a year ----------------

    def continuous_years(self, spec) -> list[tuple[date, date]]:
        """Collection years (1 April to 31 March) through which the child was looked
        after, having been looked after for 12 months at their start."""
        years = []
        for year in range(self.today.year - 4, self.today.year + 1):
            start, end = date(year - 1, 4, 1), date(year, 3, 31)
            if end > self.today:
                continue
            for period in spec.family.periods:
                if period.start < start and (period.end is None or period.end > end):
                    years.append((start, end))
        return years

    def sdq(self, spec) -> list[SdqAssessment]:
        """The carer's SDQ each year for children aged 4 to 16, or why there is none;
        now and then a teacher's or the young person's own as well."""
        rng = self.rng
        child = spec.child
        assessments = []
        baseline = max(0, min(40, int(rng.gauss(14, 7))))
        severe = child.sen_primary_need in ("PMLD", "SLD")
        fourth, seventeenth = birthday(spec.dob, 4), birthday(spec.dob, 17)
        for start, end in self.continuous_years(spec):
            # Due for children aged 4 to 16 when assessed; otherwise the reason is SDQ1.
            if fourth > end:
                continue
            if fourth > start:
                if fourth < end - timedelta(days=60):
                    day = between(rng, fourth + timedelta(days=7), end - timedelta(days=7))
                    due = True
                else:
                    day, due = start + timedelta(days=20), False
            elif seventeenth <= end:
                if seventeenth > start + timedelta(days=60):
                    day = between(rng, start + timedelta(days=30), seventeenth - timedelta(days=1))
                    due = True
                else:
                    day, due = end - timedelta(days=10), False
            else:
                day = between(rng, start + timedelta(days=150), end - timedelta(days=30))
                due = True
            score, reason = None, ""
            roll = rng.random()
            if not due:
                reason = "SDQ1"  # under 4 or over 17 when assessed
            elif severe and roll < 0.7:
                reason = "SDQ3"
            elif roll < 0.04:
                reason = "SDQ2"
            elif roll < 0.07 and spec.age_on(day) >= 11:
                reason = "SDQ5"
            else:
                score = max(0, min(40, baseline + rng.randint(-4, 4)))
            assessments.append(
                SdqAssessment(
                    child=child,
                    assessed_on=day,
                    informant="carer",
                    score=score,
                    reason_not_completed=reason,
                )
            )
            if score is not None and rng.random() < 0.15:
                other = "self" if spec.age_on(day) >= 11 and rng.random() < 0.5 else "teacher"
                assessments.append(
                    SdqAssessment(
                        child=child,
                        assessed_on=day + timedelta(days=rng.randint(7, 25)),
                        informant=other,
                        score=max(0, min(40, score + rng.randint(-5, 5))),
                    )
                )
        return assessments

    def health(self, spec) -> list[AnnualHealthOutcome]:
        """SSDA903 OC2 outcomes for each year the child was looked after throughout."""
        rng = self.rng
        outcomes = []
        for _start, end in self.continuous_years(spec):
            age = spec.age_on(end)
            misuse = age >= 12 and rng.random() < 0.07
            received = (rng.random() < 0.6) if misuse else None
            outcomes.append(
                AnnualHealthOutcome(
                    child=spec.child,
                    year_ending=end,
                    convicted=(rng.random() < (0.05 if age >= 14 else 0.01)) if age >= 10 else None,
                    health_check=rng.random() < 0.93 if age < 5 else None,
                    immunisations=rng.random() < 0.88,
                    teeth_check=rng.random() < 0.84,
                    health_assessment=rng.random() < 0.9,
                    substance_misuse=misuse,
                    # Whether one was offered is asked only when none was received.
                    intervention_received=received,
                    intervention_offered=(rng.random() < 0.7) if received is False else None,
                )
            )
        return outcomes

    # Missing episodes for some teenagers ------------------------------------------------------

    def missing(self, spec, currently_missing: bool = False) -> list[MissingEpisode]:
        rng, today = self.rng, self.today
        if not spec.looked_after_now or not 12 <= spec.age <= 17:
            return []
        if not currently_missing and rng.random() > 0.15:
            return []
        start_of_care = spec.family.periods[-1].start
        episodes, used = [], set()
        for _ in range(rng.randint(1, 5)):
            start = today - timedelta(days=rng.randint(5, 540))
            if start < start_of_care or start in used:
                continue
            used.add(start)
            kind = "M" if rng.random() < 0.65 else "A"
            back = start + timedelta(days=rng.choice([0, 1, 1, 2, 3]))
            episodes.append(
                MissingEpisode(child=spec.child, kind=kind, started_on=start, ended_on=back)
            )
        if currently_missing:
            start = today - timedelta(days=1)
            if start not in used and start >= start_of_care:
                episodes.append(MissingEpisode(child=spec.child, kind="M", started_on=start))
        return episodes

    # Statutory reviews -------------------------------------------------------------------

    def reviews(self, spec) -> list[CareReview]:
        rng, today = self.rng, self.today
        reviews = []
        for period in spec.family.periods:
            end = period.end or today
            day = period.start + timedelta(days=rng.randint(18, 28))  # within 20 working days
            gap = (70, 90)  # the second within three months
            while day < end and day <= today:
                reviews.append(
                    CareReview(
                        child=spec.child, held_on=day, participation=self._participation(spec, day)
                    )
                )
                day += timedelta(days=rng.randint(*gap))
                gap = (150, 182)  # then at least every six months
        return reviews

    def _participation(self, spec, day: date) -> str:
        if spec.age_on(day) < 4:
            return "PN0"
        return names.weighted(
            self.rng,
            [
                ("PN1", 45),
                ("PN2", 8),
                ("PN3", 3),
                ("PN4", 5),
                ("PN5", 12),
                ("PN6", 15),
                ("PN7", 12),
            ],
        )[0]
