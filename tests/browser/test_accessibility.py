"""axe-core in Chromium on the main pages of each kind: no WCAG 2.2 A or AA
violations. Pages are reached as a person would, signed in with password and TOTP."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.helpers import sign_in
from tests.factories import (
    AllocationFactory,
    CareEpisodeFactory,
    CaseNoteFactory,
    ChildFactory,
    EnrolmentFactory,
    SchoolFactory,
    UserFactory,
)
from vsh.accounts.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run npm ci")
    # Evaluated through the DevTools protocol, which the page's CSP does not govern.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0].target}`)",
        WCAG,
    )
    return result


def test_signed_out_pages_have_no_violations(page, live_server):
    for path in ["/accounts/login/", "/accounts/password/reset/"]:
        page.goto(f"{live_server.url}{path}")
        assert violations(page) == [], path


def test_main_pages_have_no_violations(page, live_server):
    manager = UserFactory(email="mo@example.org", role=Role.MANAGER)
    school = SchoolFactory(name="Riverside Primary School")
    child = ChildFactory(first_name="Amara", last_name="Okafor")
    EnrolmentFactory(child=child, school=school)
    CareEpisodeFactory(child=child)
    AllocationFactory(child=child, worker=UserFactory(role=Role.CASEWORKER))
    CaseNoteFactory(child=child, author=manager)

    sign_in(page, live_server, "mo@example.org")
    failures = {}
    for path in [
        "/",
        "/children/",
        f"/children/{child.pk}/",
        f"/children/{child.pk}/education/",
        f"/children/{child.pk}/care/",
        f"/children/{child.pk}/people/",
        f"/children/{child.pk}/chronology/",
        f"/children/{child.pk}/notes/new/",
        f"/children/{child.pk}/access/",
        f"/children/{child.pk}/history/",
        "/schools/",
        f"/schools/{school.pk}/",
        "/carers/",
        "/users/",
        "/users/invite/",
        "/audit/",
        "/children/data/",
    ]:
        page.goto(f"{live_server.url}{path}")
        found = violations(page)
        if found:
            failures[path] = found
    assert not failures


def test_form_errors_have_no_violations(page, live_server):
    UserFactory(email="mo@example.org", role=Role.MANAGER)
    sign_in(page, live_server, "mo@example.org")
    page.goto(f"{live_server.url}/users/invite/")
    page.get_by_role("button", name="Send invitation").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert violations(page) == []


def test_the_check_itself_finds_a_violation(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "document.querySelector('main').append(Object.assign("
        "document.createElement('img'), {src: '/static/images/logo.svg'}))"
    )
    assert any(v.startswith("image-alt") for v in violations(page))
