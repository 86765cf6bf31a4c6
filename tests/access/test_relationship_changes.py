"""Enrolments and allocations give access, so they are guarded: a grant cannot be
turned into lasting access, nobody allocates themselves, and a designated teacher
records enrolments only at their own schools. Identity and legal-status fields are
changed only by the people who own them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from children import services
from children.models import Allocation, Child, Enrolment
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    SchoolFactory,
    UserFactory,
)
from vsh.access import services as access
from vsh.accounts.roles import Role

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def _grant(manager, child, user, level="change"):
    return access.grant_access(
        by=manager,
        child=child,
        user=user,
        level=level,
        reason="Covering for a colleague",
        expires_on=today() + timedelta(days=30),
    )


def test_a_social_worker_with_a_grant_cannot_allocate_themselves(manager, social_worker):
    child = ChildFactory()
    grant = _grant(manager, child, social_worker)
    with pytest.raises(ValidationError):
        services.start_allocation(
            user=social_worker,
            child=child,
            kind=Allocation.Kind.SOCIAL_WORKER,
            worker=social_worker,
            started_on=today(),
        )
    access.revoke_access(by=manager, grant=grant)
    assert not Child.objects.visible_to(social_worker).filter(pk=child.pk).exists()


def test_a_grant_cannot_be_used_to_allocate_a_colleague(manager, social_worker):
    child = ChildFactory()
    _grant(manager, child, social_worker)
    colleague = UserFactory(role=Role.SOCIAL_WORKER)
    with pytest.raises(ValidationError):
        services.start_allocation(
            user=social_worker,
            child=child,
            kind=Allocation.Kind.SOCIAL_WORKER,
            worker=colleague,
            started_on=today(),
        )
    assert not Allocation.objects.filter(child=child).exists()


def test_the_allocated_social_worker_hands_over_to_a_colleague(social_worker):
    child = ChildFactory()
    AllocationFactory(
        child=child,
        worker=social_worker,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=today() - timedelta(days=100),
    )
    colleague = UserFactory(role=Role.SOCIAL_WORKER)
    services.start_allocation(
        user=social_worker,
        child=child,
        kind=Allocation.Kind.SOCIAL_WORKER,
        worker=colleague,
        started_on=today(),
    )
    assert Allocation.objects.get(child=child, worker=colleague).ended_on is None


def test_nobody_allocates_themselves(social_worker):
    child = ChildFactory()
    AllocationFactory(
        child=child,
        worker=social_worker,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=today() - timedelta(days=100),
        ended_on=today() + timedelta(days=5),
    )
    with pytest.raises(ValidationError) as refused:
        services.start_allocation(
            user=social_worker,
            child=child,
            kind=Allocation.Kind.SOCIAL_WORKER,
            worker=social_worker,
            started_on=today() + timedelta(days=1),
        )
    assert "allocate themselves" in str(refused.value)


def test_a_designated_teacher_with_a_grant_cannot_enrol_the_child_at_their_school(manager):
    teacher = UserFactory(role=Role.DESIGNATED_TEACHER)
    school = SchoolFactory()
    DesignatedTeacherFactory(user=teacher, school=school)
    child = ChildFactory()
    grant = _grant(manager, child, teacher)
    with pytest.raises(ValidationError):
        services.create_enrolment(
            user=teacher, child=child, data={"school": school, "started_on": today()}
        )
    assert not Enrolment.objects.filter(child=child).exists()
    access.revoke_access(by=manager, grant=grant)
    assert not Child.objects.visible_to(teacher).filter(pk=child.pk).exists()


def test_a_designated_teacher_changes_only_their_own_schools_enrolments():
    teacher = UserFactory(role=Role.DESIGNATED_TEACHER)
    mine, theirs = SchoolFactory(), SchoolFactory()
    DesignatedTeacherFactory(user=teacher, school=mine)
    child = ChildFactory()
    EnrolmentFactory(child=child, school=mine, registration="dual_main")
    other = EnrolmentFactory(child=child, school=theirs, registration="dual_subsidiary")

    with pytest.raises(ValidationError) as refused:
        services.update_enrolment(
            user=teacher,
            enrolment=other,
            data={
                "school": theirs,
                "started_on": other.started_on,
                "ended_on": today(),
                "registration": other.registration,
            },
        )
    assert "designated teacher" in str(refused.value)
    other.refresh_from_db()
    assert other.ended_on is None


def test_the_local_id_is_the_virtual_schools_to_change(login, manager):
    teacher = UserFactory(role=Role.DESIGNATED_TEACHER)
    school = SchoolFactory()
    DesignatedTeacherFactory(user=teacher, school=school)
    child = ChildFactory(local_id="LA-1001")
    EnrolmentFactory(child=child, school=school)

    page = login(teacher).get(reverse("children:edit", args=[child.pk]))
    assert page.status_code == 200
    assert 'name="local_id"' not in page.content.decode()
    assert 'name="cohort"' not in page.content.decode()

    with pytest.raises(ValidationError):
        services.update_child(user=teacher, child=child, data={"local_id": "LA-9999"})
    child.refresh_from_db()
    assert child.local_id == "LA-1001"
