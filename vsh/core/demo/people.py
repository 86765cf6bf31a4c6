"""Demo accounts: the virtual school team, social work teams, designated teachers
and partner professionals, each signing in with the same demo password and TOTP
key."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings

from schools.models import DesignatedTeacher
from vsh.accounts.models import Team, User
from vsh.accounts.roles import Role

from . import names
from .calendar import current_term_start, previous_term_end
from .constants import demo_email
from .identifiers import social_worker_ids
from .schools import DEMO_DT_SCHOOL, SchoolSpec

VIRTUAL_SCHOOL = "Virtual School"
CIC_NORTH = "Children in Care Team (North)"
CIC_SOUTH = "Children in Care Team (South)"
LEAVING_CARE = "Leaving Care Team"
FAMILY_SUPPORT = "Family Support and Protection Team"
TEAMS = [
    (VIRTUAL_SCHOOL, "Education"),
    (CIC_NORTH, "Children in Care"),
    (CIC_SOUTH, "Children in Care"),
    (LEAVING_CARE, "Leaving Care"),
    (FAMILY_SUPPORT, "Children in Need and Child Protection"),
]
DEMO_SOCIAL_WORKER_ID = "SW0451"

# Caseworkers' patches, in the order of caseworker@, caseworker2@ ... caseworker6@
CASEWORKER_PATCHES = [
    ("primary", "Education Caseworker (Primary)"),
    ("early_out", "Education Caseworker (Early Years and Out of Authority Primary)"),
    ("ks3", "Education Caseworker (Key Stage 3)"),
    ("ks4", "Education Caseworker (Key Stage 4)"),
    ("post16", "Education Caseworker (Post-16)"),
    ("send", "Education Caseworker (Children with EHC Plans)"),
]
DT_TITLES = [
    "Designated Teacher for Looked After Children",
    "Assistant Headteacher (Inclusion) and Designated Teacher",
    "SENCo and Designated Teacher",
    "Deputy Headteacher and Designated Teacher",
    "Head of Inclusion",
]
DELEGATE_TITLES = [
    "Pastoral Lead",
    "Learning Mentor",
    "Assistant SENCo",
    "Head of Year and Pastoral Lead",
]


@dataclass
class Staff:
    """The accounts, with the relationships the generator needs."""

    teams: dict[str, Team] = field(default_factory=dict)
    users: list[User] = field(default_factory=list)
    head: User | None = None
    managers: list[User] = field(default_factory=list)
    caseworkers: dict[str, list[User]] = field(default_factory=dict)  # patch -> users
    social_workers: dict[str, list[User]] = field(default_factory=dict)  # team -> users
    partners: dict[str, User] = field(default_factory=dict)
    designations: list[DesignatedTeacher] = field(default_factory=list)
    former_workers: list[str] = field(default_factory=list)  # SW IDs without accounts
    logins: dict[str, User] = field(default_factory=dict)  # role label -> demo login

    @property
    def demo_caseworker(self) -> User:
        return self.caseworkers["primary"][0]

    @property
    def demo_social_worker(self) -> User:
        return self.social_workers[CIC_NORTH][0]

    def add(self, user: User) -> User:
        self.users.append(user)
        return user


def _user(
    email: str,
    full_name: str,
    role: str,
    job_title: str,
    team=None,
    organisation: str = "",
    phone: str = "",
    sw_id: str = "",
) -> User:
    return User(
        email=email,
        full_name=full_name,
        role=role,
        job_title=job_title,
        team=team,
        organisation=organisation,
        phone=phone,
        social_worker_id=sw_id,
    )


def build_staff(rng: random.Random, today: date, children: int) -> Staff:
    staff = Staff()
    authority = settings.AUTHORITY_NAME
    existing = {t.name: t for t in Team.objects.filter(name__in=[n for n, _ in TEAMS])}
    for name, service in TEAMS:
        staff.teams[name] = existing.get(name) or Team(name=name, service=service)
    vs = staff.teams[VIRTUAL_SCHOOL]
    office = "020 7946 0{:03d}"

    staff.head = staff.add(
        _user(
            demo_email("head"),
            "Helen Adebayo",
            Role.HEAD,
            "Virtual School Head",
            vs,
            authority,
            office.format(101),
        )
    )
    staff.managers = [
        staff.add(
            _user(
                demo_email("manager"),
                "Tom Gallagher",
                Role.MANAGER,
                "Deputy Virtual School Head",
                vs,
                authority,
                office.format(102),
            )
        ),
        staff.add(
            _user(
                demo_email("manager2"),
                "Priya Raman",
                Role.MANAGER,
                "Virtual School Manager (Post-16 and Care Leavers)",
                vs,
                authority,
                office.format(103),
            )
        ),
    ]
    # Larger authorities have more staff: caseloads stay about the same.
    scale = max(1, round(children / 250))
    number = 1
    for _ in range(scale):
        for patch, title in CASEWORKER_PATCHES:
            email = demo_email("caseworker" if number == 1 else f"caseworker{number}")
            full_name = "Sam Okafor" if number == 1 else names.adult_name(rng)
            staff.caseworkers.setdefault(patch, []).append(
                staff.add(
                    _user(
                        email,
                        full_name,
                        Role.CASEWORKER,
                        title,
                        vs,
                        authority,
                        office.format(110 + number % 800),
                    )
                )
            )
            number += 1

    ids = social_worker_ids(rng)
    ids.used.add(int(DEMO_SOCIAL_WORKER_ID[2:]))
    number = 1
    for team_name, titles in [
        (
            CIC_NORTH,
            ["Social Worker", "Senior Social Worker", "Advanced Practitioner", "Social Worker"],
        ),
        (
            CIC_SOUTH,
            ["Social Worker", "Senior Social Worker", "Social Worker", "Advanced Practitioner"],
        ),
        (LEAVING_CARE, ["Personal Adviser", "Senior Personal Adviser"]),
        (FAMILY_SUPPORT, ["Social Worker", "Senior Social Worker"]),
    ]:
        members = []
        for title in titles * scale:
            email = demo_email("socialworker" if number == 1 else f"socialworker{number}")
            if number == 1:
                full_name, sw_id = "Jo Whitfield", DEMO_SOCIAL_WORKER_ID
            else:
                full_name, sw_id = names.adult_name(rng), ids.take()
            members.append(
                staff.add(
                    _user(
                        email,
                        full_name,
                        Role.SOCIAL_WORKER,
                        f"{title}, {team_name}",
                        staff.teams[team_name],
                        authority,
                        f"07700 900{rng.randint(0, 999):03d}",
                        sw_id,
                    )
                )
            )
            number += 1
        staff.social_workers[team_name] = members
    # Social workers who have left: their IDs stay in children's histories.
    staff.former_workers = [ids.take() for _ in range(24 * scale)]

    staff.partners = {
        "psychologist": staff.add(
            _user(
                demo_email("partner"),
                "Dr Imran Qureshi",
                Role.PARTNER,
                "Educational Psychologist",
                organisation=f"{authority} Educational Psychology Service",
                phone=office.format(140),
            )
        ),
        "iro": staff.add(
            _user(
                demo_email("partner.iro"),
                "Marcia Campbell",
                Role.PARTNER,
                "Independent Reviewing Officer",
                organisation=f"{authority} Safeguarding and Quality Assurance",
                phone=office.format(141),
            )
        ),
        "other_vs": staff.add(
            _user(
                demo_email("partner.vs"),
                "Declan Murphy",
                Role.PARTNER,
                "Virtual School Head",
                organisation="Hounslow Virtual School",
                phone=office.format(142),
            )
        ),
    }
    staff.logins = {
        Role.HEAD.label: staff.head,
        Role.MANAGER.label: staff.managers[0],
        Role.CASEWORKER.label: staff.demo_caseworker,
        Role.SOCIAL_WORKER.label: staff.demo_social_worker,
        Role.PARTNER.label: staff.partners["psychologist"],
    }
    return staff


def designate_teachers(
    rng: random.Random, staff: Staff, schools: list[SchoolSpec], pupils: dict[str, int], today: date
) -> None:
    """Designated teachers for most schools that have pupils on the roll now, so
    every designated teacher sees someone; a few schools also have a delegate, and
    one teacher moved school at the end of last term."""
    home = settings.AUTHORITY_LA_CODE
    with_pupils = [s for s in schools if pupils.get(s.school.name)]
    chosen = []
    for spec in with_pupils:
        keep = 0.92 if spec.la_code == home else 0.65
        if spec.school.name == DEMO_DT_SCHOOL or rng.random() < keep:
            chosen.append(spec)
    term_start = current_term_start(today)
    last_term_end = previous_term_end(today)
    used_emails = set()

    def email_for(spec: SchoolSpec, prefix: str = "dt") -> str:
        base = f"{prefix}.{spec.slug}"
        email, n = demo_email(base), 2
        while email in used_emails:
            email, n = demo_email(f"{base}{n}"), n + 1
        used_emails.add(email)
        return email

    def teacher(spec: SchoolSpec, title: str, prefix: str = "dt", full_name: str = "") -> User:
        return staff.add(
            _user(
                email_for(spec, prefix),
                full_name or names.adult_name(rng),
                Role.DESIGNATED_TEACHER,
                title,
                organisation=spec.school.name,
                phone=spec.school.telephone,
            )
        )

    # One teacher who moved: designated at `left` until last term, now at `joined`.
    movers = [
        s
        for s in chosen
        if s.la_code == home
        and s.school.name != DEMO_DT_SCHOOL
        and s.kind in ("primary", "secondary")
    ]
    moved = rng.sample(movers, 2) if len(movers) >= 2 else []
    for spec in chosen:
        demo = spec.school.name == DEMO_DT_SCHOOL
        if moved and spec is moved[1]:
            continue  # their lead is the teacher who moved here
        lead = teacher(spec, rng.choice(DT_TITLES), full_name="Rachel Moore" if demo else "")
        if moved and spec is moved[0]:
            started = term_start
        else:
            started = today - timedelta(days=rng.randint(60, 6 * 365))
        staff.designations.append(
            DesignatedTeacher(user=lead, school=spec.school, started_on=started, is_lead=True)
        )
        if demo:
            staff.logins[Role.DESIGNATED_TEACHER.label] = lead
        if demo or pupils[spec.school.name] >= 6 or rng.random() < 0.08:
            if demo or rng.random() < 0.5:
                delegate = teacher(spec, rng.choice(DELEGATE_TITLES), prefix="dt2")
                staff.designations.append(
                    DesignatedTeacher(
                        user=delegate,
                        school=spec.school,
                        is_lead=False,
                        started_on=max(started, today - timedelta(days=rng.randint(30, 900))),
                    )
                )
    if moved:
        left, joined = moved
        mover = teacher(joined, rng.choice(DT_TITLES))
        staff.designations.append(
            DesignatedTeacher(
                user=mover,
                school=left.school,
                is_lead=True,
                started_on=last_term_end - timedelta(days=rng.randint(400, 2000)),
                ended_on=last_term_end,
            )
        )
        staff.designations.append(
            DesignatedTeacher(user=mover, school=joined.school, is_lead=True, started_on=term_start)
        )


def current_designated_teacher(staff: Staff, school, day: date) -> User | None:
    for designation in staff.designations:
        if (
            designation.school is school
            and designation.is_lead
            and designation.started_on <= day
            and (designation.ended_on is None or designation.ended_on >= day)
        ):
            return designation.user
    return None


def designated_teacher_finder(staff: Staff):
    """current_designated_teacher for many look-ups: the lead designations indexed by
    school once."""
    by_school: dict[int, list[DesignatedTeacher]] = {}
    for designation in staff.designations:
        if designation.is_lead:
            by_school.setdefault(id(designation.school), []).append(designation)

    def find(school, day: date) -> User | None:
        for designation in by_school.get(id(school), ()):
            if designation.started_on <= day and (
                designation.ended_on is None or designation.ended_on >= day
            ):
                return designation.user
        return None

    return find
