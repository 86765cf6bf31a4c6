"""Attendance and attainment CSV imports: the report a school office can act on,
nothing saved until the person confirms, only good rows saved, the same file twice
changing nothing, and UPNs outside the uploader's reach refused without saying
whether the child exists."""

import csv
import io
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from children.tracking import codes, imports
from children.tracking.models import Assessment, AttendanceRecord
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    SchoolFactory,
    UserFactory,
)
from tests.tracking.factories import AttendanceRecordFactory
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
ATTENDANCE = "tracking:import_attendance"
ATTAINMENT = "tracking:import_attainment"


@pytest.fixture
def school():
    return SchoolFactory(name="Riverside Academy")


@pytest.fixture
def pupils(school):
    """Two pupils on the school's roll (Year 6 and Year 11 in 2025/26), and a child of
    another school with a UPN."""
    amy = ChildFactory(
        first_name="Amy", last_name="Adams", upn="W318200012345", date_of_birth=date(2015, 5, 17)
    )
    ben = ChildFactory(
        first_name="Ben", last_name="Brown", upn="K318200012346", date_of_birth=date(2010, 3, 2)
    )
    for child in (amy, ben):
        EnrolmentFactory(child=child, school=school, started_on=date(2023, 9, 1))
    elsewhere = ChildFactory(first_name="Zed", last_name="Zephyr", upn="Z318200012347")
    EnrolmentFactory(child=elsewhere, started_on=date(2024, 9, 1))
    return {"amy": amy, "ben": ben, "elsewhere": elsewhere}


@pytest.fixture
def teacher(school):
    return DesignatedTeacherFactory(school=school).user


def upload(client, name, filename, **data):
    file = SimpleUploadedFile(filename, (DATA / filename).read_bytes(), "text/csv")
    return client.post(reverse(name), {"file": file, **data})


def confirm(client, name, **data):
    token = client.session[f"tracking_upload_{name.split('_')[-1]}"]["token"]
    return client.post(reverse(f"{name}_confirm"), {"token": token, **data})


# Attendance: a good file -------------------------------------------------------------


@mock.patch("children.tracking.alerts.on_attendance_recorded")
def test_a_good_file_is_previewed_then_saved_on_confirmation(hook, login, teacher, pupils):
    client = login(teacher)
    response = upload(client, ATTENDANCE, "attendance_good.csv")
    html = response.content.decode()
    assert "Check and confirm the import" in html
    assert "3 rows for 2 children" in html
    assert "Amy Adams" in html and "Ben Brown" in html
    assert "Import 3 rows" in html
    assert not AttendanceRecord.objects.exists()  # nothing saved yet
    hook.assert_not_called()

    response = confirm(client, ATTENDANCE)
    assert "3 rows imported" in response.content.decode()
    records = AttendanceRecord.objects.filter(child=pupils["amy"]).order_by("period_start")
    first, second = records
    # / 4, \ 4, L 1 present; B 1 approved activity; # outside possible sessions.
    assert (first.possible_sessions, first.present, first.approved_activity) == (10, 9, 1)
    assert first.attendance_rate == 100 and first.source == "imported"
    assert (second.possible_sessions, second.authorised_absence, second.unauthorised_absence) == (
        10,
        2,
        2,
    )
    assert hook.call_count == 3
    event = AuditEvent.objects.get(action="import")
    assert event.changes["kind"] == "attendance"
    assert (event.changes["created"], event.changes["updated"], event.changes["refused"]) == (
        3,
        0,
        0,
    )
    assert (
        AuditEvent.objects.filter(action="create", object_type="tracking.AttendanceRecord").count()
        == 3
    )
    assert "tracking_upload_attendance" not in client.session


def test_importing_the_same_file_again_changes_nothing(login, teacher, pupils):
    client = login(teacher)
    upload(client, ATTENDANCE, "attendance_good.csv")
    confirm(client, ATTENDANCE)
    before = list(AttendanceRecord.objects.order_by("pk").values())
    html = upload(client, ATTENDANCE, "attendance_good.csv").content.decode()
    assert "3 already recorded" in html
    response = confirm(client, ATTENDANCE)
    assert "0 added, 0 changed, 3 unchanged" in response.content.decode()
    assert list(AttendanceRecord.objects.order_by("pk").values()) == before
    assert not AuditEvent.objects.filter(action="update").exists()


def test_a_changed_row_updates_the_period(login, teacher, pupils, school):
    AttendanceRecordFactory(
        child=pupils["ben"],
        school=school,
        period_start=date(2025, 9, 8),
        period_end=date(2025, 9, 12),
        possible_sessions=10,
        present=2,
        authorised_absence=8,
    )
    client = login(teacher)
    assert (
        "1 changing what is recorded"
        in upload(client, ATTENDANCE, "attendance_good.csv").content.decode()
    )
    confirm(client, ATTENDANCE)
    ben = AttendanceRecord.objects.get(child=pupils["ben"])
    assert (ben.present, ben.authorised_absence) == (10, 0)
    assert AuditEvent.objects.filter(action="update").count() == 1


