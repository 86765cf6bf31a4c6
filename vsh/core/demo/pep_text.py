"""What people write in a PEP: the child's views in their own words, the carer's
views, the social worker's contribution, commentary on attendance and attainment,
SMART targets and their evaluation, Pupil Premium Plus requests and the virtual
school's quality-assurance comments. Sentences are picked and filled in from what the
demo knows about the child, so each PEP reads differently."""

import random
from dataclasses import dataclass, field
from datetime import date

from children.codes import SenNeed, SenProvision

TEACHERS = [
    "Mr Patel",
    "Mrs Okafor",
    "Miss Hughes",
    "Ms Kowalski",
    "Mr Davies",
    "Mrs Begum",
    "Mr O'Connor",
    "Miss Nowak",
    "Mr Adeyemi",
    "Ms Clarke",
    "Mrs Shah",
    "Mr Evans",
    "Miss Li",
    "Mrs Thompson",
    "Mr Mensah",
    "Ms Fernandes",
]
MENTORS = ["Jo", "Sam", "Mr Khan", "Miss Reid", "Dave", "Mrs Lewis", "Priya"]
PRIMARY_SUBJECTS = ["maths", "reading", "art", "PE", "science", "music", "topic", "computing"]
SECONDARY_SUBJECTS = [
    "maths",
    "English",
    "science",
    "art",
    "PE",
    "history",
    "geography",
    "computing",
    "food tech",
    "drama",
    "music",
]
HOBBIES = [
    "football",
    "drawing",
    "dancing",
    "gaming",
    "baking",
    "swimming",
    "Lego",
    "basketball",
    "looking after the dog",
    "going to the skate park",
    "making videos",
    "boxing",
]
JOBS_YOUNG = [
    "a vet",
    "a footballer",
    "a teacher",
    "a police officer",
    "a doctor",
    "a YouTuber",
    "an artist",
    "a firefighter",
    "a zookeeper",
    "a scientist",
]
COURSES = [
    "motor vehicle",
    "childcare",
    "construction",
    "hair and beauty",
    "sport",
    "IT",
    "catering",
    "health and social care",
    "music technology",
    "public services",
    "engineering",
]
DEGREES = ["psychology", "nursing", "law", "computer science", "criminology", "social work"]


def pronouns(sex: str) -> tuple[str, str, str]:
    return ("he", "him", "his") if sex == "M" else ("she", "her", "her")


@dataclass
class Context:
    """What the writers know about the child when the PEP is written."""

    name: str
    sex: str
    age: int
    year: int  # national curriculum year, 0 = Reception
    school: str
    school_kind: str  # primary, secondary, special, pru, college, or "" without a place
    designated_teacher: str
    carer: str
    carer_kind: str  # foster, kinship, home, supported, or ""
    social_worker: str
    sen_provision: str
    sen_need: str
    uasc: bool
    new_to_care: bool
    entered_care_on: date
    attendance_rate: float | None
    unauthorised: int
    suspensions: int
    attainment: list = field(default_factory=list)  # the latest Assessment of each subject
    sdq: dict = field(default_factory=dict)
    attendance: dict = field(default_factory=dict)  # the PEP's attendance snapshot
    dual: str = ""  # alternative provision under a dual registration
    interest: str = ""
    teacher: str = ""

    @property
    def first(self) -> str:
        return self.name

    @property
    def severe_needs(self) -> bool:
        return self.sen_need in ("PMLD", "SLD", "MSI")

    @property
    def carer_first(self) -> str:
        if self.carer_kind in ("home", "supported") or not self.carer:
            return "staff"
        return self.carer.split(" ")[0]


def _pick(rng: random.Random, items, k: int) -> list:
    return rng.sample(items, k=min(k, len(items)))


# The child's views -------------------------------------------------------------------


def child_views(rng: random.Random, c: Context) -> str:
    if c.severe_needs or c.year == 0:
        return _views_gathered(rng, c)
    if c.year <= 6:
        return _primary_views(rng, c)
    if c.year <= 11:
        return _secondary_views(rng, c)
    return _post16_views(rng, c)


