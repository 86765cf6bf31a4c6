from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carers.models import Placement
from children import codes
from children.models import Allocation, CareEpisode, CaseNote, Child, Enrolment
from tests.factories import (
    AllocationFactory,
    CareEpisodeFactory,
    CarerFactory,
    CaseNoteFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    SchoolFactory,
    UserFactory,
)
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

CREATE = reverse("children:create")


def d(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def today():
    return timezone.localdate()


def child_data(**overrides):
    data = {
        "first_name": "Amara",
        "last_name": "Okafor",
        "preferred_name": "",
        "date_of_birth": "17/05/2014",
        "sex": "F",
        "ethnicity": "BAFR",
        "upn": "w318200012345",
        "local_id": "LC100",
        "cohort": "looked_after",
        "sen_provision": "N",
        "sen_primary_need": "",
        "care_leaver_status": "",
        "uasc_ceased_on": "",
    }
    data.update(overrides)
    return data


def errors(response) -> str:
    return response.content.decode()


# The child ------------------------------------------------------------------------


def test_virtual_school_adds_a_child_and_the_creation_is_audited(login, caseworker):
    response = login(caseworker).post(CREATE, child_data())
    child = Child.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("children:overview", args=[child.pk])
    assert child.upn == "W318200012345"
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, child=child)
    assert event.actor == caseworker
    assert event.changes["first_name"] == {"old": None, "new": "Amara"}


@pytest.mark.parametrize("role", [Role.DESIGNATED_TEACHER, Role.SOCIAL_WORKER, Role.PARTNER])
def test_only_the_virtual_school_may_add_a_child(login, role):
    client = login(UserFactory(role=role))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, child_data()).status_code == 403
    assert not Child.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date_of_birth": "1/1/2099"}, "Enter a date of birth in the past"),
        ({"date_of_birth": "1/1/1990"}, "Enter a date of birth less than 25 years ago"),
        ({"date_of_birth": "31/02/2014"}, "as a real date"),
        ({"first_name": ""}, "Enter the child&#x27;s first name"),
        ({"upn": "A123456789012"}, "Enter a 13-character UPN"),
        ({"sen_provision": "K"}, "Choose the primary need"),
        ({"sen_provision": "N", "sen_primary_need": "ASD"}, "Remove the primary need"),
        ({"ethnicity": "XXXX"}, "Select a valid choice"),
    ],
)
def test_child_form_explains_what_is_wrong_and_keeps_the_answers(login, head, overrides, message):
    response = login(head).post(CREATE, child_data(**overrides))
    assert response.status_code == 200
    page = errors(response)
    assert message in page
    assert "govuk-error-summary" in page
    assert 'value="Okafor"' in page
    assert not Child.objects.exists()


def test_unknown_upn_codes_are_accepted(login, head):
    login(head).post(CREATE, child_data(upn="UN4"))
    assert Child.objects.get().upn == "UN4"


def test_local_id_must_be_unique(login, head):
    ChildFactory(local_id="LC100")
    response = login(head).post(CREATE, child_data())
    assert "Another child already has this local child ID" in errors(response)
    assert Child.objects.count() == 1


def test_editing_a_child_audits_only_what_changed(login, caseworker):
    child = ChildFactory(
        first_name="Amara", local_id="LC100", date_of_birth=date(2014, 5, 17), ethnicity="BAFR"
    )
    AllocationFactory(child=child, worker=caseworker)
    client = login(caseworker)
    url = reverse("children:edit", args=[child.pk])
    assert 'value="17/05/2014"' in client.get(url).content.decode()
    response = client.post(url, child_data(first_name="Amarachi", last_name="Example", upn=""))
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.first_name == "Amarachi"
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, child=child)
    assert event.actor == caseworker
    assert event.changes == {"first_name": {"old": "Amara", "new": "Amarachi"}}


def test_invalid_edit_changes_nothing_and_keeps_the_stored_name_in_the_title(login, head):
    child = ChildFactory(first_name="Amara")
    response = login(head).post(
        reverse("children:edit", args=[child.pk]),
        child_data(first_name="Zed", date_of_birth="1/1/2099"),
    )
    assert response.status_code == 200
    assert "Edit Amara Example" in response.content.decode()
    child.refresh_from_db()
    assert child.first_name == "Amara"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).exists()


