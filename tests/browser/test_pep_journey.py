"""A PEP from start to sign-off, clicked through by the people who write and check it:
the designated teacher writes and submits it, the virtual school caseworker returns
it with a reason, the teacher puts it right and submits it again, the caseworker
approves it as Green, the social worker adds their part and signs it off, and the
PDF says what was agreed. Each person has a browser of their own, so a form left
open while someone else moves the PEP on is refused, not saved."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from children.peps import services
from children.peps.models import Pep, QaRating
from children.school_years import academic_year_start, date_of_birth_range_for_year
from tests.browser.helpers import expect_problem, expect_success, pdf_text, signed_in_page
from tests.factories import (
    AllocationFactory,
    CareEpisodeFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    SchoolFactory,
    UserFactory,
)
from tests.peps.conftest import approved
from vsh.accounts.roles import Role
from vsh.terms.dates import term_on
from vsh.terms.services import ensure_academic_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READING = "Read 20 minutes every evening with the carer"
TIMES_TABLES = "Practise the 7 and 8 times tables three times a week with a maths mentor"
FIRST_VIEWS = "I like art and playing football at break."
OWN_WORDS = "Maths is hard when it is fractions, but I like it when we use the blocks."
RETURN_REASON = "Add the child's own words about maths"
CONTRIBUTION = "Amara's placement is stable; her carer will read with her every evening."
APPROVED = "This PEP is approved, so it cannot be changed. Start a new version to make changes."


def _default_ratings():
    """The red, amber and green ratings a data migration makes; a transactional test
    empties the tables after it runs, so make them again for this one."""
    migration = importlib.import_module("children.peps.migrations.0002_default_ratings")
    migration.add(apps, None)


@pytest.fixture
def setting(db):
    """A child looked after in Year 4 at Riverside Primary, the school's designated
    teacher, and the child's caseworker and social worker."""
    today = timezone.localdate()
    start = academic_year_start(today)
    for year in (start - 1, start, start + 1):
        ensure_academic_year(year)
    _default_ratings()
    school = SchoolFactory(name="Riverside Primary")
    born = date_of_birth_range_for_year(4, today)[0] + timedelta(days=70)
    child = ChildFactory(first_name="Amara", last_name="Okafor", date_of_birth=born)
    EnrolmentFactory(child=child, school=school, started_on=today - timedelta(days=400))
    CareEpisodeFactory(child=child, started_on=today - timedelta(days=800))
    caseworker = UserFactory(role=Role.CASEWORKER, full_name="Cass Caseworker")
    social_worker = UserFactory(role=Role.SOCIAL_WORKER, full_name="Sam Social")
    AllocationFactory(child=child, kind="caseworker", worker=caseworker)
    AllocationFactory(child=child, kind="social_worker", worker=social_worker)
    return {
        "child": child,
        "term": term_on(today),
        "dt": DesignatedTeacherFactory(school=school, user__full_name="Dee Teacher").user,
        "caseworker": caseworker,
        "social_worker": social_worker,
    }


def open_pep_from_home(page, live_server, term):
    """From the home page to the child's PEPs, then this term's PEP."""
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=re.compile(r"PEP for Amara Okafor")).first.click()
    expect(page.get_by_role("heading", name="Personal education plans")).to_be_visible()
    page.get_by_role("link", name=f"{term} PEP", exact=True).click()
    expect(page.get_by_role("heading", name=f"PEP for the {term} term")).to_be_visible()


def open_section(page, title):
    """A section's page, from the PEP's task list."""
    page.locator(".govuk-task-list").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


def status_tag(page):
    return page.locator(".govuk-summary-list__row", has_text="Status").locator(".govuk-tag")


def add_target(page, *, area, what, who, by_when, measure):
    page.get_by_role("link", name="Add a target").click()
    page.get_by_label(area, exact=True).check()
    page.get_by_label("Target", exact=True).fill(what)
    page.get_by_label("Who is responsible").fill(who)
    page.get_by_label("By when").fill(f"{by_when:%d/%m/%Y}")
    page.get_by_label("How success will be measured").fill(measure)
    page.get_by_role("button", name="Add target").click()
    expect_success(page, "Target added")
    expect(page.get_by_role("cell", name=what, exact=True)).to_be_visible()


