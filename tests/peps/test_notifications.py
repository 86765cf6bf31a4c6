"""Emails about each step of a PEP go to the people working on it, once."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from children.peps import notifications, services
from children.peps.models import PepEvent
from children.peps.sections import get
from children.peps.tasks import notify_pep_event
from tests.factories import AllocationFactory, DesignatedTeacherFactory, UserFactory
from tests.peps.conftest import complete
from vsh.accounts.roles import Role

pytestmark = pytest.mark.django_db


def _to(outbox) -> set[str]:
    return {address for message in outbox for address in message.to}


def test_starting_emails_the_school_and_the_allocated_workers(
    people, term, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pep = services.start_pep(child=people["child"], term=term, by=people["caseworker"])
    assert _to(mail.outbox) == {people["dt"].email, people["social_worker"].email}
    message = mail.outbox[0]
    assert "PEP started (AO," in message.subject
    assert "Amara" not in message.subject + message.body
    assert f"/children/{pep.child_id}/peps/{pep.pk}/" in message.body
    assert f"local ID {people['child'].local_id}" in message.body


def test_submitting_emails_the_caseworker_and_social_worker_not_the_sender(
    pep, people, django_capture_on_commit_callbacks
):
    delegate = DesignatedTeacherFactory(school=people["school"], is_lead=False).user
    today = timezone.localdate()
    former = UserFactory(role=Role.SOCIAL_WORKER)
    AllocationFactory(
        child=pep.child,
        kind="social_worker",
        worker=former,
        started_on=today - timedelta(days=300),
        ended_on=today - timedelta(days=200),
    )
    complete(pep, people["dt"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_pep(pep=pep, by=people["dt"])
    assert _to(mail.outbox) == {
        people["caseworker"].email,
        people["social_worker"].email,
        delegate.email,
    }
    assert people["other_dt"].email not in _to(mail.outbox)
    assert all("PEP submitted for quality assurance" in m.subject for m in mail.outbox)


def test_returning_tells_the_school_to_read_the_reasons(
    pep, people, red, django_capture_on_commit_callbacks
):
    complete(pep, people["dt"])
    services.submit_pep(pep=pep, by=people["dt"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_pep(
            pep=pep, by=people["caseworker"], reasons="Private detail about the child", rating=red
        )
    assert _to(mail.outbox) == {people["dt"].email, people["social_worker"].email}
    body = mail.outbox[0].body
    assert "returned the PEP" in body and "rated Red: inadequate" in body
    # The reasons stay in the service.
    assert "Private detail" not in body


def test_approval_and_sign_off_emails(pep, people, green, django_capture_on_commit_callbacks):
    complete(pep, people["dt"])
    services.update_section(
        pep=pep,
        section=get("social-worker"),
        data={"social_worker_contribution": "Stable placement"},
        by=people["social_worker"],
    )
    services.submit_pep(pep=pep, by=people["dt"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_pep(pep=pep, by=people["manager"], rating=green)
    assert _to(mail.outbox) == {
        people["dt"].email,
        people["caseworker"].email,
        people["social_worker"].email,
    }
    assert "PEP approved" in mail.outbox[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_off_pep(pep=pep, by=people["social_worker"])
    assert _to(mail.outbox) == {people["dt"].email, people["caseworker"].email}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = services.start_new_version(pep=pep, by=people["dt"])
    assert _to(mail.outbox) == {people["caseworker"].email, people["social_worker"].email}
    assert f"started version {new.version}" in mail.outbox[0].body


def test_a_refused_step_sends_nothing(pep, people, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.submit_pep(pep=pep, by=people["dt"])
    assert mail.outbox == []


def test_leavers_are_not_emailed(pep, people, django_capture_on_commit_callbacks):
    people["social_worker"].is_active = False
    people["social_worker"].save()
    complete(pep, people["dt"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_pep(pep=pep, by=people["dt"])
    assert _to(mail.outbox) == {people["caseworker"].email}


def test_the_task_sends_an_events_emails_once(pep, people):
    event = pep.events.get()
    mail.outbox.clear()
    assert notify_pep_event.delay(event.pk).get() == 2
    assert notify_pep_event.delay(event.pk).get() == 0
    assert len(mail.outbox) == 2
    event.refresh_from_db()
    assert event.notified_at is not None


def test_a_failed_send_is_released_for_the_retry(pep):
    event = pep.events.get()
    with (
        mock.patch.object(notifications, "get_connection") as connection,
        pytest.raises(OSError),
    ):
        connection.return_value.send_messages.side_effect = OSError("SMTP down")
        notifications.send_for_event(event.pk)
    event.refresh_from_db()
    assert event.notified_at is None
    assert notifications.send_for_event(event.pk) == 2


def test_an_event_deleted_before_the_task_runs_sends_nothing(pep):
    event = pep.events.get()
    PepEvent.objects.filter(pk=event.pk).delete()
    assert notifications.send_for_event(event.pk) == 0
