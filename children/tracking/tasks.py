"""The daily alert run: raise what the day brings, then email each person a digest
of their new and reopened alerts.

A digest is sent at most once a day per person. Sending one is recorded in the
audit trail (children's names leave the service by email, so it belongs there),
and that record is what stops a retried or repeated run sending it again."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from vsh.accounts.models import User
from vsh.audit.models import AuditEvent
from vsh.audit.services import Action, record

from . import alerts

DIGEST = "Emailed the daily alert digest"


@shared_task(name="tracking.daily_alert_scan", acks_late=True)
def daily_alert_scan() -> int:
    raised = alerts.scan()
    send_alert_digests.delay()
    return raised


def _start_of_today():
    now = timezone.localtime()
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def _already_sent() -> set[str]:
    return set(
        AuditEvent.objects.filter(
            action=Action.EXPORT,
            object_type=User._meta.label,
            detail__startswith=DIGEST,
            at__gte=_start_of_today(),
        ).values_list("object_id", flat=True)
    )


def _digest(user, new_alerts) -> tuple[str, str]:
    for alert in new_alerts:
        alert.link = settings.SITE_URL + alerts.alert_url(alert)
    count = len(new_alerts)
    subject = f"{settings.SERVICE_NAME}: {count} new alert{'s' if count != 1 else ''}"
    body = render_to_string(
        "tracking/email/digest.txt",
        {
            "user": user,
            "count": count,
            "by_kind": alerts.count_by_kind(new_alerts),
            "alerts": new_alerts,
            "alerts_link": settings.SITE_URL + reverse("alerts:list"),
            "service_name": settings.SERVICE_NAME,
            "authority_name": settings.AUTHORITY_NAME,
        },
    )
    return subject, body


@shared_task(
    name="tracking.send_alert_digests",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_alert_digests() -> int:
    """Email everyone with alerts raised or reopened in the last day that they have
    not acknowledged; people with nothing new get no email. Returns how many were
    sent."""
    since = timezone.now() - timedelta(days=1)
    news = Q(created_at__gte=since) | Q(reopened_at__gte=since)
    sent_today = _already_sent()
    sent = 0
    recipients = User.objects.filter(is_active=True).order_by("pk")
    for user in recipients:
        if not alerts.kinds_for(user) or str(user.pk) in sent_today:
            continue
        new_alerts = list(alerts.visible_alerts(user).filter(news))
        if not new_alerts:
            continue
        subject, body = _digest(user, new_alerts)
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])
        record(
            Action.EXPORT,
            actor=None,
            actor_label="Daily alert digest",
            obj=user,
            detail=f"{DIGEST} ({len(new_alerts)} alert{'s' if len(new_alerts) != 1 else ''})",
        )
        sent += 1
    return sent
