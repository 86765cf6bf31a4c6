"""Who works with each child: a social worker (or personal adviser) and, for children
the virtual school supports directly, an education caseworker; with the workers
they had before."""

import random
from datetime import date, timedelta

from children import codes
from children.models import Allocation
from children.school_years import year_group_on

from . import names
from .calendar import birthday
from .constants import DEMO_CASELOAD_MIN
from .people import CIC_NORTH, CIC_SOUTH, FAMILY_SUPPORT, LEAVING_CARE, Staff

Cohort = codes.Cohort
Kind = Allocation.Kind
CHANGE_REASONS = [
    ("LEFTRL", 40),
    ("ORGRST", 10),
    ("MANAGE", 12),
    ("ABSENC", 6),
    ("CHCHAN", 5),
    ("PCCHAN", 4),
    ("OTHERS", 5),
]
# Share of each cohort the virtual school allocates a caseworker to.
CASEWORKER_SHARE = {
    Cohort.LOOKED_AFTER: 1.0,
    Cohort.PREVIOUSLY_LOOKED_AFTER: 0.35,
    Cohort.SOCIAL_WORKER: 0.25,
    Cohort.KINSHIP: 0.3,
}
SOCIAL_WORKER_SHARE = {
    Cohort.LOOKED_AFTER: 1.0,
    Cohort.PREVIOUSLY_LOOKED_AFTER: 0.2,
    Cohort.SOCIAL_WORKER: 1.0,
    Cohort.KINSHIP: 0.5,
}


