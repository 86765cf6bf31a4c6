from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authentication_failed, authenticator_used
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver

from .services import Action, record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    record(Action.LOGIN, actor=user, request=request)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(Action.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Never store the password; the address tried is useful to spot attacks.
    tried = str(credentials.get("email") or credentials.get("username") or "")[:254]
    record(
        Action.LOGIN_FAILED, request=request, actor_label=tried, detail="Wrong email or password"
    )


@receiver(authentication_failed)
def on_two_factor_failed(
    sender, request, user, authenticator=None, reauthentication=False, **kwargs
):
    # A wrong code after the right password means someone may hold the password; a
    # reused one, that someone may have watched it typed. Never store the code itself.
    reused = _is_reused_code(request, authenticator)
    detail = "Reused two-factor code" if reused else "Wrong two-factor code"
    if reauthentication:
        detail += " when confirming identity"
    record(Action.LOGIN_FAILED, actor=user, request=request, detail=detail)


def _is_reused_code(request, authenticator) -> bool:
    """Whether the code typed is an app code already used in its time window: allauth
    marks each accepted code used in the cache and refuses it a second time."""
    code = request.POST.get("code", "") if request is not None else ""
    if not code or authenticator is None or authenticator.type != Authenticator.Type.TOTP:
        return False
    totp = authenticator.wrap()
    # allauth's own key for used codes (a private method): if an upgrade renames it,
    # tests/audit/test_two_factor_events.py fails rather than the trail going quiet.
    return cache.get(totp._get_used_cache_key(code)) is not None


@receiver(authenticator_used)
def on_authenticator_used(sender, request, user, authenticator, reauthenticated=False, **kwargs):
    # Recovery codes are the fallback for a lost phone; each use is worth a trace,
    # and the count left tells a manager when the person needs new ones.
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        return
    # The instance passed along can predate the code being marked used: count from
    # the stored row.
    codes = Authenticator.objects.get(pk=authenticator.pk).wrap()
    left = len(codes.get_unused_codes())
    purpose = "confirm identity" if reauthenticated else "sign in"
    record(
        Action.ACCOUNT,
        actor=user,
        request=request,
        detail=f"Used a recovery code to {purpose} ({left} left)",
    )