def write_the_pep(page, live_server, term):
    """The designated teacher starts this term's PEP and fills in every section
    needed before it can be submitted, through the section pages."""
    today = timezone.localdate()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Not started PEP for Amara Okafor").click()
    page.get_by_role("button", name=f"Start the PEP for {term}").click()
    expect_success(page, f"PEP for the {term} term started")
    expect(status_tag(page)).to_have_text("In progress")

    open_section(page, "The child's views")
    page.get_by_label("The child's views").fill(FIRST_VIEWS)
    page.get_by_label("PN1: Child physically attends and speaks for him or herself").check()
    page.get_by_role("button", name="Save").click()
    expect_success(page, "The child's views saved")

    open_section(page, "Education history and current provision")
    page.get_by_label("Education history").fill("Riverside Primary since Reception.")
    page.get_by_label("Current provision").fill("Full-time in Year 4 with small-group maths.")
    page.get_by_role("button", name="Save").click()
    expect_success(page, "Education history and current provision saved")

    open_section(page, "Attendance")
    page.get_by_label("Commentary on attendance").fill("Good attendance; late twice this term.")
    page.get_by_role("button", name="Save").click()
    expect_success(page, "Attendance saved")

    open_section(page, "SMART targets")
    add_target(
        page,
        area="Attainment and progress",
        what=READING,
        who="Carer, with the class teacher checking the reading log",
        by_when=term.ends_on,
        measure="Reading age up six months on the spring reading test",
    )
    add_target(
        page,
        area="Attainment and progress",
        what=TIMES_TABLES,
        who="Maths mentor",
        by_when=term.ends_on,
        measure="20 out of 25 or more on the multiplication tables check practice",
    )
    page.get_by_role("link", name="Back to the PEP").click()

    open_section(page, "Pupil Premium Plus request")
    page.get_by_role("link", name="Add a request").click()
    page.get_by_label(f"Attainment and progress: {READING}").check()
    page.get_by_label("Amount requested, in pounds").fill("450")
    page.get_by_label("What it will pay for").fill("Books at her reading level for home")
    page.get_by_role("button", name="Add request").click()
    expect_success(page, "Request added")
    expect(page.get_by_role("cell", name=READING, exact=True)).to_be_visible()
    page.get_by_role("link", name="Back to the PEP").click()

    open_section(page, "The PEP meeting")
    page.get_by_role("link", name="Add someone").click()
    page.get_by_label("Name", exact=True).fill("Dee Teacher")
    page.get_by_label("Role", exact=True).fill("Designated teacher")
    page.get_by_role("button", name="Add", exact=True).click()
    expect_success(page, "Attendee added")
    page.get_by_label("Date of the PEP meeting").fill(f"{today:%d/%m/%Y}")
    page.get_by_label("Date of the next review").fill(f"{today + timedelta(days=90):%d/%m/%Y}")
    page.get_by_role("button", name="Save").click()
    expect_success(page, "The PEP meeting saved")


def submit(page):
    page.get_by_role("button", name="Submit for quality assurance").click()
    expect_success(page, "PEP submitted to the virtual school for quality assurance")
    expect(status_tag(page)).to_have_text("Submitted")


