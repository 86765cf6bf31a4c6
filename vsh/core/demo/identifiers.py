"""Identifiers in their real formats: UPNs with correct check letters, 6-digit
URNs, Ofsted social care URNs and social care worker IDs. Each generator hands out
values once, so they stay unique across the demo."""

import random

# The UPN check letter alphabet (I, O and S are never used).
_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(body: str) -> str:
    """The check letter for the last 12 characters of a UPN: each character's value
    times its position (2 to 13), summed, modulo 23. Digits count as themselves; a
    letter in position 13 (temporary UPNs) counts as its index in the alphabet."""
    total = 0
    for position, char in enumerate(body, start=2):
        value = int(char) if char.isdigit() else _CHECK_LETTERS.index(char)
        total += position * value
    return _CHECK_LETTERS[total % 23]


class UpnIssuer:
    """UPNs as schools issue them: LA number, the school's establishment number,
    the two-digit year of issue and a serial number."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.issued: set[str] = set()

    def issue(
        self, la_code: str, establishment_number: str, year: int, temporary: bool = False
    ) -> str:
        while True:
            if temporary:
                serial = f"{self.rng.randint(0, 99):02d}{self.rng.choice(_CHECK_LETTERS)}"
            else:
                serial = f"{self.rng.randint(1, 240):03d}"
            body = f"{la_code}{establishment_number}{year % 100:02d}{serial}"
            upn = upn_check_letter(body) + body
            if upn not in self.issued:
                self.issued.add(upn)
                return upn


class UniqueNumbers:
    """Distinct random numbers from a range, formatted."""

    def __init__(self, rng: random.Random, low: int, high: int, fmt: str = "{}"):
        self.rng, self.low, self.high, self.fmt = rng, low, high, fmt
        self.used: set[int] = set()

    def take(self) -> str:
        while True:
            n = self.rng.randint(self.low, self.high)
            if n not in self.used:
                self.used.add(n)
                return self.fmt.format(n)


def social_care_urns(rng: random.Random) -> UniqueNumbers:
    # Ofsted URNs of children's homes, fostering agencies and supported accommodation.
    return UniqueNumbers(rng, 40000, 99999, "SC{:06d}")


def social_worker_ids(rng: random.Random) -> UniqueNumbers:
    return UniqueNumbers(rng, 100, 9899, "SW{:04d}")


def local_child_ids(rng: random.Random) -> UniqueNumbers:
    # The social care system's child IDs: six digits, as Mosaic and LCS issue them.
    return UniqueNumbers(rng, 300000, 899999, "{:06d}")
