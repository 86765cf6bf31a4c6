# The browser tests here use the same Chromium set-up as tests/browser.
from tests.browser.conftest import browser_type_launch_args, csp_violations  # noqa: F401
