import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, AllocationFactory, UserFactory
from tests.totp import current_code
from vsh.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_account_without_mfa_is_sent_to_set_it_up(client):
    user = UserFactory(role=Role.CASEWORKER, mfa=False)
    allocation = AllocationFactory(worker=user)
    client.force_login(user)
    for url in [
        reverse("home"),
        reverse("children:list"),
        reverse("children:overview", args=[allocation.child.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_sign_in_without_mfa_goes_straight_to_set_up(client):
    UserFactory(email="new@example.org", mfa=False)
    response = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_setting_up_totp_opens_the_service(client):
    user = UserFactory(email="new@example.org", mfa=False)
    client.post(reverse("account_login"), {"login": "new@example.org", "password": TEST_PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    from allauth.mfa.utils import is_mfa_enabled

    assert is_mfa_enabled(user)
    assert client.get(reverse("home")).status_code == 200


def test_recovery_codes_follow_set_up_without_asking_for_the_password_again(client):
    UserFactory(email="new@example.org", mfa=False)
    client.post(reverse("account_login"), {"login": "new@example.org", "password": TEST_PASSWORD})
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    response = client.post(
        reverse("mfa_activate_totp"), {"code": current_code(secret)}, follow=True
    )
    assert response.status_code == 200
    assert "reauthenticate" not in response.request["PATH_INFO"]


def test_people_cannot_add_their_own_email_addresses(client, caseworker):
    client.force_login(caseworker)
    response = client.get("/accounts/email/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
