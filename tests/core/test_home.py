"""Each role's home page as a person sees it: the figures, the links behind them,
alerts to acknowledge, the access policy, and a fixed cost in queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from children.peps.models import Pep
from children.school_years import academic_year_start
from children.tracking import alerts
from children.tracking.models import Alert, AttendanceRecord
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
from vsh.terms.services import ensure_academic_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def term(db):
    """The school calendar around today, and the term in progress (or just ended)."""
    today = timezone.localdate()
    ensure_academic_year(academic_year_start(today) - 1)
    ensure_academic_year(academic_year_start(today))
    return alerts.term_for(today)


def _attendance(child, school, start, present):
    return AttendanceRecord.objects.create(
        child=child,
        school=school,
        period_start=start,
        period_end=start + timedelta(days=4),
        possible_sessions=10,
        present=present,
        unauthorised_absence=10 - present,
    )


def _alert(child, kind, key="k"):
    return Alert.objects.create(
        child=child,
        kind=kind,
        key=key,
        raised_on=timezone.localdate(),
        message=f"Something about {child.first_name}",
    )


@pytest.fixture
def pupils(term):
    school = SchoolFactory(name="Riverside Primary")
    amy = ChildFactory(first_name="Amy", last_name="Adams")
    bo = ChildFactory(first_name="Bo", last_name="Baker")
    for child in (amy, bo):
        EnrolmentFactory(child=child, school=school)
        CareEpisodeFactory(child=child, started_on=term.starts_on - timedelta(days=400))
    _attendance(amy, school, term.starts_on, 7)
    _attendance(bo, school, term.starts_on, 10)
    return school, amy, bo


def test_the_head_sees_the_cohort_with_every_figure_linked(client, head, pupils):
    client.force_login(head)
    html = client.get(reverse("home")).content.decode()
    assert html.count("<h1") == 1
    assert "Children by phase and key stage" in html and "Children by cohort" in html
    assert 'href="/children/?key_stage=KS2"' in html
    assert 'href="/children/?sen_provision=N"' in html
    assert 'href="/?figure=persistent_absence"' in html
    assert 'href="/?figure=moves"' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="vsh-chart"' in html
    assert re.search(r'vsh-figure__value">2<', html)  # children on the roll


def test_a_figure_lists_the_children_behind_it(client, manager, pupils):
    _, amy, bo = pupils
    client.force_login(manager)
    response = client.get(reverse("home"), {"figure": "persistent_absence"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Children persistently absent this term</h1>' in html
    assert reverse("children:overview", args=[amy.pk]) in html
    assert "70.0% attendance" in html
    assert reverse("children:overview", args=[bo.pk]) not in html
    assert client.get(reverse("home"), {"figure": "nonsense"}).status_code == 404


def test_only_the_cohort_view_has_figures_to_open(client, caseworker, pupils):
    _, amy, _ = pupils
    AllocationFactory(child=amy, worker=caseworker)
    client.force_login(caseworker)
    html = client.get(reverse("home"), {"figure": "persistent_absence"}).content.decode()
    assert "Your caseload" in html


def test_a_caseworker_sees_their_children_with_flags_and_alerts(client, caseworker, pupils):
    _, amy, bo = pupils
    AllocationFactory(child=amy, worker=caseworker)
    other = ChildFactory(first_name="Notmine")
    no_place = ChildFactory(first_name="Cleo")
    CareEpisodeFactory(child=no_place)
    AllocationFactory(child=no_place, worker=caseworker)
    _alert(amy, Alert.Kind.LOW_ATTENDANCE)
    _alert(other, Alert.Kind.SUSPENSION)

    client.force_login(caseworker)
    html = client.get(reverse("home")).content.decode()
    assert reverse("children:overview", args=[amy.pk]) in html
    assert reverse("children:overview", args=[bo.pk]) not in html
    assert "Notmine" not in html
    assert "70.0%" in html and "Below 90%" in html
    assert "No school place" in html
    assert "Alerts waiting for you" in html and "Something about Amy" in html
    assert reverse("alerts:acknowledge_update", args=[amy.alerts.get().pk]) in html


def test_every_caseworker_count_links_to_the_children_behind_it(client, caseworker, pupils):
    _, amy, bo = pupils
    cleo = ChildFactory(first_name="Cleo", sen_provision="K")
    CareEpisodeFactory(child=cleo)
    for child in (amy, bo, cleo):
        AllocationFactory(child=child, worker=caseworker)
    client.force_login(caseworker)
    response = client.get(reverse("home"))
    html = response.content.decode()
    summary = response.context["summary"]
    linked = {key: url for url, key in re.findall(r'href="(/\?show=(\w+)#children)"', html)}
    shown = {"low_attendance", "suspended", "without_place", "peps_needed", "peps_done", "sen"}
    if summary["peps_overdue"]:
        shown.add("peps_overdue")
    assert set(linked) == shown
    for key, url in linked.items():
        listed = client.get(url)
        assert len(listed.context["rows"]) == summary[key], key
        assert listed.context["summary"] == summary
    low = client.get(linked["low_attendance"])
    page = low.content.decode()
    assert [r.child for r in low.context["rows"]] == [amy]
    assert reverse("children:overview", args=[bo.pk]) not in page
    assert "Attendance below 90% this term: 1 child" in page
    assert 'href="/#children"' in page  # back to everyone
    assert [r.child for r in client.get(linked["without_place"]).context["rows"]] == [cleo]
    assert [r.child for r in client.get(linked["sen"]).context["rows"]] == [cleo]
    # Nobody suspended: an empty list that says so, not an empty table.
    empty = client.get(linked["suspended"]).content.decode()
    assert "No children at the moment." in empty and "<table" not in empty.split('id="children"')[1]


def test_the_caseworker_dashboard_says_what_overdue_means(client, caseworker, pupils, term):
    """Dashboards count PEPs not submitted by the due date (the compliance dashboard
    counts those not approved), and say so."""
    _, amy, _ = pupils
    if timezone.localdate() <= term.starts_on:
        pytest.skip("Nothing can be past due on the first day of term.")
    AllocationFactory(child=amy, worker=caseworker)
    Pep.objects.create(child=amy, term=term, due_on=term.starts_on, created_by=caseworker)
    client.force_login(caseworker)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.context["summary"]["peps_overdue"] == 1
    assert "1 not submitted by the due date</a>" in html
    assert "<strong>Not submitted by the due date</strong>" in html
    assert "Overdue" not in html


def test_a_designated_teacher_sees_their_pupils_and_what_is_due(client, pupils):
    school, amy, _ = pupils
    teacher = DesignatedTeacherFactory(school=school).user
    outsider = ChildFactory(first_name="Elsewhere")
    EnrolmentFactory(child=outsider)
    _alert(amy, Alert.Kind.SUSPENSION, "s")
    _alert(amy, Alert.Kind.SCHOOL_MOVE, "m")  # for the virtual school and social worker

    client.force_login(teacher)
    html = client.get(reverse("home")).content.decode()
    assert "Riverside Primary" in html
    assert "PEPs due this term" in html
    assert reverse("peps:child", kwargs={"child_pk": amy.pk}) in html
    assert "Elsewhere" not in html
    assert html.count("Something about Amy") == 1


def test_a_social_worker_sees_their_childrens_education(client, pupils):
    _, amy, _ = pupils
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    AllocationFactory(child=amy, kind="social_worker", worker=worker)
    _alert(amy, Alert.Kind.LOW_ATTENDANCE, "a")
    _alert(amy, Alert.Kind.EXCLUSION, "e")
    client.force_login(worker)
    html = client.get(reverse("home")).content.decode()
    assert "Your children's education" in html
    assert "Riverside Primary" in html and "70.0%" in html
    assert html.count("Something about Amy") == 1  # the exclusion, not the attendance


def test_a_partner_sees_the_children_shared_with_them(client, partner, pupils):
    client.force_login(partner)
    html = client.get(reverse("home")).content.decode()
    assert "No children have been shared with you yet" in html


def test_home_pages_work_before_the_calendar_has_terms(client, head, caseworker):
    child = ChildFactory()
    AllocationFactory(child=child, worker=caseworker)
    for user in (head, caseworker):
        client.force_login(user)
        assert client.get(reverse("home")).status_code == 200


def _caseload(size, term, caseworker, social_worker, school):
    for n in range(size):
        child = ChildFactory()
        EnrolmentFactory(child=child, school=school)
        CareEpisodeFactory(child=child, started_on=term.starts_on - timedelta(days=400))
        AllocationFactory(child=child, worker=caseworker)
        AllocationFactory(child=child, kind="social_worker", worker=social_worker)
        _attendance(child, school, term.starts_on, 8 + n % 3)
        _alert(child, Alert.Kind.SUSPENSION)


@pytest.mark.parametrize("size", [5, 40])
def test_home_pages_cost_the_same_whatever_the_numbers(
    client, term, head, caseworker, social_worker, size, django_assert_max_num_queries
):
    designation = DesignatedTeacherFactory()
    _caseload(size, term, caseworker, social_worker, designation.school)
    for user, most in [
        (head, 16),
        (caseworker, 16),
        (social_worker, 16),
        (designation.user, 17),
    ]:
        client.force_login(user)
        client.get(reverse("home"))  # the session and settings are in place after this
        with django_assert_max_num_queries(most):
            assert client.get(reverse("home")).status_code == 200
        with django_assert_max_num_queries(most):  # a count's children: the same page
            assert client.get(reverse("home"), {"show": "suspended"}).status_code == 200
