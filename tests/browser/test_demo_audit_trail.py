"""Clicking through the demo leaves a true trail: what a caseworker looked at and
wrote shows in the child's access history for the manager."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.helpers import sign_in, sign_out
from vsh.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_activity_appears_in_the_childs_history(page, live_server):
    call_command("seed_demo", children=30, seed=7, verbosity=0)

    sign_in(
        page,
        live_server,
        "caseworker@demo.virtualschool.test",
        password=DEMO_PASSWORD,
        secret=DEMO_TOTP_SECRET,
    )
    page.goto(f"{live_server.url}/children/")
    first_child = page.locator("table a[href^='/children/']").first
    name = first_child.inner_text().strip()
    first_child.click()
    child_url = page.url
    page.get_by_role("link", name="Chronology", exact=True).click()
    page.get_by_role("link", name="Add to the chronology").click()
    page.get_by_label("Phone call").check()
    page.get_by_label("Summary").fill("Spoke to the designated teacher about reading catch-up")
    page.get_by_role("button", name=re.compile("Save|Add")).first.click()
    expect(
        page.get_by_role("heading", name=re.compile("Spoke to the designated teacher"))
    ).to_be_visible()
    sign_out(page)

    sign_in(
        page,
        live_server,
        "manager@demo.virtualschool.test",
        password=DEMO_PASSWORD,
        secret=DEMO_TOTP_SECRET,
    )
    page.goto(child_url)
    page.get_by_role("link", name="History", exact=True).click()
    history = page.locator("main")
    expect(history).to_contain_text("caseworker@demo.virtualschool.test")
    expect(history).to_contain_text("Viewed")
    expect(history).to_contain_text("Created")
    expect(history).to_contain_text("Spoke to the designated teacher about reading catch-up")
    assert name