def test_a_pep_from_start_to_sign_off(new_context, live_server, setting, tmp_path):
    term, child = setting["term"], setting["child"]

    # The designated teacher writes the PEP and submits it.
    teacher = signed_in_page(new_context, live_server, setting["dt"].email)
    write_the_pep(teacher, live_server, term)
    expect(teacher.get_by_text("Before it can be submitted")).to_have_count(0)
    submit(teacher)

    # The caseworker returns it with what needs to change.
    caseworker = signed_in_page(new_context, live_server, setting["caseworker"].email)
    open_pep_from_home(caseworker, live_server, term)
    expect(status_tag(caseworker)).to_have_text("Submitted")
    caseworker.get_by_role("link", name="Return for changes").click()
    caseworker.get_by_label("What needs to change").fill(RETURN_REASON)
    caseworker.get_by_role("button", name="Return PEP").click()
    expect_success(caseworker, "PEP returned to the school for changes")
    expect(status_tag(caseworker)).to_have_text("Returned for changes")

    # The teacher sees why, adds the child's words about maths and submits again.
    open_pep_from_home(teacher, live_server, term)
    expect(status_tag(teacher)).to_have_text("Returned for changes")
    workflow = teacher.locator(".moj-ticket-panel")
    expect(workflow).to_contain_text("The virtual school returned this PEP for changes.")
    expect(workflow.locator(".govuk-inset-text")).to_contain_text(RETURN_REASON)
    expect(workflow.locator(".govuk-inset-text")).to_contain_text("Cass Caseworker")
    open_section(teacher, "The child's views")
    views = teacher.get_by_label("The child's views")
    expect(views).to_have_value(FIRST_VIEWS)
    views.fill(f"{FIRST_VIEWS} {OWN_WORDS}")
    teacher.get_by_role("button", name="Save").click()
    expect_success(teacher, "The child's views saved")
    expect(teacher.locator("#child-views")).to_contain_text(OWN_WORDS)
    # In a second tab the teacher opens the carer's views to add a line later, and
    # leaves the form open while the PEP moves on.
    left_open = teacher.context.new_page()
    left_open.goto(teacher.url)
    left_open.get_by_role("link", name="Edit the carer's views").click()
    left_open.get_by_label("The carer's views").fill("Added after approval")
    submit(teacher)

    # While the virtual school checks it, the social worker writes their part.
    social_worker = signed_in_page(new_context, live_server, setting["social_worker"].email)
    open_pep_from_home(social_worker, live_server, term)
    open_section(social_worker, "The social worker's contribution")
    social_worker.get_by_label("The social worker's contribution").fill(CONTRIBUTION)
    social_worker.get_by_role("button", name="Save").click()
    expect_success(social_worker, "The social worker's contribution saved")

    # The caseworker approves it, rated Green.
    caseworker.reload()
    expect(status_tag(caseworker)).to_have_text("Submitted")
    caseworker.get_by_role("link", name="Approve", exact=True).click()
    caseworker.get_by_label(re.compile(r"^Green: good")).check()
    caseworker.get_by_label("Feedback for the school").fill("Clear targets linked to funding.")
    caseworker.get_by_role("button", name="Approve PEP").click()
    expect_success(caseworker, "PEP approved")
    expect(status_tag(caseworker)).to_have_text("Approved")
    rating = caseworker.locator(".govuk-summary-list__row", has_text="Quality rating")
    expect(rating).to_contain_text("Green: good")
    expect(caseworker.locator(".moj-timeline__title").first).to_contain_text("Approved")
    # Approving the PEP approves the Pupil Premium Plus it asks for.
    expect(caseworker.locator("#pupil-premium").locator(".govuk-tag")).to_have_text(
        "Approved for payment"
    )

    # The social worker signs it off.
    social_worker.reload()
    expect(status_tag(social_worker)).to_have_text("Approved")
    social_worker.get_by_role("button", name="Sign off as the social worker").click()
    expect_success(social_worker, "PEP signed off")
    sign_off = social_worker.locator(".govuk-summary-list__row", has_text="Social worker sign-off")
    expect(sign_off).to_contain_text("by Sam Social")
    expect(social_worker.get_by_role("button", name="Sign off as the social worker")).to_have_count(
        0
    )

    # The form the teacher left open is refused: the approved PEP stays as it was.
    left_open.get_by_role("button", name="Save").click()
    expect_problem(left_open, APPROVED)
    left_open.close()
    teacher.reload()
    expect(status_tag(teacher)).to_have_text("Approved")
    expect(teacher.locator("#carer-views")).not_to_contain_text("Added after approval")
    # Nor does the teacher get a way in again: no edit links, no submit button, and
    # a section's page sends them back with the reason.
    cards = teacher.locator(".govuk-summary-card")
    expect(cards.get_by_role("link", name=re.compile(r"^Edit "))).to_have_count(0)
    expect(teacher.get_by_role("link", name="Continue with the next section")).to_have_count(0)
    expect(teacher.get_by_role("button", name="Submit for quality assurance")).to_have_count(0)
    expect(teacher.locator(".moj-ticket-panel")).to_contain_text(
        "This PEP is approved and can no longer be changed."
    )
    pep = Pep.objects.get(child=child, term=term)
    teacher.goto(f"{live_server.url}/children/{child.pk}/peps/{pep.pk}/sections/child-views/edit/")
    expect_problem(teacher, APPROVED)
    expect(teacher).to_have_url(re.compile(rf"/peps/{pep.pk}/$"))
    pep.refresh_from_db()
    assert pep.status == "approved"
    assert pep.carer_views == ""
    assert pep.child_views == f"{FIRST_VIEWS} {OWN_WORDS}"

    # The teacher downloads the PDF to share; it holds the child's name and both targets.
    with teacher.expect_download() as download_info:
        teacher.get_by_role("link", name=re.compile(r"^Download this PEP as a PDF")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = pdf_text(saved)
    assert "Amara Okafor" in text
    assert READING in text
    assert TIMES_TABLES in text


def test_a_social_worker_can_add_their_part_and_sign_off_after_approval(
    new_context, live_server, setting
):
    term = setting["term"]
    pep = services.start_pep(child=setting["child"], term=term, by=setting["dt"])
    approved(pep, setting, QaRating.objects.get(code="green"))

    social_worker = signed_in_page(new_context, live_server, setting["social_worker"].email)
    open_pep_from_home(social_worker, live_server, term)
    expect(status_tag(social_worker)).to_have_text("Approved")
    expect(social_worker.locator(".moj-ticket-panel")).to_contain_text(
        "Write the social worker's contribution to sign off this PEP."
    )
    open_section(social_worker, "The social worker's contribution")
    social_worker.get_by_label("The social worker's contribution").fill(CONTRIBUTION)
    social_worker.get_by_role("button", name="Save").click()
    expect_success(social_worker, "The social worker's contribution saved")
    social_worker.get_by_role("button", name="Sign off as the social worker").click()
    expect_success(social_worker, "PEP signed off")
