"""Periods of care as SSDA903 episodes, and the placements with carers behind them.

A family's care history is planned once as periods, each a run of stays with
carers and a run of legal statuses; episodes are cut wherever either changes,
following the SSDA903 rules:

- the first episode of a period starts with RNE S, later ones say what changed
  (L legal status, P placement and carer, T placement with the same carer, B or U
  both at once);
- every episode but the last ends with X1 on the day the next begins, and the
  last ends with a reason the child ceased to be looked after (or is open);
- the category of need stays the same through a period of care;
- PR0 only with P1; no provider or URN for temporary placements (T0 to T4);
- the reason for a placement change goes on the episode that ends with X1 when
  the next begins a new placement (P, B, T or U), and never next to a temporary one.

Stays with the same carer that are split only by a change of legal status, a
change of placement type or a short respite stay are one carers.Placement.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from carers.models import CarerType, Placement
from children import codes
from children.models import CareEpisode

from . import names, places
from .calendar import between, birthday
from .carers import CarerPool, CarerSpec

Cohort = codes.Cohort

MOVE_REASONS = {
    "foster": [
        ("CARPL", 30),
        ("CREQB", 18),
        ("CREQO", 12),
        ("LAREQ", 6),
        ("CHILD", 6),
        ("STAND", 3),
        ("ALLEG", 3),
        ("APPRR", 2),
        ("CLOSE", 1),
        ("OTHER", 4),
    ],
    "home": [
        ("CARPL", 30),
        ("CHILD", 15),
        ("CREQB", 15),
        ("LAREQ", 10),
        ("STAND", 5),
        ("CLOSE", 5),
        ("OTHER", 5),
    ],
}
CIN_WEIGHTS = [
    ("N1", 60),
    ("N2", 5),
    ("N3", 4),
    ("N4", 9),
    ("N5", 13),
    ("N6", 3),
    ("N7", 1),
    ("N8", 5),
]
FOSTER_KINDS = (
    CarerType.IN_HOUSE_FOSTER,
    CarerType.AGENCY_FOSTER,
    CarerType.KINSHIP,
    CarerType.SPECIAL_GUARDIAN,
)


@dataclass
class Stay:
    carer: CarerSpec
    place: str
    start: date
    end: date | None = None
    temporary: bool = False
    end_reason: str = ""  # why the child moved on, if they did
    key: int = 0  # stays sharing a key are one carers.Placement
    continues: bool = False  # the child still lives there after care ended


@dataclass
class Period:
    start: date
    end: date | None
    cin: str
    legal: list[tuple[date, str]] = field(default_factory=list)
    stays: list[Stay] = field(default_factory=list)
    reason_ceased: str = ""


class CarePlanner:
    def __init__(self, rng: random.Random, pool: CarerPool, today: date):
        self.home = places.home_authority().la_code
        self.rng = rng
        self.pool = pool
        self.today = today
        self._keys = 0

    def _key(self) -> int:
        self._keys += 1
        return self._keys

    # What each cohort's history looks like -------------------------------------------

    def plan(self, family) -> None:
        cohort = family.cohort
        if cohort == Cohort.LOOKED_AFTER:
            self._looked_after(family)
        elif cohort == Cohort.PREVIOUSLY_LOOKED_AFTER:
            self._previously_looked_after(family)
        elif cohort == Cohort.KINSHIP:
            self._kinship(family)
        else:
            self._social_worker(family)

    def _looked_after(self, family) -> None:
        rng, today = self.rng, self.today
        youngest, oldest = family.youngest, family.oldest
        earliest = youngest.dob + timedelta(days=rng.randint(2, 20))
        if family.uasc:
            arrived = birthday(oldest.dob, 14) + timedelta(days=rng.randint(0, 200))
            start = max(arrived, today - timedelta(days=rng.randint(30, 3 * 365)))
            start = min(start, today - timedelta(days=20))
            route, cin = "s20", "N8"  # unaccompanied children: absent parenting
        else:
            years = names.weighted(rng, [(0.5, 25), (2, 30), (4.5, 25), (9, 20)])[0]
            days = int(years * 365 * rng.uniform(0.5, 1.5))
            start = max(earliest, today - timedelta(days=days))
            start = min(start, today - timedelta(days=14))
            if family.entered_care_on:
                start = family.entered_care_on
            if oldest.age_on(start) >= 13 and len(family.members) == 1:
                route = names.weighted(rng, [("s20", 40), ("court", 50), ("s20_court", 10)])[0]
            else:
                route = names.weighted(
                    rng, [("court", 55), ("s20_court", 25), ("epo", 8), ("s20", 12)]
                )[0]
            cin = names.weighted(rng, CIN_WEIGHTS)[0]
        end = None
        if oldest.age >= 18:
            # Left care on their 18th birthday and still in Year 13.
            end = birthday(oldest.dob, 18)
            start = min(start, end - timedelta(days=200))
        if not family.uasc and rng.random() < 0.08:
            # An earlier period of care that ended with a return home.
            before_end = start - timedelta(days=rng.randint(120, 900))
            before_start = before_end - timedelta(days=rng.randint(60, 400))
            if before_start > earliest:
                family.periods.append(
                    self._period(
                        family,
                        before_start,
                        before_end,
                        rng.choice(["s20", "court"]),
                        names.weighted(rng, CIN_WEIGHTS)[0],
                        ending=rng.choice(["E4A", "E4A", "E13"]),
                    )
                )
        family.periods.append(
            self._period(family, start, end, route, cin, ending="18" if end else None)
        )
        # An earlier special guardianship or child arrangements order that broke down,
        # for a few.
        previous = "Z1" if rng.random() < 0.9 else rng.choice(["P2", "P2", "P3"])
        order = start - timedelta(days=rng.randint(400, 1500))
        if order < youngest.dob + timedelta(days=60):
            previous = "Z1"
        la = rng.choice([self.home, self.home, "313", "212"])
        for member in family.members:
            member.child.previous_permanence = previous
            if previous in ("P2", "P3"):
                member.child.previous_permanence_la = la
                member.child.previous_permanence_date = order.strftime("%d/%m/%Y")

    def _previously_looked_after(self, family) -> None:
        rng, today = self.rng, self.today
        kind = names.weighted(rng, [("P1", 65), ("P2", 25), ("P3", 10)])[0]
        youngest = family.youngest
        if kind == "P1":
            household = self.pool.family_household(CarerType.ADOPTIVE, family, out_share=0.1)
            # Adopted in early childhood; most through this authority.
            order = between(
                rng,
                youngest.dob + timedelta(days=500),
                min(today - timedelta(days=60), youngest.dob + timedelta(days=5 * 365)),
            )
            local = rng.random() < 0.65
            if local:
                start = max(
                    youngest.dob + timedelta(days=3), order - timedelta(days=rng.randint(540, 900))
                )
                family.periods.append(self._adoption_period(family, start, order, household))
            else:
                family.home_stays.append(
                    Stay(
                        carer=household,
                        place="A6",
                        continues=True,
                        key=self._key(),
                        start=order - timedelta(days=rng.randint(150, 330)),
                    )
                )
            # Adopted through another authority: a neighbour, Ealing (307) or Kent (886).
            others = ["313", "314", "936", "212", "205", "307", "886"]
            la = self.home if local else rng.choice(others)
        else:
            # Special guardianship to former foster carers, or a child arrangements
            # order to relatives who fostered them.
            relatives = kind == "P3"
            household = self.pool.family_household(
                CarerType.SPECIAL_GUARDIAN if kind == "P2" else CarerType.KINSHIP,
                family,
                relatives=relatives,
            )
            order = between(rng, youngest.dob + timedelta(days=400), today - timedelta(days=90))
            start = max(
                youngest.dob + timedelta(days=3), order - timedelta(days=rng.randint(300, 1200))
            )
            family.periods.append(
                self._period(
                    family,
                    start,
                    order,
                    "court",
                    names.weighted(rng, CIN_WEIGHTS)[0],
                    ending="E46" if kind == "P2" else "E41",
                    final=household,
                    kin=relatives,
                )
            )
            la = self.home
        family.home = household
        for member in family.members:
            member.child.previous_permanence = kind
            member.child.previous_permanence_la = la
            member.child.previous_permanence_date = order.strftime("%d/%m/%Y")

    def _kinship(self, family) -> None:
        rng, today = self.rng, self.today
        kind = names.weighted(rng, [("P2", 75), ("P3", 25)])[0]
        household = self.pool.family_household(
            CarerType.SPECIAL_GUARDIAN if kind == "P2" else CarerType.KINSHIP,
            family,
            out_share=0.15,
            relatives=True,
        )
        youngest = family.youngest
        order = between(rng, youngest.dob + timedelta(days=200), today - timedelta(days=60))
        if rng.random() < 0.5:
            # Fostered by relatives first, then an order to them.
            start = max(
                youngest.dob + timedelta(days=3), order - timedelta(days=rng.randint(200, 900))
            )
            family.periods.append(
                self._period(
                    family,
                    start,
                    order,
                    "court",
                    names.weighted(rng, CIN_WEIGHTS)[0],
                    ending="E45" if kind == "P2" else "E41",
                    final=household,
                    kin=True,
                )
            )
        else:
            family.home_stays.append(
                Stay(
                    carer=household,
                    place="",
                    continues=True,
                    key=self._key(),
                    start=order - timedelta(days=rng.randint(0, 400)),
                )
            )
        family.home = household
        for member in family.members:
            member.child.previous_permanence = kind
            member.child.previous_permanence_la = self.home
            member.child.previous_permanence_date = order.strftime("%d/%m/%Y")

    def _social_worker(self, family) -> None:
        rng, today = self.rng, self.today
        youngest = family.youngest
        for member in family.members:
            member.child.previous_permanence = "Z1"
        if rng.random() < 0.25 and youngest.age >= 4:
            end = today - timedelta(days=rng.randint(120, 4 * 365))
            start = end - timedelta(days=rng.randint(40, 500))
            if start > youngest.dob + timedelta(days=30):
                family.periods.append(
                    self._period(
                        family,
                        start,
                        end,
                        rng.choice(["s20", "court"]),
                        names.weighted(rng, CIN_WEIGHTS)[0],
                        ending=names.weighted(rng, [("E4A", 60), ("E4B", 15), ("E13", 25)])[0],
                    )
                )

    # Periods ------------------------------------------------------------------------------

    def _period(
        self,
        family,
        start: date,
        end: date | None,
        route: str,
        cin: str,
        ending: str | None = None,
        final: CarerSpec | None = None,
        kin: bool = False,
    ) -> Period:
        rng = self.rng
        horizon = end or self.today
        period = Period(start=start, end=end, cin=cin)
        period.legal = self._legal(route, start, horizon)
        period.stays = self._stays(family, start, end, final=final, kin=kin, legal=period.legal)
        if end is not None:
            if ending == "18":
                last = period.stays[-1]
                ending = "E17" if last.place.startswith("U") else rng.choice(["E5", "E5", "E6"])
            period.reason_ceased = ending or "E8"
        self._respite(period)
        self._settle_legal(period)
        return period

    def _adoption_period(self, family, start: date, order: date, adopters: CarerSpec) -> Period:
        rng = self.rng
        period = Period(start=start, end=order, cin=names.weighted(rng, CIN_WEIGHTS)[0])
        placement_order = start + timedelta(days=rng.randint(200, 330))
        placed = placement_order + timedelta(days=rng.randint(40, 140))
        if placed >= order - timedelta(days=70):
            placed = order - timedelta(days=rng.randint(70, 120))
            placement_order = min(placement_order, placed - timedelta(days=30))
        period.legal = [(start, "C1"), (placement_order, "E1")]
        foster = self.pool.choose(CarerType.IN_HOUSE_FOSTER)
        period.stays = [
            Stay(
                carer=foster,
                place="U6",
                start=start,
                end=placed,
                end_reason="CARPL",
                key=self._key(),
            ),
            Stay(
                carer=adopters, place="A6", start=placed, end=order, continues=True, key=self._key()
            ),
        ]
        period.reason_ceased = rng.choice(["E11", "E11", "E11", "E12"])
        self._settle_legal(period)
        return period

    def _legal(self, route: str, start: date, horizon: date) -> list[tuple[date, str]]:
        rng = self.rng
        days = (horizon - start).days

        def later(first: int, last: int, after: date) -> date | None:
            room = (horizon - after).days - 10
            if room < first:
                return None
            return after + timedelta(days=rng.randint(first, min(last, room)))

        if route == "s20":
            return [(start, "V2")]
        if route == "epo":
            legal = [(start, "L2")]
            interim = start + timedelta(days=rng.randint(3, 12))  # an EPO lasts at most 21 days
            if days > 15:
                legal.append((interim, "C1"))
                full = later(150, 400, interim)
                if full:
                    legal.append((full, "C2"))
            else:
                legal = [(start, "C1")]
            return legal
        if route == "s20_court":
            legal = [(start, "V2")]
            interim = later(20, 150, start)
            if interim:
                legal.append((interim, "C1"))
                full = later(150, 380, interim)
                if full:
                    legal.append((full, "C2"))
            return legal
        legal = [(start, "C1")]
        full = later(150, 420, start)
        if full:
            legal.append((full, "C2"))
        return legal

    # Stays ----------------------------------------------------------------------------

    def _stay_count(self, days: int, family) -> int:
        weights = (
            [(1, 70), (2, 30)]
            if days < 60
            else [(1, 50), (2, 35), (3, 15)]
            if days < 365
            else [(1, 35), (2, 35), (3, 20), (4, 10)]
            if days < 3 * 365
            else [(1, 30), (2, 30), (3, 20), (4, 12), (5, 8)]
        )
        if family.uasc:
            weights = [(1, 60), (2, 40)]
        return names.weighted(self.rng, weights)[0]

    def _stays(
        self, family, start: date, end: date | None, final: CarerSpec | None, kin: bool, legal
    ) -> list[Stay]:
        rng = self.rng
        horizon = end or self.today
        days = (horizon - start).days
        count = 1 if kin else self._stay_count(days, family)
        # Relatives or friends step in first for about a fifth of children, and
        # most stay with them.
        with_relatives = not kin and not family.uasc and rng.random() < 0.22
        if with_relatives and rng.random() < 0.6:
            count = 1
        cuts = sorted(rng.sample(range(7, max(days - 7, 8)), k=min(count - 1, max(days - 14, 0))))
        spaced = []
        for cut in cuts:
            if (not spaced and cut >= 7) or (spaced and cut - spaced[-1] >= 10):
                spaced.append(cut)
        starts = [start] + [start + timedelta(days=c) for c in spaced]
        stays = []
        for i, stay_start in enumerate(starts):
            last = i == len(starts) - 1
            stay_end = end if last else starts[i + 1]
            if last and final is not None:
                carer = final
                place = ("U1" if (stay_end - stay_start).days > 365 else "U3") if kin else "U4"
            else:
                carer, place = self._carer_for(
                    family,
                    stay_start,
                    stay_end,
                    last and end is None,
                    legal,
                    stays,
                    with_relatives and i == 0,
                )
            stays.append(
                Stay(carer=carer, place=place, start=stay_start, end=stay_end, key=self._key())
            )
        for before in stays[:-1]:
            kind = "home" if before.place in ("K2", "K3") else "foster"
            before.end_reason = names.weighted(rng, MOVE_REASONS[kind])[0]
        if final is not None:
            stays[-1].continues = True
        self._long_term_matches(stays)
        for stay in stays:
            if stay.end is None:
                stay.carer.current += len(family.members)
        return stays

    def _carer_for(
        self,
        family,
        start: date,
        end: date | None,
        current: bool,
        legal,
        earlier: list[Stay],
        relatives: bool,
    ) -> tuple[CarerSpec, str]:
        rng = self.rng
        single = len(family.members) == 1
        age = family.oldest.age_on(start)
        places_needed = len(family.members)
        full_order = next((d for d, ls in legal if ls == "C2"), None)
        if relatives:
            household = self.pool.family_household(CarerType.KINSHIP, family, relatives=True)
            return household, "U3"
        if (
            current
            and full_order
            and full_order < start
            and age < 14
            and not family.uasc
            and rng.random() < 0.05
        ):
            parents = self.pool.family_household(
                CarerType.PARENT, family, out_share=0.1, relatives=True
            )
            return parents, "P1"
        if single and age >= 16 and rng.random() < 0.5:
            return self.pool.choose(CarerType.SUPPORTED_ACCOMMODATION, current=current), "K3"
        if single and age >= 12 and rng.random() < (0.45 if earlier else 0.2) and not family.uasc:
            return self.pool.choose(CarerType.CHILDRENS_HOME, current=current), "K2"
        kind = CarerType.IN_HOUSE_FOSTER if rng.random() < 0.62 else CarerType.AGENCY_FOSTER
        exclude = [s.carer for s in earlier]
        carer = self.pool.choose(kind, places_needed, current=current, exclude=exclude)
        long_enough = end is not None and (end - start).days > 540
        return carer, "U4" if long_enough and rng.random() < 0.5 else "U6"

    def _long_term_matches(self, stays: list[Stay]) -> None:
        """Short-term foster placements that became long-term with the same carers
        (RNE T, reason PLACE)."""
        rng = self.rng
        for stay in list(stays):
            if stay.place not in ("U6", "U3"):
                continue
            end = stay.end or self.today
            if (end - stay.start).days < 400 or rng.random() < 0.2:
                continue
            matched = stay.start + timedelta(days=rng.randint(240, (end - stay.start).days - 60))
            long_term = Stay(
                carer=stay.carer,
                place="U4" if stay.place == "U6" else "U1",
                start=matched,
                end=stay.end,
                end_reason=stay.end_reason,
                key=stay.key,
                continues=stay.continues,
            )
            stay.end, stay.end_reason, stay.continues = matched, "PLACE", False
            stays.insert(stays.index(stay) + 1, long_term)

    def _respite(self, period: Period) -> None:
        """Now and then a week with respite carers while the foster carers are away."""
        rng, today = self.rng, self.today
        for stay in list(period.stays):
            if stay.place not in ("U4", "U6") or stay.carer.kind != CarerType.IN_HOUSE_FOSTER:
                continue
            end = min(stay.end or today, today - timedelta(days=21))
            if (end - stay.start).days < 300 or rng.random() < 0.75:
                continue
            length = rng.randint(7, 14) if rng.random() < 0.6 else rng.randint(2, 7)
            begin = between(rng, stay.start + timedelta(days=30), end - timedelta(days=30 + length))
            back = begin + timedelta(days=length)
            respite = self.pool.choose(CarerType.IN_HOUSE_FOSTER, exclude=[stay.carer])
            temp = Stay(
                carer=respite,
                place="T3" if length > 7 else "T4",
                start=begin,
                end=back,
                temporary=True,
                key=self._key(),
            )
            resumed = Stay(
                carer=stay.carer,
                place=stay.place,
                start=back,
                end=stay.end,
                end_reason=stay.end_reason,
                key=stay.key,
                continues=stay.continues,
            )
            stay.end, stay.end_reason, stay.continues = begin, "", False
            index = period.stays.index(stay)
            period.stays[index + 1 : index + 1] = [temp, resumed]

    def _settle_legal(self, period: Period) -> None:
        """Keep changes of legal status out of respite stays and off the same day as
        another change, and inside the period."""
        temps = [s for s in period.stays if s.temporary]
        settled = [period.legal[0]]
        for day, status in period.legal[1:]:
            for temp in temps:
                if temp.start - timedelta(days=1) <= day <= temp.end + timedelta(days=1):
                    day = temp.end + timedelta(days=2)
            if period.end is not None and day >= period.end - timedelta(days=1):
                continue
            if day > self.today - timedelta(days=1) or day <= settled[-1][0]:
                continue
            settled.append((day, status))
        period.legal = settled


# Turning plans into records ------------------------------------------------------------


def episodes_for(child, family, period: Period) -> list[CareEpisode]:
    boundaries = sorted({s.start for s in period.stays} | {d for d, _ in period.legal})
    episodes: list[CareEpisode] = []
    previous = None
    for i, day in enumerate(boundaries):
        stay = next(s for s in reversed(period.stays) if s.start <= day)
        status = next(ls for d, ls in reversed(period.legal) if d <= day)
        if previous is None:
            rne = "S"
        else:
            status_changed = status != previous[1]
            moved = stay is not previous[0]
            if not moved:
                rne = "L"
            elif stay.carer is not previous[0].carer:
                rne = "B" if status_changed else "P"
            else:
                rne = "U" if status_changed else "T"
        last = i == len(boundaries) - 1
        carer = stay.carer.carer
        episode = CareEpisode(
            child=child,
            started_on=day,
            reason_new_episode=rne,
            legal_status=status,
            category_of_need=period.cin,
            placement_type=stay.place,
            placement_provider="" if stay.temporary else stay.carer.provider,
            ended_on=period.end if last else boundaries[i + 1],
            reason_ceased=(period.reason_ceased if period.end else "") if last else "X1",
            home_postcode="" if family.uasc else family.home_postcode,
            placement_postcode=carer.postcode,
            placement_urn="" if stay.temporary or stay.place == "P1" else stay.carer.urn,
            placement_la=carer.la_name,
            out_of_authority=carer.out_of_authority,
            placement_address_confidential=carer.address_confidential,
        )
        episodes.append(episode)
        previous = (stay, status)
    _placement_change_reasons(episodes, period)
    return episodes


def _placement_change_reasons(episodes: list[CareEpisode], period: Period) -> None:
    temporary = {"T0", "T1", "T2", "T3", "T4"}
    for this, following in zip(episodes, episodes[1:], strict=False):
        if following.reason_new_episode not in ("P", "B", "T", "U"):
            continue
        if this.placement_type in temporary or following.placement_type in temporary:
            continue
        stay = next(s for s in period.stays if s.start <= this.started_on < (s.end or date.max))
        this.reason_placement_change = stay.end_reason or (
            "PLACE" if following.reason_new_episode in ("T", "U") else "CARPL"
        )


def placements_for(child, family) -> list[Placement]:
    """One placement per run of stays with the same carer; respite stays are not
    placements (the child's placement with their foster carers carries on)."""
    stays = [s for p in family.periods for s in p.stays if not s.temporary]
    stays += family.home_stays
    by_key: dict[int, list[Stay]] = {}
    for stay in stays:
        by_key.setdefault(stay.key, []).append(stay)
    placements = []
    for group in by_key.values():
        first, last = group[0], group[-1]
        ended = None if last.continues or last.end is None else last.end
        placements.append(
            Placement(
                child=child,
                carer=first.carer.carer,
                started_on=first.start,
                ended_on=ended,
                end_reason=last.end_reason if ended and last.end_reason != "PLACE" else "",
            )
        )
    return placements


def where_living(family, day: date):
    """The carer a child lived with on a day, if looked after or placed then."""
    stays = [s for p in family.periods for s in p.stays] + family.home_stays
    for stay in stays:
        if stay.start <= day and (stay.end is None or day < stay.end or stay.continues):
            return stay.carer
    return None
