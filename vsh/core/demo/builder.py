"""Putting the demo authority together and writing it to the database.

Every stage draws from its own random.Random seeded from the demo seed and the
stage's name, so the data is the same for a given seed and day, and a change to
one stage does not reshuffle the others.
"""

import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from carers.models import Carer, Placement
from children import codes
from children.models import (
    Allocation,
    AnnualHealthOutcome,
    CareEpisode,
    CareReview,
    CaseNote,
    Child,
    ChildUserObjectPermission,
    Enrolment,
    MissingEpisode,
    SdqAssessment,
)
from children.peps.models import Pep, PepAttendee, PepEvent, PepTarget
from children.tracking import alerts
from children.tracking.models import Assessment, AttendanceRecord, Celebration, Suspension
from interventions.models import PupilPremiumBudget, PupilPremiumRequest
from schools.models import DesignatedTeacher, Inspection, School
from vsh.access.models import AccessGrant
from vsh.accounts.models import User
from vsh.audit.services import Action, record
from vsh.core.models import AuthoritySettings

from . import pupil_premium
from .attainment import Assessor
from .attendance import AttendanceMaker
from .calendar import moment
from .care import CarePlanner, episodes_for, placements_for
from .carers import CarerPool
from .casework import Allocator, top_up, worker_on
from .celebrations import Celebrator
from .children import ChildMaker
from .chronology import Chronicler
from .constants import DEFAULT_CHILDREN, DEFAULT_SEED, DEMO_PASSWORD, DEMO_TOTP_SECRET, MIN_CHILDREN
from .education import Educator, SchoolPicker
from .exclusions import Excluder
from .people import (
    build_staff,
    current_designated_teacher,
    designate_teachers,
    designated_teacher_finder,
)
from .peps import PepWriter
from .schools import build_inspections, build_schools
from .terms import SchoolCalendar

Cohort = codes.Cohort
BATCH = 500


@dataclass
class Demo:
    """Everything generated, before and after it is saved."""

    seed: int
    today: date
    staff: object = None
    schools: list = field(default_factory=list)
    inspections: list = field(default_factory=list)
    pool: object = None
    families: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    sdq: list = field(default_factory=list)
    health: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    grants: list = field(default_factory=list)  # (AccessGrant, active)
    calendar: SchoolCalendar | None = None
    picker: SchoolPicker | None = None
    peps: list = field(default_factory=list)  # peps.PepRecord
    budgets: list = field(default_factory=list)
    alerts: int = 0
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def children(self):
        return [m for f in self.families for m in f.members]

    def rng(self, stage: str) -> random.Random:
        return random.Random(f"{self.seed}:{stage}")


def generate(
    children: int = DEFAULT_CHILDREN, seed: int = DEFAULT_SEED, today: date | None = None
) -> Demo:
    """Build the demo authority in memory. The school calendar it follows (academic
    years, terms and bank holidays) is set up in the database first, if missing."""
    if children < MIN_CHILDREN:
        raise ValueError(f"The demo needs at least {MIN_CHILDREN} children.")
    demo = Demo(seed=seed, today=today or timezone.localdate())
    today = demo.today
    demo.calendar = SchoolCalendar(today)
    new_to_care_on = demo.calendar.new_to_care_overdue(
        AuthoritySettings.load().initial_pep_working_days, demo.rng("new-to-care")
    )
    demo.staff = build_staff(demo.rng("staff"), today, children)
    demo.schools = build_schools(
        demo.rng("schools"), today, School.objects.values_list("urn", flat=True)
    )
    demo.inspections = build_inspections(demo.rng("inspections"), demo.schools, today)
    demo.pool = CarerPool(demo.rng("carers"), today, children)
    demo.families = ChildMaker(demo.rng("children"), today, new_to_care_on).families(children)
    _care(demo)
    _education(demo)
    _permanent_exclusions(demo)
    _casework(demo)
    _chronology(demo)
    _young_mothers(demo)
    _partner_grants(demo)
    _tracking(demo)
    _peps(demo)
    return demo


def _care(demo: Demo) -> None:
    planner = CarePlanner(demo.rng("care"), demo.pool, demo.today)
    for family in demo.families:
        planner.plan(family)
    for spec in demo.children:
        for period in spec.family.periods:
            spec.episodes += episodes_for(spec.child, spec.family, period)
        spec.placements = placements_for(spec.child, spec.family)