def _views_gathered(rng, c: Context) -> str:
    he, him, his = pronouns(c.sex)
    method = rng.choice(
        [
            "talking mats and symbols",
            "a 'my favourite things' drawing",
            "photos of the classroom and the playground",
            "Makaton and a choice board",
        ]
    )
    thing = rng.choice(["the sand tray", "the bikes", "story time", "the sensory room", "painting"])
    reader = "My carer" if c.carer_first == "staff" else c.carer_first
    likes = rng.choice(
        ["I like the big slide.", "Me play cars.", f"{reader} reads me stories.", "Bubbles!"]
    )
    parts = [
        f"{c.name}'s views were gathered by {c.designated_teacher or 'the class teacher'} "
        f"using {method}.",
        f"{c.name} chose pictures of {thing} and {rng.choice(HOBBIES)} as favourite things, "
        f"and smiled when {he} talked about {his} key adult.",
        f'In {his} own words: "{likes}"',
    ]
    if rng.random() < 0.5:
        parts.append(
            f"{he.capitalize()} pointed to the 'sad' face for lining up and busy corridors."
        )
    return " ".join(parts)


def _primary_views(rng, c: Context) -> str:
    subject = rng.choice(PRIMARY_SUBJECTS)
    hard = rng.choice([s for s in ["writing", "maths", "spelling", "reading"] if s != subject])
    likes = [
        f"I like {subject} because {c.teacher} makes it fun.",
        f"My favourite lesson is {subject}, especially when we work in groups.",
        f"I am good at {rng.choice(['drawing', 'running', 'times tables', 'reading'])}.",
        f"At playtime I play {rng.choice(['tag', 'football', 'on the climbing frame'])} "
        f"with my friend {rng.choice(['Amir', 'Ellie', 'Noah', 'Zara', 'Kai', 'Maisie'])}.",
    ]
    hard_bits = [
        f"I find {hard} tricky when there is lots to do.",
        "Writing makes my hand hurt.",
        "It is too noisy in the dinner hall.",
        f"Sometimes I don't like {hard} because I get stuck and don't want to say.",
    ]
    help_bits = [
        "It helps when Miss sits with me at the start.",
        "I like having my own word mat on my table.",
        "I like going to the calm corner when I feel cross.",
        "My reading with Mrs B in the mornings helps.",
    ]
    home = [
        f"I like living with {c.carer_first} because we go to the park on Saturdays.",
        f"At home I like {rng.choice(HOBBIES)}.",
        f"{c.carer_first} helps me with my reading book.",
    ]
    future = [f"When I grow up I want to be {rng.choice(JOBS_YOUNG)}."]
    worries = [
        "Sometimes I worry about my mum.",
        "I worry about going to big school.",
        "I don't like it when we have a supply teacher.",
    ]
    parts = _pick(rng, likes, 2) + _pick(rng, hard_bits, 1) + _pick(rng, help_bits, 1)
    if c.carer_kind in ("foster", "kinship") and rng.random() < 0.7:
        parts += _pick(rng, home, 1)
    parts += future
    if rng.random() < 0.4:
        parts += _pick(rng, worries, 1)
    return " ".join(parts)


