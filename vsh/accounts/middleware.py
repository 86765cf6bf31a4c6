from allauth.mfa.utils import is_mfa_enabled
from django.shortcuts import redirect
from django.urls import reverse

# Paths someone without two-factor authentication may still use: the sign-in and
# MFA set-up pages, signing out, and static assets.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/invitations/", "/static/", "/healthz")


class RequireMFAMiddleware:
    """Every account must set up an authenticator app before it sees any data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and not is_mfa_enabled(user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)
