"""From the school to the virtual school: a designated teacher records a suspension
and a week of low attendance, the child's caseworker finds both alerts on their
home page, acknowledges them and no longer sees them, while the manager still
does; a designated teacher at another school sees nothing of the child."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from children.school_years import academic_year_start, date_of_birth_range_for_year
from children.tracking.models import Alert, AlertAcknowledgement
from tests.browser.helpers import expect_success, signed_in_page
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

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Jayden Brooks"


@pytest.fixture
def setting(db):
    """A child looked after at Riverside Primary with an allocated caseworker, the
    school's designated teacher, a manager, and Hillside Academy's designated teacher."""
    today = timezone.localdate()
    ensure_academic_year(academic_year_start(today))
    riverside = SchoolFactory(name="Riverside Primary")
    born = date_of_birth_range_for_year(5, today)[0] + timedelta(days=100)
    child = ChildFactory(first_name="Jayden", last_name="Brooks", date_of_birth=born)
    EnrolmentFactory(child=child, school=riverside, started_on=today - timedelta(days=500))
    CareEpisodeFactory(child=child, started_on=today - timedelta(days=700))
    caseworker = UserFactory(role=Role.CASEWORKER, full_name="Cass Caseworker")
    AllocationFactory(child=child, kind="caseworker", worker=caseworker)
    return {
        "child": child,
        "dt": DesignatedTeacherFactory(school=riverside, user__full_name="Dee Teacher").user,
        "caseworker": caseworker,
        "manager": UserFactory(role=Role.MANAGER, full_name="Mo Manager"),
        "other_dt": DesignatedTeacherFactory(
            school=SchoolFactory(name="Hillside Academy"), user__full_name="Hal Hillside"
        ).user,
    }


def last_week():
    """Monday and Friday of last week: recent enough to raise alerts, and past."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 7)
    return monday, monday + timedelta(days=4)


def alerts_table(page):
    return page.get_by_role("table", name=re.compile(r"alert", re.IGNORECASE))


def test_school_records_raise_alerts_for_the_virtual_school(new_context, live_server, setting):
    child = setting["child"]
    monday, friday = last_week()
    suspended = f"Suspended from Riverside Primary for 2 days from {monday.day} {monday:%B %Y}"
    low = f"Attendance 60% at Riverside Primary from {monday.day} {monday:%B %Y}"

    # The designated teacher records a two-day suspension and last week's attendance.
    teacher = signed_in_page(new_context, live_server, setting["dt"].email)
    teacher.get_by_role("link", name=NAME, exact=True).click()
    teacher.get_by_role("navigation", name="Child record").get_by_role(
        "link", name="Attendance", exact=True
    ).click()
    teacher.get_by_role("link", name="Record a suspension or exclusion").click()
    teacher.get_by_label("Suspension", exact=True).check()
    teacher.get_by_label("School", exact=True).select_option(label="Riverside Primary")
    teacher.get_by_label("Start date").fill(f"{monday:%d/%m/%Y}")
    teacher.get_by_label(re.compile(r"^Sessions")).fill("4")
    teacher.get_by_label("Reason", exact=True).select_option(
        label="PD: Persistent or general disruptive behaviour"
    )
    teacher.get_by_role("button", name="Save").click()
    expect_success(teacher, "Suspension or exclusion recorded")
    expect(teacher.locator("main")).to_contain_text("4 sessions (2 days)")

    teacher.get_by_role("link", name="Add attendance").click()
    teacher.get_by_label("Period start").fill(f"{monday:%d/%m/%Y}")
    teacher.get_by_label("Period end").fill(f"{friday:%d/%m/%Y}")
    teacher.get_by_label("School", exact=True).select_option(label="Riverside Primary")
    teacher.get_by_label("Possible sessions", exact=True).fill("10")
    teacher.get_by_label("Present sessions").fill("6")
    teacher.get_by_label("Unauthorised absence").fill("4")
    teacher.get_by_role("button", name="Save").click()
    expect_success(teacher, "Attendance added")
    expect(teacher.locator("main")).to_contain_text("60%")

    # The caseworker finds both alerts on their home page and on the alerts page.
    caseworker = signed_in_page(new_context, live_server, setting["caseworker"].email)
    waiting = caseworker.get_by_role("table", name="Alerts waiting for you")
    expect(waiting.get_by_role("row", name=re.compile(NAME))).to_have_count(2)
    expect(waiting).to_contain_text("Suspension")
    expect(waiting).to_contain_text(suspended)
    expect(waiting).to_contain_text("Low attendance")
    expect(waiting).to_contain_text(low)
    menu = caseworker.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Alerts", exact=True).click()
    expect(caseworker.get_by_role("heading", level=1, name="Alerts")).to_be_visible()
    listed = alerts_table(caseworker)
    expect(listed).to_contain_text(suspended)
    expect(listed).to_contain_text(low)

    # Acknowledged, one from the home page and one from the alerts page, they go.
    caseworker.get_by_role("button", name=re.compile(r"^Acknowledge.*attendance")).click()
    expect_success(caseworker, f"Alert acknowledged for {NAME}")
    expect(alerts_table(caseworker)).not_to_contain_text(low)
    caseworker.goto(f"{live_server.url}/")
    caseworker.get_by_role("button", name=re.compile(r"^Acknowledge.*suspension")).click()
    expect_success(caseworker, f"Alert acknowledged for {NAME}: New suspension.")
    expect(caseworker.get_by_role("table", name="Alerts waiting for you")).to_have_count(0)
    expect(caseworker.locator("main")).to_contain_text("Alerts waiting for you None at the moment.")
    caseworker.goto(f"{live_server.url}/alerts/")
    expect(caseworker.locator("main")).to_contain_text("You have no alerts waiting.")
    caseworker.goto(f"{live_server.url}/alerts/?status=acknowledged")
    acknowledged = alerts_table(caseworker)
    expect(acknowledged.get_by_text(re.compile(r"^\s*Acknowledged \d"))).to_have_count(2)

    # The manager has not acknowledged them, so still has both waiting.
    manager = signed_in_page(new_context, live_server, setting["manager"].email)
    manager.goto(f"{live_server.url}/alerts/")
    for_manager = alerts_table(manager)
    expect(for_manager).to_contain_text(suspended)
    expect(for_manager).to_contain_text(low)
    expect(for_manager.get_by_role("button", name=re.compile(r"^Acknowledge"))).to_have_count(2)
    alerts = Alert.objects.filter(child=child, resolved_on__isnull=True)
    assert set(alerts.values_list("kind", flat=True)) == {"suspension", "low_attendance"}
    assert set(
        AlertAcknowledgement.objects.filter(alert__in=alerts).values_list("user", flat=True)
    ) == {setting["caseworker"].pk}

    # Another school's designated teacher sees nothing of the child.
    other = signed_in_page(new_context, live_server, setting["other_dt"].email)
    expect(other.get_by_role("heading", level=1, name="Your pupils")).to_be_visible()
    expect(other.locator("main")).not_to_contain_text("Brooks")
    other.goto(f"{live_server.url}/children/")
    expect(other.locator("main")).not_to_contain_text("Brooks")
    other.goto(f"{live_server.url}/alerts/")
    expect(other.locator("main")).to_contain_text("You have no alerts waiting.")
    expect(other.locator("main")).not_to_contain_text("Brooks")
    response = other.goto(f"{live_server.url}/children/{child.pk}/attendance/")
    assert response.status == 404
    expect(other.get_by_role("heading", level=1, name="Page not found")).to_be_visible()
    expect(other.locator("main")).not_to_contain_text("Brooks")
