"""Compute the authenticator-app code for the test secret, as a phone would."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.factories import TEST_TOTP_SECRET


def current_code(secret: str = TEST_TOTP_SECRET, offset: int = 0) -> str:
    # Near the end of a 30-second window, wait for the next one, as a person would.
    if 30 - time.time() % 30 < 2:
        time.sleep(2.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))
