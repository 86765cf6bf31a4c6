"""Loading schools from a Get Information About Schools establishment file."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from schools.gias import import_gias, parse_gias_date
from schools.models import School
from tests.factories import SchoolFactory
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "gias_sample.csv"


def sample_lines() -> list[str]:
    return SAMPLE.read_bytes().decode("cp1252").split("\r\n")


def as_file(lines: list[str], encoding: str = "cp1252") -> bytes:
    return "\r\n".join(lines).encode(encoding)


def test_the_sample_file_creates_ten_schools_with_their_details():
    report = import_gias(SAMPLE.read_bytes(), "edubasealldata.csv")

    assert (report.rows, report.created, report.errors) == (10, 10, [])
    school = School.objects.get(urn="102901")
    assert (school.name, school.la_code, school.la_name, school.laestab) == (
        "Riverside Meadow Primary School",
        "318",
        "Richmond upon Thames",
        "3182001",
    )
    assert (school.establishment_type, school.establishment_type_group) == (
        "Community school",
        "Local authority maintained schools",
    )
    assert (school.phase, school.status, school.statutory_low_age, school.statutory_high_age) == (
        "Primary",
        "Open",
        3,
        11,
    )
    assert (school.street, school.town, school.county, school.postcode) == (
        "Meadow Lane",
        "Twickenham",
        "Middlesex",
        "TW1 1XA",
    )
    assert (school.telephone, school.website, school.head_name) == (
        "02089400001",
        "www.riversidemeadow.example.sch.uk",
        "Anita Okafor",
    )
    assert school.last_changed == date(2025, 10, 14)


def test_windows_characters_and_gias_placeholders_are_read():
    import_gias(SAMPLE.read_bytes(), "edubasealldata.csv")
    assert School.objects.get(urn="102902").name == "St Mary\u2019s C of E Primary School"
    assert School.objects.get(urn="102902").county == ""  # "Not recorded"
    assert School.objects.get(urn="149907").name == "Brontë House School"
    assert School.objects.get(urn="149907").head_name == "Élodie Marchand"
    assert School.objects.get(urn="102905").phase == "Not applicable"


def test_status_and_dates_of_closed_and_closing_schools():
    import_gias(SAMPLE.read_bytes(), "edubasealldata.csv")
    closed = School.objects.get(urn="102906")
    assert (closed.status, closed.close_date, closed.head_name) == ("Closed", date(2024, 8, 31), "")
    assert School.objects.get(urn="147910").status == "Open, but proposed to close"
    assert School.objects.get(urn="146904").open_date == date(2019, 9, 1)


def test_importing_the_same_file_twice_changes_nothing():
    import_gias(SAMPLE.read_bytes(), "edubasealldata.csv")
    report = import_gias(SAMPLE.read_bytes(), "edubasealldata.csv")
    assert (report.created, report.updated, report.unchanged, report.changed) == (0, 0, 10, 0)
    assert School.objects.count() == 10


def test_schools_are_matched_by_urn_and_updated():
    SchoolFactory(urn="102901", name="Riverside Meadow Infants", la_code="318", postcode="TW1 1AA")
    lines = sample_lines()
    lines[1] = lines[1].replace("TW1 1XA", "TW1 1XZ")
    report = import_gias(as_file(lines), "edubasealldata.csv")
    assert (report.created, report.updated) == (9, 1)
    school = School.objects.get(urn="102901")
    assert (school.name, school.postcode) == ("Riverside Meadow Primary School", "TW1 1XZ")


def _lines_with_bad_rows() -> list[str]:
    lines = sample_lines()
    lines[1] = lines[1].replace("14-10-2025", "2025-10-14")
    lines[2] = lines[2].replace(",Primary,", ",Primary school,")
    lines[3] = lines[3].replace("102903,", "10290X,", 1)
    lines[4] = lines[4].replace(",Secondary,11,18,", ",Secondary,eleven,18,")
    return lines


def test_bad_rows_are_all_reported_and_nothing_is_saved():
    report = import_gias(as_file(_lines_with_bad_rows()), "edubasealldata.csv")

    assert [(e.row, e.column) for e in report.errors] == [
        (2, "LastChangedDate"),
        (3, "PhaseOfEducation (name)"),
        (4, "URN"),
        (5, "StatutoryLowAge"),
    ]
    assert str(report.errors[0]) == (
        "edubasealldata.csv row 2, LastChangedDate: "
        "'2025-10-14' is not a date in the form dd-mm-yyyy."
    )
    assert School.objects.count() == 0
    assert (report.refused, report.saved, report.good_rows, report.bad_rows) == (True, False, 6, 4)
    assert report.created == 0
    assert report.summary() == "edubasealldata.csv: 10 rows, 4 with errors. Nothing saved."
    event = AuditEvent.objects.get(action="import")
    assert (event.changes["outcome"], event.changes["bad_rows"]) == ("refused", 4)


def test_a_bad_row_stops_the_import_even_when_schools_exist():
    SchoolFactory(urn="102901", name="Riverside Meadow Infants", la_code="318")
    lines = sample_lines()
    lines[2] = lines[2].replace(",Primary,", ",Primary school,")
    import_gias(as_file(lines), "edubasealldata.csv")
    assert School.objects.get(urn="102901").name == "Riverside Meadow Infants"
    assert School.objects.count() == 1


def test_every_problem_in_a_row_is_reported():
    lines = sample_lines()
    lines[1] = (
        lines[1].replace("14-10-2025", "2025-10-14").replace(",Primary,3,11,", ",Primary,x,11,")
    )
    report = import_gias(as_file(lines), "edubasealldata.csv")
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "StatutoryLowAge"),
        (2, "LastChangedDate"),
    ]
    assert report.bad_rows == 1


def test_accepting_valid_rows_saves_the_good_ones():
    report = import_gias(
        as_file(_lines_with_bad_rows()), "edubasealldata.csv", accept_valid_rows=True
    )

    assert len(report.errors) == 4
    assert report.created == 6 and School.objects.count() == 6
    assert not School.objects.filter(urn__in=["102901", "102902", "146904"]).exists()
    assert report.summary() == (
        "edubasealldata.csv: 10 rows, 6 created, 0 updated, 0 unchanged, "
        "4 with errors (not imported). 6 changed."
    )
    event = AuditEvent.objects.get(action="import")
    assert (event.changes["outcome"], event.changes["accept_valid_rows"]) == ("saved", True)


def test_a_repeated_urn_names_the_first_row():
    lines = sample_lines()
    lines[4] = lines[4].replace("146904,", "102901,", 1)
    report = import_gias(as_file(lines), "edubasealldata.csv")
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (5, "URN", "URN 102901 is already on row 2."),
    ]
    assert School.objects.count() == 0


def test_a_file_without_urns_is_refused():
    report = import_gias(b"Name,Town\r\nA school,Richmond\r\n", "schools.csv")
    assert report.rows == 0 and School.objects.count() == 0
    assert "no URN or EstablishmentName column" in report.errors[0].message
    assert report.refused and report.summary() == "schools.csv: 0 rows. Nothing saved."


def test_a_narrower_extract_updates_only_its_columns():
    import_gias(SAMPLE.read_bytes(), "edubasealldata.csv")
    report = import_gias(
        b"URN,EstablishmentName,Postcode\r\n102901,Riverside Meadow Primary School,TW1 1XY\r\n",
        "links.csv",
    )
    assert report.updated == 1
    school = School.objects.get(urn="102901")
    assert (school.postcode, school.town, school.head_name) == (
        "TW1 1XY",
        "Twickenham",
        "Anita Okafor",
    )


def test_a_utf8_file_is_read_too():
    report = import_gias(as_file(sample_lines(), "utf-8-sig"), "edubasealldata.csv")
    assert report.created == 10
    assert School.objects.get(urn="149907").name == "Brontë House School"


def test_gias_dates_are_day_month_year_with_dashes():
    assert parse_gias_date("01-09-2019") == date(2019, 9, 1)
    with pytest.raises(ValueError, match="not a real date"):
        parse_gias_date("31-02-2019")


def test_the_command_imports_and_audits():
    out = StringIO()
    call_command("import_gias", str(SAMPLE), stdout=out)
    assert "10 rows, 10 created" in out.getvalue()
    event = AuditEvent.objects.get(action="import")
    assert event.changes["kind"] == "gias" and event.changes["created"] == 10
    assert event.actor_label == "manage.py import_gias"


def test_a_dry_run_saves_nothing():
    out = StringIO()
    call_command("import_gias", str(SAMPLE), "--dry-run", stdout=out)
    assert "10 created" in out.getvalue() and "Dry run" in out.getvalue()
    assert School.objects.count() == 0


def test_the_command_refuses_a_file_with_bad_rows(tmp_path):
    bad = tmp_path / "edubasealldata.csv"
    bad.write_bytes(as_file(_lines_with_bad_rows()))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_gias", str(bad), stdout=out, stderr=err)
    assert str(exc.value) == (
        "Nothing saved: 4 errors in 4 rows. Correct them, or use --accept-valid-rows "
        "to save the 6 rows without errors."
    )
    assert "row 3, PhaseOfEducation (name)" in err.getvalue()
    assert School.objects.count() == 0


def test_the_command_saves_the_good_rows_when_asked(tmp_path):
    bad = tmp_path / "edubasealldata.csv"
    bad.write_bytes(as_file(_lines_with_bad_rows()))
    out = StringIO()
    call_command("import_gias", str(bad), "--accept-valid-rows", stdout=out, stderr=StringIO())
    assert "6 created" in out.getvalue()
    assert "did not import 4 rows with errors" in out.getvalue()
    assert School.objects.count() == 6


def test_a_dry_run_of_a_file_with_bad_rows_says_nothing_would_be_saved(tmp_path):
    bad = tmp_path / "edubasealldata.csv"
    bad.write_bytes(as_file(_lines_with_bad_rows()))
    with pytest.raises(CommandError, match="Nothing saved"):
        call_command("import_gias", str(bad), "--dry-run", stdout=StringIO(), stderr=StringIO())
    out = StringIO()
    call_command(
        "import_gias",
        str(bad),
        "--dry-run",
        "--accept-valid-rows",
        stdout=out,
        stderr=StringIO(),
    )
    assert "6 created" in out.getvalue() and "Dry run" in out.getvalue()
    assert School.objects.count() == 0