def test_view_only_reach_cannot_change_a_child(login, settings):
    settings.CASEWORKERS_READ_WHOLE_AUTHORITY = True
    child = ChildFactory(first_name="Amara")
    client = login(UserFactory(role=Role.CASEWORKER))
    response = client.post(reverse("children:edit", args=[child.pk]), child_data(first_name="X"))
    assert response.status_code == 403
    child.refresh_from_db()
    assert child.first_name == "Amara"


# Enrolments -----------------------------------------------------------------------------


@pytest.fixture
def child(db):
    return ChildFactory(first_name="Amara")


def enrolment_data(school, **overrides):
    data = {
        "school": school.urn,
        "started_on": d(today() - timedelta(days=10)),
        "ended_on": "",
        "registration": "single",
        "leaving_reason": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_add_an_enrolment_by_urn(login, head, child):
    school = SchoolFactory()
    response = login(head).post(
        reverse("children:enrolment_create", args=[child.pk]), enrolment_data(school)
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert (enrolment.child, enrolment.school) == (child, school)
    assert AuditEvent.objects.filter(action="create", object_type="children.Enrolment").exists()


def test_enrolment_with_an_unknown_urn_or_dates_out_of_order(login, head, child):
    client = login(head)
    url = reverse("children:enrolment_create", args=[child.pk])
    response = client.post(url, {**enrolment_data(SchoolFactory()), "school": "999999"})
    assert "Enter the URN of a school we hold" in errors(response)
    response = client.post(
        url, enrolment_data(SchoolFactory(), ended_on=d(today() - timedelta(days=20)))
    )
    assert "Enter a leaving date on or after the date the child joined" in errors(response)
    assert not Enrolment.objects.exists()


def test_single_registrations_at_two_schools_cannot_overlap(login, head, child):
    EnrolmentFactory(
        child=child,
        school=SchoolFactory(name="First School"),
        started_on=today() - timedelta(days=100),
    )
    client = login(head)
    url = reverse("children:enrolment_create", args=[child.pk])
    response = client.post(url, enrolment_data(SchoolFactory()))
    assert response.status_code == 200
    assert "is on the roll of First School" in errors(response)
    assert Enrolment.objects.count() == 1
    # Alternative provision alongside the main school is fine as dual registrations...
    response = client.post(url, enrolment_data(SchoolFactory(), registration="dual_subsidiary"))
    assert "is on the roll of First School" in errors(response)  # ...but not with a single one
    # A handover on the same day is not an overlap.
    first = Enrolment.objects.get()
    first.ended_on = today() - timedelta(days=10)
    first.leaving_reason = "placement_move"
    first.save()
    assert client.post(url, enrolment_data(SchoolFactory())).status_code == 302


def test_edit_an_enrolment_shows_its_urn_and_audits_the_change(login, head, child):
    enrolment = EnrolmentFactory(child=child)
    client = login(head)
    url = reverse("children:enrolment_edit", args=[child.pk, enrolment.pk])
    assert f'value="{enrolment.school.urn}"' in client.get(url).content.decode()
    response = client.post(
        url,
        enrolment_data(
            enrolment.school,
            started_on=d(enrolment.started_on),
            ended_on=d(today()),
            leaving_reason="managed_move",
        ),
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="update", object_type="children.Enrolment")
    assert event.changes["leaving_reason"] == {"old": "", "new": "managed_move"}


def test_an_enrolment_of_another_child_is_not_found(login, head, child):
    other = EnrolmentFactory()
    url = reverse("children:enrolment_edit", args=[child.pk, other.pk])
    assert login(head).get(url).status_code == 404


# Care episodes -----------------------------------------------------------------------------


def episode_data(**overrides):
    data = {
        "started_on": "01/09/2023",
        "reason_new_episode": "S",
        "legal_status": "C2",
        "category_of_need": "N1",
        "placement_type": "U4",
        "placement_provider": "PR1",
        "placement_la": "",
        "home_postcode": "",
        "placement_postcode": "TW1 3AB",
        "placement_urn": "",
        "ended_on": "",
        "reason_ceased": "",
        "reason_placement_change": "",
    }
    data.update(overrides)
    return data


def test_add_a_care_episode(login, head, child):
    response = login(head).post(reverse("children:episode_create", args=[child.pk]), episode_data())
    assert response.status_code == 302
    assert CareEpisode.objects.get().legal_status == "C2"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ended_on": "01/10/2023"}, "Choose the reason the episode ceased"),
        ({"reason_ceased": "E13"}, "Enter the date the episode ceased, or remove the reason"),
        ({"ended_on": "01/08/2023", "reason_ceased": "E13"}, "Enter a date ceased on or after"),
        ({"legal_status": "ZZ"}, "Select a valid choice"),
    ],
)
def test_care_episode_validation(login, head, child, overrides, message):
    response = login(head).post(
        reverse("children:episode_create", args=[child.pk]), episode_data(**overrides)
    )
    assert message in errors(response)
    assert not CareEpisode.objects.exists()


