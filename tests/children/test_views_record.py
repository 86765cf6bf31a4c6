from datetime import timedelta

import pytest
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from children import codes
from tests.factories import (
    AllocationFactory,
    CareEpisodeFactory,
    CarerFactory,
    CaseNoteFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    PlacementFactory,
    SchoolFactory,
    UserFactory,
)
from vsh.access.services import grant_access
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TABS = ["overview", "education", "care", "people", "chronology"]


@pytest.fixture
def record(caseworker):
    """A child with one of each record, allocated to the caseworker."""
    child = ChildFactory(
        first_name="Amara",
        last_name="Okafor",
        preferred_name="Ami",
        upn="W318200012345",
        sen_provision=codes.SenProvision.EHC_PLAN,
        sen_primary_need=codes.SenNeed.SEMH,
    )
    school = SchoolFactory(name="Riverside Primary")
    enrolment = EnrolmentFactory(child=child, school=school)
    episode = CareEpisodeFactory(child=child, placement_postcode="TW1 3AB")
    allocation = AllocationFactory(child=child, worker=caseworker)
    note = CaseNoteFactory(child=child, author=caseworker, summary="Visited at school")
    placement = PlacementFactory(
        child=child,
        carer=CarerFactory(name="The Ahmeds", address="1 Secret Lane", postcode="TW2 9ZZ"),
    )
    return {
        "child": child,
        "school": school,
        "enrolment": enrolment,
        "episode": episode,
        "allocation": allocation,
        "note": note,
        "placement": placement,
    }


def child_record_urls(record) -> list[tuple[str, str]]:
    """Every URL of the children app that is about one child, with the kind of reach
    it needs: found by walking the URL conf, so a new page cannot be missed."""
    objects = {
        "enrolment": record["enrolment"],
        "episode": record["episode"],
        "allocation": record["allocation"],
        "note": record["note"],
        "placement": record["placement"],
    }
    urls = []
    resolver = get_resolver().namespace_dict["children"][1]
    for pattern in resolver.url_patterns:
        if not isinstance(pattern, URLPattern):
            continue
        route = str(pattern.pattern)
        if "pk>" not in route:
            continue
        if "child_pk" in route:
            kwargs = {"child_pk": record["child"].pk}
            if "<int:pk>" in route:
                kwargs["pk"] = objects[pattern.name.split("_")[0]].pk
        else:
            kwargs = {"pk": record["child"].pk}
        action = "view" if pattern.name in TABS else "change"
        urls.append((reverse(f"children:{pattern.name}", kwargs=kwargs), action))
    return urls


def test_the_url_walk_finds_every_child_record_page(record):
    urls = child_record_urls(record)
    assert len(urls) == 5 + 1 + 11  # tabs, edit details, nested forms


