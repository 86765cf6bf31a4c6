"""Records about a child cannot start before the child was born, whichever way they
are written."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from children import services
from children.models import CareEpisode, Enrolment
from tests.factories import ChildFactory, SchoolFactory, UserFactory
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER)


def test_an_enrolment_before_birth_is_refused_and_nothing_saved(manager):
    child = ChildFactory(first_name="Ada", last_name="Brook", preferred_name="")
    born = child.date_of_birth
    with pytest.raises(ValidationError) as refused:
        services.create_enrolment(
            user=manager,
            child=child,
            data={"school": SchoolFactory(), "started_on": born - timedelta(days=3650)},
        )
    assert refused.value.message_dict["started_on"] == [
        f"Enter a start date on or after {born.day} {born:%B %Y}, when Ada Brook was born."
    ]
    assert not Enrolment.objects.exists()
    assert not AuditEvent.objects.filter(object_type="children.Enrolment").exists()


def test_a_care_episode_before_birth_is_refused(manager):
    child = ChildFactory()
    episode = CareEpisode(
        child=child,
        started_on=child.date_of_birth - timedelta(days=1),
        reason_new_episode="S",
        legal_status="C2",
        category_of_need="N1",
        placement_type="U4",
        placement_provider="PR1",
    )
    with pytest.raises(ValidationError) as refused:
        episode.full_clean()
    assert list(refused.value.message_dict) == ["started_on"]


def test_a_record_on_the_day_of_birth_is_accepted(manager):
    child = ChildFactory()
    enrolment = services.create_enrolment(
        user=manager,
        child=child,
        data={"school": SchoolFactory(), "started_on": child.date_of_birth},
    )
    assert enrolment.pk is not None
