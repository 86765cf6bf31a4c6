"""Families and children: who they are, how old, which cohort, SEN and UASC status."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from children import codes
from children.models import Child
from children.school_years import academic_year_start

from . import names, places
from .calendar import add_years, between, birthday
from .identifiers import local_child_ids

Cohort = codes.Cohort

COHORT_WEIGHTS = [
    (Cohort.LOOKED_AFTER, 70),
    (Cohort.PREVIOUSLY_LOOKED_AFTER, 12),
    (Cohort.SOCIAL_WORKER, 12),
    (Cohort.KINSHIP, 6),
]
# Ages on the virtual school's roll: more in secondary, as in national figures.
AGE_WEIGHTS = {
    Cohort.LOOKED_AFTER: {
        2: 2,
        3: 2,
        4: 3,
        5: 3,
        6: 3,
        7: 3,
        8: 4,
        9: 4,
        10: 5,
        11: 6,
        12: 7,
        13: 9,
        14: 11,
        15: 12,
        16: 13,
        17: 13,
        18: 3,
    },
    # Advice for previously looked-after children runs to the end of Year 11.
    Cohort.PREVIOUSLY_LOOKED_AFTER: {
        2: 2,
        3: 3,
        4: 5,
        5: 6,
        6: 6,
        7: 6,
        8: 6,
        9: 6,
        10: 6,
        11: 5,
        12: 5,
        13: 4,
        14: 4,
        15: 3,
    },
    Cohort.SOCIAL_WORKER: {
        2: 2,
        3: 3,
        4: 4,
        5: 5,
        6: 5,
        7: 5,
        8: 5,
        9: 5,
        10: 5,
        11: 5,
        12: 6,
        13: 6,
        14: 6,
        15: 6,
        16: 4,
        17: 3,
    },
    Cohort.KINSHIP: {
        2: 3,
        3: 4,
        4: 6,
        5: 6,
        6: 6,
        7: 6,
        8: 6,
        9: 6,
        10: 6,
        11: 6,
        12: 5,
        13: 5,
        14: 5,
        15: 5,
        16: 3,
        17: 2,
    },
}
FAMILY_SIZES = {
    Cohort.LOOKED_AFTER: [(1, 80), (2, 15), (3, 5)],
    Cohort.PREVIOUSLY_LOOKED_AFTER: [(1, 80), (2, 20)],
    Cohort.SOCIAL_WORKER: [(1, 85), (2, 15)],
    Cohort.KINSHIP: [(1, 70), (2, 25), (3, 5)],
}
UASC_SHARE = 0.05

EHC_NEEDS = [
    ("SEMH", 34),
    ("ASD", 24),
    ("SLCN", 14),
    ("MLD", 10),
    ("SLD", 5),
    ("SPLD", 3),
    ("PMLD", 1),
    ("PD", 3),
    ("HI", 1),
    ("VI", 1),
    ("OTH", 4),
]
SUPPORT_NEEDS = [
    ("SEMH", 38),
    ("SLCN", 18),
    ("MLD", 14),
    ("SPLD", 12),
    ("ASD", 7),
    ("NSA", 5),
    ("OTH", 4),
    ("PD", 1),
    ("HI", 1),
]
# (SEN support %, EHC plan %) by cohort, for children of school age
SEN_RATES = {
    Cohort.LOOKED_AFTER: (30, 27),
    Cohort.PREVIOUSLY_LOOKED_AFTER: (26, 16),
    Cohort.SOCIAL_WORKER: (26, 14),
    Cohort.KINSHIP: (24, 12),
}


@dataclass
class FamilyPlan:
    """Fixed choices for the families the demo logins rely on."""

    cohort: str
    ages: list[int]
    school: str = ""  # current school of every child in the family
    demo_caseload: bool = False  # allocated to the demo caseworker and social worker
    new_to_care: bool = False  # came into care this term; initial PEP overdue


@dataclass
class ChildSpec:
    index: int
    family: "Family"
    child: Child
    age: int
    school_name: str = ""
    demo_caseload: bool = False
    # Filled in by later stages
    episodes: list = field(default_factory=list)
    placements: list = field(default_factory=list)
    enrolments: list = field(default_factory=list)
    allocations: list = field(default_factory=list)
    first_school: object = None  # SchoolSpec that issued the UPN
    sdq: list = field(default_factory=list)
    # Tracking and PEPs
    ability: float = 0.0
    suspended_this_year: bool = False
    attendance: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    suspensions: list = field(default_factory=list)
    celebrations: list = field(default_factory=list)
    peps: list = field(default_factory=list)

    @property
    def dob(self) -> date:
        return self.child.date_of_birth

    @property
    def cohort(self) -> str:
        return self.child.cohort

    @property
    def looked_after_now(self) -> bool:
        return any(p.end is None for p in self.family.periods)

    def age_on(self, day: date) -> int:
        dob = self.dob
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


@dataclass
class Family:
    cohort: str
    ethnicity: str
    first_name_pools: list[str]
    surname_heritage: str
    surname: str
    home_district: str
    home_postcode: str
    uasc: bool = False
    members: list[ChildSpec] = field(default_factory=list)
    periods: list = field(default_factory=list)  # care.Period
    home: object = None  # CarerSpec the children live with after leaving care
    # Living with adopters or kinship carers without a period of care here
    home_stays: list = field(default_factory=list)
    entered_care_on: date | None = None  # fixed for the demo family new to care

    @property
    def youngest(self) -> ChildSpec:
        return max(self.members, key=lambda c: c.dob)

    @property
    def oldest(self) -> ChildSpec:
        return min(self.members, key=lambda c: c.dob)

    @property
    def part(self) -> str:
        return places.part_of_authority(self.home_district)


def demo_plans(new_to_care: bool = False) -> list[FamilyPlan]:
    """Looked-after primary pupils at the demo designated teacher's school, on the
    demo caseworker's and social worker's caseloads: the same children show up
    whichever demo login a person tries. One of them may have come into care this
    term, so the demo has an initial PEP that is overdue."""
    from .schools import DEMO_DT_SCHOOL

    return [
        FamilyPlan(Cohort.LOOKED_AFTER, [9, 6], DEMO_DT_SCHOOL, True),
        FamilyPlan(Cohort.LOOKED_AFTER, [5], DEMO_DT_SCHOOL, True),
        FamilyPlan(Cohort.LOOKED_AFTER, [7], DEMO_DT_SCHOOL, True, new_to_care),
        FamilyPlan(Cohort.LOOKED_AFTER, [8], DEMO_DT_SCHOOL, True),
        FamilyPlan(Cohort.LOOKED_AFTER, [10], DEMO_DT_SCHOOL, True),
    ]


class ChildMaker:
    def __init__(self, rng: random.Random, today: date, new_to_care_on: date | None = None):
        self.rng = rng
        self.today = today
        self.new_to_care_on = new_to_care_on
        self.ids = local_child_ids(rng)
        self.index = 0

    # Families ---------------------------------------------------------------------

    def families(self, total: int) -> list[Family]:
        families = []
        count = 0
        plans = demo_plans(new_to_care=self.new_to_care_on is not None)
        while count < total:
            plan = plans.pop(0) if plans else None
            family = self.family(plan, total - count)
            families.append(family)
            count += len(family.members)
        return families

    def family(self, plan: FamilyPlan | None, room: int) -> Family:
        rng = self.rng
        uasc = plan is None and rng.random() < UASC_SHARE
        cohort = (
            plan.cohort
            if plan
            else (Cohort.LOOKED_AFTER if uasc else names.weighted(rng, COHORT_WEIGHTS)[0])
        )
        if uasc:
            heritage, ethnicity, _ = names.weighted(rng, names.UASC_ORIGINS, lambda o: o[2])
            first_pools, surname_heritage = [heritage], heritage
        else:
            ethnicity, first_pools, surname_heritage = names.family_heritage(rng)
        home = places.home_authority()
        town, district = places.pick_town(rng, home)
        family = Family(
            cohort=cohort,
            ethnicity=ethnicity,
            first_name_pools=first_pools,
            surname_heritage=surname_heritage,
            surname=names.surname(rng, surname_heritage),
            home_district=district,
            home_postcode=places.postcode(rng, district, home=True),
            uasc=uasc,
        )
        if plan and plan.new_to_care:
            family.entered_care_on = self.new_to_care_on
        if plan:
            ages = plan.ages
        elif uasc:
            ages = [names.weighted(rng, [(14, 1), (15, 3), (16, 5), (17, 5)])[0]]
        else:
            size = min(room, names.weighted(rng, FAMILY_SIZES[cohort])[0])
            ages = self._ages(cohort, size)
        for age in ages[:room]:
            spec = self.child(family, age)
            if plan:
                spec.school_name = plan.school
                spec.demo_caseload = plan.demo_caseload
            family.members.append(spec)
        return family

    def _ages(self, cohort: str, size: int) -> list[int]:
        weights = AGE_WEIGHTS[cohort]
        if size == 1:
            return [self.rng.choices(list(weights), weights=list(weights.values()))[0]]
        # Brothers and sisters placed together: all under 16.
        young = {a: w for a, w in weights.items() if 2 + size <= a <= 15}
        oldest = self.rng.choices(list(young), weights=list(young.values()))[0]
        ages = [max(oldest, 2 + size)]
        for _ in range(size - 1):
            ages.append(max(2, ages[-1] - self.rng.randint(1, 4)))
        return ages

    # Children -----------------------------------------------------------------------

    def _dob(self, age: int) -> date:
        today = self.today
        if age >= 18:
            # Only young people still in Year 13, who turned 18 since 1 September.
            earliest = date(academic_year_start(today) - 18, 9, 1)
            latest = add_years(today, -18) - timedelta(days=1)
            if latest >= earliest:
                return between(self.rng, earliest, latest)
            age = 17
        latest = add_years(today, -age)
        earliest = add_years(today, -age - 1) + timedelta(days=1)
        return between(self.rng, earliest, latest)

    def child(self, family: Family, age: int) -> ChildSpec:
        rng = self.rng
        dob = self._dob(age)
        male_share = 0.92 if family.uasc else 0.56 if family.cohort == Cohort.LOOKED_AFTER else 0.5
        sex = "M" if rng.random() < male_share else "F"
        pool = rng.choice(family.first_name_pools)
        first = names.child_first_name(rng, pool, sex)
        used = {m.child.first_name for m in family.members}
        while first in used:
            first = names.child_first_name(rng, pool, sex)
        child = Child(
            local_id=self.ids.take(),
            first_name=first,
            last_name=family.surname,
            preferred_name=names.preferred_name(rng, first),
            date_of_birth=dob,
            sex=sex,
            ethnicity=family.ethnicity,
            cohort=family.cohort,
            is_uasc=family.uasc,
        )
        spec = ChildSpec(index=self.index, family=family, child=child, age=age)
        self.index += 1
        real_age = spec.age_on(self.today)
        spec.age = real_age
        self._sen(spec, real_age)
        if family.uasc:
            child.uasc_ceased_on = birthday(dob, 18)
        if family.cohort == Cohort.LOOKED_AFTER:
            if real_age >= 18:
                child.care_leaver_status = codes.CareLeaverStatus.FORMER_RELEVANT
            elif real_age >= 16:
                child.care_leaver_status = codes.CareLeaverStatus.ELIGIBLE
        return spec

    def _sen(self, spec: ChildSpec, age: int) -> None:
        rng = self.rng
        child = spec.child
        support, ehc = SEN_RATES[spec.family.cohort]
        if spec.family.uasc:
            support, ehc = 10, 2
        if age < 4:
            support, ehc = 6, 3
        roll = rng.random() * 100
        if roll < ehc:
            child.sen_provision = codes.SenProvision.EHC_PLAN
            needs = (
                EHC_NEEDS
                if age >= 5
                else [("SLCN", 40), ("ASD", 30), ("PD", 10), ("SLD", 10), ("PMLD", 5), ("HI", 5)]
            )
            child.sen_primary_need = names.weighted(rng, needs)[0]
        elif roll < ehc + support:
            child.sen_provision = codes.SenProvision.SEN_SUPPORT
            needs = SUPPORT_NEEDS if age >= 5 else [("SLCN", 70), ("SEMH", 15), ("NSA", 15)]
            child.sen_primary_need = names.weighted(rng, needs)[0]
        else:
            child.sen_provision = codes.SenProvision.NONE
