"""Achievements to celebrate, nominated by the school, the carer, the virtual school or
the social worker, over the last year."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from children.tracking.models import Celebration

from .attendance import full_half_terms
from .calendar import between, weekday_on_or_before
from .exclusions import main_enrolment_on
from .terms import SchoolCalendar

From = Celebration.From


@dataclass(frozen=True)
class Award:
    by: str
    title: str
    description: str
    min_age: int = 4
    max_age: int = 19


AWARDS = [
    Award(From.SCHOOL, "Star of the week", "Chosen by the class teacher for {quality}.", 4, 11),
    Award(
        From.SCHOOL, "Headteacher's award", "For {quality}, presented in Friday assembly.", 4, 11
    ),
    Award(From.SCHOOL, "Reading certificate: 50 books", "Read 50 books at home and school.", 5, 11),
    Award(
        From.SCHOOL,
        "Times tables champion",
        "Top of the class on the times tables leaderboard this half term.",
        7,
        10,
    ),
    Award(From.SCHOOL, "Sports day winner", "First place in the {race}.", 5, 13),
    Award(From.SCHOOL, "Pupil of the month", "Nominated by the year team for {quality}.", 11, 16),
    Award(From.SCHOOL, "Merit award in {subject}", "Most merits in {subject} this term.", 11, 16),
    Award(
        From.SCHOOL,
        "Selected for the school {team} team",
        "Played in every fixture this term.",
        9,
        17,
    ),
    Award(From.SCHOOL, "Part in the school play", "Played {role} in the school production.", 6, 16),
    Award(
        From.SCHOOL,
        "Excellent progress certificate",
        "Moved up a step in {subject} since the last assessment.",
        6,
        16,
    ),
    Award(From.SCHOOL, "Prefect", "Appointed a prefect by the head of year.", 14, 16),
    Award(
        From.SCHOOL,
        "Work experience completed",
        "Two weeks at {workplace}; glowing feedback from the supervisor.",
        15,
        17,
    ),
    Award(
        From.SCHOOL,
        "Passed the first year of the college course",
        "Moved on to the second year with good attendance.",
        16,
        19,
    ),
    Award(From.CARER, "Grade {grade} {instrument}", "Passed with merit.", 8, 17),
    Award(From.CARER, "Learnt to ride a bike", "Practised every weekend at the park.", 4, 9),
    Award(From.CARER, "25 metre swimming badge", "Swam a length without stopping.", 5, 10),
    Award(From.CARER, "{belt} belt in karate", "Graded at the club on Saturday.", 6, 15),
    Award(From.CARER, "Duke of Edinburgh bronze award", "Completed the expedition.", 14, 17),
    Award(From.CARER, "Passed the driving theory test", "First attempt.", 17, 19),
    Award(
        From.CARER,
        "Cooked a meal for the household",
        "Planned, shopped for and cooked Sunday dinner.",
        11,
        19,
    ),
    Award(From.CARER, "Performed in a dance show", "Danced at the end-of-year show.", 5, 15),
    Award(
        From.VIRTUAL_SCHOOL,
        "Virtual School achievement award",
        "Presented at the celebration evening for {quality}.",
        4,
        19,
    ),
    Award(
        From.VIRTUAL_SCHOOL,
        "Summer reading challenge completed",
        "Read six library books over the summer holiday.",
        5,
        12,
    ),
    Award(
        From.VIRTUAL_SCHOOL,
        "Children in Care Council member",
        "Spoke to councillors about what helps at school.",
        11,
        19,
    ),
    Award(
        From.SOCIAL_WORKER,
        "Chaired part of their own review",
        "Prepared what they wanted to say and led the first item.",
        10,
        19,
    ),
]
FILL = {
    "quality": [
        "kindness to a new classmate",
        "excellent effort in maths",
        "always trying their best",
        "a brilliant piece of writing",
        "helping others at lunchtime",
        "resilience after a difficult week",
        "outstanding homework",
    ],
    "race": ["sprint", "relay", "egg and spoon race", "long jump", "obstacle race"],
    "subject": ["maths", "English", "science", "art", "history", "computing", "PE"],
    "team": ["football", "netball", "basketball", "cricket", "athletics"],
    "role": ["the narrator", "the wolf", "Scrooge", "a shepherd", "the lead"],
    "workplace": [
        "a garage in town",
        "a primary school",
        "the leisure centre",
        "a vet's surgery",
        "a building firm",
    ],
    "instrument": ["piano", "guitar", "violin", "drums", "singing"],
    "belt": ["Yellow", "Orange", "Green", "Blue", "Red"],
}


class Celebrator:
    def __init__(self, rng: random.Random, calendar: SchoolCalendar, dt_on, worker_on):
        self.rng = rng
        self.calendar = calendar
        self.today = calendar.today
        self.dt_on = dt_on
        self.worker_on = worker_on

    def celebrations(self, spec) -> list[Celebration]:
        rng, today = self.rng, self.today
        if spec.age < 4 or not spec.enrolments:
            return []
        rows = []
        full = full_half_terms(spec.attendance, self.calendar)
        if full and rng.random() < 0.7:
            day = full[-1]
            enrolment = main_enrolment_on(spec, day)
            rows.append(
                self._row(
                    spec,
                    day,
                    From.SCHOOL,
                    "Full attendance this half term",
                    "Every session attended since the last holiday.",
                    enrolment.school if enrolment else None,
                )
            )
        if rng.random() > (0.75 if spec.looked_after_now else 0.45):
            return rows
        count = rng.choices([1, 2, 3, 4], weights=[40, 30, 20, 10])[0]
        for _ in range(count):
            day = weekday_on_or_before(between(rng, today - timedelta(days=360), today))
            age = spec.age_on(day)
            options = [a for a in AWARDS if a.min_age <= age <= a.max_age]
            if not options:
                continue
            award = rng.choice(options)
            enrolment = main_enrolment_on(spec, day)
            if award.by == From.SCHOOL and enrolment is None:
                continue
            if award.by == From.SCHOOL and day.month == 8:
                day = weekday_on_or_before(date(day.year, 7, 17))
            values = {key: rng.choice(words) for key, words in FILL.items()}
            values["grade"] = max(1, min(6, age - 7 - rng.randint(0, 2)))
            rows.append(
                self._row(
                    spec,
                    day,
                    award.by,
                    award.title.format(**values),
                    award.description.format(**values),
                    enrolment.school if enrolment else None,
                )
            )
        return rows

    def _row(self, spec, day: date, by: str, title: str, description: str, school):
        if by == From.SCHOOL and school is not None:
            recorded_by = self.dt_on(school, day)
        elif by == From.SOCIAL_WORKER:
            recorded_by = self.worker_on(spec, "social_worker", day)
        else:
            recorded_by = self.worker_on(spec, "caseworker", day)
        return Celebration(
            child=spec.child,
            achieved_on=day,
            title=title[:150],
            description=description,
            nominated_by=by,
            recorded_by=recorded_by,
        )
