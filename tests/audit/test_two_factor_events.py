import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory
from tests.totp import current_code
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ADDRESS = "10.9.8.7"


def _password_step(client, email):
    response = client.post(
        reverse("account_login"), {"login": email, "password": TEST_PASSWORD}, REMOTE_ADDR=ADDRESS
    )
    assert response["Location"] == reverse("mfa_authenticate")


def _two_factor_failures():
    return AuditEvent.objects.filter(action="login_failed", detail__contains="two-factor code")


def test_a_wrong_code_after_the_right_password_is_a_failed_sign_in(client):
    user = UserFactory(email="cass@example.org")
    _password_step(client, user.email)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200

    event = AuditEvent.objects.get(action="login_failed")
    assert event.actor == user
    assert event.actor_label == "cass@example.org"
    assert event.detail == "Wrong two-factor code"
    assert event.ip_address == ADDRESS
    assert "000000" not in str(event.changes) + event.detail + event.path


def test_a_reused_code_is_recorded_as_reused(client):
    user = UserFactory()
    code = current_code()
    _password_step(client, user.email)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.logout()
    _password_step(client, user.email)
    response = client.post(reverse("mfa_authenticate"), {"code": code}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    event = _two_factor_failures().get(actor=user)
    assert event.detail == "Reused two-factor code"
    assert code not in str(event.changes) + event.detail + event.path


def test_each_wrong_code_is_recorded(client):
    user = UserFactory()
    _password_step(client, user.email)
    client.post(reverse("mfa_authenticate"), {"code": "000000"}, REMOTE_ADDR=ADDRESS)
    client.post(reverse("mfa_authenticate"), {"code": "111111"}, REMOTE_ADDR=ADDRESS)
    assert _two_factor_failures().filter(actor=user).count() == 2


def test_the_right_code_records_no_failure(client):
    user = UserFactory()
    _password_step(client, user.email)
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="login_failed").exists()
    assert AuditEvent.objects.filter(action="login", actor=user).exists()


def test_signing_in_with_a_recovery_code_is_recorded(client):
    user = UserFactory()
    codes = RecoveryCodes.activate(user).generate_codes()
    _password_step(client, user.email)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302

    event = AuditEvent.objects.get(action="account", actor=user)
    assert event.detail == f"Used a recovery code to sign in ({len(codes) - 1} left)"
    assert event.ip_address == ADDRESS
    assert codes[0] not in event.detail
    assert not AuditEvent.objects.filter(action="login_failed").exists()


def test_signing_in_with_the_app_code_records_no_recovery_code_use(client):
    user = UserFactory()
    RecoveryCodes.activate(user)
    _password_step(client, user.email)
    client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert not AuditEvent.objects.filter(detail__contains="recovery code").exists()


def test_a_wrong_code_when_confirming_identity_is_recorded(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("mfa_reauthenticate"), {"code": "000000"}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    event = _two_factor_failures().get(actor=user)
    assert event.detail == "Wrong two-factor code when confirming identity"
