"""Foster households, kinship carers, children's homes and supported accommodation,
with what the SSDA903 return needs to know about each (provider, Ofsted URN)."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from carers.models import Carer, CarerType

from . import names, places
from .constants import DEMO_DOMAIN
from .identifiers import UniqueNumbers, social_care_urns

# Independent fostering agencies: name, SSDA903 provider (PR4 private, PR5 voluntary)
AGENCIES = [
    ("Brightpath Fostering", "PR4"),
    ("Harbour Family Fostering", "PR4"),
    ("Oakleaf Fostering Agency", "PR4"),
    ("Thames Children's Trust Fostering", "PR5"),
]
HOME_PROVIDERS = [
    ("Cedarwood Care Ltd", "PR4"),
    ("Kestrel Children's Services", "PR4"),
    ("Lantern Residential Care", "PR4"),
    ("Thames Children's Trust", "PR5"),
]
HOME_NAMES = [
    "Willow House",
    "The Beeches",
    "Oak Lodge",
    "Larkspur House",
    "Kestrel View",
    "Ash Court",
    "Rowan House",
    "Maple Lodge",
    "Hazel Croft",
    "Brook House",
    "Linden Lodge",
    "Elder Cottage",
]
SUPPORTED_PROVIDERS = [
    ("Pathways Supported Living Ltd", "PR4"),
    ("Step Ahead Youth Housing", "PR5"),
    ("Bridgeway Housing Support", "PR4"),
]
TRAINING = [
    "Skills to Foster",
    "PACE (playfulness, acceptance, curiosity, empathy)",
    "Attachment and trauma-informed care",
    "Emotion coaching",
    "Supporting learning at home",
    "Safer caring",
    "Understanding the PEP",
    "Therapeutic parenting",
    "Caring for unaccompanied children",
    "Managing allegations",
]


@dataclass
class CarerSpec:
    carer: Carer
    provider: str  # SSDA903 PLACE_PROVIDER for placements with this carer
    capacity: int
    area: places.Area
    urn: str = ""  # SSDA903 URN for placements here; XXXXXXX for foster carers
    current: int = 0  # children placed now
    surname: str = ""
    relatives_of: object = None  # the family a kinship household belongs to
    history: list = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.carer.carer_type

    @property
    def free(self) -> int:
        return self.capacity - self.current


def _mailbox(surname: str) -> str:
    return "".join(ch for ch in surname.lower() if ch.isascii() and ch.isalpha()) or "carer"


class CarerPool:
    def __init__(self, rng: random.Random, today: date, children: int):
        self.rng = rng
        self.today = today
        self.urns: UniqueNumbers = social_care_urns(rng)
        self.specs: list[CarerSpec] = []
        self.postcodes: set[str] = set()  # one household to a postcode, so moves show
        self.agency_urns = {name: self.urns.take() for name, _ in AGENCIES}
        scale = children / 250
        counts = {
            CarerType.IN_HOUSE_FOSTER: max(6, round(30 * scale)),
            CarerType.AGENCY_FOSTER: max(4, round(18 * scale)),
            CarerType.CHILDRENS_HOME: max(2, round(8 * scale)),
            CarerType.SUPPORTED_ACCOMMODATION: max(2, round(5 * scale)),
        }
        for kind, count in counts.items():
            for i in range(count):
                self.specs.append(self._make(kind, i))

    # Households made up front ------------------------------------------------

    def _area(self, out_share: float) -> places.Area:
        if self.rng.random() < out_share:
            return places.pick_neighbour(self.rng)
        return places.home_authority()

    def _make(self, kind: str, index: int) -> CarerSpec:
        rng = self.rng
        if kind == CarerType.IN_HOUSE_FOSTER:
            area = self._area(0.18)
            name, last = names.household_name(rng)
            return self._household(
                kind, name, last, area, "PR1", rng.choice([1, 2, 2, 2, 3]), agency="", urn="XXXXXXX"
            )
        if kind == CarerType.AGENCY_FOSTER:
            area = self._area(0.5)
            agency, provider = AGENCIES[index % len(AGENCIES)]
            name, last = names.household_name(rng)
            return self._household(
                kind,
                name,
                last,
                area,
                provider,
                rng.choice([1, 2, 2, 3]),
                agency=agency,
                urn=self.agency_urns[agency],
            )
        if kind == CarerType.CHILDRENS_HOME:
            own = index == 0  # the authority runs one home itself, in its own area
            area = places.home_authority() if own else self._area(0.8)
            provider_name, provider = (
                ("", "PR1") if own else HOME_PROVIDERS[index % len(HOME_PROVIDERS)]
            )
            home = HOME_NAMES[index % len(HOME_NAMES)]
            return self._setting(
                kind, home, area, provider, provider_name, rng.choice([3, 4, 4, 5, 6])
            )
        # Registered supported accommodation is commissioned in the authority's own area.
        area = places.home_authority()
        provider_name, provider = SUPPORTED_PROVIDERS[index % len(SUPPORTED_PROVIDERS)]
        town, _ = places.pick_town(rng, area)
        name = f"{provider_name.split()[0]} {town}"
        return self._setting(kind, name, area, provider, provider_name, rng.choice([4, 5, 6, 8]))

    def _household(self, kind, name, last, area, provider, capacity, agency="", urn=""):
        rng = self.rng
        town, district = places.pick_town(rng, area)
        courses = rng.sample(TRAINING, k=rng.randint(0, 4))
        training = "; ".join(
            f"{course} ({rng.randint(self.today.year - 8, self.today.year)})" for course in courses
        )
        carer = Carer(
            name=name,
            carer_type=kind,
            agency=agency,
            address=f"{places.street_address(rng)}\n{town}",
            postcode=self._postcode(district),
            la_name=area.la_name,
            out_of_authority=area.la_code != places.home_authority().la_code,
            address_confidential=rng.random() < 0.06,
            phone=places.mobile(rng),
            email=f"{_mailbox(last)}{rng.randint(1, 99)}@{DEMO_DOMAIN}",
            ofsted_urn=urn if urn != "XXXXXXX" else "",
            approved_on=self.today - timedelta(days=rng.randint(200, 15 * 365)),
            training_notes=training,
        )
        return CarerSpec(
            carer=carer, provider=provider, capacity=capacity, area=area, urn=urn, surname=last
        )

    def _setting(self, kind, name, area, provider, provider_name, capacity):
        rng = self.rng
        town, district = places.pick_town(rng, area)
        urn = self.urns.take()
        slug = "".join(ch for ch in name.lower() if ch.isalpha())[:20]
        carer = Carer(
            name=name,
            carer_type=kind,
            agency=provider_name,
            address=f"{places.street_address(rng)}\n{town}",
            postcode=self._postcode(district),
            la_name=area.la_name,
            out_of_authority=area.la_code != places.home_authority().la_code,
            address_confidential=rng.random() < 0.1,
            phone=places.phone(rng, area),
            email=f"{slug}@{DEMO_DOMAIN}",
            ofsted_urn=urn,
            approved_on=self.today - timedelta(days=rng.randint(400, 20 * 365)),
        )
        return CarerSpec(carer=carer, provider=provider, capacity=capacity, area=area, urn=urn)

    def _postcode(self, district: str) -> str:
        code = places.postcode(self.rng, district, avoid=self.postcodes)
        self.postcodes.add(code)
        return code

    # Households made for one family -------------------------------------------

    def family_household(
        self, kind: str, family, out_share: float = 0.2, relatives: bool = False
    ) -> CarerSpec:
        """Relatives, adopters, special guardians or parents of one family."""
        rng = self.rng
        area = self._area(out_share)
        if relatives:
            # Grandparents, aunts and uncles: often the family's surname.
            heritage = rng.choice(family.first_name_pools)
            if heritage not in names.ADULT_NAMES:  # an unaccompanied child's community
                heritage = "english"
            men, women = names.ADULT_NAMES[heritage]
            last = family.surname if rng.random() < 0.65 else names.surname(rng, heritage)
            if rng.random() < 0.5:
                name = f"{rng.choice(women)} and {rng.choice(men)} {last}"
            else:
                name = f"{rng.choice(women)} {last}"
        else:
            name, last = names.household_name(rng)
        provider = "PR0" if kind == CarerType.PARENT else "PR1"
        spec = self._household(
            kind,
            name,
            last,
            area,
            provider,
            capacity=len(family.members),
            urn="" if kind == CarerType.PARENT else "XXXXXXX",
        )
        if kind == CarerType.PARENT:
            spec.carer.training_notes = ""
            spec.carer.approved_on = None
        if relatives:
            spec.relatives_of = family
        self.specs.append(spec)
        return spec

    # Choosing where a child lives ----------------------------------------------

    def choose(
        self, kind: str, places_needed: int = 1, current: bool = False, exclude=()
    ) -> CarerSpec:
        """A household of `kind` with room for the children, preferring the emptiest."""
        options = [
            s for s in self.specs if s.kind == kind and s.relatives_of is None and s not in exclude
        ]
        if current:
            roomy = [s for s in options if s.free >= places_needed]
            options = roomy or options
        weights = [max(s.free, 0) + 0.3 for s in options]
        return self.rng.choices(options, weights=weights)[0]

    @property
    def carers(self) -> list[Carer]:
        return [s.carer for s in self.specs]
