from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from children import services
from children.models import Allocation, CareEpisode, CaseNote, Enrolment, RegistrationType
from tests.factories import (
    AllocationFactory,
    CareEpisodeFactory,
    CaseNoteFactory,
    ChildFactory,
    EnrolmentFactory,
    SchoolFactory,
    UserFactory,
)
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_create_child_is_for_the_virtual_school(head):
    teacher = UserFactory(role=Role.DESIGNATED_TEACHER)
    data = {
        "local_id": "X1",
        "first_name": "A",
        "last_name": "B",
        "date_of_birth": date(2015, 1, 1),
        "sex": "F",
        "ethnicity": "WBRI",
    }
    with pytest.raises(PermissionError):
        services.create_child(user=teacher, data=data)
    child = services.create_child(user=head, data=data)
    assert AuditEvent.objects.get(action="create").child == child


def test_update_takes_before_from_the_database_not_the_callers_copy(head):
    child = ChildFactory(first_name="Amara")
    child.first_name = "Already changed in memory"
    services.update_child(user=head, child=child, data={"first_name": "Amarachi"})
    event = AuditEvent.objects.get(action="update")
    assert event.changes == {"first_name": {"old": "Amara", "new": "Amarachi"}}


def test_an_update_that_changes_nothing_writes_no_audit_event(head):
    child = ChildFactory(first_name="Amara")
    services.update_child(user=head, child=child, data={"first_name": "Amara"})
    assert not AuditEvent.objects.filter(action="update").exists()


def test_start_allocation_switches_in_one_transaction(head):
    child = ChildFactory()
    old = AllocationFactory(child=child, started_on=date(2024, 1, 1))
    social = AllocationFactory(
        child=child,
        kind="social_worker",
        worker=UserFactory(role=Role.SOCIAL_WORKER),
        started_on=date(2024, 1, 1),
    )
    worker = UserFactory(role=Role.CASEWORKER)
    new = services.start_allocation(
        user=head, child=child, kind="caseworker", worker=worker, started_on=date(2025, 3, 1)
    )
    old.refresh_from_db()
    social.refresh_from_db()
    assert old.ended_on == date(2025, 2, 28)
    assert social.ended_on is None  # another kind is untouched
    assert new.ended_on is None


def test_start_allocation_refuses_a_worker_of_the_wrong_role(head):
    child = ChildFactory()
    with pytest.raises(ValidationError) as error:
        services.start_allocation(
            user=head,
            child=child,
            kind="social_worker",
            worker=UserFactory(role=Role.CASEWORKER),
            started_on=today(),
        )
    assert "worker" in error.value.message_dict
    assert not Allocation.objects.exists()


def test_start_allocation_refuses_the_same_worker_twice(head):
    child = ChildFactory()
    current = AllocationFactory(child=child)
    with pytest.raises(ValidationError, match="already allocated"):
        services.start_allocation(
            user=head, child=child, kind="caseworker", worker=current.worker, started_on=today()
        )


def test_a_refused_allocation_leaves_the_previous_one_open(head):
    child = ChildFactory()
    old = AllocationFactory(child=child, started_on=today() - timedelta(days=10))
    AllocationFactory(
        child=child, started_on=today() - timedelta(days=3), ended_on=today() + timedelta(days=30)
    )
    with pytest.raises(ValidationError):
        services.start_allocation(
            user=head,
            child=child,
            kind="caseworker",
            worker=UserFactory(role=Role.CASEWORKER),
            started_on=today() - timedelta(days=5),
        )
    old.refresh_from_db()
    assert old.ended_on is None
    assert not AuditEvent.objects.exists()


def test_social_worker_allocation_keeps_their_social_care_id(head):
    worker = UserFactory(role=Role.SOCIAL_WORKER, social_worker_id="SW123")
    allocation = services.start_allocation(
        user=head,
        child=ChildFactory(),
        kind="social_worker",
        worker=worker,
        started_on=today(),
        change_reason="FCONTA",
    )
    assert allocation.worker_reference == "SW123"


def test_enrolment_overlap_rules(head):
    child = ChildFactory()
    EnrolmentFactory(
        child=child, started_on=date(2024, 9, 1), registration=RegistrationType.DUAL_MAIN
    )
    # A subsidiary registration alongside a dual main one is fine.
    services.create_enrolment(
        user=head,
        child=child,
        data={
            "school": SchoolFactory(),
            "started_on": date(2025, 1, 6),
            "registration": RegistrationType.DUAL_SUBSIDIARY,
        },
    )
    # A single registration cannot overlap anything.
    with pytest.raises(ValidationError, match="is on the roll of"):
        services.create_enrolment(
            user=head,
            child=child,
            data={
                "school": SchoolFactory(),
                "started_on": date(2025, 2, 1),
                "registration": RegistrationType.SINGLE,
            },
        )
    # An earlier single registration that ended before is fine.
    services.create_enrolment(
        user=head,
        child=child,
        data={
            "school": SchoolFactory(),
            "started_on": date(2023, 9, 1),
            "ended_on": date(2024, 9, 1),
            "registration": RegistrationType.SINGLE,
            "leaving_reason": "transition",
        },
    )
    assert Enrolment.objects.filter(child=child).count() == 3


def test_updating_an_enrolment_does_not_clash_with_itself(head):
    enrolment = EnrolmentFactory(started_on=date(2024, 9, 1))
    services.update_enrolment(
        user=head,
        enrolment=enrolment,
        data={
            "school": enrolment.school,
            "started_on": date(2024, 9, 2),
            "ended_on": None,
            "registration": RegistrationType.SINGLE,
            "leaving_reason": "",
            "notes": "",
        },
    )
    enrolment.refresh_from_db()
    assert enrolment.started_on == date(2024, 9, 2)


def test_episode_overlap(head):
    child = ChildFactory()
    CareEpisodeFactory(
        child=child, started_on=date(2023, 9, 1), ended_on=date(2024, 1, 1), reason_ceased="X1"
    )
    data = {
        "started_on": date(2023, 12, 1),
        "reason_new_episode": "P",
        "legal_status": "C2",
        "category_of_need": "N1",
        "placement_type": "U4",
    }
    with pytest.raises(ValidationError, match="overlaps"):
        services.create_care_episode(user=head, child=child, data=data)
    services.create_care_episode(
        user=head, child=child, data={**data, "started_on": date(2024, 1, 1)}
    )
    assert CareEpisode.objects.filter(child=child).count() == 2


def test_case_notes_by_people_who_cannot_read_sensitive_notes_are_never_sensitive():
    teacher = UserFactory(role=Role.DESIGNATED_TEACHER)
    note = services.create_case_note(
        user=teacher,
        child=ChildFactory(),
        data={
            "kind": "note",
            "occurred_on": today(),
            "summary": "Hello",
            "is_sensitive": True,
        },
    )
    assert note.is_sensitive is False
    assert note.author == teacher


def test_update_case_note_checks_the_author(caseworker, manager):
    note = CaseNoteFactory(summary="Before")
    with pytest.raises(PermissionError):
        services.update_case_note(user=caseworker, note=note, data={"summary": "After"})
    services.update_case_note(user=manager, note=note, data={"summary": "After"})
    assert CaseNote.objects.get().summary == "After"
