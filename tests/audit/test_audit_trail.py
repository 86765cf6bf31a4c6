import csv
import io

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from tests.factories import AllocationFactory, ChildFactory
from vsh.audit.models import AuditEvent
from vsh.audit.services import record_view

pytestmark = pytest.mark.django_db


def test_viewing_a_child_is_recorded_with_who_when_and_where(client, caseworker):
    child = ChildFactory()
    AllocationFactory(child=child, worker=caseworker)
    client.force_login(caseworker)
    client.get(reverse("children:overview", args=[child.pk]), REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.filter(action="view", child=child).latest("at")
    assert event.actor == caseworker
    assert event.ip_address == "10.1.2.3"
    assert event.path == reverse("children:overview", args=[child.pk])


def test_managers_read_a_childs_access_history_and_export_it(client, manager, caseworker):
    child = ChildFactory(local_id="900001")
    record_view(caseworker, child)
    client.force_login(manager)
    url = reverse("child_audit:child_history", args=[child.pk])
    page = client.get(url).content.decode()
    assert caseworker.email in page

    response = client.get(url, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert any(r["who"] == caseworker.email and r["child_local_id"] == "900001" for r in rows)
    assert AuditEvent.objects.filter(action="export", actor=manager, child=child).exists()


def test_history_filters_by_action_and_person(client, manager, caseworker, social_worker):
    child = ChildFactory()
    record_view(caseworker, child)
    record_view(social_worker, child)
    client.force_login(manager)
    page = client.get(
        reverse("child_audit:child_history", args=[child.pk]),
        {"actor": social_worker.email, "action": "view"},
    ).content.decode()
    assert social_worker.email in page
    assert f">{caseworker.email}<" not in page


def test_user_activity_page(client, manager, caseworker):
    child = ChildFactory()
    record_view(caseworker, child)
    client.force_login(manager)
    response = client.get(reverse("audit:user_activity", args=[caseworker.pk]))
    assert response.status_code == 200
    assert child.local_id in response.content.decode()


@pytest.mark.parametrize("role", ["caseworker", "social_worker", "designated_teacher", "partner"])
def test_only_managers_and_the_head_read_the_audit_log(client, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("audit:activity")).status_code == 403


def test_changes_record_old_and_new_values(client, manager):
    child = ChildFactory(preferred_name="")
    from vsh.audit.services import record_update, snapshot

    before = snapshot(child)
    child.preferred_name = "Jo"
    child.save()
    event = record_update(manager, child, before)
    assert event.changes["preferred_name"] == {"old": "", "new": "Jo"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="The trigger is PostgreSQL's")
def test_database_refuses_to_change_or_delete_the_trail(caseworker):
    event = record_view(caseworker, ChildFactory())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(detail="tampered")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk, detail="").exists()


def test_failed_sign_in_is_recorded_without_the_password(client):
    client.post(
        reverse("account_login"), {"login": "who@example.org", "password": "Secret-guess-1"}
    )
    event = AuditEvent.objects.get(action="login_failed")
    assert event.actor_label == "who@example.org"
    assert "Secret-guess-1" not in str(event.__dict__)
