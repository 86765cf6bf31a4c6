from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
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


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _(
            "That code is not right or has already been used. Enter the newest code "
            "from your authenticator app, or one of your recovery codes."
        ),
    }
