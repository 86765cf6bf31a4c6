"""Who needs a PEP, where each PEP has got to, and the compliance dashboard."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from children import codes
from children.peps import compliance, deadlines
from children.peps.compliance import State
from children.peps.deadlines import TermDeadlines
from tests.factories import (
    AllocationFactory,
    DesignatedTeacherFactory,
    SchoolFactory,
    UserFactory,
)
from vsh.accounts.roles import Role
from vsh.core.models import AuthoritySettings
from vsh.terms import dates
from vsh.terms.models import NonWorkingDay

from .report_helpers import looked_after, make_pep, set_up_calendar

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("pep_reports:compliance")


@pytest.fixture
def terms(db):
    return set_up_calendar()


@pytest.fixture
def school(db):
    return SchoolFactory(name="Riverside Primary")


@pytest.fixture
def cass(db):
    return UserFactory(role=Role.CASEWORKER, full_name="Cass Caseworker")


def rows_for(user, term, today=None, **filters):
    return compliance.term_rows(user, TermDeadlines.load(term, today), **filters)


# The calendar arithmetic agrees with the deadline rules ----------------------------


def test_working_calendar_gives_the_same_deadlines_as_the_rules(terms):
    term, before = terms
    NonWorkingDay.objects.get_or_create(
        date=term.starts_on + timedelta(days=15), defaults={"name": "Closure day"}
    )
    ctx = TermDeadlines.load(term)
    rules = AuthoritySettings.load()
    assert ctx.review_due == dates.WorkingCalendar.between(term.starts_on, term.ends_on).count_back(
        term.ends_on, rules.pep_review_working_days_before_term_end, not_before=term.starts_on
    )
    for entered in (
        before.ends_on + timedelta(days=1),
        term.starts_on + timedelta(days=3),
        term.ends_on - timedelta(days=2),
        before.starts_on,  # long in care: a review
    ):
        assert ctx.due(entered) == deadlines.due_date(term=term, entered_care_on=entered)
    start = term.starts_on
    for end in (start, start + timedelta(days=9), start + timedelta(days=40)):
        assert ctx.calendar.working_days_between(start, end) == dates.working_days_between(
            start, end
        )
        assert ctx.calendar.working_days_between(end, start) == dates.working_days_between(
            end, start
        )


# Who needs a PEP ------------------------------------------------------------------


def test_needs_a_pep_looked_after_school_age_children_in_care(terms, head):
    term, _ = terms
    on = max(timezone.localdate(), term.starts_on)
    needs = [
        looked_after(first_name="Reception", year=0, on=on),
        looked_after(first_name="Year13", year=13, on=on),
    ]
    looked_after(first_name="Nursery", year=-1, on=on)
    looked_after(first_name="TooOld", year=14, on=on)
    looked_after(first_name="Adopted", cohort=codes.Cohort.PREVIOUSLY_LOOKED_AFTER, on=on)
    left = looked_after(first_name="LeftCare", on=on)
    episode = left.episodes.get()
    episode.ended_on = term.starts_on - timedelta(days=1)
    episode.reason_ceased = "E11"
    episode.save()
    rows = rows_for(head, term)
    assert {r.child.pk for r in rows} == {c.pk for c in needs}


def test_states_from_the_pep_of_the_term(terms, head, school):
    term, before = terms
    looked_after(first_name="None", school=school)
    drafting = looked_after(first_name="Draft", school=school)
    returned = looked_after(first_name="Returned", school=school)
    submitted = looked_after(first_name="Submitted", school=school)
    approved = looked_after(first_name="Approved", school=school)
    updating = looked_after(first_name="Updating", school=school)
    make_pep(drafting, term)
    make_pep(returned, term, status="returned")
    make_pep(submitted, term, status="submitted")
    make_pep(approved, term, status="approved", rating="amber")
    make_pep(approved, before, status="draft")  # another term does not count
    first = make_pep(updating, term, status="superseded", rating="green")
    make_pep(updating, term, status="draft", version=2, previous_version=first)

    rows = {r.child.first_name: r for r in rows_for(head, term)}
    assert rows["None"].state == State.NOT_STARTED and rows["None"].pep is None
    assert rows["Draft"].state == State.IN_PROGRESS
    assert rows["Returned"].state == State.IN_PROGRESS and rows["Returned"].returned
    assert rows["Submitted"].state == State.SUBMITTED
    assert rows["Approved"].state == State.APPROVED
    assert rows["Approved"].rating.code == "amber" and not rows["Approved"].rated_good
    # A new version in progress: the approved first version still counts as done.
    assert rows["Updating"].state == State.IN_PROGRESS
    assert rows["Updating"].completed and rows["Updating"].rated_good
    assert rows["Updating"].pep.version == 2


def test_overdue_counts_working_days_and_approved_peps_are_never_overdue(terms, head):
    term, _ = terms
    late = looked_after(first_name="Late")
    done = looked_after(first_name="Done")
    due = term.starts_on + timedelta(days=14)
    make_pep(late, term, due_on=due)
    make_pep(done, term, status="approved", due_on=due, approved_on=due + timedelta(days=3))
    today = due + timedelta(days=7)
    rows = {r.child.first_name: r for r in rows_for(head, term, today=today)}
    assert rows["Late"].overdue
    assert rows["Late"].working_days_overdue == dates.working_days_between(due, today)
    assert rows["Late"].working_days_overdue == 5
    assert not rows["Done"].overdue


def test_not_started_is_due_by_the_rules_and_overdue_after(terms, head):
    term, before = terms
    settled = looked_after(first_name="Settled")
    new = looked_after(first_name="New", entered_care_on=term.starts_on + timedelta(days=2))
    ctx = TermDeadlines.load(term)
    rows = {r.child.first_name: r for r in rows_for(head, term)}
    assert (rows["Settled"].kind, rows["Settled"].due_on) == ("review", ctx.review_due)
    assert (rows["New"].kind, rows["New"].due_on) == deadlines.due_date(
        term=term, entered_care_on=new.episodes.get().started_on
    )
    after_deadline = ctx.review_due + timedelta(days=1)
    [late] = [r for r in rows_for(head, term, today=after_deadline) if r.child == settled]
    assert late.overdue and late.state == State.NOT_STARTED
    assert late.working_days_overdue == dates.working_days_between(ctx.review_due, after_deadline)


def test_figures_completion_quality_and_initial_on_time(terms, head):
    term, _ = terms
    due = term.starts_on + timedelta(days=20)
    make_pep(looked_after(), term, status="approved", rating="green")
    make_pep(looked_after(), term, status="approved", rating="amber")
    make_pep(looked_after(), term, status="submitted")
    looked_after()  # not started
    on_time = looked_after()
    late = looked_after()
    waiting = looked_after()
    make_pep(on_time, term, kind="initial", status="approved", due_on=due, approved_on=due)
    make_pep(
        late,
        term,
        kind="initial",
        status="approved",
        rating="amber",
        due_on=due,
        approved_on=due + timedelta(days=5),
    )
    make_pep(waiting, term, kind="initial", due_on=term.ends_on)  # not yet due

    figures = compliance.figures(rows_for(head, term, today=due + timedelta(days=10)))
    assert figures.needing == 7
    assert figures.completed == 4
    assert figures.completion == pytest.approx(57.1)
    assert figures.good == 2  # green on a review and on the initial PEP approved on time
    assert figures.quality == 50
    assert (figures.initial_on_time, figures.initial_counted) == (1, 2)
    assert figures.initial_timeliness == 50


def test_holders_of_overdue_peps(terms, head, school, cass):
    term, _ = terms
    DesignatedTeacherFactory(school=school, user__full_name="Dee Teacher")
    due = term.starts_on + timedelta(days=5)
    drafting = looked_after(first_name="Drafting", school=school, caseworker=cass)
    with_vs = looked_after(first_name="WithVS", school=school, caseworker=cass)
    looked_after(first_name="NotStarted", school=school, caseworker=cass)
    make_pep(drafting, term, due_on=due)
    make_pep(with_vs, term, status="submitted", due_on=due)
    rows = compliance.attach_holders(rows_for(head, term), timezone.localdate())
    holders = {r.child.first_name: r.holders for r in rows}
    assert holders["Drafting"] == ["Dee Teacher (designated teacher)"]
    assert holders["WithVS"] == ["Cass Caseworker (caseworker)"]
    assert holders["NotStarted"] == ["Dee Teacher (designated teacher)"]


def test_breakdowns_by_school_and_caseworker(terms, head, school, cass):
    term, _ = terms
    other = SchoolFactory(name="Hillside Academy")
    make_pep(looked_after(school=school, caseworker=cass), term, status="approved")
    looked_after(school=school, caseworker=cass)
    looked_after(school=other)
    rows = rows_for(head, term)
    by_school = {b.label: b.figures for b in compliance.breakdown(rows, "school")}
    assert (by_school["Riverside Primary"].needing, by_school["Riverside Primary"].completed) == (
        2,
        1,
    )
    assert by_school["Hillside Academy"].needing == 1
    by_caseworker = {b.label: b.figures.needing for b in compliance.breakdown(rows, "caseworker")}
    assert by_caseworker == {"Cass Caseworker": 2, "No caseworker": 1}


# The dashboard --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["designated_teacher", "social_worker", "partner"])
def test_dashboard_is_for_the_virtual_school_only(login, terms, role):
    user = (
        DesignatedTeacherFactory().user if role == "designated_teacher" else UserFactory(role=role)
    )
    assert login(user).get(DASHBOARD).status_code == 403


@pytest.mark.parametrize("role", ["head", "manager", "caseworker"])
def test_dashboard_for_the_virtual_school(login, terms, role):
    assert login(UserFactory(role=role)).get(DASHBOARD).status_code == 200


def test_dashboard_figures_targets_and_last_term(login, terms, head):
    term, before = terms
    rules = AuthoritySettings.load()
    rules.pep_completion_target = 75
    rules.save()
    for _ in range(3):
        child = looked_after()
        make_pep(child, term, status="approved")
        make_pep(child, before, status="approved", rating="amber")
    looked_after()
    response = login(head).get(DASHBOARD)
    measures = {m["key"]: m for m in response.context["measures"]}
    assert measures["completion"]["value"] == 75
    assert measures["completion"]["target"] == 75
    assert measures["quality"]["value"] == 100
    assert measures["quality"]["previous"] == 0
    page = response.content.decode()
    assert "PEPs approved this term" in page
    assert str(before) in page
    assert "<svg" in page and "target 75%" in page  # the chart, with its target line
    assert "Target met" in page


def test_a_caseworker_sees_figures_for_their_own_children(login, terms, cass):
    term, _ = terms
    mine = looked_after(first_name="Mine", caseworker=cass)
    make_pep(mine, term, status="approved")
    looked_after(first_name="NotMine", caseworker=UserFactory(role=Role.CASEWORKER))
    response = login(cass).get(DASHBOARD)
    figures = response.context["figures"]
    assert (figures.needing, figures.completed) == (1, 1)
    assert "NotMine" not in response.content.decode()


def test_overdue_list_on_the_dashboard(login, terms, head, school):
    term, _ = terms
    today = timezone.localdate()
    if today <= term.starts_on + timedelta(days=3):
        pytest.skip("Too early in the term for a PEP to be overdue.")
    DesignatedTeacherFactory(school=school, user__full_name="Dee Teacher")
    late = looked_after(first_name="Zola", last_name="Late", school=school)
    make_pep(late, term, due_on=term.starts_on)
    response = login(head).get(DASHBOARD)
    [row] = response.context["overdue"]
    assert row.child == late
    assert row.working_days_overdue == dates.working_days_between(term.starts_on, today)
    page = response.content.decode()
    assert "Late, Zola" in page and "Dee Teacher (designated teacher)" in page
    # Here overdue means not approved by the due date (dashboards: not submitted).
    assert "1 PEP not approved by the due date</a>" in page
    assert "PEPs not approved by the due date</h2>" in page
    assert "Overdue" not in page


def test_every_figure_links_to_the_children_behind_it(login, terms, head, school):
    term, _ = terms
    approved = looked_after(first_name="Approved", school=school)
    make_pep(approved, term, status="approved")
    looked_after(first_name="Waiting", school=school)
    client = login(head)
    response = client.get(DASHBOARD)
    completion = next(m for m in response.context["measures"] if m["key"] == "completion")
    listed = client.get(completion["part_url"])
    assert [r.child.first_name for r in listed.context["page"].object_list] == ["Approved"]
    listed = client.get(completion["whole_url"])
    assert {r.child.first_name for r in listed.context["page"].object_list} == {
        "Approved",
        "Waiting",
    }
    [by_school] = response.context["breakdowns"][0]["rows"]
    query = parse_qs(urlparse(by_school["url"]).query)
    assert query["school"] == [str(school.pk)] and query["term"] == [str(term.pk)]
    listed = client.get(by_school["completed_url"])
    assert [r.child.first_name for r in listed.context["page"].object_list] == ["Approved"]


@pytest.mark.parametrize("size", [5, 30])
def test_dashboard_queries_do_not_grow_with_the_caseload(
    login, terms, head, django_assert_max_num_queries, size
):
    term, before = terms
    schools = [SchoolFactory() for _ in range(3)]
    workers = [UserFactory(role=Role.CASEWORKER, mfa=False) for _ in range(3)]
    for school in schools:
        DesignatedTeacherFactory(school=school, user__mfa=False)
    for i in range(size):
        child = looked_after(school=schools[i % 3], caseworker=workers[i % 3])
        if i % 2:
            make_pep(child, term, status=["draft", "submitted", "approved"][i % 3])
            make_pep(child, before, status="approved")
    client = login(head)
    with django_assert_max_num_queries(24):
        assert client.get(DASHBOARD).status_code == 200


def test_children_allocated_elsewhere_do_not_count_for_a_caseworker(terms, cass):
    term, _ = terms
    child = looked_after()
    AllocationFactory(
        child=child,
        kind="caseworker",
        worker=cass,
        started_on=timezone.localdate() - timedelta(days=300),
        ended_on=timezone.localdate() - timedelta(days=100),
    )
    assert rows_for(cass, term) == []


def test_no_school_and_no_caseworker_rows_link_to_exactly_their_children(
    login, terms, head, school, cass
):
    term, _ = terms
    make_pep(looked_after(first_name="Placed", school=school, caseworker=cass), term)
    looked_after(first_name="Unplaced", caseworker=cass)
    make_pep(looked_after(first_name="Alone"), term, status="approved")
    client = login(head)
    response = client.get(DASHBOARD)
    school_rows, caseworker_rows = (b["rows"] for b in response.context["breakdowns"])
    for rows, label in ((school_rows, "No school"), (caseworker_rows, "No caseworker")):
        row = next(r for r in rows if r["label"] == label)
        listed = client.get(row["url"]).context["page"].object_list
        assert len(listed) == row["figures"].needing
        completed = client.get(row["completed_url"]).context["page"].object_list
        assert len(completed) == row["figures"].completed
    no_school = next(r for r in school_rows if r["label"] == "No school")
    listed = client.get(no_school["url"])
    assert sorted(r.child.first_name for r in listed.context["page"].object_list) == [
        "Alone",
        "Unplaced",
    ]
    assert "No school recorded" in [f["value"] for f in listed.context["selected_filters"]]
    assert '<option value="none" selected>No school recorded</option>' in listed.content.decode()
