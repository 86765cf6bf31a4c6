from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AllocationFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
)
from vsh.access.models import AccessGrant
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_manager_sees_every_route_to_the_child(client, manager, caseworker, partner):
    child = ChildFactory()
    AllocationFactory(child=child, worker=caseworker)
    designation = DesignatedTeacherFactory()
    EnrolmentFactory(child=child, school=designation.school)
    AccessGrant.objects.create(
        child=child,
        user=partner,
        level="view",
        reason="EP assessment",
        expires_on=TODAY + timedelta(days=9),
        granted_by=manager,
    )
    client.force_login(manager)
    page = client.get(reverse("access:child", args=[child.pk])).content.decode()
    for name in [
        manager.full_name,
        caseworker.full_name,
        designation.user.full_name,
        partner.full_name,
    ]:
        assert name in page
    assert "EP assessment" in page
    assert "Designated teacher at" in page


def grant_data(partner, reason="Independent reviewing officer", starts_in=None, ends_in=60):
    """The grant form's fields, with dates `starts_in` and `ends_in` days from today."""
    data = {
        "user": partner.pk,
        "level": "view",
        "reason": reason,
        "expires_on": (TODAY + timedelta(days=ends_in)).strftime("%d/%m/%Y"),
    }
    if starts_in is not None:
        data["starts_on"] = (TODAY + timedelta(days=starts_in)).strftime("%d/%m/%Y")
    return data


def test_manager_gives_and_takes_away_access(client, manager, partner):
    child = ChildFactory()
    client.force_login(manager)
    url = reverse("access:child", args=[child.pk])
    response = client.post(url, grant_data(partner))
    assert response.status_code == 302
    grant = AccessGrant.objects.get()
    assert grant.is_active
    assert AuditEvent.objects.filter(action="grant", child=child, actor=manager).exists()

    client.force_login(partner)
    assert client.get(reverse("children:overview", args=[child.pk])).status_code == 200

    client.force_login(manager)
    client.post(reverse("access:revoke", args=[child.pk, grant.pk]))
    assert AuditEvent.objects.filter(action="revoke", child=child).exists()
    client.force_login(partner)
    assert client.get(reverse("children:overview", args=[child.pk])).status_code == 404


def test_bad_grant_is_explained_and_nothing_saved(client, manager, partner):
    child = ChildFactory()
    client.force_login(manager)
    response = client.post(
        reverse("access:child", args=[child.pk]),
        grant_data(partner, reason="", ends_in=-1),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The end date must be today or later" in page
    assert not AccessGrant.objects.exists()


def test_only_managers_see_the_access_page(client, caseworker):
    child = ChildFactory()
    AllocationFactory(child=child, worker=caseworker)
    client.force_login(caseworker)
    assert client.get(reverse("access:child", args=[child.pk])).status_code == 403
    assert client.get(reverse("access:child", args=[ChildFactory().pk])).status_code == 404


def test_access_can_be_given_from_a_later_day(client, manager, partner):
    child = ChildFactory()
    client.force_login(manager)
    url = reverse("access:child", args=[child.pk])
    assert f'value="{TODAY:%d/%m/%Y}"' in client.get(url).content.decode()
    response = client.post(
        url, grant_data(partner, "Placed in the neighbouring authority", starts_in=7)
    )
    assert response.status_code == 302
    grant = AccessGrant.objects.get()
    assert grant.starts_on == TODAY + timedelta(days=7) and not grant.is_active
    page = client.get(url).content.decode()
    assert f"from {grant.starts_on:%-d %B %Y}" in page and "Not started" in page
    client.force_login(partner)
    assert client.get(reverse("children:overview", args=[child.pk])).status_code == 404

    # Arranged in advance, it can be called off before it starts.
    client.force_login(manager)
    assert "Cancel" in client.get(url).content.decode()
    client.post(reverse("access:revoke", args=[child.pk, grant.pk]))
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.status == "Revoked"
    event = AuditEvent.objects.get(action="revoke", child=child)
    assert event.detail.startswith("Cancelled") and "due to start on" in event.detail


def test_an_ended_grant_cannot_be_taken_away_again(client, manager, partner):
    child = ChildFactory()
    grant = AccessGrant.objects.create(
        child=child,
        user=partner,
        level="view",
        reason="IRO",
        starts_on=TODAY - timedelta(days=30),
        expires_on=TODAY - timedelta(days=1),
        granted_by=manager,
    )
    client.force_login(manager)
    response = client.post(reverse("access:revoke", args=[child.pk, grant.pk]), follow=True)
    assert "already ended" in response.content.decode()
    grant.refresh_from_db()
    assert grant.revoked_at is None and grant.status == "Expired"
    assert not AuditEvent.objects.filter(action="revoke").exists()


def test_access_can_be_arranged_at_most_a_year_ahead(client, manager, partner):
    child = ChildFactory()
    client.force_login(manager)
    page = client.post(
        reverse("access:child", args=[child.pk]),
        grant_data(partner, starts_in=400, ends_in=420),
    ).content.decode()
    assert "Access can be arranged at most a year ahead" in page
    assert not AccessGrant.objects.exists()


def test_access_cannot_start_in_the_past_or_end_before_it_starts(client, manager, partner):
    child = ChildFactory()
    client.force_login(manager)
    url = reverse("access:child", args=[child.pk])
    page = client.post(url, grant_data(partner, starts_in=-1, ends_in=9)).content.decode()
    assert "The start date must be today or later" in page
    page = client.post(url, grant_data(partner, starts_in=20, ends_in=9)).content.decode()
    assert "The end date must be on or after the start date" in page
    assert not AccessGrant.objects.exists()
