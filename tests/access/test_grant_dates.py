"""Grants that start later, and the hourly tidy-up of the permission tables."""

from datetime import timedelta

import pytest
from django.utils import timezone

from children.models import Child, ChildUserObjectPermission
from tests.factories import ChildFactory
from vsh.access import services
from vsh.access.models import AccessGrant

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
TOMORROW = TODAY + timedelta(days=1)


@pytest.fixture
def on_day(monkeypatch):
    """Move the calendar: everything that asks timezone.localdate() gets this day."""

    def move(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return move


def visible(user, action="view"):
    return set(Child.objects.visible_to(user, action))


def codenames(user, child):
    return set(
        ChildUserObjectPermission.objects.filter(user=user, content_object=child).values_list(
            "permission__codename", flat=True
        )
    )


def _grant(manager, partner, child, level="view", starts_on=TOMORROW, days=10):
    return services.grant_access(
        by=manager,
        child=child,
        user=partner,
        level=level,
        reason="EP assessment",
        starts_on=starts_on,
        expires_on=starts_on + timedelta(days=days),
    )


def test_a_grant_starting_tomorrow_gives_access_tomorrow_not_today(partner, manager, on_day):
    child = ChildFactory()
    _grant(manager, partner, child, level="change")
    assert visible(partner) == set()
    assert visible(partner, "change") == set()

    services.expire_grants()  # the hourly tidy-up runs before the start date
    assert codenames(partner, child) == {"view_child", "change_child"}

    on_day(TOMORROW)
    assert visible(partner) == {child}
    assert visible(partner, "change") == {child}


def test_a_grant_that_starts_later_ends_on_its_expiry(partner, manager, on_day):
    child = ChildFactory()
    grant = _grant(manager, partner, child, days=3)

    on_day(grant.expires_on)
    assert visible(partner) == {child}  # the last day still counts
    assert services.expire_grants() == 0

    on_day(grant.expires_on + timedelta(days=1))
    assert visible(partner) == set()
    assert services.expire_grants() == 1
    assert codenames(partner, child) == set()


def test_revoking_a_grant_before_it_starts_means_it_never_takes_effect(partner, manager, on_day):
    child = ChildFactory()
    grant = _grant(manager, partner, child)
    services.revoke_access(by=manager, grant=grant)
    assert codenames(partner, child) == set()

    on_day(TOMORROW)
    assert visible(partner) == set()


def test_a_later_grant_does_not_widen_a_current_one(partner, manager, on_day):
    child = ChildFactory()
    _grant(manager, partner, child, level="view", starts_on=TODAY)
    _grant(manager, partner, child, level="change", starts_on=TODAY + timedelta(days=5))
    assert visible(partner) == {child}
    assert visible(partner, "change") == set()

    on_day(TODAY + timedelta(days=5))
    assert visible(partner, "change") == {child}


def test_tidy_up_narrows_to_the_grant_still_running(partner, manager, on_day):
    child = ChildFactory()
    _grant(manager, partner, child, level="change", starts_on=TODAY, days=2)
    _grant(manager, partner, child, level="view", starts_on=TODAY, days=30)

    on_day(TODAY + timedelta(days=3))
    assert visible(partner, "change") == set()
    assert services.expire_grants() == 1
    assert codenames(partner, child) == {"view_child"}
    assert visible(partner) == {child}


def test_tidy_up_keeps_other_peoples_grants(partner, manager, social_worker, on_day):
    child = ChildFactory()
    _grant(manager, partner, child, starts_on=TODAY, days=1)
    _grant(manager, social_worker, child, starts_on=TODAY, days=30)

    on_day(TODAY + timedelta(days=2))
    services.expire_grants()
    assert codenames(partner, child) == set()
    assert codenames(social_worker, child) == {"view_child"}
    assert AccessGrant.objects.count() == 2  # the grants themselves stay as the record
