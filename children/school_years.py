"""England's school years: a child starts Reception in the September after their
fourth birthday, so the academic year runs from 1 September and the cut-off for a
year group is 31 August."""

from datetime import date


def academic_year_start(on: date) -> int:
    """The calendar year in which the academic year containing `on` began."""
    return on.year if on.month >= 9 else on.year - 1


def year_group_on(date_of_birth: date, on: date) -> int:
    """National curriculum year on a date: 0 is Reception, -1 nursery, 1 to 13 years."""
    start = academic_year_start(on)
    cutoff = date(start, 8, 31)
    age_at_cutoff = (
        cutoff.year
        - date_of_birth.year
        - ((cutoff.month, cutoff.day) < (date_of_birth.month, date_of_birth.day))
    )
    return age_at_cutoff - 4


def year_group_label(year: int) -> str:
    if year < -1:
        return "Pre-school"
    if year == -1:
        return "Nursery"
    if year == 0:
        return "Reception"
    if year > 13:
        return "Post-18"
    return f"Year {year}"


def key_stage_for_year(year: int) -> str:
    if year <= 0:
        return "EYFS"
    if year <= 2:
        return "KS1"
    if year <= 6:
        return "KS2"
    if year <= 9:
        return "KS3"
    if year <= 11:
        return "KS4"
    return "KS5"


KEY_STAGES = [
    ("EYFS", "Early years foundation stage"),
    ("KS1", "Key stage 1"),
    ("KS2", "Key stage 2"),
    ("KS3", "Key stage 3"),
    ("KS4", "Key stage 4"),
    ("KS5", "Post-16"),
]


def years_in_key_stage(key_stage: str) -> range:
    return {
        "EYFS": range(-2, 1),
        "KS1": range(1, 3),
        "KS2": range(3, 7),
        "KS3": range(7, 10),
        "KS4": range(10, 12),
        "KS5": range(12, 15),
    }[key_stage]


def date_of_birth_range(first_year: int, last_year: int, on: date) -> tuple[date, date]:
    """Earliest and latest dates of birth of children in year groups `first_year` to
    `last_year` (inclusive) in the academic year containing `on`. A child is in year
    Y when they were Y + 4 on the 31 August the academic year began after, so a year
    group spans the children born from 1 September to the next 31 August."""
    start = academic_year_start(on)
    return date(start - last_year - 5, 9, 1), date(start - first_year - 4, 8, 31)


def date_of_birth_range_for_year(year: int, on: date) -> tuple[date, date]:
    return date_of_birth_range(year, year, on)


def date_of_birth_range_for_key_stage(key_stage: str, on: date) -> tuple[date | None, date | None]:
    """Dates of birth for a key stage as `key_stage_for_year` draws it: the early
    years take every child below Year 1 and post-16 every child above Year 11, so
    those ends are open (None)."""
    years = years_in_key_stage(key_stage)
    earliest, latest = date_of_birth_range(years[0], years[-1], on)
    if key_stage == "EYFS":
        latest = None
    if key_stage == "KS5":
        earliest = None
    return earliest, latest


# Year groups offered in lists and filters: nursery to Year 13.
YEAR_GROUPS = [(year, year_group_label(year)) for year in range(-1, 14)]