# Attendance: problems -----------------------------------------------------------------


def problems_of(response) -> list:
    return response.context["check"].problems


def test_bad_rows_are_reported_by_row_column_and_what_to_do(login, teacher, pupils):
    client = login(teacher)
    response = upload(client, ATTENDANCE, "attendance_bad.csv")
    found = {(p.row, p.column): p for p in problems_of(response)}
    assert found[(3, "\\")].message == "Enter a whole number of sessions, such as 38"
    assert found[(3, "\\")].value == "x"
    assert found[(4, "UPN")].message.startswith("No child you can update has UPN Z318200012347.")
    assert found[(5, "UPN")].message.startswith("No child you can update has UPN N318200012348.")
    assert found[(6, "Period start")].value == "32/09/2025"
    assert "such as 01/09/2025" in found[(6, "Period start")].message
    assert found[(7, "Period start")].message.startswith("Row 2 has attendance for this pupil")
    assert "at most 10 sessions" in found[(8, "Attendance codes")].message
    assert found[(9, "UPN")].message == "Enter the pupil's UPN, such as A123456789012"
    html = response.content.decode()
    assert "Some rows have problems" in html
    assert "Import the 1 good row" in html
    assert "the column headings are row 1" in html
    assert not AttendanceRecord.objects.exists()


def test_outside_reach_and_unknown_upns_get_the_same_answer(login, teacher, pupils):
    response = upload(login(teacher), ATTENDANCE, "attendance_bad.csv")
    messages = {p.row: p.message for p in problems_of(response) if p.column == "UPN"}
    elsewhere = messages[4].replace("Z318200012347", "UPN-X")
    nobody = messages[5].replace("N318200012348", "UPN-X")
    assert elsewhere == nobody
    assert "Zed" not in response.content.decode()


def test_good_rows_are_saved_only_after_confirming_the_bad_ones_are_left_out(
    login, teacher, pupils
):
    client = login(teacher)
    upload(client, ATTENDANCE, "attendance_bad.csv")
    response = confirm(client, ATTENDANCE)  # without ticking the box
    assert "Confirm that the rows with problems will not be imported" in (response.content.decode())
    assert not AttendanceRecord.objects.exists()
    response = confirm(client, ATTENDANCE, confirm="on")
    assert "1 row imported" in response.content.decode()
    saved = AttendanceRecord.objects.get()
    assert (saved.child, saved.period_start) == (pupils["amy"], date(2025, 9, 8))
    assert AuditEvent.objects.get(action="import").changes["refused"] == 7


def test_unknown_code_columns_refuse_the_file(login, teacher, pupils):
    client = login(teacher)
    response = upload(client, ATTENDANCE, "attendance_unknown_code.csv")
    html = response.content.decode()
    assert "The file cannot be imported" in html
    assert "‘Z9’ is not a DfE attendance code" in html
    assert response.context["confirm_form"] is None and "Import 1 row" not in html
    assert "tracking_upload_attendance" not in client.session


def test_withdrawn_codes_are_accepted_for_earlier_periods_only(login, teacher, pupils):
    response = upload(login(teacher), ATTENDANCE, "attendance_legacy.csv")
    check = response.context["check"]
    assert [row.row for row in check.good] == [2]
    assert check.good[0].data["authorised_absence"] == 4  # H: agreed family holiday
    (problem,) = check.problems
    assert (problem.row, problem.column) == (3, "H")
    assert "withdrawn on 19 August 2024" in problem.message and "G (holiday" in problem.message


def test_periods_overlapping_a_recorded_period_are_refused(login, teacher, pupils, school):
    AttendanceRecordFactory(
        child=pupils["amy"],
        school=school,
        period_start=date(2025, 9, 1),
        period_end=date(2025, 9, 10),
    )
    check = upload(login(teacher), ATTENDANCE, "attendance_good.csv").context["check"]
    (problem,) = check.problems
    assert problem.row == 2 and "already recorded and overlaps this period" in problem.message


def test_a_confirmation_without_the_upload_saves_nothing(login, teacher, pupils):
    client = login(teacher)
    upload(client, ATTENDANCE, "attendance_good.csv")
    response = client.post(reverse("tracking:import_attendance_confirm"), {"token": "forged"})
    assert response.status_code == 302
    assert not AttendanceRecord.objects.exists()


# Who may import --------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.PARTNER])
def test_only_schools_and_the_virtual_school_import(login, role, pupils):
    client = login(UserFactory(role=role))
    for name in (ATTENDANCE, ATTAINMENT):
        assert client.get(reverse(name)).status_code == 403
        assert client.get(reverse(f"{name}_template")).status_code == 403
        assert upload(client, name, "attendance_good.csv").status_code == 403
        assert client.post(reverse(f"{name}_confirm"), {"token": "x"}).status_code == 403


