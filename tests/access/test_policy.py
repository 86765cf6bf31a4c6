"""Reach through roles, dated relationships and explicit grants."""

from datetime import timedelta

import pytest
from django.utils import timezone

from children.models import CaseNote, Child
from tests.factories import (
    AllocationFactory,
    CaseNoteFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    UserFactory,
)
from vsh.access import services
from vsh.access.models import AccessGrant
from vsh.accounts.roles import Role

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def visible(user, action="view"):
    return set(Child.objects.visible_to(user, action))


def test_head_and_managers_reach_the_whole_authority(head, manager):
    children = set(ChildFactory.create_batch(3))
    assert visible(head) == children == visible(manager, "change")


def test_caseworker_reaches_only_allocated_children(caseworker):
    mine, _not_mine = ChildFactory(), ChildFactory()
    AllocationFactory(child=mine, worker=caseworker)
    assert visible(caseworker) == {mine} == visible(caseworker, "change")


def test_authority_setting_lets_caseworkers_read_everyone_but_change_their_own(
    caseworker, settings
):
    settings.CASEWORKERS_READ_WHOLE_AUTHORITY = True
    mine, other = ChildFactory(), ChildFactory()
    AllocationFactory(child=mine, worker=caseworker)
    assert visible(caseworker) == {mine, other}
    assert visible(caseworker, "change") == {mine}


def test_allocation_that_has_ended_ends_access(social_worker):
    child = ChildFactory()
    allocation = AllocationFactory(
        child=child,
        kind="social_worker",
        worker=social_worker,
        started_on=TODAY - timedelta(days=50),
    )
    assert visible(social_worker) == {child}
    allocation.ended_on = TODAY - timedelta(days=1)
    allocation.save()
    assert visible(social_worker) == set()


def test_allocation_ending_today_still_reaches_until_the_day_is_over(social_worker):
    child = ChildFactory()
    AllocationFactory(child=child, kind="social_worker", worker=social_worker, ended_on=TODAY)
    assert visible(social_worker) == {child}


def test_caseworker_allocation_gives_a_social_worker_nothing(social_worker):
    AllocationFactory(kind="caseworker", worker=social_worker)
    assert visible(social_worker) == set()


def test_designated_teacher_reaches_pupils_on_roll_now():
    designation = DesignatedTeacherFactory()
    teacher = designation.user
    pupil, leaver, elsewhere, future = ChildFactory.create_batch(4)
    EnrolmentFactory(child=pupil, school=designation.school)
    EnrolmentFactory(
        child=leaver,
        school=designation.school,
        started_on=TODAY - timedelta(days=300),
        ended_on=TODAY - timedelta(days=1),
    )
    EnrolmentFactory(child=elsewhere)
    EnrolmentFactory(child=future, school=designation.school, started_on=TODAY + timedelta(days=7))
    assert visible(teacher) == {pupil}


def test_designation_that_has_ended_ends_access():
    designation = DesignatedTeacherFactory()
    EnrolmentFactory(school=designation.school)
    designation.ended_on = TODAY - timedelta(days=1)
    designation.save()
    assert visible(designation.user) == set()


def test_partner_sees_nothing_without_a_grant(partner):
    ChildFactory.create_batch(2)
    assert visible(partner) == set()


def test_grant_gives_access_until_it_expires_or_is_revoked(partner, manager):
    child = ChildFactory()
    grant = services.grant_access(
        by=manager,
        child=child,
        user=partner,
        level="view",
        reason="EP assessment",
        expires_on=TODAY + timedelta(days=30),
    )
    assert visible(partner) == {child}
    assert visible(partner, "change") == set()

    AccessGrant.objects.filter(pk=grant.pk).update(
        starts_on=TODAY - timedelta(days=10), expires_on=TODAY - timedelta(days=1)
    )
    assert visible(partner) == set()  # expiry needs no clean-up job to take effect
    assert services.expire_grants() >= 1
    assert not partner.get_all_permissions()  # and the tidy-up removes the permission


def test_change_grant_and_revocation(partner, manager):
    child = ChildFactory()
    grant = services.grant_access(
        by=manager,
        child=child,
        user=partner,
        level="change",
        reason="Host authority virtual school",
        expires_on=TODAY + timedelta(days=5),
    )
    assert visible(partner, "change") == {child}
    services.revoke_access(by=manager, grant=grant)
    assert visible(partner) == set()


def test_grants_are_checked(partner, manager, head):
    from django.core.exceptions import ValidationError

    child = ChildFactory()
    with pytest.raises(ValidationError) as exc:
        services.grant_access(
            by=manager,
            child=child,
            user=partner,
            level="view",
            reason=" ",
            expires_on=TODAY + timedelta(days=500),
        )
    assert "reason" in exc.value.message_dict and "expires_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.grant_access(
            by=manager,
            child=child,
            user=head,
            level="view",
            reason="x",
            expires_on=TODAY + timedelta(days=5),
        )
    assert not AccessGrant.objects.exists()


def test_inactive_accounts_reach_nothing(head):
    ChildFactory()
    head.is_active = False
    assert visible(head) == set()


def test_sensitive_notes_for_the_virtual_school_and_allocated_social_worker_only(
    caseworker, social_worker, manager
):
    child = ChildFactory()
    AllocationFactory(child=child, kind="social_worker", worker=social_worker)
    AllocationFactory(child=child, kind="caseworker", worker=caseworker)
    teacher = DesignatedTeacherFactory().user
    EnrolmentFactory(child=child, school=teacher.designations.get().school)
    plain = CaseNoteFactory(child=child, author=caseworker)
    sensitive = CaseNoteFactory(child=child, author=caseworker, is_sensitive=True)

    def notes(user):
        return set(CaseNote.objects.visible_to(user).filter(child=child))

    assert notes(caseworker) == notes(social_worker) == notes(manager) == {plain, sensitive}
    assert notes(teacher) == {plain}
    # A social worker who reaches the child only by a grant does not see sensitive notes.
    other_sw = UserFactory(role=Role.SOCIAL_WORKER)
    services.grant_access(
        by=manager,
        child=child,
        user=other_sw,
        level="view",
        reason="Cover",
        expires_on=TODAY + timedelta(days=5),
    )
    assert notes(other_sw) == {plain}
