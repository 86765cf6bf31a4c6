"""The tracking pages in headless Chromium: no WCAG 2.2 A or AA violations from
axe-core on the record pages, the entry forms with their errors, and an import from
upload to confirmation, and no Content Security Policy errors on the way."""

import os
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.conftest import CHROMIUM
from tests.browser.helpers import sign_in
from tests.factories import (
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    SchoolFactory,
)
from tests.tracking.factories import (
    AssessmentFactory,
    AttendanceRecordFactory,
    CelebrationFactory,
    SdqFactory,
    SuspensionFactory,
    term,
)

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
DATA = Path(__file__).parent / "data"


def violations(page) -> list[str]:
    page.evaluate(AXE.read_text())
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0].target}`)",
        WCAG,
    )


@pytest.fixture
def world():
    school = SchoolFactory(name="Riverside Academy")
    teacher = DesignatedTeacherFactory(school=school, user__email="dee@example.org").user
    child = ChildFactory(first_name="Amy", last_name="Adams", upn="W318200012345")
    EnrolmentFactory(child=child, school=school, started_on=date(2023, 9, 1))
    AttendanceRecordFactory(child=child, school=school)
    AttendanceRecordFactory(
        child=child,
        school=school,
        period_start=date(2025, 9, 8),
        period_end=date(2025, 9, 12),
        present=4,
        authorised_absence=6,
    )
    SuspensionFactory(child=child, school=school, sessions=12)
    AssessmentFactory(
        child=child, term=term("autumn", 2025), measure="gcse", actual="4", target="5"
    )
    AssessmentFactory(
        child=child, term=term("autumn", 2025), measure="ks2_ta", actual="EXS", target="EXS"
    )
    SdqFactory(child=child)
    SdqFactory(child=child, assessed_on=date(2025, 9, 1), score=18, informant="teacher")
    CelebrationFactory(child=child)
    return child, teacher


def test_record_pages_and_forms_have_no_violations(page, live_server, world, csp_violations):
    child, teacher = world
    sign_in(page, live_server, teacher.email)
    failures = {}
    for path in [
        f"/children/{child.pk}/attendance/",
        f"/children/{child.pk}/attendance/?chart=term",
        f"/children/{child.pk}/attainment/",
        f"/children/{child.pk}/wellbeing/",
        f"/children/{child.pk}/attendance/add/",
        f"/children/{child.pk}/attainment/add/",
        f"/children/{child.pk}/suspensions/add/",
        f"/children/{child.pk}/wellbeing/sdq/add/",
        f"/children/{child.pk}/wellbeing/celebrations/add/",
        "/tracking/imports/attendance/",
        "/tracking/imports/attainment/",
    ]:
        page.goto(f"{live_server.url}{path}")
        found = violations(page)
        if found:
            failures[path] = found
    assert not failures
    assert not csp_violations


def test_form_errors_have_no_violations(page, live_server, world):
    child, teacher = world
    sign_in(page, live_server, teacher.email)
    page.goto(f"{live_server.url}/children/{child.pk}/attendance/add/")
    page.get_by_label("Possible sessions", exact=True).fill("10")
    page.get_by_label("Present sessions").fill("99")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "add up to" in summary.inner_text()
    assert violations(page) == []


def test_an_import_from_upload_to_confirmation(page, live_server, world):
    child, teacher = world
    sign_in(page, live_server, teacher.email)
    page.goto(f"{live_server.url}/tracking/imports/attendance/")
    page.set_input_files("input[type=file]", str(DATA / "attendance_bad.csv"))
    page.get_by_role("button", name="Check the file").click()
    assert page.get_by_role("heading", name="Some rows have problems").is_visible()
    assert violations(page) == []
    page.get_by_role("button", name="Import the 1 good row").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert violations(page) == []
    page.get_by_label("I understand that the rows with problems will not be imported").check()
    page.get_by_role("button", name="Import the 1 good row").click()
    assert page.get_by_role("heading", name="1 row imported").is_visible()
    assert violations(page) == []
