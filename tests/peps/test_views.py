"""The PEP pages as people use them: reading, editing sections, the workflow buttons,
and who gets what."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from children.peps import services
from children.peps.models import Pep, Status
from children.peps.sections import SECTIONS
from interventions.models import PupilPremiumRequest
from tests.peps.conftest import add_target, approved, complete
from vsh.access.services import grant_access
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def detail_url(pep):
    return reverse("peps:detail", kwargs={"child_pk": pep.child_id, "pk": pep.pk})


def section_url(pep, slug):
    return reverse(
        "peps:section_edit", kwargs={"child_pk": pep.child_id, "pk": pep.pk, "slug": slug}
    )


def url(name, pep, pk=None):
    return reverse(f"peps:{name}", kwargs={"child_pk": pep.child_id, "pk": pk or pep.pk})


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def partner_with_grant(people):
    grant_access(
        by=people["manager"],
        child=people["child"],
        user=people["partner"],
        level="view",
        reason="Educational psychology assessment",
        expires_on=timezone.localdate() + timedelta(days=30),
    )
    return people["partner"]


# The child's PEPs --------------------------------------------------------------------


def test_the_designated_teacher_starts_the_pep_for_this_term(login, people, term):
    client = login(people["dt"])
    page = client.get(reverse("peps:child", kwargs={"child_pk": people["child"].pk}))
    assert page.status_code == 200
    assert f"Start the PEP for {term}" in page.content.decode()
    response = client.post(
        reverse("peps:create", kwargs={"child_pk": people["child"].pk}), {"term": term.pk}
    )
    pep = Pep.objects.get(child=people["child"])
    assert response.status_code == 302 and response["Location"] == detail_url(pep)
    page = client.get(reverse("peps:child", kwargs={"child_pk": people["child"].pk}))
    body = page.content.decode()
    assert "Start the PEP" not in body
    assert str(term) in body and "In progress" in body


def test_a_social_worker_is_not_offered_to_start_a_pep(login, people, term):
    page = login(people["social_worker"]).get(
        reverse("peps:child", kwargs={"child_pk": people["child"].pk})
    )
    assert page.status_code == 200 and "Start the PEP" not in page.content.decode()


def test_starting_a_second_pep_for_the_term_explains_why_not(login, pep, people, term):
    response = login(people["caseworker"]).post(
        reverse("peps:create", kwargs={"child_pk": people["child"].pk}), {"term": term.pk}
    )
    assert response.status_code == 302
    assert messages_of(response) == [
        f"Amara Okafor already has a PEP for the {term} term. Open it from the PEPs tab."
    ]


def test_an_overdue_pep_is_flagged(login, pep, people):
    Pep.objects.filter(pk=pep.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    page = login(people["caseworker"]).get(
        reverse("peps:child", kwargs={"child_pk": people["child"].pk})
    )
    assert "Overdue" in page.content.decode()


# The PEP page --------------------------------------------------------------------------


def _edit_links(body: str, pep) -> set[str]:
    return {s.slug for s in SECTIONS if section_url(pep, s.slug) in body}


def test_the_pep_page_shows_every_section_and_what_the_user_may_edit(login, pep, people):
    dt_page = login(people["dt"]).get(detail_url(pep)).content.decode()
    for section in SECTIONS:
        if section.slug != "transition":  # not a transition year for this child
            assert section.title.replace("'", "&#x27;") in dt_page
    assert "govuk-task-list" in dt_page
    assert _edit_links(dt_page, pep) == {
        s.slug for s in SECTIONS if s.slug not in ("social-worker", "transition")
    }
    assert "Submit for quality assurance" in dt_page

    sw_page = login(people["social_worker"]).get(detail_url(pep)).content.decode()
    assert _edit_links(sw_page, pep) == {"social-worker"}
    assert "Submit for quality assurance" not in sw_page


def test_the_task_list_shows_each_sections_status(login, pep, people):
    add_target(pep, people["dt"])
    page = login(people["dt"]).get(detail_url(pep)).content.decode()
    targets = page.split('id="targets-status"')[1].split("</div>")[0]
    views = page.split('id="child-views-status"')[1].split("</div>")[0]
    evaluation = page.split('id="evaluation-status"')[1].split("</div>")[0]
    assert "Completed" in targets
    assert "Incomplete" in views
    assert "Not required" in evaluation


def test_a_partner_with_a_view_grant_reads_but_cannot_edit(login, pep, people, partner_with_grant):
    client = login(partner_with_grant)
    page = client.get(detail_url(pep))
    assert page.status_code == 200
    body = page.content.decode()
    assert _edit_links(body, pep) == set()
    assert "Submit for quality assurance" not in body
    assert client.get(section_url(pep, "child-views")).status_code == 403
    assert client.post(url("submit_update", pep)).status_code == 403


def test_a_designated_teacher_of_another_school_gets_404(login, pep, people):
    client = login(people["other_dt"])
    assert client.get(detail_url(pep)).status_code == 404
    assert client.get(section_url(pep, "child-views")).status_code == 404
    assert client.post(url("submit_update", pep)).status_code == 404
    assert client.get(reverse("peps:child", kwargs={"child_pk": pep.child_id})).status_code == 404


def test_reading_a_pep_is_audited(login, pep, people):
    login(people["dt"]).get(detail_url(pep))
    assert AuditEvent.objects.filter(
        action="view", actor=people["dt"], object_type="peps.Pep", object_id=str(pep.pk)
    ).exists()


def test_the_pep_page_costs_the_same_queries_however_many_targets(
    login, people, term, last_term, green, client
):
    old = services.start_pep(child=people["child"], term=last_term, by=people["dt"])
    approved(old, people, green)
    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    complete(pep, people["dt"])
    client = login(people["caseworker"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail_url(pep)).status_code == 200
        return len(queries)

    few = count()
    for n in range(8):
        target = add_target(pep, people["dt"], description=f"Target {n}")
        services.add_attendee(pep=pep, data={"name": f"P{n}", "role": "Carer"}, by=people["dt"])
        from interventions import services as pupil_premium

        pupil_premium.add_request(
            pep=pep, data={"target": target, "amount": 10, "purpose": "Books"}, by=people["dt"]
        )
    services.submit_pep(pep=pep, by=people["dt"])
    services.return_pep(pep=pep, by=people["caseworker"], reasons="More detail")
    assert count() == few
    assert few <= 20


# Editing sections ----------------------------------------------------------------------


def test_the_designated_teacher_writes_the_childs_views(login, pep, people):
    client = login(people["dt"])
    page = client.get(section_url(pep, "child-views"))
    assert page.status_code == 200
    assert "The child&#x27;s own voice" in page.content.decode()
    response = client.post(
        section_url(pep, "child-views"),
        {"child_views": "I want to be a vet.", "child_participation": "PN1"},
    )
    assert response.status_code == 302
    pep.refresh_from_db()
    assert (pep.child_views, pep.child_participation) == ("I want to be a vet.", "PN1")
    assert "I want to be a vet." in client.get(detail_url(pep)).content.decode()


def test_meeting_dates_are_checked(login, pep, people):
    today = timezone.localdate()
    response = login(people["dt"]).post(
        section_url(pep, "meeting"),
        {
            "meeting_held_on": (today + timedelta(days=3)).strftime("%d/%m/%Y"),
            "next_review_on": "",
        },
    )
    assert "The date of the PEP meeting must be today or in the past" in response.content.decode()
    response = login(people["dt"]).post(
        section_url(pep, "meeting"),
        {
            "meeting_held_on": today.strftime("%d/%m/%Y"),
            "next_review_on": (today - timedelta(days=1)).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 200
    assert "The date of the next review must be after the meeting" in response.content.decode()


def test_a_social_worker_is_sent_back_from_a_section_they_do_not_write(login, pep, people):
    client = login(people["social_worker"])
    response = client.get(section_url(pep, "child-views"))
    assert response.status_code == 302 and response["Location"] == detail_url(pep)
    assert "written by the designated teacher" in messages_of(response)[0]
    assert client.get(section_url(pep, "social-worker")).status_code == 200


def test_the_school_cannot_edit_once_submitted_but_the_virtual_school_can(login, pep, people):
    complete(pep, people["dt"])
    services.submit_pep(pep=pep, by=people["dt"])
    response = login(people["dt"]).get(section_url(pep, "carer-views"))
    assert response.status_code == 302
    assert "submitted for quality assurance, so only the virtual school" in messages_of(response)[0]
    client = login(people["caseworker"])
    response = client.post(section_url(pep, "carer-views"), {"carer_views": "Fixed typo"})
    assert response.status_code == 302
    pep.refresh_from_db()
    assert pep.carer_views == "Fixed typo"


def test_an_approved_pep_sends_everyone_to_start_a_new_version(login, pep, people, green):
    approved(pep, people, green)
    response = login(people["head"]).get(section_url(pep, "child-views"))
    assert messages_of(response) == [
        "This PEP is approved, so it cannot be changed. Start a new version to make changes."
    ]


def test_an_unknown_section_is_not_found(login, pep, people):
    assert login(people["dt"]).get(section_url(pep, "nonsense")).status_code == 404


def test_continue_goes_to_the_next_incomplete_section(login, pep, people):
    client = login(people["dt"])
    start = reverse("peps:section_edit", kwargs={"child_pk": pep.child_id, "pk": pep.pk})
    assert client.get(start)["Location"] == section_url(pep, "child-views")
    services.update_section(
        pep=pep,
        section=services.sections.get("child-views"),
        data={"child_views": "Fine"},
        by=people["dt"],
    )
    assert client.get(start)["Location"] == section_url(pep, "education")


@pytest.mark.parametrize(
    "role, editable",
    [
        ("dt", {s.slug for s in SECTIONS} - {"social-worker"}),
        ("caseworker", {s.slug for s in SECTIONS}),
        ("head", {s.slug for s in SECTIONS}),
        ("social_worker", {"social-worker"}),
    ],
)
def test_every_section_page_for_every_role(login, pep, people, role, editable):
    client = login(people[role])
    for section in SECTIONS:
        status = client.get(section_url(pep, section.slug)).status_code
        assert status == (200 if section.slug in editable else 302), (section.slug, status)


@pytest.mark.parametrize(
    "role, status", [("other_dt", 404), ("other_caseworker", 404), ("partner", 404)]
)
def test_every_section_page_for_outsiders(login, pep, people, role, status):
    client = login(people[role])
    for section in SECTIONS:
        assert client.get(section_url(pep, section.slug)).status_code == status


# Rows: targets, attendees, Pupil Premium Plus --------------------------------------------


def test_targets_are_added_changed_and_removed(login, pep, people):
    client = login(people["dt"])
    response = client.post(
        url("target_add", pep),
        {
            "area": "attendance",
            "description": "Arrive by 8:45 every day",
            "responsible": "Carer",
            "due_by": (timezone.localdate() + timedelta(days=40)).strftime("%d/%m/%Y"),
            "success_measure": "No late marks for four weeks",
        },
    )
    assert response.status_code == 302
    target = pep.targets.get()
    response = client.post(
        url("target_edit", pep, target.pk),
        {
            "area": "attendance",
            "description": "Arrive by 8:40 every day",
            "responsible": "Carer and form tutor",
            "due_by": target.due_by.strftime("%d/%m/%Y"),
            "success_measure": "No late marks for four weeks",
        },
    )
    target.refresh_from_db()
    assert target.description == "Arrive by 8:40 every day"
    assert client.get(url("target_remove", pep, target.pk)).status_code == 200
    client.post(url("target_remove", pep, target.pk))
    assert not pep.targets.exists()


def test_a_target_needs_all_four_parts(login, pep, people):
    response = login(people["dt"]).post(url("target_add", pep), {"area": "attainment"})
    body = response.content.decode()
    for message in [
        "Enter the target",
        "Enter who is responsible",
        "Enter when the target should be met by",
        "Enter how success will be measured",
    ]:
        assert message in body
    assert not pep.targets.exists()


def test_attendees_are_added_and_removed(login, pep, people):
    client = login(people["dt"])
    client.post(url("attendee_add", pep), {"name": "Jo Carer", "role": "Carer", "attended": "on"})
    attendee = pep.attendees.get()
    assert (attendee.name, attendee.attended) == ("Jo Carer", True)
    client.post(url("attendee_remove", pep, attendee.pk))
    assert not pep.attendees.exists()


def test_pupil_premium_is_requested_against_a_target(login, pep, people):
    client = login(people["dt"])
    response = client.get(url("pp_request_add", pep))
    assert "Add a SMART target first" in messages_of(response)[0]
    target = add_target(pep, people["dt"])
    response = client.post(
        url("pp_request_add", pep),
        {"target": target.pk, "amount": "450.00", "purpose": "Reading tuition"},
    )
    assert response.status_code == 302
    request = PupilPremiumRequest.objects.get(pep=pep)
    assert (request.child, request.target, request.status) == (pep.child, target, "requested")
    client.post(
        url("pp_request_edit", pep, request.pk),
        {"target": target.pk, "amount": "500", "purpose": "Reading tuition"},
    )
    request.refresh_from_db()
    assert request.amount == 500
    response = client.post(
        url("pp_request_add", pep), {"target": target.pk, "amount": "0", "purpose": "x"}
    )
    assert "The amount must be more than £0" in response.content.decode()
    client.post(url("pp_request_remove", pep, request.pk))
    assert not PupilPremiumRequest.objects.exists()


def test_carried_targets_are_evaluated_on_their_page(login, people, term, last_term, green):
    old = services.start_pep(child=people["child"], term=last_term, by=people["dt"])
    approved(old, people, green)
    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    carried = pep.targets.get()
    client = login(people["dt"])
    page = client.get(section_url(pep, "evaluation"))
    assert carried.description in page.content.decode()
    client.post(
        section_url(pep, "evaluation"),
        {f"evaluation_{carried.pk}": "partly", f"notes_{carried.pk}": "Reading age up 4 months"},
    )
    carried.refresh_from_db()
    assert (carried.evaluation, carried.evaluation_notes) == ("partly", "Reading age up 4 months")
    # Editing a carried target leads to its evaluation instead.
    response = client.get(url("target_edit", pep, carried.pk))
    assert response["Location"] == section_url(pep, "evaluation")


# The workflow ------------------------------------------------------------------------------


def test_submitting_an_incomplete_pep_says_what_is_missing(login, pep, people):
    response = login(people["dt"]).post(url("submit_update", pep))
    assert response.status_code == 302
    message = messages_of(response)[0]
    assert message.startswith("This PEP cannot be submitted yet.")
    assert "The child's views" in message and "SMART targets" in message
    pep.refresh_from_db()
    assert pep.status == Status.DRAFT


def test_the_whole_journey_through_the_pages(
    login, pep, people, django_capture_on_commit_callbacks
):
    complete(pep, people["dt"])
    login(people["dt"]).post(url("submit_update", pep))
    pep.refresh_from_db()
    assert pep.status == Status.SUBMITTED

    client = login(people["caseworker"])
    page = client.get(detail_url(pep)).content.decode()
    assert url("approve_update", pep) in page and url("return_update", pep) in page
    form = client.get(url("return_update", pep))
    assert form.status_code == 200 and "What needs to change" in form.content.decode()
    response = client.post(url("return_update", pep), {"reasons": ""})
    assert "Enter what needs to change" in response.content.decode()
    client.post(url("return_update", pep), {"reasons": "Say more about attendance."})
    pep.refresh_from_db()
    assert pep.status == Status.RETURNED
    page = login(people["dt"]).get(detail_url(pep)).content.decode()
    assert "Say more about attendance." in page

    login(people["dt"]).post(url("submit_update", pep))
    client = login(people["caseworker"])
    response = client.post(url("approve_update", pep), {})
    assert "Select a quality rating" in response.content.decode()
    green = client.get(url("approve_update", pep)).context["form"].fields["rating"].queryset[0]
    client.post(url("approve_update", pep), {"rating": green.pk, "comments": "Good"})
    pep.refresh_from_db()
    assert pep.status == Status.APPROVED and pep.rating == green

    client = login(people["social_worker"])
    response = client.post(url("signoff_update", pep))
    assert "Write the social worker's contribution" in messages_of(response)[-1]


def test_the_approve_form_offers_only_ratings_that_approve(login, pep, people):
    complete(pep, people["dt"])
    services.submit_pep(pep=pep, by=people["dt"])
    body = login(people["caseworker"]).get(url("approve_update", pep)).content.decode()
    assert "Green: good" in body and "Red: inadequate" not in body
    body = login(people["caseworker"]).get(url("return_update", pep)).content.decode()
    assert "Red: inadequate" in body


def test_a_designated_teacher_cannot_approve(login, pep, people):
    complete(pep, people["dt"])
    services.submit_pep(pep=pep, by=people["dt"])
    response = login(people["dt"]).get(url("approve_update", pep))
    assert response.status_code == 302
    assert messages_of(response) == [
        "Only the child's virtual school caseworker or a manager can approve a PEP."
    ]


def test_sign_off_and_new_version_through_the_pages(login, pep, people, green):
    services.update_section(
        pep=pep,
        section=services.sections.get("social-worker"),
        data={"social_worker_contribution": "Stable"},
        by=people["social_worker"],
    )
    approved(pep, people, green)
    client = login(people["social_worker"])
    assert "Sign off as the social worker" in client.get(detail_url(pep)).content.decode()
    client.post(url("signoff_update", pep))
    pep.refresh_from_db()
    assert pep.social_worker_signed_off_by == people["social_worker"]

    client = login(people["dt"])
    response = client.post(url("version_create", pep))
    new = Pep.objects.get(previous_version=pep)
    assert response["Location"] == detail_url(new)
    page = client.get(detail_url(pep)).content.decode()
    assert "This version has been replaced" in page
    assert _edit_links(page, pep) == set()
    page = client.get(detail_url(new)).content.decode()
    assert "Versions of this PEP" in page and "Version 1" in page


def test_detail_page_links_to_the_pdf(client, head):
    from django.urls import reverse
    from django.utils import timezone

    from children.peps.models import Pep
    from tests.factories import ChildFactory
    from vsh.terms.dates import term_on
    from vsh.terms.services import ensure_academic_year

    ensure_academic_year(timezone.localdate().year - (timezone.localdate().month < 9))
    child = ChildFactory()
    pep = Pep.objects.create(
        child=child,
        term=term_on(timezone.localdate()),
        due_on=timezone.localdate(),
        created_by=head,
    )
    client.force_login(head)
    page = client.get(reverse("peps:detail", kwargs={"child_pk": child.pk, "pk": pep.pk}))
    assert (
        reverse("pep_reports:pdf", kwargs={"child_pk": child.pk, "pk": pep.pk})
        in page.content.decode()
    )


def test_a_new_version_of_an_approved_pep_is_not_listed_as_overdue(login, pep, people, green):
    approved(pep, people, green)
    new = services.start_new_version(pep=pep, by=people["dt"])
    Pep.objects.filter(pk=new.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    response = login(people["dt"]).get(reverse("peps:child", kwargs={"child_pk": pep.child_id}))
    (row,) = response.context["peps"]
    assert row.pk == new.pk and not row.is_overdue
    page = response.content.decode()
    assert "Overdue" not in page
    assert "Version 1 approved" in page and green.label in page