def _secondary_views(rng, c: Context) -> str:
    subject = rng.choice(SECONDARY_SUBJECTS)
    hard = rng.choice([s for s in ["maths", "English", "science", "French"] if s != subject])
    likes = [
        f"{subject.capitalize()} is my best subject. {c.teacher} explains things properly "
        "and doesn't make a big deal if you get it wrong.",
        f"I enjoy {subject} because it's practical and we don't just copy off the board.",
        f"I've started going to {rng.choice(['football', 'coding club', 'drama', 'the gym'])} "
        "after school and I really like it.",
    ]
    hard_bits = [
        f"I struggle in {hard} when there's a lot of writing off the board.",
        "Mornings are hard. If I've had a bad night I don't want to come in.",
        "Some people in my form wind me up, but it's better than it was.",
        "Homework piles up and I forget what's due.",
        "I don't like it when teachers talk about my business in front of the class.",
    ]
    help_bits = [
        "It helps when teachers tell me before there's a cover lesson.",
        "The time-out card helps because I can leave before I lose it.",
        f"Seeing {rng.choice(MENTORS)} on Wednesdays helps because I can talk about stuff.",
        "The tutoring has helped. I actually get the algebra now.",
    ]
    future = [
        f"I want to do {rng.choice(COURSES)} at college and then get an apprenticeship.",
        f"I'd like to go to university to study {rng.choice(DEGREES)}.",
        f"I'm thinking about the army or {rng.choice(COURSES)}.",
        "I don't know what I want to do yet. I'd like to try some work experience.",
    ]
    parts = _pick(rng, likes, 2) + _pick(rng, hard_bits, 2) + _pick(rng, help_bits, 1)
    if c.suspensions:
        parts.append(
            "I got suspended this term. It wasn't all my fault but I know I shouldn't have "
            "kicked off at the teacher."
        )
    if c.attendance_rate is not None and c.attendance_rate < 90:
        parts.append(
            rng.choice(
                [
                    "I miss school when I can't face it. I'd come in more if I could start "
                    "with something I like.",
                    "I know my attendance isn't good. Getting the bus from the new placement "
                    "takes ages.",
                ]
            )
        )
    parts += _pick(rng, future, 1)
    return " ".join(parts)


def _post16_views(rng, c: Context) -> str:
    course = rng.choice(COURSES)
    parts = [
        f"I'm doing {course} at {c.school or 'college'} and I'm enjoying the practical side.",
        rng.choice(
            [
                "I need to pass English and maths this year so I can go on to Level 3.",
                "I resat maths in November and I'm waiting for my result.",
                "The course is harder than I thought but my tutor is supportive.",
            ]
        ),
        rng.choice(
            [
                "I've got a part-time job at a café at weekends.",
                "My PA is helping me apply for the bursary for travel.",
                "I want to move into my own flat next year and keep going with college.",
                "I'd like to go to university after this. I want to find out about the "
                "care leaver bursary.",
            ]
        ),
    ]
    if c.uasc:
        parts.append("My English is getting better. I go to the ESOL class on Thursdays too.")
    return " ".join(parts)


# The carer and the social worker ------------------------------------------------------


def carer_views(rng, c: Context) -> str:
    he, him, his = pronouns(c.sex)
    if c.carer_kind == "home":
        lead = f"Key worker at {c.carer}: "
    elif c.carer_kind == "supported":
        lead = f"Support worker at {c.carer}: "
    else:
        lead = ""
    bits = [
        f"{c.name} has settled well and is much calmer in the mornings now.",
        f"{c.name} loves {c.interest or rng.choice(HOBBIES)}; we found a club on Saturdays.",
        "Sleep has been unsettled after family time and school have been understanding.",
        f"The tutoring has made a real difference to {his} confidence.",
        f"We'd like to know what {he} is learning so we can help at home.",
    ]
    if c.age <= 10:
        bits += [
            "We read together most evenings and the reading record is up to date.",
            f"Getting {him} to school on time is easier since the breakfast club started.",
            "We would like more notice of trips and non-uniform days.",
        ]
    elif c.age <= 15:
        bits += [
            f"Homework is a battle some nights, but {he} is proud when it's done.",
            f"We're worried about friendships: {he} says {he} has no one to sit with at lunch.",
            f"{he.capitalize()} spends a lot of time on {his} phone late at night; we have "
            "agreed a charging point downstairs.",
        ]
    else:
        bits = [
            f"{c.name} gets to college on {his} own and is managing the bus pass well.",
            f"{he.capitalize()} is saving from {his} part-time job and learning to budget.",
            f"We're helping {him} with cooking and other skills for living independently.",
            f"{c.name} needs reminding about deadlines for coursework.",
        ]
    if c.new_to_care:
        bits = [
            f"{c.name} has only been with us a few weeks. {he.capitalize()} is quiet at "
            "home and still getting used to the routine.",
            f"We are taking {him} to school ourselves and would like a call at the end of "
            "the first week to hear how it has gone.",
        ] + bits[:3]
    return lead + " ".join(_pick(rng, bits, rng.randint(2, 4)))


