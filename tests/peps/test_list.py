"""The caseload-wide PEP list: who needs a PEP this term and where it has got to."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from children.peps.deadlines import TermDeadlines
from tests.factories import (
    AllocationFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    SchoolFactory,
    UserFactory,
)
from vsh.accounts.roles import Role

from .report_helpers import looked_after, make_pep, set_up_calendar

pytestmark = pytest.mark.django_db

LIST = reverse("pep_reports:list")


@pytest.fixture
def terms(db):
    return set_up_calendar()


@pytest.fixture
def school(db):
    return SchoolFactory(name="Riverside Primary")


def names(response) -> list[str]:
    return [row.child.first_name for row in response.context["page"].object_list]


def test_every_child_who_needs_a_pep_with_its_state(login, terms, head, school):
    term, _ = terms
    draft = looked_after(first_name="Drafting", school=school)
    approved = looked_after(first_name="Approved", school=school)
    looked_after(first_name="Waiting", school=school)
    pep = make_pep(draft, term)
    make_pep(approved, term, status="approved", rating="amber")
    response = login(head).get(LIST)
    assert response.status_code == 200
    assert sorted(names(response)) == ["Approved", "Drafting", "Waiting"]
    page = response.content.decode()
    assert "In progress" in page and "Not started" in page
    assert "Amber: requires improvement" in page
    assert reverse("peps:detail", kwargs={"child_pk": draft.pk, "pk": pep.pk}) in page
    waiting = next(r for r in response.context["page"].object_list if r.pep is None)
    assert reverse("peps:child", kwargs={"child_pk": waiting.child.pk}) in page
    counts = {c["state"]: c["count"] for c in response.context["counts"]}
    assert counts == {"not_started": 1, "in_progress": 1, "submitted": 0, "approved": 1}
    assert "All (3)" in page and "Not started (1)" in page


def test_sorted_by_due_date(login, terms, head):
    term, _ = terms
    soon, later, latest = (looked_after(first_name=n) for n in ("Soon", "Later", "Latest"))
    make_pep(latest, term, due_on=term.starts_on + timedelta(days=30))
    make_pep(soon, term, due_on=term.starts_on + timedelta(days=2))
    make_pep(later, term, due_on=term.starts_on + timedelta(days=10))
    assert names(login(head).get(LIST)) == ["Soon", "Later", "Latest"]


def test_a_caseworker_sees_only_their_children(login, terms):
    cass = UserFactory(role=Role.CASEWORKER)
    looked_after(first_name="Mine", caseworker=cass)
    looked_after(first_name="Theirs", caseworker=UserFactory(role=Role.CASEWORKER))
    assert names(login(cass).get(LIST)) == ["Mine"]


def test_a_designated_teacher_sees_their_schools_pupils(login, terms, school):
    dt = DesignatedTeacherFactory(school=school).user
    looked_after(first_name="Pupil", school=school)
    looked_after(first_name="Elsewhere", school=SchoolFactory())
    assert names(login(dt).get(LIST)) == ["Pupil"]


def test_the_term_can_be_chosen(login, terms, head):
    term, before = terms
    child = looked_after(first_name="Amara")
    make_pep(child, before, status="approved")
    client = login(head)
    response = client.get(LIST)
    assert response.context["term"] == term
    assert [r.state for r in response.context["page"].object_list] == ["not_started"]
    response = client.get(LIST, {"term": before.pk})
    assert response.context["term"] == before
    assert [r.state for r in response.context["page"].object_list] == ["approved"]
    assert f"PEPs for {before}" in response.content.decode()


def test_filters_by_status_school_caseworker_and_key_stage(login, terms, head, school):
    term, _ = terms
    cass = UserFactory(role=Role.CASEWORKER, full_name="Cass Caseworker")
    other = SchoolFactory(name="Hillside Academy")
    infant = looked_after(first_name="Infant", year=1, school=school, caseworker=cass)
    looked_after(first_name="Junior", year=5, school=school)
    teen = looked_after(first_name="Teen", year=10, school=other, caseworker=cass)
    make_pep(infant, term, status="submitted")
    make_pep(teen, term, status="submitted")
    client = login(head)
    assert sorted(names(client.get(LIST, {"status": "submitted"}))) == ["Infant", "Teen"]
    assert sorted(names(client.get(LIST, {"school": school.pk}))) == ["Infant", "Junior"]
    assert sorted(names(client.get(LIST, {"caseworker": cass.pk}))) == ["Infant", "Teen"]
    assert names(client.get(LIST, {"caseworker": "none"})) == ["Junior"]
    assert names(client.get(LIST, {"key_stage": "KS1"})) == ["Infant"]
    response = client.get(LIST, {"status": "submitted", "school": other.pk})
    assert names(response) == ["Teen"]
    # Counts are for the other filters, so each status tab says what it would show.
    counts = {c["state"]: c["count"] for c in response.context["counts"]}
    assert counts["submitted"] == 1 and counts["not_started"] == 0
    labels = [f["value"] for f in response.context["selected_filters"]]
    assert "Hillside Academy" in labels


def test_filter_by_dashboard_figure(login, terms, head):
    term, _ = terms
    make_pep(looked_after(first_name="Good"), term, status="approved", rating="green")
    make_pep(looked_after(first_name="Fair"), term, status="approved", rating="amber")
    looked_after(first_name="None")
    client = login(head)
    assert sorted(names(client.get(LIST, {"figure": "completed"}))) == ["Fair", "Good"]
    assert names(client.get(LIST, {"figure": "good"})) == ["Good"]
    assert names(client.get(LIST, {"figure": "not_completed"})) == ["None"]


def test_rubbish_filters_are_ignored(login, terms, head):
    looked_after(first_name="Amara")
    response = login(head).get(
        LIST, {"term": "x", "status": "nope", "school": "999999", "caseworker": "abc"}
    )
    assert response.status_code == 200
    assert names(response) == ["Amara"]


def test_overdue_shows_working_days(login, terms, head):
    term, _ = terms
    today = timezone.localdate()
    if today <= term.starts_on + timedelta(days=3):
        pytest.skip("Too early in the term for a PEP to be overdue.")
    make_pep(looked_after(first_name="Late"), term, due_on=term.starts_on)
    response = login(head).get(LIST)
    [row] = response.context["page"].object_list
    assert row.overdue
    assert (
        f"Not approved by the due date: {row.working_days_overdue} working day"
        in response.content.decode()
    )


def test_paginated(login, terms, head):
    for i in range(55):
        looked_after(first_name=f"Child{i:02d}")
    client = login(head)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 50
    assert "55 children" in first.content.decode()
    assert len(client.get(LIST, {"page": 2}).context["page"].object_list) == 5


def test_no_calendar_yet(login, head, db):
    response = login(head).get(LIST)
    assert response.status_code == 200
    assert "school calendar has no terms" in response.content.decode()


@pytest.mark.parametrize("size", [5, 30])
def test_queries_do_not_grow_with_the_caseload(login, terms, django_assert_max_num_queries, size):
    term, _ = terms
    cass = UserFactory(role=Role.CASEWORKER)
    schools = [SchoolFactory() for _ in range(3)]
    for i in range(size):
        child = looked_after(school=schools[i % 3], caseworker=cass)
        # Some children also at a second school, some with two caseworkers over time.
        if i % 4 == 0:
            EnrolmentFactory(
                child=child, school=schools[(i + 1) % 3], registration="dual_subsidiary"
            )
        if i % 5 == 0:
            AllocationFactory(
                child=child,
                kind="caseworker",
                worker=cass,
                started_on=timezone.localdate() - timedelta(days=900),
                ended_on=timezone.localdate() - timedelta(days=700),
            )
        if i % 2:
            make_pep(child, term, status=["draft", "submitted", "approved"][i % 3])
    client = login(cass)
    with django_assert_max_num_queries(21):
        response = client.get(LIST, {"status": "", "key_stage": "KS2"})
    assert response.status_code == 200
    with django_assert_max_num_queries(21):
        assert client.get(LIST).status_code == 200


def test_nav_shows_peps_to_everyone_but_partners(login, terms):
    for role in ("head", "caseworker", "social_worker"):
        response = login(UserFactory(role=role)).get(reverse("home"))
        assert any(item["key"] == "peps" for item in response.context["nav_items"])
    response = login(DesignatedTeacherFactory().user).get(reverse("home"))
    assert any(item["key"] == "peps" for item in response.context["nav_items"])
    response = login(UserFactory(role=Role.PARTNER)).get(reverse("home"))
    assert not any(item["key"] == "peps" for item in response.context["nav_items"])


def test_term_context_reference_day_is_inside_the_term(terms):
    term, before = terms
    assert TermDeadlines.load(before).reference_day == before.ends_on
    today = timezone.localdate()
    assert TermDeadlines.load(term).reference_day == min(max(today, term.starts_on), term.ends_on)


def test_a_dual_registered_child_counts_at_their_main_school(login, terms, head, school):
    alternative = SchoolFactory(name="Riverside Learning Centre")
    child = looked_after(first_name="Dual", school=school)
    EnrolmentFactory(child=child, school=alternative, registration="dual_subsidiary")
    response = login(head).get(LIST, {"school": school.pk})
    assert names(response) == ["Dual"]
    assert [row.school for row in response.context["page"].object_list] == [school]
    # Only main schools are offered as filters, so every figure by school adds up.
    assert list(response.context["filter_form"].fields["school"].queryset) == [school]


# The list as CSV --------------------------------------------------------------------

CSV = reverse("pep_reports:list_csv")


def csv_rows(response) -> list[dict]:
    import csv
    import io

    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_list_downloads_as_csv_with_its_filters_and_is_audited(login, terms, head, school):
    from vsh.audit.models import AuditEvent

    term, _ = terms
    cass = UserFactory(role=Role.CASEWORKER, full_name="Cass Caseworker")
    done = looked_after(first_name="Done", last_name="=HYPERLINK()", school=school, caseworker=cass)
    looked_after(first_name="Waiting", school=school)
    looked_after(first_name="Elsewhere", school=SchoolFactory(name="Hillside Academy"))
    DesignatedTeacherFactory(school=school, user__full_name="Dana Teacher")
    make_pep(done, term, status="approved", rating="green")
    client = login(head)
    page = client.get(LIST, {"school": school.pk}).content.decode()
    assert f"{CSV}?school={school.pk}&amp;term={term.pk}" in page

    rows = csv_rows(client.get(CSV, {"school": school.pk, "term": term.pk}))
    assert [r["First name"] for r in sorted(rows, key=lambda r: r["First name"])] == [
        "Done",
        "Waiting",
    ]
    row = next(r for r in rows if r["First name"] == "Done")
    assert row["Last name"] == "'=HYPERLINK()"  # opens as text, not a formula
    assert row["Status"] == "Approved" and row["Quality rating"].startswith("Green")
    assert row["School"] == "Riverside Primary" and row["Caseworker"] == "Cass Caseworker"
    assert row["Term"] == str(term) and row["Year group"] == "Year 5"
    waiting = next(r for r in rows if r["First name"] == "Waiting")
    assert waiting["Status"] == "Not started"
    assert waiting["With"] == "Dana Teacher (designated teacher)"
    event = AuditEvent.objects.get(action="export", actor=head)
    assert event.changes["rows"] == 2 and "2 children" in event.detail


def test_the_csv_holds_only_children_the_user_can_see(login, terms):
    cass = UserFactory(role=Role.CASEWORKER)
    looked_after(first_name="Mine", caseworker=cass)
    looked_after(first_name="Theirs", caseworker=UserFactory(role=Role.CASEWORKER))
    rows = csv_rows(login(cass).get(CSV))
    assert [r["First name"] for r in rows] == ["Mine"]
