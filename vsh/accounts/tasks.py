from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from . import services
from .models import Invitation


@shared_task(
    name="accounts.send_invitation_email",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_invitation_email(invitation_id: int) -> None:
    invitation = (
        Invitation.objects.select_related("invited_by")
        .filter(pk=invitation_id, status=Invitation.Status.PENDING)
        .first()
    )
    if invitation is None:  # withdrawn or used since it was queued
        return
    context = {
        "invitation": invitation,
        "link": settings.SITE_URL + reverse("accept_invitation", args=[invitation.token]),
        "service_name": settings.SERVICE_NAME,
        "authority_name": settings.AUTHORITY_NAME,
    }
    send_mail(
        subject=f"{settings.SERVICE_NAME}: your invitation from {settings.AUTHORITY_NAME}",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


@shared_task(name="accounts.expire_invitations")
def expire_invitations() -> int:
    return services.expire_invitations()