def social_worker_contribution(rng, c: Context, review_on: date | None) -> str:
    he, him, his = pronouns(c.sex)
    plans = (
        [f"care plan is for {c.name} to stay with {c.carer} long term"]
        if c.carer_kind in ("foster", "kinship")
        else []
    )
    plans += [
        "care plan is permanence through long-term fostering; matching panel later this year",
        "special guardianship assessment of the carers has started",
        "return home is being assessed and will be discussed at the next review",
    ]
    if c.age >= 16:
        plans = ["pathway plan is to move to supported accommodation at 18 and stay in college"]
    parts = [f"The {rng.choice(plans)}."]
    if c.new_to_care:
        parts.append(
            f"{c.name} came into care on {c.entered_care_on:%-d %B %Y}. Initial health "
            "assessment booked; family time arrangements agreed at the first review."
        )
    parts.append(
        rng.choice(
            [
                "Family time with mum is fortnightly and supervised; school may notice "
                f"{him} tired on the day after.",
                "Family time with brothers and sisters once a month, going well.",
                "No direct family time at present; letterbox contact twice a year.",
                "Family time with dad is monthly by video call.",
            ]
        )
    )
    parts.append(
        rng.choice(
            [
                "Placement is stable and the carers have completed attachment-aware training.",
                f"Life story work has started with {c.name}; please let me know of any big "
                "feelings in school.",
                "Health assessment is up to date and the dental check is booked.",
                "Court proceedings have concluded and a final care order was granted.",
            ]
        )
    )
    if review_on:
        parts.append(f"Next looked-after review on {review_on:%-d %B %Y}.")
    return " ".join(parts)


# Commentary -------------------------------------------------------------------------


def history_note(rng, c: Context) -> str:
    """What the designated teacher adds to the list of schools."""
    notes = [
        "Records from previous schools received and read.",
        "No gaps in education since coming into care.",
        f"{c.name} missed some weeks of school before coming into care.",
        "Previous school shared the SEN file and the last two PEPs.",
    ]
    if c.new_to_care:
        notes.append(f"{c.name} stayed at the same school on coming into care.")
    return rng.choice(notes)


def current_provision(rng, c: Context) -> str:
    if not c.school:
        return (
            "No school place at present. The virtual school has arranged ten hours of "
            "tuition a week while the in-year application is decided."
        )
    year = "Reception" if c.year == 0 else f"Year {c.year}"
    if c.school_kind == "college":
        text = f"{year} at {c.school}: Level {rng.choice([1, 2, 2, 3])} course, three days a week."
    elif c.school_kind == "pru":
        text = (
            f"{year} at {c.school}, full time in a group of eight. Reintegration to a "
            "mainstream school is reviewed each half term."
        )
    elif c.school_kind == "special":
        text = f"{year} at {c.school}, a special school, in a class of ten with two assistants."
    else:
        text = f"{year} at {c.school}, in a mainstream class" + rng.choice(
            [
                " with a teaching assistant in the mornings.",
                "; small-group maths twice a week.",
                "; daily reading with a trained adult.",
                ".",
            ]
        )
    if c.dual:
        text += f" Dual registered: part of each week at {c.dual}."
    return text


