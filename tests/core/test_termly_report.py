"""The head's termly report as a PDF: figures only, for the authority-wide view."""

import pytest
from django.urls import reverse

from tests.factories import DesignatedTeacherFactory, SchoolFactory, UserFactory
from tests.peps.report_helpers import looked_after, make_pep, set_up_calendar
from tests.peps.test_pdf import pdf_text
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

REPORT = reverse("termly_report")


@pytest.fixture
def authority(db):
    term, _ = set_up_calendar()
    school = SchoolFactory(name="Riverside Primary")
    approved = looked_after(first_name="Ottoline", last_name="Brackenbury", school=school)
    looked_after(first_name="Peregrine", last_name="Fairweather", school=school)
    make_pep(approved, term, status="approved", rating="green")
    return term, school


def test_the_head_downloads_the_report_and_it_is_audited(login, head, authority, tmp_path):
    term, _ = authority
    response = login(head).get(REPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    for expected in [
        "Termly report",
        str(term),
        "PEPs approved this term",
        "Initial PEPs approved on time",
        "PEPs this term by school",
        "Riverside Primary",
        "Children by phase and key stage",
        "Attendance and exclusions",
        "Attainment by key stage",
        "latest Ofsted inspection",
    ]:
        assert expected in text, expected
    # Figures only: it can go to the corporate parenting board as it is.
    for name in ("Ottoline", "Brackenbury", "Peregrine", "Fairweather"):
        assert name not in text
    assert "children on the virtual school's roll" in text
    assert AuditEvent.objects.filter(
        action="export", actor=head, detail__contains="Termly"
    ).exists()


def test_the_home_page_offers_it_to_the_head_and_managers_only(login, head, manager, authority):
    assert REPORT in login(head).get(reverse("home")).content.decode()
    assert REPORT in login(manager).get(reverse("home")).content.decode()
    caseworker = UserFactory(role=Role.CASEWORKER)
    assert REPORT not in login(caseworker).get(reverse("home")).content.decode()


@pytest.mark.parametrize("role", ["caseworker", "social_worker", "designated_teacher", "partner"])
def test_other_roles_cannot_print_it(login, authority, role):
    if role == "designated_teacher":
        user = DesignatedTeacherFactory(school=authority[1]).user
    else:
        user = UserFactory(role=getattr(Role, role.upper()))
    assert login(user).get(REPORT).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_figures_behind_the_report(head, authority):
    from vsh.core.termly_report import report_context

    term, _ = authority
    context = report_context(head)
    assert context["cohort"]["total"] == 2
    assert context["peps"]["term"] == term
    assert context["peps"]["figures"].needing == 2
    assert context["peps"]["figures"].completed == 1
    assert "overdue" not in context["peps"]  # the overdue list names children


def test_in_a_holiday_every_section_is_about_the_term_just_finished(head, authority):
    from datetime import timedelta

    from vsh.core.termly_report import report_context
    from vsh.terms.dates import term_on

    term, _ = authority
    holiday = term.ends_on + timedelta(days=1)
    while term_on(holiday) is not None and term_on(holiday).starts_on <= holiday:
        holiday += timedelta(days=1)  # a day between terms
    context = report_context(head, today=holiday)
    assert context["cohort"]["term"] == term
    assert context["peps"]["term"] == term
