"""Invented schools with GIAS-style fields, and their Ofsted inspection history."""

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from schools.models import EstablishmentStatus, Inspection, Phase, School

from . import names, places
from .calendar import between
from .constants import DEMO_DOMAIN
from .identifiers import UniqueNumbers

DEMO_DT_SCHOOL = "Riverside Primary School"

# GIAS establishment type: (type group, phase, DfE establishment numbers). Mainstream
# schools take their phase and numbers from MAINSTREAM_NUMBERS.
_LA = "Local authority maintained schools"
TYPES = {
    "Local authority nursery school": (_LA, Phase.NURSERY, (1000, 1099)),
    "Community school": (_LA, None, None),
    "Voluntary aided school": (_LA, None, None),
    "Voluntary controlled school": (_LA, None, None),
    "Foundation school": (_LA, None, None),
    "Academy converter": ("Academies", None, None),
    "Academy sponsor led": ("Academies", None, None),
    "Free schools": ("Free Schools", None, None),
    "Community special school": ("Special schools", Phase.NOT_APPLICABLE, (7000, 7099)),
    "Academy special converter": ("Academies", Phase.NOT_APPLICABLE, (7000, 7099)),
    "Other independent special school": ("Independent schools", Phase.NOT_APPLICABLE, (6000, 6999)),
    "Pupil referral unit": (_LA, Phase.NOT_APPLICABLE, (1100, 1199)),
    "Academy alternative provision converter": ("Academies", Phase.NOT_APPLICABLE, (1100, 1199)),
    "Further education": ("Colleges", Phase.SIXTEEN_PLUS, (8000, 8999)),
}

# DfE establishment numbers of mainstream schools by type and phase.
MAINSTREAM_NUMBERS = {
    ("Community school", "primary"): (2000, 2999),
    ("Community school", "secondary"): (4000, 4599),
    ("Voluntary controlled school", "primary"): (3000, 3299),
    ("Voluntary aided school", "primary"): (3300, 3699),
    ("Voluntary aided school", "secondary"): (4600, 4699),
    ("Foundation school", "primary"): (5200, 5299),
    ("Foundation school", "secondary"): (5400, 5499),
    ("Academy converter", "primary"): (2000, 3699),
    ("Academy converter", "secondary"): (4000, 5499),
    ("Academy sponsor led", "primary"): (2000, 2999),
    ("Academy sponsor led", "secondary"): (4000, 4599),
    ("Free schools", "primary"): (2000, 2999),
    ("Free schools", "secondary"): (4000, 4599),
}

