"""Each assessment measure is for certain year groups and subjects: the form, the CSV
import and the services refuse a GCSE grade for a Year 2 pupil, a phonics mark in
Year 10 or an EYFS judgement in mathematics, saying the child's year group and what
the measure is for. The year group is the child's in the term's academic year."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from children.school_years import academic_year_start
from children.tracking import codes, imports, services
from children.tracking.models import Assessment
from tests.factories import ChildFactory, DesignatedTeacherFactory, EnrolmentFactory, SchoolFactory
from tests.tracking.factories import AssessmentFactory, term
from vsh.terms.models import AcademicYear

pytestmark = pytest.mark.django_db
THIS_YEAR = academic_year_start(timezone.localdate())
M = codes.Measure
S = codes.Subject


def born_in_year(year_group: int, start_year: int = THIS_YEAR) -> date:
    """A date of birth that puts a child in `year_group` in the academic year starting
    in September of `start_year` (0 is Reception)."""
    return date(start_year - year_group - 5, 12, 1)


def pupil(year_group: int, start_year: int = THIS_YEAR, **fields):
    names = {"first_name": "Amara", "last_name": "Okafor"}
    return ChildFactory(date_of_birth=born_in_year(year_group, start_year), **{**names, **fields})


@pytest.fixture
def school():
    return SchoolFactory(name="Riverside Academy")


@pytest.fixture
def teacher(school):
    return DesignatedTeacherFactory(school=school).user


def test_every_measure_has_its_year_groups_and_subjects():
    assert set(codes.MEASURE_YEARS) == set(M.values)
    assert set(codes.MEASURE_SUBJECTS) == set(M.values)
    assert codes.describe_years(M.EYFS_GLD) == "Reception"
    assert codes.describe_years(M.PHONICS) == "Year 1 and Year 2"
    assert codes.describe_years(M.GCSE) == "Year 9 to Year 13"


FITS = [
    (M.EYFS_GLD, S.OVERALL, 0),
    (M.PHONICS, S.OVERALL, 1),
    (M.PHONICS, S.OVERALL, 2),  # a retake
    (M.MTC, S.MATHS, 4),
    (M.KS2_SCALED, S.READING, 6),
    (M.KS2_SCALED, S.GPS, 6),
    (M.KS2_TA, S.WRITING, 6),
    (M.GCSE, S.ENGLISH_LANGUAGE, 9),
    (M.GCSE, S.MATHS, 11),
    (M.GCSE, S.MATHS, 13),  # a resit
    (M.TERMLY_TA, S.READING, 0),
    (M.TERMLY_TA, S.HISTORY, 8),
    (M.TERMLY_TA, S.OTHER, 12),
]


@pytest.mark.parametrize(("measure", "subject", "year"), FITS)
def test_a_measure_in_its_year_groups_and_subjects_fits(measure, subject, year):
    child = pupil(year)
    assert services.assessment_fit_problems(child, term().starts_on, subject, measure) == {}


WRONG_YEAR = [
    (M.GCSE, S.MATHS, 2, "GCSE grades are for Years 9 to 11, and for resits in Years 12 and 13"),
    (M.GCSE, S.MATHS, 8, "GCSE grades are for Years 9 to 11"),
    (M.PHONICS, S.OVERALL, 10, "The phonics screening check is taken in Year 1"),
    (M.PHONICS, S.OVERALL, 3, "The phonics screening check is taken in Year 1"),
    (M.EYFS_GLD, S.OVERALL, 1, "assessed at the end of Reception"),
    (M.MTC, S.MATHS, 5, "The multiplication tables check is taken in Year 4"),
    (M.KS2_SCALED, S.MATHS, 5, "Key stage 2 test scaled scores are for Year 6"),
    (M.KS2_TA, S.WRITING, 7, "Key stage 2 teacher assessment is for Year 6"),
]


@pytest.mark.parametrize(("measure", "subject", "year", "purpose"), WRONG_YEAR)
def test_a_measure_outside_its_year_groups_is_refused_naming_both(measure, subject, year, purpose):
    child = pupil(year)
    problems = services.assessment_fit_problems(child, term().starts_on, subject, measure)
    assert list(problems) == ["measure"]
    label = "Reception" if year == 0 else f"Year {year}"
    assert purpose in problems["measure"]
    assert (
        f"Amara Okafor is in {label} in {THIS_YEAR}/{(THIS_YEAR + 1) % 100:02d}"
        in (problems["measure"])
    )
    assert problems["measure"].endswith(f"choose a measure for {label}.")


@pytest.mark.parametrize(
    ("measure", "subject", "message"),
    [
        (M.EYFS_GLD, S.MATHS, "one overall judgement"),
        (M.PHONICS, S.READING, "one overall mark"),
        (M.MTC, S.READING, "choose Mathematics"),
        (M.KS2_SCALED, S.WRITING, "reading, mathematics, and grammar, punctuation and spelling"),
        (M.KS2_TA, S.HISTORY, "reading, writing, mathematics and science"),
        (M.GCSE, S.READING, "There is no GCSE in this subject"),
        (M.TERMLY_TA, S.OVERALL, "only for the EYFS good level of development"),
    ],
)
def test_a_measure_in_a_subject_it_does_not_cover_is_refused(measure, subject, message):
    year = {M.EYFS_GLD: 0, M.PHONICS: 1, M.MTC: 4, M.GCSE: 10}.get(measure, 6)
    problems = services.assessment_fit_problems(pupil(year), term().starts_on, subject, measure)
    assert list(problems) == ["subject"]
    assert message in problems["subject"]


def test_the_year_group_is_the_childs_in_the_terms_academic_year():
    # In Year 7 now, in Year 6 last year: last summer's key stage 2 result fits.
    child = pupil(7)
    last_summer = term("summer", THIS_YEAR - 1)
    assert (
        services.assessment_fit_problems(child, last_summer.starts_on, S.MATHS, M.KS2_SCALED) == {}
    )
    problems = services.assessment_fit_problems(child, term().starts_on, S.MATHS, M.KS2_SCALED)
    assert "is in Year 7" in problems["measure"]
    # A year back, the message speaks of the past.
    problems = services.assessment_fit_problems(
        child, term("autumn", THIS_YEAR - 2).starts_on, S.MATHS, M.GCSE
    )
    assert f"Amara Okafor was in Year 5 in {THIS_YEAR - 2}/" in problems["measure"]


def test_out_of_school_ages_are_told_to_check_the_date_of_birth():
    child = pupil(15)
    problems = services.assessment_fit_problems(child, term().starts_on, S.MATHS, M.TERMLY_TA)
    assert "is past Year 13" in problems["measure"]
    assert "Check the term and the child's date of birth." in problems["measure"]


# The services, whoever calls them -----------------------------------------------------


def test_the_services_refuse_a_misfit_and_save_nothing(teacher):
    child = pupil(2)
    with pytest.raises(ValidationError) as refused:
        services.create_assessment(
            user=teacher,
            child=child,
            data={"term": term(), "subject": S.MATHS, "measure": M.GCSE, "actual": "5"},
        )
    assert "GCSE grades are for Years 9 to 11" in str(refused.value.message_dict["measure"])
    assert not Assessment.objects.exists()

    existing = AssessmentFactory(child=child, term=term(), subject=S.MATHS)
    with pytest.raises(ValidationError):
        services.update_assessment(
            user=teacher,
            assessment=existing,
            data={
                "term": term(),
                "subject": S.MATHS,
                "subject_name": "",
                "measure": M.MTC,
                "actual": "20",
                "predicted": "",
                "target": "",
            },
        )
    existing.refresh_from_db()
    assert existing.measure == M.TERMLY_TA


# The form ----------------------------------------------------------------------------


def form_post(**changes):
    data = {
        "term": term().pk,
        "subject": "maths",
        "subject_name": "",
        "measure": "gcse",
        "actual": "5",
        "predicted": "",
        "target": "",
    }
    data.update(changes)
    return data


def test_the_form_shows_the_refusal_against_the_measure(login, teacher, school):
    child = pupil(2)
    EnrolmentFactory(child=child, school=school, started_on=date(THIS_YEAR - 3, 9, 1))
    client = login(teacher)
    address = reverse("tracking:assessment_add", kwargs={"child_pk": child.pk})
    response = client.post(address, form_post())
    assert response.status_code == 200
    html = response.content.decode()
    assert "GCSE grades are for Years 9 to 11, and for resits in Years 12 and 13, but " in html
    assert "Amara Okafor is in Year 2" in html
    html = client.post(address, form_post(measure="phonics", actual="33")).content.decode()
    assert "has one overall mark" in html
    assert not Assessment.objects.exists()
    # A phonics retake in Year 2 is fine.
    response = client.post(address, form_post(measure="phonics", subject="overall", actual="33"))
    assert response.status_code == 302
    assert Assessment.objects.get().measure == M.PHONICS


# The CSV import ------------------------------------------------------------------------


def csv_file(*rows: str) -> bytes:
    return ("UPN,Term,Subject,Measure,Actual,Predicted,Target\n" + "\n".join(rows)).encode()


@pytest.fixture
def pupils(school):
    year2 = pupil(2, upn="W318200012345")
    year10 = pupil(10, first_name="Ben", upn="K318200012346")
    for child in (year2, year10):
        EnrolmentFactory(child=child, school=school, started_on=date(THIS_YEAR - 3, 9, 1))
    return year2, year10


def test_the_import_reports_misfits_by_row_and_saves_nothing_for_them(login, teacher, pupils):
    this_term = f"Autumn {THIS_YEAR}/{(THIS_YEAR + 1) % 100:02d}"
    content = csv_file(
        f"W318200012345,{this_term},maths,termly_ta,expected,,",  # fits
        f"W318200012345,{this_term},maths,gcse,5,,",  # GCSE in Year 2
        f"K318200012346,{this_term},overall,phonics,35,,",  # phonics in Year 10
        f"K318200012346,{this_term},maths,eyfs_gld,yes,,",  # EYFS, in maths, in Year 10
        f"K318200012346,{this_term},english_language,gcse,5,6,6",  # fits
    )
    check = imports.check_attainment(content, filename="results.csv", user=teacher)
    found = {(p.row, p.column): (p.value, p.message) for p in check.problems}
    assert found[(3, "Measure")][0] == "gcse"
    assert "Amara Okafor is in Year 2" in found[(3, "Measure")][1]
    assert "GCSE grades are for Years 9 to 11" in found[(3, "Measure")][1]
    assert "Ben Okafor is in Year 10" in found[(4, "Measure")][1]
    assert "phonics screening check is taken in Year 1" in found[(4, "Measure")][1]
    assert found[(5, "Subject")][0] == "maths"
    assert "one overall judgement" in found[(5, "Subject")][1]
    assert "end of Reception" in found[(5, "Measure")][1]
    assert [row.row for row in check.good] == [2, 6]
    assert check.bad_rows == 3
    assert not Assessment.objects.exists()

    # Through the pages: nothing is saved until the person confirms the rest.
    client = login(teacher)
    address = reverse("tracking:import_attainment")
    response = client.post(
        address, {"file": SimpleUploadedFile("results.csv", content, "text/csv")}
    )
    assert "Amara Okafor is in Year 2" in response.content.decode()
    assert not Assessment.objects.exists()
    token = client.session["tracking_upload_attainment"]["token"]
    client.post(reverse("tracking:import_attainment_confirm"), {"token": token, "confirm": "on"})
    assert sorted(Assessment.objects.values_list("measure", flat=True)) == ["gcse", "termly_ta"]


def test_a_misfit_recorded_before_the_rule_is_not_updated_by_an_import(teacher, pupils):
    year2, _ = pupils
    legacy = AssessmentFactory(
        child=year2, term=term(), subject=S.MATHS, measure=M.GCSE, actual="3", target=""
    )
    this_term = f"Autumn {THIS_YEAR}/{(THIS_YEAR + 1) % 100:02d}"
    check = imports.check_attainment(
        csv_file(f"W318200012345,{this_term},maths,gcse,4,,"), filename="r.csv", user=teacher
    )
    assert [(p.row, p.column) for p in check.problems] == [(2, "Measure")]
    assert not check.good
    # The service refuses it too, whatever reaches it.
    row = imports.GoodRow(
        row=2,
        child=year2,
        label="",
        outcome="changed",
        term_key=(THIS_YEAR, "autumn"),
        key={"subject": S.MATHS, "measure": M.GCSE, "subject_name": ""},
        values={"actual": "4", "predicted": "", "target": ""},
    )
    with pytest.raises(ValidationError):
        services.import_assessments(user=teacher, rows=[row], filename="r.csv", refused=0)
    legacy.refresh_from_db()
    assert legacy.actual == "3"


def test_a_term_not_yet_in_the_calendar_is_checked_without_adding_it(teacher, school):
    start_year = THIS_YEAR - 10
    child = pupil(6, start_year, upn="W318200012345")
    EnrolmentFactory(child=child, school=school, started_on=date(start_year - 3, 9, 1))
    name = f"{start_year}/{(start_year + 1) % 100:02d}"
    check = imports.check_attainment(
        csv_file(
            f"W318200012345,Summer {name},reading,ks2_scaled,104,,",
            f"W318200012345,Summer {name},maths,mtc,20,,",
        ),
        filename="old.csv",
        user=teacher,
    )
    assert [row.row for row in check.good] == [2]
    assert [(p.row, p.column) for p in check.problems] == [(3, "Measure")]
    assert f"Amara Okafor was in Year 6 in {name}" in check.problems[0].message
    assert not AcademicYear.objects.filter(start_year=start_year).exists()


# The demo authority -----------------------------------------------------------------------


def test_the_demo_assessments_fit_their_year_groups_and_subjects():
    call_command("seed_demo", children=120, seed=7, stdout=StringIO())
    assessments = list(Assessment.objects.select_related("child", "term"))
    assert {a.measure for a in assessments} >= {M.TERMLY_TA, M.GCSE, M.PHONICS, M.KS2_SCALED}
    misfits = [
        (a.child.local_id, str(a.term), a.subject, a.measure, problems)
        for a in assessments
        if (
            problems := services.assessment_fit_problems(
                a.child, a.term.starts_on, a.subject, a.measure
            )
        )
    ]
    assert misfits == []
