"""The SSDA903 tables: their columns, in the order the DfE validator lists them
(csc-validator-be-903, lac_validator/config.py), and conventional file names."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    name: str  # the validator's table name
    filename: str
    columns: tuple[str, ...]
    first_year: int = 2023  # first collection year the table is part of the return
    imported: bool = True  # False: accepted, but the app keeps none of its data

    @property
    def column_set(self) -> frozenset[str]:
        return frozenset(self.columns)


HEADER = Table("Header", "header.csv", ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"))
EPISODES = Table(
    "Episodes",
    "episodes.csv",
    (
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ),
)
REVIEWS = Table("Reviews", "reviews.csv", ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"))
UASC = Table("UASC", "uasc.csv", ("CHILD", "SEX", "DOB", "DUC"))
OC2 = Table(
    "OC2",
    "oc2.csv",
    (
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
)
OC3 = Table("OC3", "oc3.csv", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"), imported=False)
AD1 = Table(
    "AD1",
    "ad1.csv",
    (
        "CHILD",
        "DOB",
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ),
    imported=False,
)
PLACED_ADOPTION = Table(
    "PlacedAdoption",
    "placed_adoption.csv",
    ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    imported=False,
)
PREV_PERM = Table(
    "PrevPerm", "prev_perm.csv", ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM")
)
MISSING = Table("Missing", "missing.csv", ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"))
SW_EPISODES = Table(
    "SWEpisodes",
    "sw_episodes.csv",
    ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
    first_year=2024,
)
DOLO = Table(
    "DoLo",
    "dolo.csv",
    ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
    first_year=2027,
    imported=False,
)

TABLES: tuple[Table, ...] = (
    HEADER,
    EPISODES,
    REVIEWS,
    UASC,
    OC2,
    OC3,
    AD1,
    PLACED_ADOPTION,
    PREV_PERM,
    MISSING,
    SW_EPISODES,
    DOLO,
)
BY_NAME = {t.name: t for t in TABLES}
BY_COLUMNS = {t.column_set: t for t in TABLES}

# Columns holding full dates (dd/mm/yyyy). DATE_PERM may have ZZ parts, so it is not here.
DATE_COLUMNS = frozenset(
    {
        "DOB",
        "MC_DOB",
        "DECOM",
        "DEC",
        "REVIEW",
        "DUC",
        "MIS_START",
        "MIS_END",
        "SW_DECOM",
        "SW_DEC",
        "DATE_INT",
        "DATE_MATCH",
        "DATE_PLACED",
        "DATE_PLACED_CEASED",
        "DOLO_START",
        "DOLO_END",
    }
)
# Dates that fall inside the collection period, used to tell which year an extract is for.
PERIOD_DATE_COLUMNS = frozenset(
    {"DECOM", "DEC", "REVIEW", "MIS_START", "MIS_END", "SW_DECOM", "SW_DEC"}
)


def tables_for_year(year: int) -> tuple[Table, ...]:
    """The tables the validator expects in the return for a collection year."""
    return tuple(t for t in TABLES if t.first_year <= year)


def nearest_table(columns: frozenset[str]) -> Table:
    return min(TABLES, key=lambda t: len(t.column_set ^ columns))