# name, LA code ("" = the demo authority), kind, GIAS type, ages, extras
# kind: nursery, primary, secondary, special, pru, college. Extras: "sixth" (has a
# sixth form), needs a special school meets, and a size weight for how many of
# the authority's children attend.
CATALOGUE = [
    ("Meadowbank Nursery School", "", "nursery", "Local authority nursery school", 2, 5, {}),
    ("Little Willows Nursery School", "", "nursery", "Local authority nursery school", 2, 5, {}),
    (DEMO_DT_SCHOOL, "", "primary", "Community school", 3, 11, {"size": 2.0}),
    ("St Mary's CofE Primary School", "", "primary", "Voluntary aided school", 4, 11, {}),
    ("St Joseph's Catholic Primary School", "", "primary", "Voluntary aided school", 4, 11, {}),
    ("Holy Trinity CofE Primary School", "", "primary", "Voluntary controlled school", 4, 11, {}),
    ("St Anne's CofE Primary School", "", "primary", "Voluntary aided school", 4, 11, {}),
    (
        "Our Lady of the Rosary Catholic Primary School",
        "",
        "primary",
        "Voluntary aided school",
        3,
        11,
        {},
    ),
    ("Orchard Park Primary School", "", "primary", "Academy converter", 4, 11, {}),
    ("Kingfisher Primary School", "", "primary", "Community school", 3, 11, {"size": 1.5}),
    ("Elmwood Primary School", "", "primary", "Community school", 4, 11, {}),
    ("Willow Bank Primary School", "", "primary", "Community school", 3, 11, {}),
    ("Cedar Grove Primary School", "", "primary", "Foundation school", 4, 11, {}),
    ("Foxglove Primary Academy", "", "primary", "Academy sponsor led", 3, 11, {"size": 1.5}),
    ("Heron Lake Primary School", "", "primary", "Community school", 4, 11, {}),
    ("Ashdown Primary School", "", "primary", "Academy converter", 4, 11, {}),
    ("Greenfield Primary School", "", "primary", "Community school", 3, 11, {}),
    ("Lime Tree Primary School", "", "primary", "Community school", 4, 11, {}),
    ("Oakfield Primary School", "", "primary", "Academy converter", 4, 11, {}),
    ("The Bridge Primary School", "", "primary", "Free schools", 4, 11, {}),
    ("Hawthorn Primary School", "", "primary", "Community school", 3, 11, {}),
    ("Millbrook Primary School", "", "primary", "Community school", 4, 11, {}),
    (
        "Thames Valley Academy",
        "",
        "secondary",
        "Academy converter",
        11,
        18,
        {"sixth": True, "size": 2.0},
    ),
    (
        "St Benedict's Catholic School",
        "",
        "secondary",
        "Voluntary aided school",
        11,
        18,
        {"sixth": True},
    ),
    ("Hampton Meadow School", "", "secondary", "Community school", 11, 16, {"size": 1.5}),
    ("Whitton Heath Academy", "", "secondary", "Academy sponsor led", 11, 16, {"size": 2.0}),
    ("Richmond Bridge School", "", "secondary", "Foundation school", 11, 18, {"sixth": True}),
    ("Barnes Common Academy", "", "secondary", "Free schools", 11, 18, {"sixth": True}),
    ("Sheen Vale School", "", "secondary", "Academy converter", 11, 16, {"size": 1.5}),
    (
        "Brookside School",
        "",
        "special",
        "Community special school",
        4,
        19,
        {"needs": {"ASD", "SLD", "SLCN"}, "sixth": True},
    ),
    ("The Harbour School", "", "special", "Academy special converter", 11, 16, {"needs": {"SEMH"}}),
    (
        "Meadowcroft School",
        "",
        "special",
        "Community special school",
        2,
        19,
        {"needs": {"PMLD", "SLD", "MLD", "PD", "MSI"}, "sixth": True},
    ),
    ("Riverside Learning Centre", "", "pru", "Pupil referral unit", 11, 16, {}),
    ("Riverside College", "", "college", "Further education", 16, 99, {"size": 3.0}),
    # Neighbouring authorities
    ("Isleworth Bridge Primary School", "313", "primary", "Community school", 3, 11, {}),
    ("Feltham Park Academy", "313", "secondary", "Academy sponsor led", 11, 18, {"sixth": True}),
    (
        "Brentside Alternative Provision Academy",
        "313",
        "pru",
        "Academy alternative provision converter",
        11,
        16,
        {},
    ),
    ("St Cuthbert's CofE Primary School", "314", "primary", "Voluntary aided school", 4, 11, {}),
    ("Tolworth Park School", "314", "secondary", "Community school", 11, 16, {}),
    ("Elmbridge Vale Primary School", "936", "primary", "Academy converter", 4, 11, {}),
    ("Weybridge Heath Academy", "936", "secondary", "Academy converter", 11, 18, {"sixth": True}),
    (
        "Hillside House School",
        "936",
        "special",
        "Other independent special school",
        8,
        18,
        {"needs": {"SEMH", "ASD"}},
    ),
    ("Brooklands Valley College", "936", "college", "Further education", 16, 99, {}),
    ("Putney Vale Primary School", "212", "primary", "Community school", 3, 11, {}),
    ("Wandle Park Academy", "212", "secondary", "Academy sponsor led", 11, 18, {"sixth": True}),
    ("Shepherds Green Primary School", "205", "primary", "Community school", 3, 11, {}),
]


@dataclass
class SchoolSpec:
    """A demo school and what the generator needs to know to place pupils there."""

    school: School
    kind: str
    needs: set = field(default_factory=set)
    sixth_form: bool = False
    weight: float = 1.0
    slug: str = ""

    @property
    def la_code(self) -> str:
        return self.school.la_code

    def takes_age(self, age: int) -> bool:
        return self.school.statutory_low_age <= age <= self.school.statutory_high_age


