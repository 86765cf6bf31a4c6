"""The PEP's workflow: every step, who may take it, and what a refusal says. A
refused step changes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from children.peps import services
from children.peps.models import Pep, PepEvent, Status
from children.peps.permissions import APPROVED_MESSAGE, SUBMITTED_MESSAGE, SUPERSEDED_MESSAGE
from children.peps.sections import get
from interventions import services as pupil_premium
from interventions.models import PupilPremiumRequest
from tests.factories import AllocationFactory, UserFactory
from tests.peps.conftest import add_target, approved, complete
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _state(pep: Pep) -> dict:
    pep.refresh_from_db()
    return {
        "status": pep.status,
        "rating": pep.rating_id,
        "submitted": pep.submitted_at,
        "approved": pep.approved_at,
        "signed_off": pep.social_worker_signed_off_at,
        "events": pep.events.count(),
        "audit": AuditEvent.objects.filter(object_type="peps.Pep", object_id=str(pep.pk)).count(),
        "versions": Pep.objects.filter(child=pep.child, term=pep.term).count(),
    }


def refused(step, pep: Pep, message: str, **kwargs):
    """Run a step that must be refused with `message`, and check nothing changed."""
    before = _state(pep)
    with pytest.raises(ValidationError) as caught:
        step(pep=pep, **kwargs)
    assert message in " ".join(caught.value.messages)
    assert _state(pep) == before
    return caught.value


def submitted(pep, people):
    complete(pep, people["dt"])
    return services.submit_pep(pep=pep, by=people["dt"])


# Submitting ------------------------------------------------------------------


def test_the_designated_teacher_submits_a_complete_pep(pep, people):
    complete(pep, people["dt"])
    pep = services.submit_pep(pep=pep, by=people["dt"])
    assert pep.status == Status.SUBMITTED
    assert pep.submitted_by == people["dt"]
    assert pep.submitted_at is not None
    assert pep.events.last().action == PepEvent.Action.SUBMITTED
    audit = AuditEvent.objects.filter(object_type="peps.Pep", object_id=str(pep.pk)).latest("id")
    assert audit.detail == "PEP submitted" and audit.changes["status"]["new"] == "submitted"


def test_the_virtual_school_can_submit_too(pep, people):
    complete(pep, people["dt"])
    assert services.submit_pep(pep=pep, by=people["caseworker"]).status == Status.SUBMITTED


def test_an_empty_pep_cannot_be_submitted_and_the_message_names_what_is_missing(pep, people):
    error = refused(services.submit_pep, pep, "This PEP cannot be submitted yet", by=people["dt"])
    message = " ".join(error.messages)
    for expected in [
        "The child's views: record the child's views",
        "SMART targets: add at least one target",
        "record who attended the PEP meeting",
        "enter the date of the PEP meeting",
        "enter the date of the next review",
    ]:
        assert expected in message


def test_a_target_missing_a_part_does_not_count(pep, people):
    complete(pep, people["dt"])
    target = pep.targets.get()
    # Rows written another way (an import, an old record) may lack a part.
    type(target).objects.filter(pk=target.pk).update(success_measure="  ")
    refused(services.submit_pep, pep, "SMART targets: add at least one target", by=people["dt"])


def test_carried_targets_must_be_evaluated_before_submitting(people, term, last_term, green):
    old = services.start_pep(child=people["child"], term=last_term, by=people["dt"])
    approved(old, people, green)
    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    services.update_section(
        pep=pep, section=get("child-views"), data={"child_views": "Fine"}, by=people["dt"]
    )
    today = timezone.localdate()
    services.update_section(
        pep=pep,
        section=services.MEETING,
        data={"meeting_held_on": today, "next_review_on": today + timedelta(days=80)},
        by=people["dt"],
    )
    services.add_attendee(pep=pep, data={"name": "Dee", "role": "DT"}, by=people["dt"])
    add_target(pep, people["dt"])
    refused(
        services.submit_pep,
        pep,
        "Evaluation of previous targets: evaluate the 1 target carried forward",
        by=people["dt"],
    )
    carried = pep.targets.get(carried_from__isnull=False)
    services.evaluate_targets(
        pep=pep, evaluations={carried.pk: {"evaluation": "partly"}}, by=people["dt"]
    )
    assert services.submit_pep(pep=pep, by=people["dt"]).status == Status.SUBMITTED


def test_year_6_needs_a_transition_plan(people, term):
    child = people["child"]
    # In Year 6 during this term: ten on 31 August before it.
    child.date_of_birth = term.academic_year.starts_on.replace(
        year=term.academic_year.start_year - 11
    )
    child.save()
    pep = services.start_pep(child=child, term=term, by=people["dt"])
    complete(pep, people["dt"])
    refused(
        services.submit_pep,
        pep,
        "Transition plan: write the transition plan (Year 6, moving to secondary school)",
        by=people["dt"],
    )
    services.update_section(
        pep=pep,
        section=get("transition"),
        data={"transition_plan": "Visits to Hillside in June."},
        by=people["dt"],
    )
    assert services.submit_pep(pep=pep, by=people["dt"]).status == Status.SUBMITTED


def test_a_social_worker_cannot_submit(pep, people):
    complete(pep, people["dt"])
    refused(
        services.submit_pep,
        pep,
        "Only the designated teacher or the virtual school can submit a PEP.",
        by=people["social_worker"],
    )


@pytest.mark.parametrize(
    "reach, message",
    [
        ("submitted", "This PEP cannot be submitted: it is already submitted."),
        ("approved", "This PEP cannot be submitted: it is already approved."),
        ("superseded", "This PEP cannot be submitted: it is replaced by a newer version."),
    ],
)
def test_submitting_from_the_wrong_state_is_refused(pep, people, green, reach, message):
    pep = submitted(pep, people)
    if reach in ("approved", "superseded"):
        pep = services.approve_pep(pep=pep, by=people["caseworker"], rating=green)
    if reach == "superseded":
        services.start_new_version(pep=pep, by=people["dt"])
    refused(services.submit_pep, pep, message, by=people["dt"])


# Returning --------------------------------------------------------------------


def test_the_caseworker_returns_a_pep_with_reasons_and_a_rating(pep, people, red):
    pep = submitted(pep, people)
    pep = services.return_pep(
        pep=pep, by=people["caseworker"], reasons="Targets are not measurable.", rating=red
    )
    assert pep.status == Status.RETURNED
    assert pep.rating == red
    event = pep.events.last()
    assert (event.action, event.comments, event.rating) == (
        "returned",
        "Targets are not measurable.",
        red,
    )


def test_a_rating_is_optional_when_returning(pep, people):
    pep = submitted(pep, people)
    pep = services.return_pep(pep=pep, by=people["manager"], reasons="Add the carer's views.")
    assert pep.status == Status.RETURNED and pep.rating is None


def test_returning_needs_reasons(pep, people):
    pep = submitted(pep, people)
    refused(
        services.return_pep,
        pep,
        "Give the reasons for returning the PEP",
        by=people["caseworker"],
        reasons="  ",
    )


@pytest.mark.parametrize("who", ["dt", "social_worker"])
def test_only_the_virtual_school_returns(pep, people, who):
    pep = submitted(pep, people)
    refused(
        services.return_pep,
        pep,
        "Only the child's virtual school caseworker or a manager can return a PEP.",
        by=people[who],
        reasons="No",
    )


def test_a_caseworker_not_allocated_to_the_child_cannot_return(pep, people):
    pep = submitted(pep, people)
    refused(
        services.return_pep,
        pep,
        "Only the child's virtual school caseworker or a manager can return a PEP.",
        by=people["other_caseworker"],
        reasons="No",
    )


def test_a_draft_cannot_be_returned(pep, people):
    refused(
        services.return_pep,
        pep,
        "Only a PEP submitted for quality assurance can be returned. "
        "This one is still in progress.",
        by=people["caseworker"],
        reasons="No",
    )


def test_a_returned_pep_is_changed_and_submitted_again(pep, people, green):
    pep = submitted(pep, people)
    pep = services.return_pep(pep=pep, by=people["caseworker"], reasons="More on attendance.")
    services.update_section(
        pep=pep,
        section=get("attendance"),
        data={"attendance_commentary": "Attendance mentor weekly."},
        by=people["dt"],
    )
    pep = services.submit_pep(pep=pep, by=people["dt"])
    pep = services.approve_pep(pep=pep, by=people["caseworker"], rating=green)
    assert [e.action for e in pep.events.all()] == [
        "started",
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]


# Approving --------------------------------------------------------------------


def test_approving_records_who_and_the_rating(pep, people, green):
    pep = submitted(pep, people)
    pep = services.approve_pep(pep=pep, by=people["head"], rating=green, comments="Strong voice.")
    assert pep.status == Status.APPROVED
    assert (pep.approved_by, pep.rating) == (people["head"], green)
    assert pep.approved_at is not None
    assert pep.events.last().comments == "Strong voice."


def test_approving_needs_a_rating(pep, people):
    pep = submitted(pep, people)
    refused(
        services.approve_pep,
        pep,
        "Choose a quality rating to approve the PEP.",
        by=people["caseworker"],
        rating=None,
    )


def test_a_red_rating_cannot_be_approved(pep, people, red):
    pep = submitted(pep, people)
    refused(
        services.approve_pep,
        pep,
        "A PEP rated Red: inadequate cannot be approved. Return it to the school",
        by=people["caseworker"],
        rating=red,
    )


@pytest.mark.parametrize("who", ["dt", "social_worker", "other_caseworker"])
def test_only_the_virtual_school_approves(pep, people, green, who):
    pep = submitted(pep, people)
    refused(
        services.approve_pep,
        pep,
        "Only the child's virtual school caseworker or a manager can approve a PEP.",
        by=people[who],
        rating=green,
    )


def test_a_draft_or_returned_pep_cannot_be_approved(pep, people, green):
    message = "Only a PEP submitted for quality assurance can be approved."
    refused(services.approve_pep, pep, message, by=people["caseworker"], rating=green)
    pep = submitted(pep, people)
    pep = services.return_pep(pep=pep, by=people["caseworker"], reasons="Redo")
    refused(services.approve_pep, pep, message, by=people["caseworker"], rating=green)


def test_approving_the_pep_approves_its_pupil_premium_requests(pep, people, green):
    complete(pep, people["dt"])
    target = pep.targets.get()
    request = pupil_premium.add_request(
        pep=pep,
        data={"target": target, "amount": Decimal("450.00"), "purpose": "Reading tuition"},
        by=people["dt"],
    )
    assert request.status == PupilPremiumRequest.Status.REQUESTED
    services.submit_pep(pep=pep, by=people["dt"])
    services.approve_pep(pep=pep, by=people["caseworker"], rating=green)
    request.refresh_from_db()
    assert request.status == PupilPremiumRequest.Status.APPROVED
    assert request.decided_by == people["caseworker"]
    assert request.decided_at is not None


def test_returning_leaves_pupil_premium_requested(pep, people):
    complete(pep, people["dt"])
    request = pupil_premium.add_request(
        pep=pep,
        data={"target": pep.targets.get(), "amount": Decimal("100"), "purpose": "Books"},
        by=people["dt"],
    )
    services.submit_pep(pep=pep, by=people["dt"])
    services.return_pep(pep=pep, by=people["caseworker"], reasons="Link to targets")
    request.refresh_from_db()
    assert request.status == PupilPremiumRequest.Status.REQUESTED


# Social worker sign-off ------------------------------------------------------------


def _contribute(pep, people):
    services.update_section(
        pep=pep,
        section=get("social-worker"),
        data={"social_worker_contribution": "Placement is stable; contact on Saturdays."},
        by=people["social_worker"],
    )


def test_the_allocated_social_worker_signs_off_a_submitted_pep(pep, people):
    pep = submitted(pep, people)
    _contribute(pep, people)
    pep = services.sign_off_pep(pep=pep, by=people["social_worker"])
    assert pep.social_worker_signed_off_by == people["social_worker"]
    assert pep.social_worker_signed_off_at is not None
    assert pep.status == Status.SUBMITTED
    assert pep.events.last().action == PepEvent.Action.SIGNED_OFF


def test_the_social_worker_can_sign_off_after_approval(pep, people, green):
    _contribute(pep, people)
    pep = approved(pep, people, green)
    pep = services.sign_off_pep(pep=pep, by=people["social_worker"])
    assert pep.social_worker_signed_off_at is not None and pep.status == Status.APPROVED


def test_sign_off_needs_the_contribution(pep, people):
    pep = submitted(pep, people)
    refused(
        services.sign_off_pep,
        pep,
        "Write the social worker's contribution before signing off the PEP.",
        by=people["social_worker"],
    )


def test_a_draft_is_not_signed_off(pep, people):
    _contribute(pep, people)
    refused(
        services.sign_off_pep,
        pep,
        "The social worker signs off a PEP once the school has submitted it.",
        by=people["social_worker"],
    )


def test_a_pep_is_signed_off_once(pep, people):
    pep = submitted(pep, people)
    _contribute(pep, people)
    services.sign_off_pep(pep=pep, by=people["social_worker"])
    refused(
        services.sign_off_pep, pep, "Sam Social signed off this PEP on", by=people["social_worker"]
    )


def test_returning_withdraws_the_sign_off_until_the_pep_is_submitted_again(pep, people, green):
    pep = submitted(pep, people)
    _contribute(pep, people)
    services.sign_off_pep(pep=pep, by=people["social_worker"])
    pep = services.return_pep(pep=pep, by=people["caseworker"], reasons="Add the carer's views.")
    pep.refresh_from_db()
    assert pep.social_worker_signed_off_by is None and pep.social_worker_signed_off_at is None
    event = pep.events.last()
    assert event.action == PepEvent.Action.RETURNED
    assert event.comments.startswith("Add the carer's views.")
    assert "The social worker's sign-off (Sam Social on" in event.comments
    audit = AuditEvent.objects.filter(object_type="peps.Pep", object_id=str(pep.pk)).latest("id")
    assert "sign-off by Sam Social" in audit.detail and "withdrawn" in audit.detail
    assert audit.changes["social_worker_signed_off_at"]["new"] is None
    # The PDF no longer shows an agreement to what the school may now change.
    from children.peps.pdf import pep_context

    assert pep_context(pep)["signatures"][2].name == ""

    # Not signed off while the school changes it, then signed off again once resubmitted.
    refused(
        services.sign_off_pep,
        pep,
        "The social worker signs off a PEP once the school has submitted it.",
        by=people["social_worker"],
    )
    pep = services.submit_pep(pep=pep, by=people["dt"])
    pep = services.sign_off_pep(pep=pep, by=people["social_worker"])
    assert pep.social_worker_signed_off_at is not None
    assert [e.action for e in pep.events.all()][-4:] == [
        "signed_off",
        "returned",
        "submitted",
        "signed_off",
    ]


def test_returning_an_unsigned_pep_mentions_no_sign_off(pep, people):
    pep = submitted(pep, people)
    pep = services.return_pep(pep=pep, by=people["caseworker"], reasons="More detail.")
    assert pep.events.last().comments == "More detail."


def test_only_the_allocated_social_worker_signs_off(pep, people):
    pep = submitted(pep, people)
    _contribute(pep, people)
    message = "Only the child's allocated social worker can sign off a PEP."
    for who in ("dt", "caseworker", "head"):
        refused(services.sign_off_pep, pep, message, by=people[who])
    former = UserFactory(role=Role.SOCIAL_WORKER)
    today = timezone.localdate()
    AllocationFactory(
        child=pep.child,
        kind="social_worker",
        worker=former,
        started_on=today - timedelta(days=300),
        ended_on=today - timedelta(days=200),
    )
    refused(services.sign_off_pep, pep, message, by=former)


# Versions ---------------------------------------------------------------------


def test_an_approved_pep_cannot_be_changed(pep, people, green):
    pep = approved(pep, people, green)
    before = _state(pep)
    attempts = [
        lambda: services.update_section(
            pep=pep, section=get("child-views"), data={"child_views": "x"}, by=people["head"]
        ),
        lambda: add_target(pep, people["dt"]),
        lambda: services.update_target(target=pep.targets.get(), data={}, by=people["head"]),
        lambda: services.remove_target(target=pep.targets.get(), by=people["caseworker"]),
        lambda: services.add_attendee(pep=pep, data={"name": "A", "role": "B"}, by=people["dt"]),
        lambda: services.remove_attendee(attendee=pep.attendees.get(), by=people["dt"]),
        lambda: services.evaluate_targets(pep=pep, evaluations={}, by=people["dt"]),
        lambda: services.refresh_snapshots(pep=pep, by=people["manager"]),
        lambda: pupil_premium.add_request(
            pep=pep, data={"amount": Decimal("5"), "purpose": "x"}, by=people["dt"]
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert caught.value.messages == [APPROVED_MESSAGE]
    assert APPROVED_MESSAGE == (
        "This PEP is approved, so it cannot be changed. Start a new version to make changes."
    )
    assert _state(pep) == before
    assert pep.targets.count() == 1 and pep.attendees.count() == 1


def test_a_new_version_copies_the_approved_pep_and_supersedes_it(pep, people, green):
    complete(pep, people["dt"])
    target = pep.targets.get()
    pupil_premium.add_request(
        pep=pep,
        data={"target": target, "amount": Decimal("300"), "purpose": "Tutor"},
        by=people["dt"],
    )
    services.submit_pep(pep=pep, by=people["dt"])
    services.approve_pep(pep=pep, by=people["caseworker"], rating=green)

    new = services.start_new_version(pep=pep, by=people["dt"])
    pep.refresh_from_db()
    assert pep.status == Status.SUPERSEDED
    assert (new.version, new.status, new.previous_version) == (2, Status.DRAFT, pep)
    assert new.child_views == pep.child_views and new.meeting_held_on == pep.meeting_held_on
    assert new.rating is None and new.approved_at is None and new.submitted_at is None
    copied = new.targets.get()
    assert copied.pk != target.pk and copied.description == target.description
    assert [a.name for a in new.attendees.all()] == ["Dee Teacher"]
    # The approved request stays with the version that approved it, and is not asked
    # for again (tests/interventions covers how the new version shows it).
    assert pep.pp_requests.get().status == PupilPremiumRequest.Status.APPROVED
    assert not new.pp_requests.exists()
    assert new.events.get().action == PepEvent.Action.NEW_VERSION


def test_the_superseded_version_is_frozen_and_the_new_one_is_editable(pep, people, green):
    pep = approved(pep, people, green)
    new = services.start_new_version(pep=pep, by=people["caseworker"])
    pep.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.update_section(
            pep=pep, section=get("child-views"), data={"child_views": "x"}, by=people["dt"]
        )
    assert caught.value.messages == [SUPERSEDED_MESSAGE]
    services.update_section(
        pep=new, section=get("child-views"), data={"child_views": "New views"}, by=people["dt"]
    )
    new.refresh_from_db()
    pep.refresh_from_db()
    assert new.child_views == "New views" and pep.child_views != "New views"


@pytest.mark.parametrize("reach", ["draft", "submitted"])
def test_only_an_approved_pep_gets_a_new_version(pep, people, reach):
    if reach == "submitted":
        pep = submitted(pep, people)
    refused(
        services.start_new_version,
        pep,
        "Only an approved PEP needs a new version.",
        by=people["dt"],
    )


def test_a_superseded_pep_gets_no_second_new_version(pep, people, green):
    pep = approved(pep, people, green)
    services.start_new_version(pep=pep, by=people["dt"])
    refused(
        services.start_new_version,
        pep,
        "This version has already been replaced by a newer one.",
        by=people["dt"],
    )


def test_a_social_worker_cannot_start_a_new_version(pep, people, green):
    pep = approved(pep, people, green)
    refused(
        services.start_new_version,
        pep,
        "Only the designated teacher or the virtual school can start a new version.",
        by=people["social_worker"],
    )


# Who edits when -----------------------------------------------------------------


def _edit(pep, who, slug="child-views", field="child_views"):
    return services.update_section(pep=pep, section=get(slug), data={field: "Text"}, by=who)


def test_the_designated_teacher_edits_a_draft_and_a_returned_pep(pep, people):
    _edit(pep, people["dt"])
    pep = submitted(pep, people)
    services.return_pep(pep=pep, by=people["caseworker"], reasons="More")
    _edit(pep, people["dt"], "carer-views", "carer_views")


def test_after_submitting_only_the_virtual_school_edits(pep, people):
    pep = submitted(pep, people)
    with pytest.raises(ValidationError) as caught:
        _edit(pep, people["dt"])
    assert caught.value.messages == [SUBMITTED_MESSAGE]
    _edit(pep, people["caseworker"])
    _edit(pep, people["manager"], "carer-views", "carer_views")


def test_the_social_worker_writes_only_their_section(pep, people):
    _edit(pep, people["social_worker"], "social-worker", "social_worker_contribution")
    with pytest.raises(ValidationError) as caught:
        _edit(pep, people["social_worker"])
    assert "written by the designated teacher" in caught.value.messages[0]
    with pytest.raises(ValidationError) as caught:
        _edit(pep, people["dt"], "social-worker", "social_worker_contribution")
    assert "written by the social worker" in caught.value.messages[0]
    # The social worker may still add their part once the school has submitted.
    pep = submitted(pep, people)
    _edit(pep, people["social_worker"], "social-worker", "social_worker_contribution")


def test_the_virtual_school_edits_every_section(pep, people):
    for slug, field in [
        ("social-worker", "social_worker_contribution"),
        ("child-views", "child_views"),
    ]:
        _edit(pep, people["caseworker"], slug, field)


def test_carried_targets_are_evaluated_not_edited(people, term, last_term, green):
    old = services.start_pep(child=people["child"], term=last_term, by=people["dt"])
    approved(old, people, green)
    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    carried = pep.targets.get()
    with pytest.raises(ValidationError) as caught:
        services.update_target(target=carried, data={"description": "x"}, by=people["dt"])
    assert "carried forward from the last PEP to be evaluated" in caught.value.messages[0]


def test_a_target_with_a_pupil_premium_request_is_not_removed(pep, people):
    target = add_target(pep, people["dt"])
    pupil_premium.add_request(
        pep=pep,
        data={"target": target, "amount": Decimal("20"), "purpose": "Revision guides"},
        by=people["dt"],
    )
    with pytest.raises(ValidationError) as caught:
        services.remove_target(target=target, by=people["dt"])
    assert "Pupil Premium Plus request" in caught.value.messages[0]
    assert pep.targets.count() == 1


def test_a_child_with_several_pep_versions_can_be_deleted(db):
    from django.utils import timezone

    from children.peps.models import Pep, Status
    from tests.factories import ChildFactory, UserFactory
    from vsh.terms.dates import term_on
    from vsh.terms.services import ensure_academic_year

    today = timezone.localdate()
    ensure_academic_year(today.year if today.month >= 9 else today.year - 1)
    child, author = ChildFactory(), UserFactory()
    first = Pep.objects.create(
        child=child, term=term_on(today), due_on=today, created_by=author, status=Status.SUPERSEDED
    )
    Pep.objects.create(
        child=child,
        term=first.term,
        due_on=today,
        created_by=author,
        version=2,
        previous_version=first,
    )
    child.delete()
    assert not Pep.objects.exists()


def test_social_worker_adds_their_part_after_approval_once_then_it_is_frozen(db):
    """The part is empty at approval; the allocated social worker writes it and signs
    off. Once written it is frozen like the rest of the approved PEP."""
    from children.peps import sections
    from children.peps.models import Status
    from children.peps.permissions import APPROVED_MESSAGE, edit_refusal, roles_for
    from tests.factories import AllocationFactory, ChildFactory, UserFactory
    from vsh.accounts.roles import Role

    child = ChildFactory()
    social_worker = UserFactory(role=Role.SOCIAL_WORKER)
    AllocationFactory(child=child, kind="social_worker", worker=social_worker)
    section = next(s for s in sections.SECTIONS if s.owners == sections.SW)

    class ApprovedPep:
        status = Status.APPROVED
        social_worker_contribution = ""

    pep = ApprovedPep()
    roles = roles_for(social_worker, child)
    assert edit_refusal(pep, roles, section) is None
    pep.social_worker_contribution = "Placement stable; carers attended the meeting."
    assert edit_refusal(pep, roles, section) == APPROVED_MESSAGE
    other = next(s for s in sections.SECTIONS if s.owners != sections.SW)
    assert edit_refusal(ApprovedPep(), roles, other) == APPROVED_MESSAGE
