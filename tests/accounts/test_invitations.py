from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import SchoolFactory, TeamFactory, UserFactory
from vsh.accounts import services
from vsh.accounts.models import Invitation, User
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "a-long-and-unusual-passphrase"


def _invite(client, **overrides):
    data = {
        "full_name": "Dee Teacher",
        "email": "Dee@School.example",
        "role": Role.DESIGNATED_TEACHER,
    }
    data.update(overrides)
    return client.post(reverse("invite_user"), data)


def test_manager_invites_a_designated_teacher_who_sets_a_password(
    client, manager, django_capture_on_commit_callbacks
):
    school = SchoolFactory()
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, schools=[school.pk])
    assert response.status_code == 302

    invitation = Invitation.objects.get()
    assert invitation.email == "dee@school.example"
    assert len(mail.outbox) == 1
    link = reverse("accept_invitation", args=[invitation.token])
    assert link in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="invite", actor=manager).exists()

    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    response = client.post(link, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")

    user = User.objects.get(email="dee@school.example")
    assert user.role == Role.DESIGNATED_TEACHER
    assert user.check_password(GOOD_PASSWORD)
    assert list(user.designations.values_list("school", flat=True)) == [school.pk]
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    # The link works once.
    again = client.get(link)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_expired_invitation_is_refused_clearly(client, manager):
    invitation = services.invite_user(
        invited_by=manager, email="late@example.org", full_name="Late Person", role=Role.CASEWORKER
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    link = reverse("accept_invitation", args=[invitation.token])
    response = client.get(link)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    response = client.post(link, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 410
    assert not User.objects.filter(email="late@example.org").exists()


def test_unknown_or_withdrawn_links_are_refused(client, manager):
    assert client.get(reverse("accept_invitation", args=["nonsense"])).status_code == 410
    invitation = services.invite_user(
        invited_by=manager, email="w@example.org", full_name="W", role=Role.CASEWORKER
    )
    services.revoke_invitation(invitation=invitation, by=manager)
    response = client.get(reverse("accept_invitation", args=[invitation.token]))
    assert "withdrawn" in response.content.decode()


def test_weak_or_mismatched_passwords_are_explained(client, manager):
    invitation = services.invite_user(
        invited_by=manager, email="p@example.org", full_name="P", role=Role.CASEWORKER
    )
    link = reverse("accept_invitation", args=[invitation.token])
    response = client.post(link, {"password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    response = client.post(link, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD + "x"})
    assert "do not match" in response.content.decode()
    assert not User.objects.filter(email="p@example.org").exists()


def test_designated_teacher_needs_a_school_and_social_worker_a_team(client, manager):
    client.force_login(manager)
    response = _invite(client)
    assert response.status_code == 200
    assert "Choose the school" in response.content.decode()
    response = _invite(client, email="sw@example.org", role=Role.SOCIAL_WORKER)
    assert "Choose the social worker" in response.content.decode()
    response = _invite(
        client, email="sw@example.org", role=Role.SOCIAL_WORKER, team=TeamFactory().pk
    )
    assert response.status_code == 302


def test_existing_account_cannot_be_invited_again(client, manager):
    UserFactory(email="taken@example.org")
    client.force_login(manager)
    response = _invite(client, email="TAKEN@example.org", role=Role.CASEWORKER)
    assert "already has an account" in response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.DESIGNATED_TEACHER, Role.SOCIAL_WORKER, Role.PARTNER]
)
def test_only_managers_and_the_head_manage_users(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("user_list")).status_code == 403
    assert client.get(reverse("invite_user")).status_code == 403


def test_only_the_head_can_invite_a_head(client, manager, head):
    client.force_login(manager)
    response = _invite(client, email="h2@example.org", role=Role.HEAD)
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    client.force_login(head)
    response = _invite(client, email="h2@example.org", role=Role.HEAD)
    assert response.status_code == 302


def test_expiry_task_marks_old_invitations(manager):
    invitation = services.invite_user(
        invited_by=manager, email="old@example.org", full_name="Old", role=Role.CASEWORKER
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    assert services.expire_invitations() == 1
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.EXPIRED
