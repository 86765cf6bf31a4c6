from datetime import date, timedelta

import pytest

from children.school_years import (
    date_of_birth_range_for_key_stage,
    date_of_birth_range_for_year,
    key_stage_for_year,
    year_group_on,
)


@pytest.mark.parametrize(
    ("born", "on", "year"),
    [
        # The 31 August rule: the youngest in a year are born on 31 August, the
        # oldest on 1 September of the year before.
        (date(2019, 9, 1), date(2024, 9, 4), 0),
        (date(2020, 8, 31), date(2024, 9, 4), 0),
        (date(2020, 9, 1), date(2024, 9, 4), -1),
        (date(2019, 8, 31), date(2024, 9, 4), 1),
        # The year group changes on 1 September, not on the birthday.
        (date(2014, 5, 17), date(2025, 8, 31), 6),
        (date(2014, 5, 17), date(2025, 9, 1), 7),
    ],
)
def test_year_group_follows_the_31_august_rule(born, on, year):
    assert year_group_on(born, on) == year


@pytest.mark.parametrize("on", [date(2024, 9, 1), date(2025, 1, 15), date(2025, 8, 31)])
def test_date_of_birth_range_of_a_year_group_spans_september_to_august(on):
    assert date_of_birth_range_for_year(0, on) == (date(2019, 9, 1), date(2020, 8, 31))
    assert date_of_birth_range_for_year(11, on) == (date(2008, 9, 1), date(2009, 8, 31))


def test_date_of_birth_range_moves_on_1_september():
    # Year 7 in 2024/25 was born September 2012 to August 2013.
    assert date_of_birth_range_for_year(7, date(2025, 8, 31)) == (
        date(2012, 9, 1),
        date(2013, 8, 31),
    )
    assert date_of_birth_range_for_year(7, date(2025, 9, 1)) == (
        date(2013, 9, 1),
        date(2014, 8, 31),
    )


@pytest.mark.parametrize("year", range(-1, 14))
def test_every_date_in_the_range_is_in_the_year_group_and_no_other(year):
    on = date(2026, 2, 10)
    earliest, latest = date_of_birth_range_for_year(year, on)
    assert year_group_on(earliest, on) == year
    assert year_group_on(latest, on) == year
    assert year_group_on(earliest - timedelta(days=1), on) == year + 1
    assert year_group_on(latest + timedelta(days=1), on) == year - 1


@pytest.mark.parametrize("key_stage", ["EYFS", "KS1", "KS2", "KS3", "KS4", "KS5"])
def test_key_stage_range_agrees_with_key_stage_for_year(key_stage):
    on = date(2025, 11, 3)
    earliest, latest = date_of_birth_range_for_key_stage(key_stage, on)
    born = date(1999, 1, 1)
    while born < date(2025, 11, 3):
        inside = (earliest is None or born >= earliest) and (latest is None or born <= latest)
        assert inside == (key_stage_for_year(year_group_on(born, on)) == key_stage), born
        born += timedelta(days=29)


def test_key_stage_2_is_years_3_to_6():
    on = date(2025, 11, 3)
    assert date_of_birth_range_for_key_stage("KS2", on) == (date(2014, 9, 1), date(2018, 8, 31))
