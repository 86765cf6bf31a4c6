"""Reading SSDA903 files: dates, encodings, recognising tables, row numbers, years."""

from datetime import date
from pathlib import Path

import pytest

from children.ssda903 import columns as cols
from children.ssda903.parse import (
    DateError,
    SourceFile,
    check_partial_date,
    collection_year_of,
    decode,
    format_date,
    infer_collection_year,
    parse_date,
    period,
    read_directory,
    read_tables,
    year_label,
)

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "ssda903"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14/07/2011", date(2011, 7, 14)),
        ("1/4/2025", date(2025, 4, 1)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_dates_are_day_month_year(text, expected):
    assert parse_date(text) == expected


def test_an_iso_date_is_refused_with_the_form_to_use():
    with pytest.raises(DateError) as caught:
        parse_date("2014-11-11")
    assert str(caught.value) == (
        "'2014-11-11' is not a date in the form dd/mm/yyyy. Write 11/11/2014 for 11 November 2014."
    )


@pytest.mark.parametrize("text", ["11-11-2014", "11/11/14", "11/11/2014 00:00", "tomorrow", ""])
def test_other_date_forms_are_refused(text):
    with pytest.raises(DateError):
        parse_date(text)


def test_an_impossible_date_is_named_as_such():
    with pytest.raises(DateError, match="not a real date"):
        parse_date("31/02/2025")


def test_dates_are_written_with_leading_zeros():
    assert format_date(date(2025, 4, 1)) == "01/04/2025"
    assert format_date(None) == ""


@pytest.mark.parametrize("text", ["05/06/2015", "ZZ/06/2015", "ZZ/ZZ/2015", "zz/zz/zzzz"])
def test_previous_permanence_dates_may_have_unknown_parts(text):
    check_partial_date(text)


@pytest.mark.parametrize("text", ["2015", "ZZ/13/2015", "32/ZZ/2015", "31/02/2015", "5/6/15"])
def test_bad_previous_permanence_dates_are_refused(text):
    with pytest.raises(DateError):
        check_partial_date(text)


def test_collection_years_run_april_to_march():
    assert period(2026) == (date(2025, 4, 1), date(2026, 3, 31))
    assert year_label(2026) == "2025/26"
    assert collection_year_of(date(2026, 3, 31)) == 2026
    assert collection_year_of(date(2026, 4, 1)) == 2027


def test_files_in_windows_encoding_or_with_a_bom_are_read():
    assert decode("CHILD,SEX\n".encode("utf-8-sig")) == "CHILD,SEX\n"
    assert decode("Brontë’s".encode("cp1252")) == "Brontë’s"


def test_tables_are_recognised_by_their_columns_not_their_file_names():
    tables, errors = read_tables(
        [
            SourceFile(
                "Children 2026.csv",
                b"ChIlD , SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n1,F,01/01/2015,WBRI,UN1,0,\r\n",
            ),
            SourceFile("x.csv", b"CHILD,DOB,REVIEW,REVIEW_CODE\n"),
        ]
    )
    assert errors == []
    assert tables[cols.HEADER.name].filename == "Children 2026.csv"
    assert tables[cols.HEADER.name].rows[0]["SEX"] == "F"
    assert tables[cols.REVIEWS.name].rows == []


def test_row_numbers_count_the_heading_as_row_one_and_blank_lines_too():
    tables, _ = read_tables(
        [SourceFile("h.csv", b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,F,,,,,\n\n2,M,,,,,\n")]
    )
    assert [r.number for r in tables["Header"].rows] == [2, 4]


def test_a_file_matching_no_table_is_reported_with_the_nearest_table():
    _, errors = read_tables([SourceFile("eps.csv", b"CHILD,DECOM,RNE,LS,CIN,PLACE\n")])
    assert len(errors) == 1
    assert errors[0].file == "eps.csv"
    assert "nearest is episodes.csv" in errors[0].message
    assert "PLACE_PROVIDER" in errors[0].message


def test_the_same_table_twice_is_refused():
    header = b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
    _, errors = read_tables([SourceFile("a.csv", header), SourceFile("b.csv", header)])
    assert [e.file for e in errors] == ["b.csv"]
    assert "second header.csv table" in errors[0].message


def test_a_row_with_too_many_values_is_reported():
    _, errors = read_tables(
        [SourceFile("h.csv", b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,F,,,,,,extra\n")]
    )
    assert (errors[0].row, errors[0].message) == (
        2,
        "The row has 8 values but the file has 7 columns.",
    )


def test_the_collection_year_comes_from_the_latest_event():
    tables, _ = read_tables(read_directory(SAMPLES / "valid"))
    assert infer_collection_year(tables, date(2030, 1, 1)) == 2026
    tables, _ = read_tables(read_directory(SAMPLES / "valid_prev_2025"))
    assert infer_collection_year(tables, date(2030, 1, 1)) == 2025


def test_without_dated_events_the_year_is_the_current_one():
    tables, _ = read_tables([SourceFile("h.csv", b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n")])
    assert infer_collection_year(tables, date(2026, 11, 23)) == 2027


def test_every_table_has_the_validators_columns():
    # As listed in lac_validator/config.py (csc-validator-be-903 0.1.17).
    assert cols.EPISODES.columns == (
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
    )
    assert [t.filename for t in cols.tables_for_year(2026)] == [
        "header.csv",
        "episodes.csv",
        "reviews.csv",
        "uasc.csv",
        "oc2.csv",
        "oc3.csv",
        "ad1.csv",
        "placed_adoption.csv",
        "prev_perm.csv",
        "missing.csv",
        "sw_episodes.csv",
    ]
    assert "dolo.csv" in [t.filename for t in cols.tables_for_year(2027)]


def test_trailing_commas_are_ignored():
    tables, errors = read_tables(
        [SourceFile("h.csv", b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,\n1,F,,,,,,\n2,M\n")]
    )
    assert errors == []
    assert [(r["CHILD"], r["SEX"], r["MC_DOB"]) for r in tables["Header"].rows] == [
        ("1", "F", ""),
        ("2", "M", ""),
    ]