GENERIC_WORDS = {
    "the",
    "school",
    "primary",
    "academy",
    "cofe",
    "catholic",
    "of",
    "nursery",
    "college",
    "centre",
    "learning",
    "provision",
    "alternative",
}


def _words(name: str) -> list[str]:
    return re.sub(r"[^a-z ]", "", name.lower().replace("'", "")).split()


def unique_slugs(school_names: list[str]) -> dict[str, str]:
    """Short names for addresses such as dt.riverside@: the distinctive words, or
    more of the name where two schools share them."""
    slugs, used = {}, set()
    for name in school_names:
        words = _words(name)
        slug = "".join([w for w in words if w not in GENERIC_WORDS][:2] or words[:1])
        if slug in used:
            slug = "".join(w for w in words if w not in {"the", "school", "of", "cofe", "catholic"})
        used.add(slug)
        slugs[name] = slug
    return slugs


def build_schools(rng: random.Random, today: date, taken_urns=()) -> list[SchoolSpec]:
    """The demo's schools, with URNs clear of any schools already loaded."""
    maintained_urns = UniqueNumbers(rng, 101500, 103999)
    academy_urns = UniqueNumbers(rng, 136100, 149999)
    college_urns = UniqueNumbers(rng, 130400, 130999)
    independent_urns = UniqueNumbers(rng, 125000, 125999)
    taken = {int(urn) for urn in taken_urns if str(urn).isdigit()}
    for numbers in (maintained_urns, academy_urns, college_urns, independent_urns):
        numbers.used |= taken
    estab_numbers: dict[str, set[int]] = {}
    slugs = unique_slugs([entry[0] for entry in CATALOGUE])
    specs = []
    for name, la, kind, type_name, low, high, extra in CATALOGUE:
        area = places.area_for(la or places.home_authority().la_code)
        group, phase, numbers = TYPES[type_name]
        if phase is None:
            phase = Phase.PRIMARY if kind == "primary" else Phase.SECONDARY
            numbers = MAINSTREAM_NUMBERS[(type_name, kind)]
        first, last = numbers
        used = estab_numbers.setdefault(area.la_code, set())
        while True:
            number = rng.randint(first, last)
            if number not in used:
                used.add(number)
                break
        if group in ("Academies", "Free Schools"):
            urn = academy_urns.take()
            opened = between(rng, date(2011, 9, 1), date(2021, 9, 1)).replace(day=1)
        elif group == "Colleges":
            urn, opened = college_urns.take(), None
        elif group == "Independent schools":
            urn, opened = independent_urns.take(), date(rng.randint(1995, 2012), 9, 1)
        else:
            urn, opened = maintained_urns.take(), None
        town, district = places.pick_town(rng, area)
        school = School(
            urn=urn,
            name=name,
            la_code=area.la_code,
            la_name=area.la_name,
            establishment_number=str(number),
            establishment_type=type_name,
            establishment_type_group=group,
            phase=phase,
            status=EstablishmentStatus.OPEN,
            statutory_low_age=low,
            statutory_high_age=high,
            street=places.street_address(rng),
            town=town,
            county=area.county,
            postcode=places.postcode(rng, district),
            telephone=places.phone(rng, area),
            # The demo domain marks the demo's own schools, for --flush.
            website=f"https://{slugs[name]}.{DEMO_DOMAIN}",
            head_name=_head_name(rng),
            open_date=opened,
            last_changed=today - timedelta(days=rng.randint(3, 200)),
        )
        specs.append(
            SchoolSpec(
                school=school,
                kind=kind,
                needs=set(extra.get("needs", ())),
                sixth_form=bool(extra.get("sixth")),
                weight=extra.get("size", 1.0),
                slug=slugs[name],
            )
        )
    return specs


def _head_name(rng: random.Random) -> str:
    title = rng.choice(["Mrs", "Ms", "Mr", "Dr", "Miss", "Ms", "Mr"])
    sex = "M" if title == "Mr" else "F" if title in {"Mrs", "Ms", "Miss"} else None
    return f"{title} {names.adult_name(rng, sex)}"


# Inspections -------------------------------------------------------------------