def test_care_episodes_of_a_child_cannot_overlap(login, head, child):
    CareEpisodeFactory(child=child, started_on=date(2023, 9, 1))
    url = reverse("children:episode_create", args=[child.pk])
    client = login(head)
    response = client.post(url, episode_data(started_on="01/01/2024"))
    assert "This episode overlaps the episode from 1 September 2023" in errors(response)
    first = CareEpisode.objects.get()
    first.ended_on, first.reason_ceased = date(2024, 1, 1), "X1"
    first.save()
    assert (
        client.post(url, episode_data(started_on="01/01/2024", reason_new_episode="P")).status_code
        == 302
    )


def test_designated_teacher_reads_but_does_not_change_social_care_records(login, child):
    designation = DesignatedTeacherFactory()
    EnrolmentFactory(child=child, school=designation.school)
    episode = CareEpisodeFactory(child=child)
    client = login(designation.user)
    assert client.get(reverse("children:care", args=[child.pk])).status_code == 200
    for url in [
        reverse("children:episode_edit", args=[child.pk, episode.pk]),
        reverse("children:episode_create", args=[child.pk]),
        reverse("children:placement_create", args=[child.pk]),
        reverse("children:allocation_create", args=[child.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("children:episode_edit", args=[child.pk, episode.pk]),
        episode_data(legal_status="C1"),
    )
    assert response.status_code == 403
    episode.refresh_from_db()
    assert episode.legal_status == "C2"


# Allocations -----------------------------------------------------------------------------


def test_allocating_a_new_caseworker_ends_the_previous_one_the_day_before(login, head, child):
    old = AllocationFactory(child=child, started_on=today() - timedelta(days=300))
    new_worker = UserFactory(role=Role.CASEWORKER, full_name="New Worker")
    start = today() - timedelta(days=5)
    response = login(head).post(
        reverse("children:allocation_create", args=[child.pk]),
        {
            "kind": "caseworker",
            "worker": new_worker.pk,
            "started_on": d(start),
            "change_reason": "",
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.ended_on == start - timedelta(days=1)
    new = Allocation.objects.get(worker=new_worker)
    assert new.started_on == start and new.ended_on is None
    updates = AuditEvent.objects.filter(action="update", object_type="children.Allocation")
    assert updates.get().changes["ended_on"]["new"] == (start - timedelta(days=1)).isoformat()
    assert AuditEvent.objects.filter(action="create", object_type="children.Allocation").exists()


def test_worker_must_have_the_matching_role(login, head, child):
    teacher = UserFactory(role=Role.SOCIAL_WORKER, full_name="Sam Social")
    response = login(head).post(
        reverse("children:allocation_create", args=[child.pk]),
        {
            "kind": "caseworker",
            "worker": teacher.pk,
            "started_on": d(today()),
        },
    )
    assert "Choose a virtual school caseworker: Sam Social is a social worker" in errors(response)
    assert not Allocation.objects.exists()


def test_new_allocation_must_start_after_the_current_one(login, head, child):
    old = AllocationFactory(child=child, started_on=today() - timedelta(days=5))
    response = login(head).post(
        reverse("children:allocation_create", args=[child.pk]),
        {
            "kind": "caseworker",
            "worker": UserFactory(role=Role.CASEWORKER).pk,
            "started_on": d(today() - timedelta(days=5)),
        },
    )
    assert "Enter a start date after" in errors(response)
    old.refresh_from_db()
    assert old.ended_on is None
    assert Allocation.objects.count() == 1


def test_end_an_allocation(login, head, child):
    allocation = AllocationFactory(child=child, started_on=today() - timedelta(days=50))
    client = login(head)
    url = reverse("children:allocation_end", args=[child.pk, allocation.pk])
    response = client.post(url, {"ended_on": d(today() - timedelta(days=60))})
    assert "Enter an end date on or after the date the allocation started" in errors(response)
    response = client.post(url, {"ended_on": d(today())})
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.ended_on == today()


def test_ending_ones_own_allocation_goes_back_to_the_list(login, caseworker, child):
    allocation = AllocationFactory(
        child=child, worker=caseworker, started_on=today() - timedelta(days=50)
    )
    response = login(caseworker).post(
        reverse("children:allocation_end", args=[child.pk, allocation.pk]),
        {"ended_on": d(today() - timedelta(days=1))},
    )
    assert response.status_code == 302
    assert response.url == reverse("children:list")


# Chronology -----------------------------------------------------------------------------


def note_data(**overrides):
    data = {
        "kind": "visit",
        "occurred_on": d(today()),
        "summary": "Visited Amara",
        "body": "Settled well.",
        "is_sensitive": "",
    }
    data.update(overrides)
    return data


def test_add_a_case_note_authored_by_the_user(login, caseworker, child):
    AllocationFactory(child=child, worker=caseworker)
    response = login(caseworker).post(
        reverse("children:note_create", args=[child.pk]), note_data(is_sensitive="on")
    )
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert (note.author, note.kind, note.is_sensitive) == (caseworker, "visit", True)


def test_case_note_date_cannot_be_in_the_future(login, head, child):
    response = login(head).post(
        reverse("children:note_create", args=[child.pk]),
        note_data(occurred_on=d(today() + timedelta(days=1))),
    )
    assert "Enter a date that is today or in the past" in errors(response)
    assert not CaseNote.objects.exists()


def test_designated_teacher_cannot_write_a_sensitive_note(login, child):
    designation = DesignatedTeacherFactory()
    EnrolmentFactory(child=child, school=designation.school)
    client = login(designation.user)
    url = reverse("children:note_create", args=[child.pk])
    assert "is_sensitive" not in client.get(url).content.decode()
    client.post(url, note_data(is_sensitive="on"))
    assert CaseNote.objects.get().is_sensitive is False


def test_only_the_author_or_a_manager_edits_a_note(login, caseworker, manager, child):
    AllocationFactory(child=child, worker=caseworker)
    note = CaseNoteFactory(child=child, summary="Original")
    url = reverse("children:note_edit", args=[child.pk, note.pk])
    assert login(caseworker).get(url).status_code == 403
    assert login(caseworker).post(url, note_data(summary="Hijacked")).status_code == 403
    response = login(manager).post(url, note_data(summary="Corrected"))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.summary == "Corrected"
    event = AuditEvent.objects.get(action="update", object_type="children.CaseNote")
    assert event.changes["summary"] == {"old": "Original", "new": "Corrected"}


# Placements -------------------------------------------------------------------------------


def test_add_a_placement_with_a_carer(login, head, child):
    carer = CarerFactory(name="The Ahmeds")
    response = login(head).post(
        reverse("children:placement_create", args=[child.pk]),
        {
            "carer": carer.pk,
            "started_on": d(today() - timedelta(days=3)),
            "ended_on": "",
            "end_reason": "",
        },
    )
    assert response.status_code == 302
    assert Placement.objects.get().carer == carer
    assert AuditEvent.objects.filter(
        action="create", object_type="carers.Placement", child=child
    ).exists()


def test_placement_end_reason_needs_an_end_date(login, head, child):
    response = login(head).post(
        reverse("children:placement_create", args=[child.pk]),
        {
            "carer": CarerFactory().pk,
            "started_on": d(today()),
            "end_reason": "CARPL",
        },
    )
    assert "Enter the date the placement ended, or remove the reason" in errors(response)
    assert not Placement.objects.exists()


def test_a_legal_status_code_list_is_used(login, head, child):
    page = login(head).get(reverse("children:episode_create", args=[child.pk])).content.decode()
    assert f"C2: {codes.LegalStatus.C2.label}" in page
