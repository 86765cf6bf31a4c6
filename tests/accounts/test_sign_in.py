import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, ChildFactory, UserFactory
from tests.totp import current_code
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _password_step(client, email, password=TEST_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_password_then_totp_lands_on_home(client):
    user = UserFactory(email="cass@example.org")
    response = _password_step(client, "cass@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")

    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(actor=user, action="login").exists()


def test_wrong_password_says_so_and_is_audited(client):
    UserFactory(email="cass@example.org")
    response = _password_step(client, "cass@example.org", "not-the-password")
    assert response.status_code == 200
    assert "email address or password is not right" in response.content.decode()
    assert AuditEvent.objects.filter(action="login_failed", actor_label="cass@example.org").exists()


def test_email_is_case_insensitive(client):
    UserFactory(email="cass@example.org")
    response = _password_step(client, "Cass@Example.org")
    assert response["Location"] == reverse("mfa_authenticate")


def test_a_used_totp_code_cannot_be_used_again(client):
    UserFactory(email="cass@example.org")
    code = current_code()
    _password_step(client, "cass@example.org")
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.post(reverse("account_logout"))

    _password_step(client, "cass@example.org")
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert "already been used" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302  # still not signed in


def test_wrong_totp_code_is_refused_with_a_message(client):
    UserFactory(email="cass@example.org")
    _password_step(client, "cass@example.org")
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "not right" in response.content.decode()


def test_repeated_failures_are_rate_limited(client):
    UserFactory(email="cass@example.org")
    for _ in range(5):
        _password_step(client, "cass@example.org", "wrong-password-123")
    response = _password_step(client, "cass@example.org")  # even the right one now waits
    assert response.status_code in (200, 429)
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "invitation" in response.content.decode().lower()
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "x" * 14, "password2": "x" * 14},
    )
    from vsh.accounts.models import User

    assert not User.objects.filter(email="new@example.org").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    child = ChildFactory()
    for url in [
        reverse("home"),
        reverse("children:list"),
        reverse("children:overview", args=[child.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_sessions_expire_after_idle_period(settings):
    from django.conf import settings as live

    assert live.SESSION_COOKIE_AGE == live.SESSION_IDLE_MINUTES * 60 == 30 * 60
    assert live.SESSION_SAVE_EVERY_REQUEST is True


def test_healthz_needs_no_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_codes_are_accepted_one_step_either_side_and_no_further(client):
    UserFactory(email="cass@example.org")
    _password_step(client, "cass@example.org")
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(offset=-3)})
    assert response.status_code == 200  # a code from 90 seconds ago is refused
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(offset=-1)})
    assert response.status_code == 302  # the previous code still works while phones drift