def attendance_commentary(rng, c: Context) -> str:
    rate = c.attendance_rate
    if rate is None:
        return "No attendance data yet this year."
    if rate >= 96:
        return f"Excellent attendance: {rate:.1f}% this year."
    if rate >= 92:
        return f"Good attendance at {rate:.1f}%; most absences were for illness."
    if rate >= 90:
        return (
            f"Attendance is {rate:.1f}%, just above persistent absence. Absences cluster on "
            "Mondays; the school will call the carer on the first morning of any absence."
        )
    plan = rng.choice(
        [
            f"a morning check-in with the learning mentor and a reward chart agreed with {c.name}",
            "transport from the placement is being arranged",
            "an attendance support meeting with the carer and the education welfare officer",
            "a part-time timetable building up to full time over six weeks",
        ]
    )
    band = "Severely absent" if rate < 50 else "Persistently absent"
    return (
        f"{band}: {rate:.1f}% this year, with {c.unauthorised} unauthorised sessions. Plan: {plan}."
    )


def attainment_commentary(rng, c: Context) -> str:
    rows = c.attainment
    if not rows:
        return "No assessment data from the school yet this year."
    gcse = [a for a in rows if a.measure == "gcse"]
    if gcse:
        grades = ", ".join(
            f"{a.get_subject_display()} {a.actual or a.predicted}"
            + (f" (target {a.target})" if a.target else "")
            for a in gcse[:3]
        )
        verb = "Results" if any(a.actual for a in gcse) else "Predicted grades"
        return f"{verb}: {grades}."
    termly = [a for a in rows if a.measure == "termly_ta"]
    if termly:
        at = [a.get_subject_display().lower() for a in termly if a.actual in ("expected", "above")]
        below = [
            a.get_subject_display().lower() for a in termly if a.actual not in ("expected", "above")
        ]
        parts = []
        if at:
            parts.append(f"At or above age-related expectations in {', '.join(at)}.")
        if below:
            parts.append(f"Working towards or below in {', '.join(below)}.")
        parts.append(
            rng.choice(
                [
                    "Progress since last term is good.",
                    "Progress has slowed since the change of class.",
                    "Small-group work is closing the gap.",
                ]
            )
        )
        return " ".join(parts)
    return "Statutory assessment results are in the attainment table."


def sen_and_wellbeing(rng, c: Context) -> str:
    need = SenNeed(c.sen_need).label.lower() if c.sen_need else ""
    if c.sen_provision == SenProvision.EHC_PLAN:
        text = (
            f"EHC plan for {need}. Annual review held in the spring term; provision "
            + rng.choice(
                [
                    "includes 20 hours of one-to-one support.",
                    "includes speech and language therapy every fortnight.",
                    "includes a personalised timetable and a quiet base.",
                ]
            )
        )
    elif c.sen_provision == SenProvision.SEN_SUPPORT:
        text = (
            f"SEN support for {need}: "
            + rng.choice(
                [
                    "a small-group literacy programme and a visual timetable.",
                    "a social skills group and a named adult for check-ins.",
                    "precision teaching in maths three times a week.",
                ]
            )
            + " The school will consider an EHC needs assessment if progress stays slow."
        )
    else:
        text = "No special educational needs identified."
    score = c.sdq.get("score")
    if score is not None:
        text += f" Latest SDQ score {score} ({c.sdq['band'].lower()})."
        if score >= 17:
            text += " Referral to the children in care CAMHS team has been discussed."
    return text


def transition_plan(rng, c: Context, season: str) -> str:
    if c.year == 6:
        return (
            "Secondary transfer: the designated teacher will share this PEP with the new "
            "school and arrange extra visits with a familiar adult in the summer term."
        )
    if c.year == 11:
        return (
            f"Post-16: careers interview held; applying for {rng.choice(COURSES)} at college. "
            "The personal adviser joins the summer PEP."
        )
    if c.year == 13:
        return "Post-18: applications for work, apprenticeships or university with the PA."
    if c.year == 0 and season == "autumn":
        return "Settling into Reception: transition book shared with the carer."
    if c.new_to_care:
        return "New to care: the school keeps the same key adult while the placement settles."
    return ""


# Targets ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetIdea:
    area: str
    what: str
    who: str
    measure: str
    min_year: int = 0
    max_year: int = 13