def test_a_designated_teacher_without_a_school_is_refused(login):
    former = DesignatedTeacherFactory(started_on=date(2024, 1, 1), ended_on=date(2025, 1, 1)).user
    assert login(former).get(reverse(ATTENDANCE)).status_code == 403


def test_virtual_school_staff_choose_the_school(login, manager, pupils, school):
    client = login(manager)
    page = client.get(reverse(ATTENDANCE)).content.decode()
    assert "Riverside Academy" in page and 'name="school"' in page
    response = upload(client, ATTENDANCE, "attendance_good.csv")
    assert "Choose the school the file comes from" in response.content.decode()
    response = upload(client, ATTENDANCE, "attendance_good.csv", school=school.pk)
    assert len(response.context["check"].good) == 3


def test_a_caseworker_imports_only_for_their_children(login, caseworker, pupils, school):
    AllocationFactory(child=pupils["amy"], worker=caseworker)
    client = login(caseworker)
    response = upload(client, ATTENDANCE, "attendance_good.csv", school=school.pk)
    check = response.context["check"]
    assert {row.child for row in check.good} == {pupils["amy"]}
    assert [p.message.split(".")[0] for p in check.problems] == [
        "No child you can update has UPN K318200012346"
    ]


def test_the_templates_download_with_the_headings(login, teacher):
    client = login(teacher)
    response = client.get(reverse("tracking:import_attendance_template"))
    assert response["Content-Type"].startswith("text/csv")
    heading = response.content.decode().strip().split(",")
    assert heading[:3] == ["UPN", "Period start", "Period end"]
    assert set(heading[3:]) == set(codes.ATTENDANCE_CODES)
    response = client.get(reverse("tracking:import_attainment_template"))
    assert response.content.decode().startswith("UPN,Term,Subject,Measure,Actual")
    assert AuditEvent.objects.filter(action="download").count() == 2


def test_csv_lines_show_typed_formulas_as_text():
    line = imports._csv_line(['=HYPERLINK("http://x")', "@cmd", "-1+1", "-3", "UPN", "#"])
    assert line.endswith("\r\n")
    assert next(csv.reader(io.StringIO(line))) == [
        '\'=HYPERLINK("http://x")',
        "'@cmd",
        "'-1+1",
        "-3",
        "UPN",
        "#",
    ]


# Attainment ---------------------------------------------------------------------------


def test_attainment_good_file_and_reimport(login, teacher, pupils):
    client = login(teacher)
    response = upload(client, ATTAINMENT, "attainment_good.csv")
    assert "3 rows for 2 children" in response.content.decode()
    assert not Assessment.objects.exists()
    confirm(client, ATTAINMENT)
    maths = Assessment.objects.get(child=pupils["amy"], subject="maths")
    assert (str(maths.term), maths.measure, maths.actual, maths.predicted, maths.target) == (
        "Autumn 2025/26",
        "termly_ta",
        "expected",
        "above",
        "above",
    )
    gcse = Assessment.objects.get(child=pupils["ben"])
    assert (gcse.actual, gcse.target, str(gcse.term)) == ("4", "U", "Summer 2025/26")
    before = list(Assessment.objects.order_by("pk").values())
    upload(client, ATTAINMENT, "attainment_good.csv")
    response = confirm(client, ATTAINMENT)
    assert "0 added, 0 changed, 3 unchanged" in response.content.decode()
    assert list(Assessment.objects.order_by("pk").values()) == before


def test_attainment_problems_are_reported(login, teacher, pupils):
    response = upload(login(teacher), ATTAINMENT, "attainment_bad.csv")
    found = {(p.row, p.column): p.message for p in problems_of(response)}
    assert found[(3, "Term")] == imports.TERM_EXAMPLE
    assert found[(4, "Actual")] == (
        "Enter the actual result as one of BLW, PK, WTS, EXS or GDS "
        "(Key stage 2 teacher assessment)"
    )
    assert found[(5, "Subject")].startswith("This is not a subject this service records")
    assert found[(6, "Actual")].startswith("Enter the actual result as a whole number from 0 to 40")
    assert found[(7, "UPN")].startswith("No child you can update has UPN Z318200012347")
    assert found[(8, "Subject")].startswith("Row 2 has the same pupil, term, subject and measure")
    check = response.context["check"]
    assert [row.row for row in check.good] == [2]
    assert check.notes == ["These columns were not used: Forename."]
    assert not Assessment.objects.exists()


def test_blank_cells_leave_recorded_values_alone(login, teacher, pupils):
    client = login(teacher)
    upload(client, ATTAINMENT, "attainment_good.csv")
    confirm(client, ATTAINMENT)
    reading = Assessment.objects.get(child=pupils["amy"], subject="reading")
    reading.predicted = "expected"
    reading.save()
    upload(client, ATTAINMENT, "attainment_good.csv")
    confirm(client, ATTAINMENT)
    reading.refresh_from_db()
    assert reading.predicted == "expected"
