import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.utils import is_mfa_enabled
from django.utils.translation import gettext_lazy as _


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts are created only by accepting an invitation from a manager."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _(
            "The email address or password is not right. Check them and try again."
        ),
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts. Wait a few minutes before trying again."
        ),
    }

    def is_open_for_signup(self, request):
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # Two-factor set-up follows straight on from signing in, and the recovery
        # codes page straight on from that: asking for the password again seconds
        # later only gets in the way. A sign-in within the reauthentication window
        # counts as recent; after it, changes to authenticators ask again.
        request = context.request
        if app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            if not is_mfa_enabled(request.user) or _signed_in_recently(request):
                return False
        return super().is_reauthentication_required(app=app, **kwargs)


def _signed_in_recently(request) -> bool:
    records = get_authentication_records(request, request.user)
    if not records:
        return False
    return time.time() - records[-1].get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _(
            "That code is not right or has already been used. Enter the newest code "
            "from your authenticator app, or one of your recovery codes."
        ),
    }