TARGETS = [
    TargetIdea(
        "attainment",
        "To read at home five times a week and talk about the book with {carer}",
        "{name} and {carer}",
        "Reading record signed five times a week; reading age assessed at the end of term",
        0,
        6,
    ),
    TargetIdea(
        "attainment",
        "To know the {tables} times tables by heart",
        "Class teacher, with practice at home",
        "A score of 20 or more on the practice multiplication check",
        2,
        5,
    ),
    TargetIdea(
        "attainment",
        "To move from working towards to the expected standard in {subject}",
        "Class teacher",
        "Teacher assessment at the end of term",
        1,
        9,
    ),
    TargetIdea(
        "attainment",
        "To attend ten maths tutoring sessions and secure fractions and decimals",
        "Tutor funded by Pupil Premium Plus",
        "Tutor's end-of-block assessment shows at least 70%",
        3,
        9,
    ),
    TargetIdea(
        "attainment",
        "To reach grade {grade} in the {gcse} mock exam",
        "{gcse} teacher",
        "Mock exam result",
        10,
        11,
    ),
    TargetIdea(
        "attainment",
        "To hand in every piece of coursework on time",
        "{name}, with the head of year checking weekly",
        "No missing work on the coursework tracker",
        9,
        13,
    ),
    TargetIdea(
        "attainment",
        "To pass GCSE maths at grade 4 in the resit",
        "College maths tutor",
        "Resit result",
        12,
        13,
    ),
    TargetIdea(
        "attendance",
        "To raise attendance to {goal}% or more",
        "Pastoral lead and {carer}",
        "School register over the term",
        0,
        13,
    ),
    TargetIdea(
        "attendance",
        "To arrive before the register closes every day",
        "{name} and {carer}",
        "No late marks after registration for four weeks running",
        3,
        13,
    ),
    TargetIdea(
        "wellbeing",
        "To use the time-out card instead of walking out of lessons",
        "{name}, with the learning mentor",
        "Fewer than two behaviour points a week",
        5,
        11,
    ),
    TargetIdea(
        "wellbeing",
        "To check in with a named adult every morning",
        "Learning mentor",
        "{name} says in the check-in log that they feel ready to learn on most days",
        0,
        11,
    ),
    TargetIdea(
        "wellbeing",
        "To join a lunchtime or after-school club",
        "{name} and the designated teacher",
        "Attending a club every week for half a term",
        1,
        13,
    ),
    TargetIdea(
        "wellbeing",
        "To build friendships through the nurture group",
        "SENCo",
        "Boxall profile shows progress at the end of the block",
        0,
        6,
    ),
    TargetIdea(
        "sen",
        "To use a visual timetable independently through the day",
        "Teaching assistant",
        "Observed using it without prompts on four days out of five",
        0,
        8,
    ),
    TargetIdea(
        "sen",
        "To complete the speech and language programme",
        "Speech and language therapist and teaching assistant",
        "Therapist's review at the end of the programme",
        0,
        9,
    ),
    TargetIdea(
        "transition",
        "To visit the new school three times before September",
        "Designated teacher and the new school's Year 7 lead",
        "Visits completed; {name} can name two adults to go to there",
        6,
        6,
    ),
    TargetIdea(
        "transition",
        "To send a college application for {course}",
        "Careers adviser",
        "Application submitted before the end of January",
        11,
        11,
    ),
    TargetIdea(
        "careers",
        "To have a careers guidance interview and an action plan",
        "Careers adviser",
        "Action plan attached to the PEP",
        9,
        13,
    ),
    TargetIdea(
        "careers",
        "To do a week of work experience in {sector}",
        "Work experience coordinator",
        "Placement completed and reviewed with {name}",
        10,
        12,
    ),
]
FILLERS = {
    "tables": ["3, 4 and 8", "6, 7 and 9", "2, 5 and 10", "11 and 12"],
    "subject": ["reading", "writing", "maths"],
    "gcse": ["maths", "English", "science"],
    "course": COURSES,
    "sector": ["childcare", "a garage", "retail", "construction", "a vet's surgery"],
}
EVALUATIONS = {
    "achieved": [
        "Achieved: {measure_lower}.",
        "Achieved and kept up; {name} is proud of this.",
        "Achieved by half term.",
    ],
    "partly": [
        "Partly achieved: good progress but not yet consistent.",
        "Partly achieved; carried forward with more support.",
        "Partly achieved: met in the first half of term, slipped after half term.",
    ],
    "not_achieved": [
        "Not achieved: {name} was absent for much of the block.",
        "Not achieved; the support started late. Carried forward.",
        "Not achieved: the plan did not suit {name} and has been changed.",
    ],
}