def _education(demo: Demo) -> None:
    demo.picker = picker = SchoolPicker(demo.rng("picker"), demo.schools)
    educator = Educator(demo.rng("education"), picker, demo.today)
    pupils: dict[str, int] = {}
    for spec in demo.children:
        educator.enrol(spec)
        for enrolment in spec.enrolments:
            if enrolment.ended_on is None:
                pupils[enrolment.school.name] = pupils.get(enrolment.school.name, 0) + 1
    designate_teachers(
        demo.rng("designated-teachers"), demo.staff, demo.schools, pupils, demo.today
    )


def _permanent_exclusions(demo: Demo) -> None:
    """One or two pupils permanently excluded this school year (more in a big demo)."""
    excluder = Excluder(demo.rng("permanent-exclusions"), demo.calendar, demo.picker, None)
    excluder.exclude(demo.children, 1 + (len(demo.children) >= 100) + len(demo.children) // 2500)


def _young_looked_after(spec) -> bool:
    return spec.cohort == Cohort.LOOKED_AFTER and spec.age < 16


def _casework(demo: Demo) -> None:
    staff = demo.staff
    allocator = Allocator(demo.rng("allocations"), staff, demo.today)
    for family in demo.families:
        allocator.allocate(family)
    top_up(
        demo.rng("top-up"),
        demo.children,
        Allocation.Kind.CASEWORKER,
        staff.demo_caseworker,
        _young_looked_after,
    )
    top_up(
        demo.rng("top-up"),
        demo.children,
        Allocation.Kind.SOCIAL_WORKER,
        staff.demo_social_worker,
        _young_looked_after,
    )


def _chronology(demo: Demo) -> None:
    staff = demo.staff

    def designated_teacher_on(school, day):
        return current_designated_teacher(staff, school, day)

    chronicler = Chronicler(demo.rng("chronology"), staff, demo.today, designated_teacher_on)
    specs = demo.children
    teenagers = [s for s in specs if s.looked_after_now and 13 <= s.age <= 17]
    # One teenager is missing today, once the authority is big enough to expect it.
    missing_now = demo.rng("missing-now").choice(teenagers) if len(teenagers) >= 10 else None
    for spec in specs:
        demo.notes += chronicler.notes(spec)
        spec.sdq = chronicler.sdq(spec)
        demo.sdq += spec.sdq
        demo.health += chronicler.health(spec)
        demo.missing += chronicler.missing(spec, currently_missing=spec is missing_now)
        demo.reviews += chronicler.reviews(spec)


def _young_mothers(demo: Demo) -> None:
    """SSDA903 asks whether each girl who has been looked after is a mother."""
    rng = demo.rng("mothers")
    for spec in demo.children:
        if spec.child.sex == "F" and spec.episodes:
            spec.child.is_mother = False
    girls = [
        s
        for s in demo.children
        if s.child.is_mother is False and 16 <= s.age <= 17 and s.looked_after_now
    ]
    for spec in rng.sample(girls, k=min(len(girls), len(demo.children) // 150)):
        spec.child.is_mother = True
        spec.child.mothers_child_dob = demo.today - timedelta(days=rng.randint(30, 400))


def _tracking(demo: Demo) -> None:
    calendar, specs = demo.calendar, demo.children
    dt_on = designated_teacher_finder(demo.staff)
    Excluder(demo.rng("suspensions"), calendar, demo.picker, dt_on).suspend(specs)
    attendance = AttendanceMaker(demo.rng("attendance"), calendar, dt_on)
    assessor = Assessor(demo.rng("attainment"), calendar, dt_on)
    celebrator = Celebrator(demo.rng("celebrations"), calendar, dt_on, worker_on)
    for spec in specs:
        spec.attendance = attendance.records(spec)
        spec.assessments = assessor.assessments(spec)
        spec.celebrations = celebrator.celebrations(spec)


def _peps(demo: Demo) -> None:
    dt_on = designated_teacher_finder(demo.staff)
    writer = PepWriter(demo.rng("peps"), demo.staff, demo.calendar, dt_on)
    demo.peps = writer.write(demo.children)
    years = sorted({t.academic_year for t in demo.calendar.terms}, key=lambda y: y.start_year)
    demo.budgets = pupil_premium.budgets(demo.children, years, demo.today)


GRANT_REASONS = {
    "psychologist": [
        "Educational psychology assessment for an EHC needs assessment",
        "Consultation with the school about social, emotional and mental health needs",
        "Advice for the PEP on learning and memory difficulties",
    ],
    "iro": ["Independent reviewing officer for the child's looked-after reviews"],
    "other_vs": ["Hounslow Virtual School advising the school the child attends in Hounslow"],
}


def _partner_grants(demo: Demo) -> None:
    """Partners see only the children a manager has given them access to, for a
    reason and until a date (at most a year)."""
    rng = demo.rng("grants")
    staff, today = demo.staff, demo.today
    specs = demo.children
    needs = {"SEMH", "SLCN", "ASD", "MLD", "SPLD"}
    ep = [s for s in specs if s.child.sen_primary_need in needs and 4 <= s.age <= 16]
    iro = [s for s in specs if s.looked_after_now]
    hounslow = [
        s
        for s in specs
        if any(e.ended_on is None and e.school.la_code == "313" for e in s.enrolments)
    ]
    for role, pool, k in [("psychologist", ep, 12), ("iro", iro, 15), ("other_vs", hounslow, 10)]:
        partner = staff.partners[role]
        chosen = rng.sample(pool, k=min(k, len(pool))) or rng.sample(iro or specs, k=3)
        for i, spec in enumerate(chosen):
            # A couple of the psychologist's grants have lapsed since the work ended.
            lapsed = role == "psychologist" and i < 2 and len(chosen) > 4
            ago = rng.randint(400, 600) if lapsed else rng.randint(5, 290)
            starts = today - timedelta(days=ago)
            grant = AccessGrant(
                child=spec.child,
                user=partner,
                level=AccessGrant.Level.VIEW,
                reason=rng.choice(GRANT_REASONS[role]),
                starts_on=starts,
                expires_on=starts + timedelta(days=365),
                granted_by=rng.choice(staff.managers),
            )
            demo.grants.append((grant, not lapsed))


# Writing -------------------------------------------------------------------------------


def save(demo: Demo) -> None:
    started = time.monotonic()
    staff = demo.staff
    specs = demo.children
    with transaction.atomic():
        for team in staff.teams.values():
            if team.pk is None:
                team.save()
        password = make_password(DEMO_PASSWORD)  # hashed once: the slow part of an account
        for user in staff.users:
            user.password = password
        User.objects.bulk_create(staff.users, batch_size=BATCH)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in staff.users],
            batch_size=BATCH,
        )
        secret = encrypt(DEMO_TOTP_SECRET)
        Authenticator.objects.bulk_create(
            [
                Authenticator(user=u, type=Authenticator.Type.TOTP, data={"secret": secret})
                for u in staff.users
            ],
            batch_size=BATCH,
        )
        School.objects.bulk_create([s.school for s in demo.schools], batch_size=BATCH)
        Inspection.objects.bulk_create(demo.inspections, batch_size=BATCH)
        Carer.objects.bulk_create(demo.pool.carers, batch_size=BATCH)
        Child.objects.bulk_create([s.child for s in specs], batch_size=BATCH)
        episodes = [e for s in specs for e in s.episodes]
        placements = [p for s in specs for p in s.placements]
        enrolments = [e for s in specs for e in s.enrolments]
        allocations = [a for s in specs for a in s.allocations]
        CareEpisode.objects.bulk_create(episodes, batch_size=BATCH)
        Placement.objects.bulk_create(placements, batch_size=BATCH)
        Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
        DesignatedTeacher.objects.bulk_create(staff.designations, batch_size=BATCH)
        Allocation.objects.bulk_create(allocations, batch_size=BATCH)
        CaseNote.objects.bulk_create(demo.notes, batch_size=BATCH)
        SdqAssessment.objects.bulk_create(demo.sdq, batch_size=BATCH)
        AnnualHealthOutcome.objects.bulk_create(demo.health, batch_size=BATCH)
        MissingEpisode.objects.bulk_create(demo.missing, batch_size=BATCH)
        CareReview.objects.bulk_create(demo.reviews, batch_size=BATCH)
        AccessGrant.objects.bulk_create([g for g, _ in demo.grants], batch_size=BATCH)
        view_child = Permission.objects.get(
            codename="view_child", content_type__app_label="children"
        )
        ChildUserObjectPermission.objects.bulk_create(
            [
                ChildUserObjectPermission(
                    user=g.user, permission=view_child, content_object=g.child
                )
                for g, active in demo.grants
                if active
            ],
            batch_size=BATCH,
        )
        tracking = _save_tracking(demo)
        peps = _save_peps(demo)
        demo.counts = {
            "accounts": len(staff.users),
            "schools": len(demo.schools),
            "inspections": len(demo.inspections),
            "carers": len(demo.pool.carers),
            "children": len(specs),
            "care episodes": len(episodes),
            "placements": len(placements),
            "enrolments": len(enrolments),
            "designated teachers": len(staff.designations),
            "allocations": len(allocations),
            "case notes": len(demo.notes),
            "SDQ assessments": len(demo.sdq),
            "annual health outcomes": len(demo.health),
            "missing episodes": len(demo.missing),
            "reviews": len(demo.reviews),
            "partner grants": len(demo.grants),
            **tracking,
            **peps,
        }
        record(
            Action.IMPORT,
            actor_label="seed_demo",
            detail=f"Demo data seeded: {len(specs)} children (seed {demo.seed})",
        )
    # Once everything is in place, as the daily sweep would.
    demo.alerts = alerts.scan(today=demo.today) or 0
    demo.counts["alerts"] = demo.alerts
    demo.seconds = time.monotonic() - started


@contextmanager
def set_timestamps(*models):
    """The demo writes history, so records carry the times things happened rather
    than the time of seeding: the models' automatic timestamps are off meanwhile."""
    fields = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _save_tracking(demo: Demo) -> dict[str, int]:
    specs = demo.children
    attendance = [r for s in specs for r in s.attendance]
    assessments = [a for s in specs for a in s.assessments]
    suspensions = [x for s in specs for x in s.suspensions]
    celebrations = [c for s in specs for c in s.celebrations]
    now = timezone.now()

    def stamp(day: date, hour: int):
        return min(moment(day, hour), now)

    for row in attendance:
        row.recorded_at = stamp(row.period_end + timedelta(days=3), 10)
    for row in assessments:
        row.recorded_at = stamp(min(row.term.ends_on, demo.today), 15)
    for row in suspensions:
        row.recorded_at = stamp(row.starts_on, 16)
    for row in celebrations:
        row.created_at = stamp(row.achieved_on + timedelta(days=1), 12)
    with set_timestamps(AttendanceRecord, Assessment, Suspension, Celebration):
        AttendanceRecord.objects.bulk_create(attendance, batch_size=BATCH)
        Assessment.objects.bulk_create(assessments, batch_size=BATCH)
        Suspension.objects.bulk_create(suspensions, batch_size=BATCH)
        Celebration.objects.bulk_create(celebrations, batch_size=BATCH)
    return {
        "attendance records": len(attendance),
        "assessments": len(assessments),
        "suspensions and exclusions": len(suspensions),
        "celebrations": len(celebrations),
    }


def _save_peps(demo: Demo) -> dict[str, int]:
    records = sorted(demo.peps, key=lambda r: r.order)
    # Earlier terms first: a second version points at the first, and targets carried
    # forward point at last term's.
    with set_timestamps(Pep, PepEvent):
        for order in sorted({r.order for r in records}):
            batch = [r for r in records if r.order == order]
            Pep.objects.bulk_create([r.pep for r in batch], batch_size=BATCH)
            PepTarget.objects.bulk_create([t for r in batch for t in r.targets], batch_size=BATCH)
        PepAttendee.objects.bulk_create([a for r in records for a in r.attendees], batch_size=BATCH)
        PepEvent.objects.bulk_create([e for r in records for e in r.events], batch_size=BATCH)
    requests = [q for r in records for q in r.requests]
    PupilPremiumRequest.objects.bulk_create(requests, batch_size=BATCH)
    for budget in demo.budgets:
        existing = PupilPremiumBudget.objects.filter(academic_year=budget.academic_year).first()
        if existing is None:
            budget.save()
        elif existing.notes.endswith(pupil_premium.MARK):
            # The demo's own figures from an earlier seeding; an authority's are kept.
            budget.pk = existing.pk
            budget.save()
    return {
        "PEPs": len(records),
        "PEP targets": sum(len(r.targets) for r in records),
        "PEP events": sum(len(r.events) for r in records),
        "PP+ requests": len(requests),
    }


def seed(
    children: int = DEFAULT_CHILDREN, seed: int = DEFAULT_SEED, today: date | None = None
) -> Demo:
    started = time.monotonic()
    demo = generate(children, seed, today)
    save(demo)
    demo.seconds = time.monotonic() - started
    return demo
