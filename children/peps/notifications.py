"""Emails about a step in a PEP's workflow, to the people working on it: the
designated teachers of the PEP's school and the caseworker and social worker
allocated to the child now. The person who took the step is not emailed.

Emails leave the authority's systems, so they carry only the child's initials and
local ID and a link; everything else is read after signing in."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from children.models import Allocation
from schools.models import DesignatedTeacher

from .models import PepEvent

SUBJECTS = {
    PepEvent.Action.STARTED: "PEP started",
    PepEvent.Action.SUBMITTED: "PEP submitted for quality assurance",
    PepEvent.Action.RETURNED: "PEP returned for changes",
    PepEvent.Action.APPROVED: "PEP approved",
    PepEvent.Action.SIGNED_OFF: "PEP signed off by the social worker",
    PepEvent.Action.NEW_VERSION: "New version of a PEP started",
}


def initials(child) -> str:
    return child.initials


def recipients(event: PepEvent) -> list:
    """Everyone involved in the PEP now, once each, without the person who acted."""
    pep = event.pep
    today = timezone.localdate()
    people = []
    if pep.school_id:
        people += [
            designation.user
            for designation in DesignatedTeacher.objects.current(today)
            .filter(school_id=pep.school_id)
            .select_related("user")
        ]
    allocations = (
        Allocation.objects.filter(
            child_id=pep.child_id, worker__isnull=False, started_on__lte=today
        )
        .exclude(ended_on__lt=today)
        .select_related("worker")
    )
    people += [allocation.worker for allocation in allocations]
    chosen, seen = [], set()
    for person in people:
        if person.pk == event.by_id or not person.is_active or not person.email:
            continue
        if person.pk not in seen:
            seen.add(person.pk)
            chosen.append(person)
    return chosen


def messages_for(event: PepEvent) -> list[EmailMessage]:
    pep = event.pep
    child = pep.child
    subject = f"{settings.SERVICE_NAME}: {SUBJECTS[event.action]} ({initials(child)}, {pep.term})"
    link = settings.SITE_URL + reverse("peps:detail", kwargs={"child_pk": child.pk, "pk": pep.pk})
    messages = []
    for person in recipients(event):
        body = render_to_string(
            f"peps/email/{event.action}.txt",
            {
                "event": event,
                "pep": pep,
                "recipient": person,
                "initials": initials(child),
                "local_id": child.local_id,
                "link": link,
                "service_name": settings.SERVICE_NAME,
                "authority_name": settings.AUTHORITY_NAME,
            },
        )
        messages.append(EmailMessage(subject=subject, body=body, to=[person.email]))
    return messages


def send_for_event(event_id: int) -> int:
    """Send the emails for one event, once: the event is claimed before sending and
    released again if sending fails, so a retry sends them."""
    claimed = PepEvent.objects.filter(pk=event_id, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return 0
    event = PepEvent.objects.select_related(
        "pep__child", "pep__term__academic_year", "pep__school", "by", "rating"
    ).get(pk=event_id)
    try:
        messages = messages_for(event)
        if messages:
            get_connection().send_messages(messages)
    except Exception:
        PepEvent.objects.filter(pk=event_id).update(notified_at=None)
        raise
    return len(messages)