@pytest.mark.parametrize("tab", TABS)
def test_each_tab_shows_the_header_and_is_audited_once(login, head, record, tab):
    child = record["child"]
    response = login(head).get(reverse(f"children:{tab}", args=[child.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for fact in [
        "Amara Okafor",
        "Ami",
        "W318200012345",
        child.local_id,
        "Looked after",
        "EHC plan",
        'aria-current="page"',
    ]:
        assert fact in page
    events = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, child=child)
    assert events.count() == 1
    assert events.get().actor == head


def outsiders():
    return {
        "designated teacher of another school": lambda: DesignatedTeacherFactory().user,
        "social worker not allocated": lambda: UserFactory(role=Role.SOCIAL_WORKER),
        "caseworker not allocated": lambda: UserFactory(role=Role.CASEWORKER),
        "partner without a grant": lambda: UserFactory(role=Role.PARTNER),
    }


@pytest.mark.parametrize("who", list(outsiders()))
def test_every_child_record_url_is_404_outside_reach(login, record, who):
    client = login(outsiders()[who]())
    for url, _ in child_record_urls(record):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()


def test_a_partner_with_a_view_grant_reads_but_cannot_change(login, head, partner, record):
    grant_access(
        by=head,
        child=record["child"],
        user=partner,
        level="view",
        reason="Educational psychology assessment",
        expires_on=timezone.localdate() + timedelta(days=30),
    )
    client = login(partner)
    for url, action in child_record_urls(record):
        expected = 200 if action == "view" else 403
        assert client.get(url).status_code == expected, url
        if action == "change":
            assert client.post(url, {}).status_code == 403, url


def test_caseworkers_reading_the_whole_authority_cannot_change_others(login, settings, record):
    settings.CASEWORKERS_READ_WHOLE_AUTHORITY = True
    other = UserFactory(role=Role.CASEWORKER)
    client = login(other)
    assert client.get(reverse("children:overview", args=[record["child"].pk])).status_code == 200
    assert client.get(reverse("children:edit", args=[record["child"].pk])).status_code == 403
    page = client.get(reverse("children:education", args=[record["child"].pk])).content.decode()
    assert "Add an enrolment" not in page


def test_allocated_caseworker_and_designated_teacher_may_open_change_pages(
    login, caseworker, record
):
    designation = DesignatedTeacherFactory(school=record["school"])
    for user in (caseworker, designation.user):
        client = login(user)
        for url, _ in child_record_urls(record):
            if url.endswith(f"/notes/{record['note'].pk}/edit/") and user != caseworker:
                continue  # only the author or a manager edits a note
            if user != caseworker and any(
                part in url for part in ("/episodes/", "/placements/", "/allocations/")
            ):
                continue  # schools read social care records but do not change them
            assert client.get(url).status_code == 200, (user, url)


def test_designated_teacher_is_offered_edits_only_at_their_own_school(login, record):
    designation = DesignatedTeacherFactory(school=record["school"])
    today = timezone.localdate()
    elsewhere = EnrolmentFactory(
        child=record["child"],
        school=SchoolFactory(name="Hillside Primary"),
        started_on=today - timedelta(days=900),
        ended_on=today - timedelta(days=600),
    )
    client = login(designation.user)
    page = client.get(reverse("children:education", args=[record["child"].pk])).content.decode()
    own_edit = reverse("children:enrolment_edit", args=[record["child"].pk, record["enrolment"].pk])
    other_edit = reverse("children:enrolment_edit", args=[record["child"].pk, elsewhere.pk])
    assert own_edit in page
    assert "Hillside Primary" in page and other_edit not in page
    # Followed from elsewhere, the page refuses it, and so does the save.
    assert client.get(other_edit).status_code == 403
    response = client.post(
        other_edit,
        {
            "school": elsewhere.school.urn,
            "started_on": elsewhere.started_on.strftime("%d/%m/%Y"),
            "ended_on": (elsewhere.ended_on - timedelta(days=1)).strftime("%d/%m/%Y"),
            "registration": "single",
            "leaving_reason": "",
            "notes": "",
        },
    )
    assert response.status_code == 403
    elsewhere.refresh_from_db()
    assert elsewhere.ended_on == today - timedelta(days=600)


def test_overview_shows_key_facts(login, head, record):
    child = record["child"]
    today = timezone.localdate()
    # A move this year and one long ago.
    EnrolmentFactory(
        child=child, started_on=today - timedelta(days=800), ended_on=today - timedelta(days=500)
    )
    EnrolmentFactory(
        child=child, started_on=today - timedelta(days=499), ended_on=today - timedelta(days=201)
    )
    AllocationFactory(
        child=child,
        kind="social_worker",
        worker=UserFactory(role=Role.SOCIAL_WORKER, full_name="Sam Social"),
    )
    response = login(head).get(reverse("children:overview", args=[child.pk]))
    page = response.content.decode()
    for fact in [
        "Riverside Primary",
        "The Ahmeds",
        "Full care order",
        "Sam Social",
        "Cass Caseworker",
        "Visited at school",
    ]:
        assert fact in page
    moves = response.context["moves"]
    assert (moves.total, moves.last_12_months) == (2, 1)


def test_care_page_shows_codes_with_their_official_labels(login, head, record):
    page = login(head).get(reverse("children:care", args=[record["child"].pk])).content.decode()
    assert "C2</strong> Full care order" in page
    assert "U4</strong> Foster placement with other foster carer(s) – long term fostering" in page


def test_confidential_placement_hidden_from_designated_teacher_shown_to_caseworker(
    login, caseworker, record
):
    record["episode"].placement_address_confidential = True
    record["episode"].save()
    carer = record["placement"].carer
    carer.address_confidential = True
    carer.save()
    child = record["child"]
    teacher = DesignatedTeacherFactory(school=record["school"]).user
    for tab in ["care", "overview", "people"]:
        teacher_page = login(teacher).get(reverse(f"children:{tab}", args=[child.pk]))
        body = teacher_page.content.decode()
        assert "TW1 3AB" not in body and "TW2 9ZZ" not in body and "Secret Lane" not in body
    caseworker_page = login(caseworker).get(reverse("children:care", args=[child.pk]))
    body = caseworker_page.content.decode()
    assert "TW1 3AB" in body and "TW2 9ZZ" in body and "1 Secret Lane" in body


def test_a_confidential_carer_hides_the_episode_postcode_too(login, record):
    carer = record["placement"].carer
    carer.address_confidential = True
    carer.save()
    teacher = DesignatedTeacherFactory(school=record["school"]).user
    body = login(teacher).get(reverse("children:care", args=[record["child"].pk])).content.decode()
    assert "TW1 3AB" not in body
    assert "Confidential: not shown to you" in body


def test_sensitive_note_hidden_from_designated_teacher(login, caseworker, record):
    child = record["child"]
    secret = CaseNoteFactory(
        child=child, author=caseworker, summary="Disclosure made", is_sensitive=True
    )
    teacher = DesignatedTeacherFactory(school=record["school"]).user
    client = login(teacher)
    for tab in ["chronology", "overview"]:
        body = client.get(reverse(f"children:{tab}", args=[child.pk])).content.decode()
        assert "Disclosure made" not in body
        assert "Visited at school" in body
    assert client.get(reverse("children:note_edit", args=[child.pk, secret.pk])).status_code == 404
    body = login(caseworker).get(reverse("children:chronology", args=[child.pk])).content.decode()
    assert "Disclosure made" in body and "Sensitive" in body


def test_note_text_is_escaped(login, head, record):
    CaseNoteFactory(
        child=record["child"], summary="<b>bold</b>", body="<script>alert('x')</script>"
    )
    body = (
        login(head).get(reverse("children:chronology", args=[record["child"].pk])).content.decode()
    )
    assert "<script>alert" not in body
    assert "&lt;script&gt;" in body
    assert "&lt;b&gt;bold&lt;/b&gt;" in body


def test_chronology_is_newest_first_and_only_authors_or_managers_may_edit(
    login, caseworker, head, record
):
    child = record["child"]
    today = timezone.localdate()
    CaseNoteFactory(child=child, summary="Older", occurred_on=today - timedelta(days=30))
    CaseNoteFactory(
        child=child, summary="Newer", occurred_on=today - timedelta(days=1), kind="phone"
    )
    response = login(caseworker).get(reverse("children:chronology", args=[child.pk]))
    summaries = [note.summary for note in response.context["page"]]
    assert summaries.index("Newer") < summaries.index("Older")
    editable = {note.summary: note.editable for note in response.context["page"]}
    assert editable == {"Visited at school": True, "Newer": False, "Older": False}
    assert "Phone call: Newer" in response.content.decode()
    response = login(head).get(reverse("children:chronology", args=[child.pk]))
    assert all(note.editable for note in response.context["page"])


def test_people_page_lists_workers_teacher_and_carer(login, head, record):
    child = record["child"]
    DesignatedTeacherFactory(school=record["school"], user__full_name="Dee Teacher")
    AllocationFactory(
        child=child,
        worker=UserFactory(full_name="Former Worker"),
        started_on=timezone.localdate() - timedelta(days=900),
        ended_on=timezone.localdate() - timedelta(days=101),
    )
    response = login(head).get(reverse("children:people", args=[child.pk]))
    body = response.content.decode()
    for fact in [
        "Cass Caseworker",
        "Dee Teacher",
        "The Ahmeds",
        "Former Worker",
        "Past allocations",
    ]:
        assert fact in body
    assert [a.worker.full_name for a in response.context["past_allocations"]] == ["Former Worker"]


def _more_records(child, n):
    today = timezone.localdate()
    for i in range(n):
        EnrolmentFactory(
            child=child,
            started_on=today - timedelta(days=2000 - i * 100),
            ended_on=today - timedelta(days=1950 - i * 100),
        )
        CaseNoteFactory(child=child)
        PlacementFactory(
            child=child,
            started_on=timezone.localdate() - timedelta(days=3000 - i),
            ended_on=timezone.localdate() - timedelta(days=2900 - i),
        )
        AllocationFactory(
            child=child,
            started_on=timezone.localdate() - timedelta(days=3000 - i),
            ended_on=timezone.localdate() - timedelta(days=2900 - i),
        )


@pytest.mark.parametrize("extra", [0, 12])
@pytest.mark.parametrize("tab", TABS)
def test_record_pages_cost_a_fixed_number_of_queries(
    login, head, record, django_assert_max_num_queries, tab, extra
):
    _more_records(record["child"], extra)
    client = login(head)
    with django_assert_max_num_queries(15):
        response = client.get(reverse(f"children:{tab}", args=[record["child"].pk]))
    assert response.status_code == 200
