"""The managers' settings pages: authority settings and quality ratings."""

import re

import pytest
from django.urls import reverse

from children.peps.models import QaRating
from tests.factories import DesignatedTeacherFactory, UserFactory
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent
from vsh.core.models import AuthoritySettings

pytestmark = pytest.mark.django_db

AUTHORITY = reverse("settings:authority")
RATINGS = reverse("settings:ratings")
RATING_ADD = reverse("settings:rating_add")


def rating_edit(rating):
    return reverse("settings:rating_edit", args=[rating.pk])


def settings_form(**changes) -> dict:
    data = {
        "initial_pep_working_days": 20,
        "pep_review_working_days_before_term_end": 15,
        "pep_completion_target": 95,
        "pep_quality_target": 80,
        "initial_pep_on_time_target": 90,
        "attendance_alert_below": "90.0",
        "attendance_period": "weekly",
        "initial_pep_day_count": "working",
    }
    data.update(changes)
    return data


def rating_form(**changes) -> dict:
    data = {
        "code": "gold",
        "label": "Gold: outstanding",
        "colour": "yellow",
        "description": "An exemplary PEP.",
        "allows_approval": "on",
        "counts_as_good": "on",
        "position": "0",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def error_messages(response) -> list[str]:
    return [str(m) for errors in response.context["form"].errors.values() for m in errors]


@pytest.fixture
def other_roles(db):
    return [
        UserFactory(role=Role.CASEWORKER),
        UserFactory(role=Role.SOCIAL_WORKER),
        UserFactory(role=Role.PARTNER),
        DesignatedTeacherFactory().user,
    ]


def test_only_managers_and_the_head_reach_the_settings(login, manager, head, other_roles):
    green = QaRating.objects.get(code="green")
    pages = [AUTHORITY, RATINGS, RATING_ADD, rating_edit(green)]
    for user in (manager, head):
        client = login(user)
        for page in pages:
            assert client.get(page).status_code == 200, page
    for user in other_roles:
        client = login(user)
        for page in pages:
            assert client.get(page).status_code == 403, (user.role, page)
        assert client.post(AUTHORITY, settings_form(pep_quality_target=1)).status_code == 403
        assert client.post(RATING_ADD, rating_form()).status_code == 403
    assert AuthoritySettings.load().pep_quality_target == 80
    assert not QaRating.objects.filter(code="gold").exists()


def test_settings_in_the_navigation_for_managers_only(login, manager, caseworker):
    nav = login(manager).get(AUTHORITY).context["nav_items"]
    assert any(item["key"] == "settings" for item in nav)
    nav = login(caseworker).get(reverse("home")).context["nav_items"]
    assert not any(item["key"] == "settings" for item in nav)


def test_changing_authority_settings_is_saved_and_audited(login, manager):
    client = login(manager)
    response = client.post(
        AUTHORITY, settings_form(pep_completion_target=90, attendance_alert_below="92.5")
    )
    assert response.status_code == 302
    rules = AuthoritySettings.load()
    assert rules.pep_completion_target == 90
    assert str(rules.attendance_alert_below) == "92.5"
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.UPDATE, object_type="core.AuthoritySettings"
    )
    assert event.actor == manager
    assert event.changes["pep_completion_target"] == {"old": 95, "new": 90}
    assert set(event.changes) == {"pep_completion_target", "attendance_alert_below"}


def test_saving_without_changes_writes_no_audit_entry(login, manager):
    login(manager).post(AUTHORITY, settings_form())
    assert not AuditEvent.objects.filter(object_type="core.AuthoritySettings").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "pep_completion_target",
            101,
            "Enter the completion target as a whole number from 0 to 100",
        ),
        (
            "initial_pep_working_days",
            0,
            "Enter the number of days for the initial PEP as a whole number from 1 to 60",
        ),
        ("initial_pep_working_days", "", "Enter the number of days for the initial PEP"),
        (
            "initial_pep_day_count",
            "",
            "Select whether the initial PEP's days are working days or school days",
        ),
        (
            "attendance_alert_below",
            "abc",
            "Enter the attendance alert level as a percentage from 0 to 100",
        ),
        (
            "attendance_alert_below",
            "90.55",
            "Enter the attendance alert level with at most one decimal place",
        ),
        ("attendance_period", "", "Select how often attendance is collected"),
    ],
)
def test_authority_settings_are_checked(login, manager, field, value, message):
    response = login(manager).post(AUTHORITY, settings_form(**{field: value}))
    assert response.status_code == 200
    assert message in error_messages(response)
    assert "There is a problem" in response.content.decode()
    assert AuthoritySettings.load().pep_completion_target == 95


