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