class Allocator:
    def __init__(self, rng: random.Random, staff: Staff, today: date):
        self.rng = rng
        self.staff = staff
        self.today = today
        self.load: dict[int, int] = {}

    def _least_loaded(self, workers):
        lowest = min(self.load.get(id(w), 0) for w in workers)
        options = [w for w in workers if self.load.get(id(w), 0) == lowest]
        worker = self.rng.choice(options)
        return worker

    def allocate(self, family) -> None:
        rng, today = self.rng, self.today
        cohort = family.cohort
        oldest = family.oldest
        periods = family.periods
        current = periods[-1] if periods and (periods[-1].end is None or oldest.age >= 18) else None
        past = [p for p in periods if p is not current]
        for i, period in enumerate(past):
            # After a return home the social worker usually stays involved for a while.
            after = periods[i + 1].start if i + 1 < len(periods) else None
            until = period.end
            if after and (after - period.end).days < 400:
                until = after - timedelta(days=1)
            self._past_social_worker(family, period, until, first=i == 0)
        involved = current.start if current else today - timedelta(days=rng.randint(60, 3 * 365))
        if past and not current:
            # Support carries on after care ended (adoption support, a child in need plan).
            involved = min(past[-1].end + timedelta(days=1), today)
        demo = any(m.demo_caseload for m in family.members)

        # Support after an adoption or special guardianship order is usual in the first years.
        recently_left = bool(past) and not current and past[-1].end > today - timedelta(days=730)
        if rng.random() < SOCIAL_WORKER_SHARE[cohort] or demo or recently_left:
            self._social_worker(family, current, involved, demo, first=not past)
        if rng.random() < CASEWORKER_SHARE[cohort] or demo:
            for member in family.members:
                self._caseworker(member, involved, demo)

    def _past_social_worker(self, family, period, until: date, first: bool) -> None:
        """The social worker a child had through an earlier period of care."""
        rng = self.rng
        if rng.random() < 0.6:
            who = rng.choice(self.staff.former_workers)
        else:
            who = rng.choice([w for ws in self.staff.social_workers.values() for w in ws])
        for member in family.members:
            member.allocations.append(
                self._allocation(
                    member,
                    who,
                    max(period.start, member.dob),
                    until,
                    "FCONTA" if first else "MANAGE",
                )
            )

    def _allocation(self, member, who, start, ended, reason) -> Allocation:
        if isinstance(who, str):
            allocation = Allocation(
                child=member.child, kind=Kind.SOCIAL_WORKER, worker=None, worker_reference=who
            )
        else:
            allocation = Allocation(
                child=member.child,
                kind=Kind.SOCIAL_WORKER,
                worker=who,
                worker_reference=who.social_worker_id,
            )
        allocation.started_on, allocation.ended_on = start, ended
        allocation.change_reason = reason
        return allocation

    # Social workers --------------------------------------------------------------------

    def _team(self, family, day: date) -> str:
        if family.cohort != Cohort.LOOKED_AFTER:
            return FAMILY_SUPPORT
        if family.oldest.age_on(day) >= 16:
            return LEAVING_CARE
        return CIC_NORTH if family.part == "north" else CIC_SOUTH

    def _social_worker(self, family, current, involved: date, demo: bool, first: bool) -> None:
        rng, today = self.rng, self.today
        oldest = family.oldest
        team = self._team(family, today)
        worker = (
            self.staff.demo_social_worker
            if demo
            else self._least_loaded(self.staff.social_workers[team])
        )
        self.load[id(worker)] = self.load.get(id(worker), 0) + len(family.members)
        # Social work history as the SSDA903 return records it: from the start of care
        # for looked-after children.
        first_day = (
            involved if current or not first else (involved - timedelta(days=rng.randint(0, 180)))
        )
        opening = "FCONTA" if first else "MANAGE"
        sixteen = birthday(oldest.dob, 16)
        if team == LEAVING_CARE and current and current.start < sixteen - timedelta(days=60):
            # Transferred to a personal adviser around their 16th birthday.
            moved = min(sixteen + timedelta(days=rng.randint(0, 60)), today - timedelta(days=7))
            earlier = self._least_loaded(
                self.staff.social_workers[CIC_NORTH if family.part == "north" else CIC_SOUTH]
            )
            chain = [(earlier, first_day, opening), (worker, moved, "TSPROC")]
        else:
            start = max(first_day, today - timedelta(days=rng.randint(20, 800)))
            chain = [(worker, start, "")]
            cursor = start
            while cursor > first_day + timedelta(days=120) and len(chain) < 4:
                earlier_start = max(first_day, cursor - timedelta(days=rng.randint(150, 700)))
                former = (
                    rng.choice(self.staff.former_workers)
                    if rng.random() < 0.6
                    else rng.choice(
                        [
                            w
                            for ws in self.staff.social_workers.values()
                            for w in ws
                            if w is not worker
                        ]
                    )
                )
                chain.insert(0, (former, earlier_start, ""))
                cursor = earlier_start
            # Someone has been allocated since the work began.
            chain[0] = (chain[0][0], first_day, "")
            chain = [
                (w, s, opening if i == 0 else names.weighted(rng, CHANGE_REASONS)[0])
                for i, (w, s, _) in enumerate(chain)
            ]
        for member in family.members:
            for i, (who, start, reason) in enumerate(chain):
                ended = chain[i + 1][1] - timedelta(days=1) if i + 1 < len(chain) else None
                start = max(start, member.dob)
                if ended is not None and ended < start:
                    continue
                member.allocations.append(self._allocation(member, who, start, ended, reason))

    # Virtual school caseworkers -----------------------------------------------------------

    def patch_for(self, member) -> str:
        child = member.child
        year = year_group_on(child.date_of_birth, self.today)
        current = [e for e in member.enrolments if e.ended_on is None]
        school = current[0].school_spec if current else None
        if year >= 12:
            return "post16"
        if child.sen_provision == codes.SenProvision.EHC_PLAN and year >= 1:
            return "send"
        if year >= 10:
            return "ks4"
        if year >= 7:
            return "ks3"
        if year <= 0 or (school is not None and not school.school.la_code == self._home()):
            return "early_out"
        return "primary"

    def _home(self) -> str:
        from django.conf import settings

        return settings.AUTHORITY_LA_CODE

    def _caseworker(self, member, involved: date, demo: bool) -> None:
        rng, today = self.rng, self.today
        involved = max(involved, member.dob)
        patch = "primary" if demo else self.patch_for(member)
        workers = self.staff.caseworkers[patch]
        worker = self.staff.demo_caseworker if demo else self._least_loaded(workers)
        self.load[id(worker)] = self.load.get(id(worker), 0) + 1
        start = max(
            involved + timedelta(days=rng.randint(1, 10)),
            today - timedelta(days=rng.randint(30, 1200)),
            member.dob,
        )
        start = min(start, today)
        looked_after = member.cohort == Cohort.LOOKED_AFTER
        if start > involved + timedelta(days=200) and (looked_after or rng.random() < 0.5):
            # Another caseworker had them before (a change of phase or patch).
            others = [w for ws in self.staff.caseworkers.values() for w in ws if w is not worker]
            before = Allocation(
                child=member.child,
                kind=Kind.CASEWORKER,
                worker=rng.choice(others),
                started_on=max(involved, member.dob),
                ended_on=start - timedelta(days=1),
            )
            member.allocations.append(before)
        member.allocations.append(
            Allocation(child=member.child, kind=Kind.CASEWORKER, worker=worker, started_on=start)
        )


def current_allocations(specs, kind: str, worker) -> list:
    return [
        a
        for s in specs
        for a in s.allocations
        if a.kind == kind and a.worker is worker and a.ended_on is None
    ]


def top_up(rng: random.Random, specs, kind: str, worker, candidates_filter) -> None:
    """Give a demo login at least DEMO_CASELOAD_MIN children by taking over some
    allocations from colleagues."""
    have = {id(a.child) for a in current_allocations(specs, kind, worker)}
    needed = DEMO_CASELOAD_MIN - len(have)
    if needed <= 0:
        return
    pool = [
        (s, a)
        for s in specs
        for a in s.allocations
        if a.kind == kind
        and a.ended_on is None
        and a.worker is not None
        and a.worker is not worker
        and id(s.child) not in have
    ]
    rng.shuffle(pool)
    # Children who fit the login's patch first, then anyone.
    pool.sort(key=lambda pair: not candidates_filter(pair[0]))
    for _spec, allocation in pool[:needed]:
        allocation.worker = worker
        if kind == Kind.SOCIAL_WORKER:
            allocation.worker_reference = worker.social_worker_id


def worker_on(spec, kind: str, day: date):
    """The worker with an account allocated to the child on `day`, if any."""
    for allocation in spec.allocations:
        if (
            allocation.kind == kind
            and allocation.worker is not None
            and allocation.started_on <= day
            and (allocation.ended_on is None or allocation.ended_on >= day)
        ):
            return allocation.worker
    return None