def test_ratings_are_listed(login, manager):
    response = login(manager).get(RATINGS)
    page = response.content.decode()
    assert "Green: good" in page and "Amber: requires improvement" in page
    assert "Red: inadequate" in page


def test_adding_a_gold_rating(login, manager):
    response = login(manager).post(RATING_ADD, rating_form())
    assert response.status_code == 302
    gold = QaRating.objects.get(code="gold")
    assert gold.label == "Gold: outstanding" and gold.counts_as_good and gold.allows_approval
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="peps.QaRating")
    assert event.actor == manager and event.changes["code"] == {"old": None, "new": "gold"}


def test_changing_a_rating_is_audited_and_keeps_its_code(login, manager):
    amber = QaRating.objects.get(code="amber")
    response = login(manager).post(
        rating_edit(amber),
        {
            "code": "sneaky",
            "label": "Amber: nearly there",
            "colour": "orange",
            "description": amber.description,
            "allows_approval": "on",
            "position": amber.position,
        },
    )
    assert response.status_code == 302
    amber.refresh_from_db()
    assert (amber.code, amber.label, amber.colour) == ("amber", "Amber: nearly there", "orange")
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_type="peps.QaRating")
    assert set(event.changes) == {"label", "colour"}
    assert event.changes["label"] == {
        "old": "Amber: requires improvement",
        "new": "Amber: nearly there",
    }


def test_rating_rules(login, manager):
    client = login(manager)
    response = client.post(RATING_ADD, rating_form(code="green"))
    assert "There is already a rating with this code" in error_messages(response)
    response = client.post(RATING_ADD, rating_form(code="Not a slug!"))
    assert any("lower-case letters" in m for m in error_messages(response))
    response = client.post(RATING_ADD, rating_form(allows_approval=None))
    assert "A rating that counts as good must also allow the PEP to be approved" in error_messages(
        response
    )
    response = client.post(RATING_ADD, rating_form(label=""))
    assert "Enter a name for the rating" in error_messages(response)
    assert not QaRating.objects.filter(label="Gold: outstanding").exists()


def test_at_least_one_rating_must_allow_approval(login, manager):
    QaRating.objects.filter(code="amber").update(allows_approval=False)
    green = QaRating.objects.get(code="green")
    response = login(manager).post(
        rating_edit(green),
        {"label": green.label, "colour": "green", "position": green.position},
    )
    assert "At least one rating must allow a PEP to be approved" in error_messages(response)
    green.refresh_from_db()
    assert green.allows_approval


def test_the_same_number_written_differently_is_no_change(login, manager):
    login(manager).post(AUTHORITY, settings_form(attendance_alert_below="90"))
    assert not AuditEvent.objects.filter(object_type="core.AuthoritySettings").exists()


def _early_years_box(client) -> str:
    page = client.get(AUTHORITY).content.decode()
    return re.search(r'<input type="checkbox" name="early_years_peps"[^>]*>', page).group(0)


def test_early_years_peps_are_turned_on_and_off_on_the_settings_page(login, manager):
    client = login(manager)
    assert (
        "Early years PEPs from the nursery year (age 3)" in client.get(AUTHORITY).content.decode()
    )
    assert "checked" not in _early_years_box(client)

    assert client.post(AUTHORITY, settings_form(early_years_peps="on")).status_code == 302
    assert AuthoritySettings.load().early_years_peps is True
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.UPDATE, object_type="core.AuthoritySettings"
    )
    assert event.changes == {"early_years_peps": {"old": False, "new": True}}
    assert "checked" in _early_years_box(client)

    client.post(AUTHORITY, settings_form())  # an unticked box is not sent
    assert AuthoritySettings.load().early_years_peps is False
