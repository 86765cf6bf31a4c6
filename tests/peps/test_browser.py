"""The PEP pages in headless Chromium: no WCAG 2.2 A or AA violations from axe-core
on the list, the PEP, its section pages and a form with errors, and no Content
Security Policy errors; and the designated teacher's journey to submitting."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from children.peps import services
from tests.browser.conftest import CHROMIUM
from tests.browser.helpers import sign_in
from tests.peps.conftest import add_target, approved

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
        reason="Chromium is not installed (apt-get install chromium)",
    ),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page) -> list[str]:
    page.evaluate(AXE.read_text())
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0].target}`)",
        WCAG,
    )


@pytest.fixture
def current_pep(people, term, last_term, green):
    """This term's PEP, with a target carried forward from last term's."""
    approved(
        services.start_pep(child=people["child"], term=last_term, by=people["dt"]), people, green
    )
    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    add_target(pep, people["dt"], description="Learn the 6 times table")
    return pep


def test_pep_pages_have_no_violations(page, live_server, people, current_pep, csp_violations):
    sign_in(page, live_server, people["dt"].email)
    base = f"{live_server.url}/children/{current_pep.child_id}/peps/"
    paths = [base, f"{base}{current_pep.pk}/"] + [
        f"{base}{current_pep.pk}/sections/{slug}/edit/"
        for slug in (
            "child-views",
            "attendance",
            "evaluation",
            "targets",
            "pupil-premium",
            "meeting",
        )
    ]
    for url in paths:
        page.goto(url)
        assert violations(page) == [], url
    page.goto(f"{base}{current_pep.pk}/targets/add/")
    page.get_by_role("button", name="Add target").click()
    assert page.get_by_text("There is a problem").first.is_visible()
    assert violations(page) == []
    assert csp_violations == []


def test_the_designated_teacher_completes_and_submits(page, live_server, people, term):
    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    sign_in(page, live_server, people["dt"].email)
    page.goto(f"{live_server.url}/children/{pep.child_id}/peps/{pep.pk}/")
    page.get_by_role("button", name="Submit for quality assurance").click()
    assert page.get_by_text("This PEP cannot be submitted yet.").is_visible()

    page.get_by_role("link", name="Continue with the next section").click()
    page.get_by_label("The child's views").fill("I like drawing.")
    page.get_by_label("PN1: Child physically attends and speaks for him or herself").check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("The child's views saved").is_visible()

    page.goto(f"{live_server.url}/children/{pep.child_id}/peps/{pep.pk}/targets/add/")
    page.get_by_label("Attainment and progress").check()
    page.get_by_label("Target", exact=True).fill("Read every evening")
    page.get_by_label("Who is responsible").fill("Carer")
    page.get_by_label("By when").fill(f"{term.ends_on:%d/%m/%Y}")
    page.get_by_label("How success will be measured").fill("Reading log")
    page.get_by_role("button", name="Add target").click()

    page.goto(f"{live_server.url}/children/{pep.child_id}/peps/{pep.pk}/attendees/add/")
    page.get_by_label("Name").fill("Dee Teacher")
    page.get_by_label("Role").fill("Designated teacher")
    page.get_by_role("button", name="Add").click()
    page.get_by_label("Date of the PEP meeting").fill(f"{term.starts_on:%d/%m/%Y}")
    page.get_by_label("Date of the next review").fill(f"{term.ends_on:%d/%m/%Y}")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("button", name="Submit for quality assurance").click()
    assert page.get_by_text("PEP submitted to the virtual school").is_visible()
    pep.refresh_from_db()
    assert pep.status == "submitted"
