"""The dashboard figures on a small data set whose answers are known, what each role's
caseload rows say, the access policy behind them, and their cost in queries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from children.peps.models import Pep, Status
from children.tracking.models import Alert, Assessment, AttendanceRecord, Suspension
from schools.models import Inspection
from tests.factories import (
    AllocationFactory,
    CareEpisodeFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    SchoolFactory,
    UserFactory,
)
from vsh.accounts.roles import Role
from vsh.core import dashboards
from vsh.terms.models import Season, Term
from vsh.terms.services import ensure_academic_year

pytestmark = pytest.mark.django_db

# Monday 2 March 2026: the spring term of 2025/26 (5 January to 27 March); the term
# before is autumn 2025 (1 September to 19 December).
TODAY = date(2026, 3, 2)
D = Decimal


def _term(start_year, season):
    return Term.objects.get(academic_year__start_year=start_year, season=season)


def _attendance(child, school, start, possible, present, authorised=0):
    return AttendanceRecord.objects.create(
        child=child,
        school=school,
        period_start=start,
        period_end=start + timedelta(days=4),
        possible_sessions=possible,
        present=present,
        authorised_absence=authorised,
        unauthorised_absence=possible - present - authorised,
    )


def _result(child, term, subject, measure, actual, predicted=""):
    return Assessment.objects.create(
        child=child, term=term, subject=subject, measure=measure, actual=actual, predicted=predicted
    )


@pytest.fixture
def cohort(db):
    """Five children: Ava (Year 6), Ben (Year 2), Cal (Year 11), Dee (Reception) and
    Eve (Year 13)."""
    ensure_academic_year(2024)
    ensure_academic_year(2025)
    spring = _term(2025, Season.SPRING)
    summer_before = _term(2024, Season.SUMMER)
    a = SchoolFactory(name="School A", la_code="318")
    b = SchoolFactory(name="School B", la_code="999")
    c = SchoolFactory(name="School C", la_code="999")
    d = SchoolFactory(name="School D", la_code="318")
    Inspection.objects.create(
        school=a, inspected_on=date(2019, 1, 1), framework="eif_2019", overall_grade=2
    )
    Inspection.objects.create(
        school=b, inspected_on=date(2018, 5, 1), framework="eif_2019", overall_grade=4
    )
    Inspection.objects.create(
        school=b, inspected_on=date(2025, 12, 1), framework="report_card_2025"
    )
    Inspection.objects.create(school=c, inspected_on=date(2025, 1, 1), framework="eif_2024")

    ava = ChildFactory(first_name="Ava", last_name="Adams", date_of_birth=date(2015, 1, 10))
    ava.sen_provision = "K"
    ava.save()
    ben = ChildFactory(first_name="Ben", last_name="Brown", date_of_birth=date(2019, 3, 1))
    cal = ChildFactory(first_name="Cal", last_name="Clark", date_of_birth=date(2010, 5, 5))
    dee = ChildFactory(
        first_name="Dee",
        last_name="Dunn",
        date_of_birth=date(2021, 6, 1),
        cohort="previously_looked_after",
    )
    eve = ChildFactory(
        first_name="Eve", last_name="Evans", date_of_birth=date(2008, 1, 1), sen_provision="E"
    )
    CareEpisodeFactory(child=ava, started_on=date(2020, 1, 6), out_of_authority=True)
    CareEpisodeFactory(child=ben, started_on=date(2020, 1, 6))
    CareEpisodeFactory(child=cal, started_on=date(2020, 1, 6))

    EnrolmentFactory(child=ava, school=a, started_on=date(2023, 9, 1))
    EnrolmentFactory(child=ben, school=b, started_on=date(2024, 9, 1))
    EnrolmentFactory(child=cal, school=a, started_on=date(2025, 3, 1), ended_on=date(2025, 5, 31))
    EnrolmentFactory(child=cal, school=b, started_on=date(2025, 6, 1), ended_on=date(2025, 9, 30))
    EnrolmentFactory(child=cal, school=c, started_on=date(2025, 10, 1), ended_on=date(2025, 12, 31))
    EnrolmentFactory(child=cal, school=d, started_on=date(2026, 1, 5))

    _attendance(ava, a, date(2026, 1, 5), 100, 95, authorised=5)
    _attendance(ben, b, date(2026, 1, 12), 100, 80, authorised=15)
    _attendance(cal, d, date(2026, 1, 19), 50, 45)
    _attendance(ava, a, date(2026, 3, 9), 10, 0)  # after today: not counted yet
    _attendance(ava, a, date(2025, 9, 8), 100, 100)

    for child, category, starts_on, sessions in [
        (ben, "SUSP", date(2026, 2, 2), 4),
        (ben, "SUSP", date(2026, 2, 23), 2),
        (cal, "PERM", date(2026, 2, 10), None),
        (ava, "SUSP", date(2025, 11, 10), 2),
    ]:
        Suspension.objects.create(
            child=child,
            school=a,
            category=category,
            starts_on=starts_on,
            sessions=sessions,
            reason="PD",
        )

    _result(ava, spring, "reading", "ks2_scaled", "105")
    _result(ava, spring, "writing", "ks2_ta", "EXS")
    _result(ava, spring, "maths", "ks2_scaled", "98")
    _result(ava, summer_before, "reading", "ks2_scaled", "99")
    _result(ava, summer_before, "maths", "ks2_scaled", "", predicted="110")  # a prediction
    _result(ben, summer_before, "overall", "phonics", "30")
    _result(cal, spring, "english_language", "gcse", "3")
    _result(cal, spring, "english_literature", "gcse", "5")
    _result(cal, spring, "maths", "gcse", "4")
    return {"ava": ava, "ben": ben, "cal": cal, "dee": dee, "eve": eve, "spring": spring}


def _by_label(figures):
    return {f.label: f for f in figures}


def test_the_roll_by_key_stage_cohort_and_sen(cohort, head):
    page = dashboards.cohort(head, today=TODAY)
    assert page["total"] == 5
    assert {r["label"].split(" (")[0]: r["count"] for r in page["key_stages"]} == {
        "Early years foundation stage": 1,
        "Key stage 1": 1,
        "Key stage 2": 1,
        "Key stage 3": 0,
        "Key stage 4": 1,
        "Post-16": 1,
    }
    assert page["key_stages"][2]["url"] == "/children/?key_stage=KS2"
    assert page["key_stages"][2]["percent"] == D("20.0")
    cohorts = {r["label"]: (r["count"], r["percent"]) for r in page["cohort_rows"]}
    assert cohorts["Looked after"] == (4, D("80.0"))
    assert cohorts["Previously looked after"] == (1, D("20.0"))
    sen = {r["label"]: r["count"] for r in page["sen_rows"]}
    assert sen == {
        "No special educational need": 3,
        "SEN support": 1,
        "Education, health and care plan": 1,
    }
    assert page["sen_rows"][1]["url"] == "/children/?sen_provision=K"


def test_placements_schools_and_stability_against_the_end_of_last_term(cohort, head):
    page = dashboards.cohort(head, today=TODAY)
    figures = {f.label.split(" (")[0]: (f.value, f.previous) for f in page["placement"]}
    assert figures == {
        "Placed in the authority": (2, 2),
        "Placed out of the authority": (1, 1),
        "At a school in the authority": (2, 1),
        "At a school out of the authority": (1, 2),
        "Placed or at school out of the authority": (2, 3),
        "Children with 3 or more school moves in the last 12 months": (1, 0),
    }
    either = _by_label(page["placement"])["Placed or at school out of the authority"]
    assert either.url == "/children/?out_of_authority=on"
    assert page["without_school"].value == 1  # Dee, in Reception; Eve is past Year 11


def test_attendance_and_exclusions_this_term_and_last(cohort, head):
    page = dashboards.cohort(head, today=TODAY)
    attendance = _by_label(page["attendance"])
    overall = attendance["Overall attendance"]
    assert (overall.value, overall.previous) == (D("88.0"), D("100.0"))
    assert overall.change == "Down 12.0 points"
    persistent = attendance["Persistent absence (missing 10% or more of sessions)"]
    assert (persistent.value, persistent.previous, persistent.of) == (D("66.7"), D("0.0"), "2 of 3")

    exclusions = _by_label(page["exclusions"])
    assert (exclusions["Suspensions"].value, exclusions["Suspensions"].previous) == (2, 1)
    suspended = exclusions["Children suspended at least once"]
    assert (suspended.value, suspended.previous, suspended.of) == (D("20.0"), D("20.0"), "1 of 5")
    assert suspended.change == "No change"
    permanent = exclusions["Permanent exclusions"]
    assert (permanent.value, permanent.previous) == (1, 0)


def test_attainment_from_actual_results_against_the_year_before(cohort, head):
    figures = _by_label(dashboards.cohort(head, today=TODAY)["attainment"])
    shown = {label: (f.value, f.previous, f.period) for label, f in figures.items()}
    assert shown == {
        "Good level of development at the end of Reception": (None, None, ""),
        "Year 1 phonics check passed (32 or more)": (D("0.0"), None, "2024/25"),
        "Key stage 2 reading at the expected standard": (D("100.0"), D("0.0"), "2025/26"),
        "Key stage 2 writing at the expected standard": (D("100.0"), None, "2025/26"),
        "Key stage 2 maths at the expected standard": (D("0.0"), None, "2025/26"),
        "Key stage 2 reading, writing and maths all at the expected standard": (
            D("0.0"),
            None,
            "2025/26",
        ),
        "GCSE grade 4 or above in English and maths": (D("100.0"), None, "2025/26"),
    }
    assert figures["GCSE grade 4 or above in English and maths"].of == "1 of 1 in 2025/26"


def test_ofsted_profile_of_the_schools_children_attend(cohort, head):
    page = dashboards.cohort(head, today=TODAY)
    profile = {f.label: (f.value, f.previous) for f in page["ofsted"]}
    assert profile == {
        "Outstanding": (0, 0),
        "Good": (1, 1),
        "Requires improvement": (0, 0),
        "Inadequate": (0, 0),
        "Report card (from November 2025)": (1, 1),
        "Inspected from September 2024: no overall grade": (0, 1),
        "No inspection recorded": (1, 0),
        "At good or outstanding schools (of those with an overall grade)": (
            D("100.0"),
            D("100.0"),
        ),
    }


def test_every_cohort_figure_links_to_the_children_behind_it(cohort, head):
    page = dashboards.cohort(head, today=TODAY)
    figures = [
        *page["placement"],
        *page["attendance"],
        *page["exclusions"],
        *page["ofsted"],
        page["without_school"],
        *[f for f in page["attainment"] if f.value is not None],
    ]
    for figure in figures:
        assert figure.url.startswith(("/?figure=", "/children/?")), figure.label
    for row in [*page["key_stages"], *page["cohort_rows"], *page["sen_rows"]]:
        assert row["url"].startswith("/children/?")


def test_the_children_behind_a_figure(cohort, head):
    behind = dashboards.figure_children(head, "persistent_absence", today=TODAY)
    assert behind["title"] == "Children persistently absent this term"
    assert [(r["child"].first_name, r["note"]) for r in behind["rows"]] == [
        ("Ben", "80.0% attendance"),
        ("Cal", "90.0% attendance"),
    ]
    moves = dashboards.figure_children(head, "moves", today=TODAY)
    assert [(r["child"].first_name, r["note"]) for r in moves["rows"]] == [("Cal", "3 moves")]
    suspended = dashboards.figure_children(head, "suspended", today=TODAY)
    assert [(r["child"].first_name, r["note"]) for r in suspended["rows"]] == [
        ("Ben", "2 suspensions")
    ]
    assert suspended["has_notes"]
    rwm = dashboards.figure_children(head, "attainment-ks2-rwm", today=TODAY)
    assert [(r["child"].first_name, r["note"]) for r in rwm["rows"]] == [("Ava", "Not met")]
    assert dashboards.figure_children(head, "no-such-figure", today=TODAY) is None


def test_figures_count_only_the_children_a_user_reaches(cohort):
    """The same figures for someone who reaches only Ben (a granted view would be
    the same): the policy decides, not the role."""
    worker = UserFactory(role=Role.CASEWORKER)
    AllocationFactory(child=cohort["ben"], worker=worker)
    page = dashboards.Cohort(worker, today=TODAY).page()
    assert page["total"] == 1
    overall = _by_label(page["attendance"])["Overall attendance"]
    assert (overall.value, overall.of) == (D("80.0"), "1 of 1")


# Caseloads --------------------------------------------------------------------------


def test_a_caseworkers_rows_flag_what_needs_attention(cohort, head):
    worker = UserFactory(role=Role.CASEWORKER)
    for name in ("ava", "ben", "cal", "dee"):
        AllocationFactory(child=cohort[name], worker=worker)
    AllocationFactory(child=cohort["eve"])  # someone else's
    Pep.objects.create(
        child=cohort["ava"],
        term=cohort["spring"],
        status=Status.SUBMITTED,
        due_on=date(2026, 3, 6),
        created_by=head,
    )
    Pep.objects.create(
        child=cohort["ben"], term=cohort["spring"], due_on=date(2026, 2, 27), created_by=head
    )
    Alert.objects.create(
        child=cohort["ben"], kind="suspension", key="x", raised_on=TODAY, message="Suspended"
    )
    page = dashboards.caseworker(worker, today=TODAY)
    rows = {r.child.first_name: r for r in page["rows"]}
    assert list(rows) == ["Ava", "Ben", "Cal", "Dee"]
    assert page["threshold"] == "90%"

    ava, ben, cal, dee = rows["Ava"], rows["Ben"], rows["Cal"], rows["Dee"]
    assert (ava.attendance, ava.low_attendance, ava.sen) == (D("95.0"), False, "SEN support")
    assert (ava.pep_status, ava.pep_overdue) == ("Submitted for quality assurance", False)
    assert (ben.attendance, ben.low_attendance, ben.suspensions) == (D("80.0"), True, 2)
    assert (ben.pep_status, ben.pep_due, ben.pep_overdue) == (
        "In progress",
        date(2026, 2, 27),
        True,
    )
    assert ben.alerts == 1
    assert (cal.excluded, cal.school.name, cal.pep_status) == (True, "School D", "Not started")
    assert cal.pep_due > TODAY and not cal.pep_overdue  # the termly review, due in March
    assert (dee.no_school_place, dee.pep_needed, dee.pep_status) == (True, False, "")
    assert page["summary"] == {
        "children": 4,
        "low_attendance": 1,
        "suspended": 2,
        "without_place": 1,
        "peps_overdue": 1,
        "peps_done": 1,
        "peps_needed": 3,
        "sen": 1,
        "attendance_missing": 3,
    }
    assert [a.message for a in page["alert_rows"]] == ["Suspended"]


def test_each_caseworker_count_narrows_the_table_to_the_children_it_counts(cohort, head):
    worker = UserFactory(role=Role.CASEWORKER)
    for name in ("ava", "ben", "cal", "dee"):
        AllocationFactory(child=cohort[name], worker=worker)
    Pep.objects.create(
        child=cohort["ava"],
        term=cohort["spring"],
        status=Status.SUBMITTED,
        due_on=date(2026, 3, 6),
        created_by=head,
    )
    Pep.objects.create(
        child=cohort["ben"], term=cohort["spring"], due_on=date(2026, 2, 27), created_by=head
    )
    page = dashboards.caseworker(worker, today=TODAY)
    shown = {
        key: [r.child.first_name for r in dashboards.show_only(page, key)["rows"]]
        for key in page["summary_urls"]
    }
    assert shown == {
        "low_attendance": ["Ben"],
        "suspended": ["Ben", "Cal"],
        "without_place": ["Dee"],
        "peps_needed": ["Ava", "Ben", "Cal"],
        "peps_done": ["Ava"],
        "peps_overdue": ["Ben"],
        "sen": ["Ava"],
        "attendance_missing": ["Ava", "Ben", "Cal"],
    }
    assert {key: len(names) for key, names in shown.items()} == {
        key: value for key, value in page["summary"].items() if key != "children"
    }
    narrowed = dashboards.show_only(page, "low_attendance")
    assert narrowed["summary"] == page["summary"]  # the counts stay the whole caseload's
    assert narrowed["showing"] == {"label": "Attendance below 90% this term", "count": 1}
    assert dashboards.show_only(page, "nonsense")["rows"] == page["rows"]
    # Only the caseworker's page links its counts; the others keep every row.
    other_page = dashboards.social_worker(worker, today=TODAY)
    assert dashboards.show_only(other_page, "sen") is other_page


def test_pep_due_dates_follow_the_deadline_rules(cohort):
    """Without a PEP, the due date is the one children.peps.deadlines gives."""
    from children.peps.deadlines import due_date

    worker = UserFactory(role=Role.CASEWORKER)
    newcomer = ChildFactory(date_of_birth=date(2016, 2, 2))
    CareEpisodeFactory(child=newcomer, started_on=date(2026, 2, 9))
    for child in (newcomer, cohort["cal"]):
        AllocationFactory(child=child, worker=worker)
    rows = {r.child.pk: r for r in dashboards.caseworker(worker, today=TODAY)["rows"]}
    for child, entered in ((newcomer, date(2026, 2, 9)), (cohort["cal"], date(2020, 1, 6))):
        assert rows[child.pk].pep_due == due_date(term=cohort["spring"], entered_care_on=entered)[1]


def test_a_designated_teacher_sees_what_is_due_for_their_pupils(cohort):
    school = cohort["ben"].enrolments.get().school
    teacher = DesignatedTeacherFactory(school=school).user
    page = dashboards.designated_teacher(teacher, today=TODAY)
    assert [s.name for s in page["schools"]] == ["School B"]
    assert [r.child.first_name for r in page["rows"]] == ["Ben"]
    # The last school week before Monday 2 March: 23 to 27 February, not recorded.
    assert page["last_period"] == (date(2026, 2, 23), date(2026, 2, 27))
    assert [r.child.first_name for r in page["attendance_missing"]] == ["Ben"]
    assert [r.child.first_name for r in page["peps_due"]] == ["Ben"]

    _attendance(cohort["ben"], school, date(2026, 2, 23), 10, 10)
    page = dashboards.designated_teacher(teacher, today=TODAY)
    assert page["attendance_missing"] == []


def test_the_last_period_skips_half_term(cohort):
    # Monday 23 February 2026: the week before was half term.
    terms = list(Term.objects.order_by("-starts_on"))
    assert dashboards._last_period(date(2026, 2, 23), terms, "weekly") == (
        date(2026, 2, 9),
        date(2026, 2, 13),
    )
    assert dashboards._last_period(date(2026, 3, 2), terms, "half_termly") == (
        date(2026, 1, 5),
        date(2026, 2, 15),
    )


def test_a_social_worker_sees_their_childrens_education(cohort):
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    AllocationFactory(child=cohort["cal"], kind="social_worker", worker=worker)
    Alert.objects.create(
        child=cohort["cal"], kind="low_attendance", key="a", raised_on=TODAY, message="Low"
    )
    Alert.objects.create(
        child=cohort["cal"], kind="exclusion", key="b", raised_on=TODAY, message="Excluded"
    )
    page = dashboards.social_worker(worker, today=TODAY)
    (row,) = page["rows"]
    assert (row.school.name, row.attendance, row.pep_status) == (
        "School D",
        D("90.0"),
        "Not started",
    )
    assert row.alerts == 1  # attendance alerts are for the school and the virtual school
    assert [a.message for a in page["alert_rows"]] == ["Excluded"]


# Cost ---------------------------------------------------------------------------------


def _many(size: int, worker, teacher_school):
    spring = _term(2025, Season.SPRING)
    for n in range(size):
        child = ChildFactory(date_of_birth=date(2012 + n % 6, 3, 1), sen_provision="NKE"[n % 3])
        CareEpisodeFactory(child=child, started_on=date(2020, 1, 6))
        school = teacher_school if n % 2 else SchoolFactory()
        EnrolmentFactory(child=child, school=school, started_on=date(2024, 9, 1))
        Inspection.objects.create(
            school=school,
            inspected_on=date(2020, 1, 1) + timedelta(days=n),
            framework="eif_2019",
            overall_grade=1 + n % 4,
        )
        AllocationFactory(child=child, worker=worker)
        AllocationFactory(child=child, kind="social_worker", worker=worker.sw)
        _attendance(child, school, date(2026, 2, 23), 10, 8 + n % 3)
        Suspension.objects.create(
            child=child,
            school=school,
            category="SUSP",
            starts_on=date(2026, 2, 2),
            sessions=2,
            reason="PD",
        )
        _result(child, spring, "reading", "ks2_scaled", str(95 + n % 10))
        Alert.objects.create(
            child=child, kind="suspension", key=f"s{n}", raised_on=TODAY, message="Suspended"
        )


@pytest.mark.parametrize("size", [5, 40])
def test_each_dashboard_costs_the_same_number_of_queries(
    db, size, head, django_assert_max_num_queries
):
    ensure_academic_year(2024)
    ensure_academic_year(2025)
    worker = UserFactory(role=Role.CASEWORKER)
    worker.sw = UserFactory(role=Role.SOCIAL_WORKER)
    designation = DesignatedTeacherFactory()
    _many(size, worker, designation.school)
    from vsh.core.models import AuthoritySettings

    AuthoritySettings.load()
    with django_assert_max_num_queries(10):
        page = dashboards.cohort(head, today=TODAY)
    assert page["total"] == size
    with django_assert_max_num_queries(10):
        assert len(dashboards.caseworker(worker, today=TODAY)["rows"]) == size
    with django_assert_max_num_queries(10):
        assert len(dashboards.social_worker(worker.sw, today=TODAY)["rows"]) == size
    with django_assert_max_num_queries(11):
        assert (
            len(dashboards.designated_teacher(designation.user, today=TODAY)["rows"]) == size // 2
        )
    with django_assert_max_num_queries(11):
        assert len(dashboards.figure_children(head, "suspended", today=TODAY)["rows"]) == size
