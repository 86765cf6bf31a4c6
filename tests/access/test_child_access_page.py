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


def test_manager_gives_and_takes_away_access(client, manager, partner):
    child = ChildFactory()
    client.force_login(manager)
    url = reverse("access:child", args=[child.pk])
    response = client.post(
        url,
        {
            "user": partner.pk,
            "level": "view",
            "reason": "Independent reviewing officer",
            "expires_on": (TODAY + timedelta(days=60)).strftime("%d/%m/%Y"),
        },
    )
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
        {
            "user": partner.pk,
            "level": "view",
            "reason": "",
            "expires_on": (TODAY - timedelta(days=1)).strftime("%d/%m/%Y"),
        },
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
        url,
        {
            "user": partner.pk,
            "level": "view",
            "reason": "Placed in the neighbouring authority from next week",
            "starts_on": (TODAY + timedelta(days=7)).strftime("%d/%m/%Y"),
            "expires_on": (TODAY + timedelta(days=60)).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    grant = AccessGrant.objects.get()
    assert grant.starts_on == TODAY + timedelta(days=7) and not grant.is_active
    client.force_login(partner)
    assert client.get(reverse("children:overview", args=[child.pk])).status_code == 404


def test_access_cannot_start_in_the_past_or_end_before_it_starts(client, manager, partner):
    child = ChildFactory()
    client.force_login(manager)
    url = reverse("access:child", args=[child.pk])
    data = {"user": partner.pk, "level": "view", "reason": "IRO"}
    page = client.post(
        url,
        {
            **data,
            "starts_on": (TODAY - timedelta(days=1)).strftime("%d/%m/%Y"),
            "expires_on": (TODAY + timedelta(days=9)).strftime("%d/%m/%Y"),
        },
    ).content.decode()
    assert "The start date must be today or later" in page
    page = client.post(
        url,
        {
            **data,
            "starts_on": (TODAY + timedelta(days=20)).strftime("%d/%m/%Y"),
            "expires_on": (TODAY + timedelta(days=9)).strftime("%d/%m/%Y"),
        },
    ).content.decode()
    assert "The end date must be on or after the start date" in page
    assert not AccessGrant.objects.exists()
