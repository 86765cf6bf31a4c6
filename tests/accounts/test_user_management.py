import pytest
from django.urls import reverse

from children.models import Child
from tests.factories import AllocationFactory, UserFactory
from vsh.accounts.models import Team
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_switching_off_a_leaver_ends_their_access_and_sessions(client, manager):
    leaver = UserFactory(role=Role.CASEWORKER)
    AllocationFactory(worker=leaver)
    from django.test import Client

    their_browser = Client()
    their_browser.force_login(leaver)
    assert their_browser.get(reverse("children:list")).status_code == 200

    client.force_login(manager)
    response = client.post(reverse("set_user_active", args=[leaver.pk]), {"active": "0"})
    assert response.status_code == 302
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert not Child.objects.visible_to(leaver).exists()
    assert their_browser.get(reverse("children:list")).status_code == 302  # signed out
    assert AuditEvent.objects.filter(
        action="account", actor=manager, detail__startswith="Deactivated"
    ).exists()


def test_managers_cannot_switch_off_themselves_or_the_head(client, manager, head):
    client.force_login(manager)
    client.post(reverse("set_user_active", args=[manager.pk]), {"active": "0"})
    client.post(reverse("set_user_active", args=[head.pk]), {"active": "0"})
    manager.refresh_from_db()
    head.refresh_from_db()
    assert manager.is_active and head.is_active


def test_managers_add_teams(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("teams"), {"name": "Children in Care North", "service": "Children in Care"}
    )
    assert response.status_code == 302
    assert Team.objects.filter(name="Children in Care North").exists()
    response = client.post(reverse("teams"), {"name": "Children in Care North"})
    assert "already a team" in response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.SOCIAL_WORKER, Role.DESIGNATED_TEACHER, Role.PARTNER]
)
def test_others_cannot_manage_accounts_or_teams(client, role):
    user = UserFactory(role=role)
    other = UserFactory()
    client.force_login(user)
    assert client.get(reverse("teams")).status_code == 403
    assert (
        client.post(reverse("set_user_active", args=[other.pk]), {"active": "0"}).status_code == 403
    )
