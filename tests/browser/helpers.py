import os
import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET
from tests.totp import current_code


def sign_in(page, live_server, email, password=TEST_PASSWORD, totp=True, secret=TEST_TOTP_SECRET):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    if totp:
        page.get_by_label("Code", exact=False).first.fill(current_code(secret))
        page.get_by_role("button", name="Continue").click()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def signed_in_page(new_context, live_server, email, **kwargs):
    """A page in a browser of its own, signed in as `email`: one person at their own
    computer, so people taking turns on a record keep their sessions."""
    page = new_context().new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, email, **kwargs)
    expect(page).not_to_have_url(re.compile(r"/accounts/"))
    return page


def expect_success(page, text):
    """The green banner after a change was saved."""
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(text)


def expect_problem(page, text):
    """The red "There is a problem" box, from a refused step or a form's errors."""
    expect(page.locator(".govuk-error-summary")).to_contain_text(text)


def pdf_text(path) -> str:
    """The text of a PDF as pdftotext (poppler-utils) reads it, spaces collapsed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is needed to check PDFs in CI")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(  # noqa: S603 - a fixed local tool on a file the test saved
        [tool, str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(result.stdout.split())