def target_text(rng, idea: TargetIdea, c: Context, goal: int) -> tuple[str, str, str]:
    values = {key: rng.choice(words) for key, words in FILLERS.items()}
    values.update(
        name=c.name,
        carer=c.carer_first if c.carer_first != "staff" else "care staff",
        goal=goal,
        grade=rng.choice([4, 4, 5, 5, 6]),
    )
    return (
        idea.what.format(**values),
        idea.who.format(**values)[:150],
        idea.measure.format(**values),
    )


def evaluation_notes(rng, outcome: str, measure: str, name: str) -> str:
    measure_lower = measure[0].lower() + measure[1:]
    return rng.choice(EVALUATIONS[outcome]).format(measure_lower=measure_lower, name=name)


# Pupil Premium Plus ---------------------------------------------------------------------

# (target area, purpose, lowest, highest amount in pounds)
PP_PURPOSES = [
    ("attainment", "Maths tutoring, 10 sessions", 350, 500),
    ("attainment", "English tutoring, 10 sessions", 350, 500),
    ("attainment", "Reading intervention with a trained assistant, one term", 250, 450),
    ("attainment", "GCSE maths tutor, 12 sessions", 500, 900),
    ("attainment", "Revision guides and a revision day", 200, 300),
    ("attainment", "Laptop for homework and coursework", 300, 450),
    ("wellbeing", "Mentoring with a learning mentor, weekly for a term", 400, 800),
    ("wellbeing", "Play therapy, 8 sessions", 600, 1000),
    ("wellbeing", "Drawing and Talking sessions, 12 weeks", 300, 500),
    ("wellbeing", "Music lessons, one term", 200, 300),
    ("wellbeing", "Forest school sessions to build confidence", 250, 450),
    ("attendance", "Breakfast club and a morning check-in, one term", 200, 350),
    ("attendance", "Taxi to school while the placement is out of area, half a term", 600, 1000),
    ("sen", "Speech and language therapy top-up, 6 sessions", 450, 800),
    ("sen", "Educational psychologist consultation", 500, 800),
    ("careers", "Careers guidance and a college taster day", 200, 300),
    ("transition", "Extra transition visits with a key adult", 200, 350),
]


# Quality assurance ----------------------------------------------------------------------

RETURN_REASONS = [
    "The child's views are missing: please record {name}'s views in their own words.",
    "Targets are not SMART: add who is responsible, a date and how success will be measured.",
    "Previous targets have not been evaluated.",
    "The Pupil Premium Plus request is not linked to a target.",
    "Attendance has dropped but the PEP does not say what will be done about it.",
    "The carer's views and the social worker's contribution are missing.",
    "Please add the attendees and the date of the next review.",
]
APPROVAL_COMMENTS = {
    "green": [
        "Good PEP: a strong voice of the child and SMART targets.",
        "Clear targets, linked to the PP+ request. Thank you.",
        "Thorough evaluation of last term's targets.",
        "",
    ],
    "amber": [
        "Approved. Next time please make the targets more specific.",
        "Approved; please evaluate previous targets in more detail at the next review.",
        "Approved, but the child's views are thin: please use the pupil voice form.",
    ],
}
NEW_VERSION_REASONS = [
    "Changed school mid-term: provision and targets updated for the new school.",
    "Change of placement: carer's views, transport and attendance targets updated.",
    "EHC plan finalised: SEN section and targets updated.",
]
