from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.dispatch import receiver

from vsh.audit.services import Action, record


@receiver(authenticator_added)
def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    record(
        Action.ACCOUNT,
        actor=user,
        request=request,
        detail=f"Set up two-factor authentication ({authenticator.type})",
    )


@receiver(authenticator_removed)
def on_authenticator_removed(sender, request, user, authenticator, **kwargs):
    record(
        Action.ACCOUNT,
        actor=user,
        request=request,
        detail=f"Removed two-factor authentication ({authenticator.type})",
    )
