import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import AllocationFactory, ChildFactory, UserFactory
from vsh.accounts.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_signs_in_with_password_and_totp(page, live_server, csp_violations):
    user = UserFactory(email="cass@example.org", full_name="Cass Worker", role=Role.CASEWORKER)
    child = ChildFactory(first_name="Amara", last_name="Okafor")
    AllocationFactory(child=child, worker=user)

    sign_in(page, live_server, "cass@example.org")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Cass Worker")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Amara Okafor"))).to_be_visible()
    assert not [e for e in csp_violations if "Content Security Policy" in e]


def test_account_without_mfa_cannot_reach_child_data(page, live_server):
    user = UserFactory(email="new@example.org", role=Role.CASEWORKER, mfa=False)
    child = ChildFactory(first_name="Amara", last_name="Okafor")
    AllocationFactory(child=child, worker=user)

    sign_in(page, live_server, "new@example.org", totp=False)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))

    for path in ["/", "/children/", f"/children/{child.pk}/"]:
        page.goto(f"{live_server.url}{path}")
        expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
        expect(page.get_by_text("Amara")).to_have_count(0)


def test_wrong_password_shows_a_clear_error(page, live_server):
    UserFactory(email="cass@example.org")
    sign_in(page, live_server, "cass@example.org", password="wrong-password-1", totp=False)
    expect(page.get_by_text(re.compile("email address or password is not right"))).to_be_visible()


@pytest.mark.parametrize(
    "role, nav",
    [
        (Role.HEAD, "Audit log"),
        (Role.MANAGER, "Users"),
        (Role.CASEWORKER, "Carers"),
        (Role.SOCIAL_WORKER, "My children"),
        (Role.PARTNER, "Children shared with me"),
    ],
)
def test_each_role_lands_on_its_home_page(page, live_server, role, nav):
    UserFactory(email="someone@example.org", role=role)
    sign_in(page, live_server, "someone@example.org")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Menu").get_by_role("link", name=nav)
    ).to_be_visible()


def test_designated_teacher_lands_on_their_school(page, live_server):
    from tests.factories import DesignatedTeacherFactory, SchoolFactory

    school = SchoolFactory(name="Riverside Primary School")
    teacher = DesignatedTeacherFactory(school=school).user
    teacher.email = "dt@example.org"
    teacher.save()
    sign_in(page, live_server, "dt@example.org")
    expect(page.get_by_text("Riverside Primary School").first).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Pupils")
    ).to_be_visible()