EIF_2019_START = date(2019, 9, 1)
# Routine inspections were suspended from March 2020 to September 2021.
PAUSE = (date(2020, 3, 17), date(2021, 9, 6))
EIF_2024_START = date(2024, 9, 1)
REPORT_CARDS_START = date(2025, 11, 10)

KEY_JUDGEMENTS = (
    "Quality of education",
    "Behaviour and attitudes",
    "Personal development",
    "Leadership and management",
)
REPORT_CARD_AREAS = (
    "Inclusion",
    "Curriculum and teaching",
    "Achievement",
    "Attendance and behaviour",
    "Personal development and well-being",
    "Leadership and governance",
)
REPORT_CARD_SCALE = (
    "Exceptional",
    "Strong standard",
    "Expected standard",
    "Needs attention",
    "Urgent improvement",
)


def _grade(rng: random.Random, previous: int | None = None) -> int:
    if previous and rng.random() < 0.6:
        return previous
    return rng.choices([1, 2, 3, 4], weights=[16, 66, 15, 3])[0]


def _framework_on(day: date) -> str:
    if day >= REPORT_CARDS_START:
        return Inspection.Framework.REPORT_CARD_2025
    if day >= EIF_2024_START:
        return Inspection.Framework.EIF_2024
    return Inspection.Framework.EIF_2019


def _inspection_day(rng: random.Random, start: date, end: date) -> date | None:
    for _ in range(20):
        day = between(rng, start, end)
        if day.weekday() < 5 and not (PAUSE[0] <= day <= PAUSE[1]) and day.month != 8:
            return day
    return None


def build_inspections(rng: random.Random, specs: list[SchoolSpec], today: date) -> list[Inspection]:
    inspections = []
    for spec in specs:
        school = spec.school
        latest = _inspection_day(rng, today - timedelta(days=4 * 365), today - timedelta(days=14))
        days = [latest]
        # Earlier visits under the 2019 framework, going back a cycle or two.
        cursor = latest
        for _ in range(2):
            gap = rng.randint(700, 1500)
            earlier = _inspection_day(
                rng, cursor - timedelta(days=gap + 120), cursor - timedelta(days=gap)
            )
            if earlier is None or earlier < EIF_2019_START:
                break
            days.append(earlier)
            cursor = earlier
        grade = None
        for day in sorted(d for d in days if d):
            inspections.append(_inspection(rng, school, spec, day, grade))
            grade = inspections[-1].overall_grade or grade
    return inspections


def _inspection(rng, school, spec, day, previous_grade) -> Inspection:
    framework = _framework_on(day)
    if framework == Inspection.Framework.EIF_2019:
        grade = _grade(rng, previous_grade)
        return Inspection(
            school=school,
            inspected_on=day,
            framework=framework,
            overall_grade=grade,
            safeguarding_met=grade != 4 or rng.random() < 0.5,
            summary=f"Overall effectiveness: {Inspection.Grade(grade).label}",
        )
    if framework == Inspection.Framework.EIF_2024:
        base = _grade(rng, previous_grade)
        parts = []
        for judgement in KEY_JUDGEMENTS:
            grade = min(4, max(1, base + rng.choice([0, 0, 0, -1, 1])))
            parts.append(f"{judgement}: {Inspection.Grade(grade).label}")
        return Inspection(
            school=school,
            inspected_on=day,
            framework=framework,
            overall_grade=None,
            safeguarding_met=rng.random() < 0.96,
            summary="; ".join(parts),
        )
    areas = list(REPORT_CARD_AREAS)
    if school.statutory_low_age <= 4:
        areas.append("Early years")
    if spec.sixth_form or spec.kind == "college":
        areas.append("Sixth form" if spec.kind != "college" else "Post-16 provision")
    centre = rng.choices([1, 2, 3], weights=[15, 55, 30])[0]
    parts = []
    for area in areas:
        level = min(4, max(0, centre + rng.choice([-1, 0, 0, 0, 1])))
        parts.append(f"{area}: {REPORT_CARD_SCALE[level]}")
    met = rng.random() < 0.97
    parts.append(f"Safeguarding: {'Met' if met else 'Not met'}")
    return Inspection(
        school=school,
        inspected_on=day,
        framework=framework,
        overall_grade=None,
        safeguarding_met=met,
        summary="; ".join(parts),
    )
