"""What a curious or hostile user might try: guessed ids, tampered forms, scripts in
text and requests from another site."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from children.models import CaseNote
from tests.factories import AllocationFactory, ChildFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine_and_theirs(caseworker):
    mine, theirs = ChildFactory(), ChildFactory()
    AllocationFactory(child=mine, worker=caseworker)
    return mine, theirs


def test_guessed_ids_are_not_found(client, caseworker, mine_and_theirs):
    mine, theirs = mine_and_theirs
    client.force_login(caseworker)
    assert client.get(reverse("children:overview", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("children:overview", args=[999999])).status_code == 404
    # The same answer for "exists but not yours" and "does not exist": nothing leaks.
    exists = client.get(reverse("children:chronology", args=[theirs.pk]))
    missing = client.get(reverse("children:chronology", args=[999999]))
    assert exists.status_code == missing.status_code == 404
    assert theirs.first_name not in exists.content.decode()
    assert exists.templates[0].name == missing.templates[0].name == "404.html"


def test_another_childs_record_under_my_childs_url_is_not_found(
    client, caseworker, mine_and_theirs
):
    mine, theirs = mine_and_theirs
    their_enrolment = EnrolmentFactory(child=theirs)
    client.force_login(caseworker)
    url = reverse("children:enrolment_edit", kwargs={"child_pk": mine.pk, "pk": their_enrolment.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"ended_on": "01/01/2026"}).status_code == 404


def test_a_smuggled_child_field_is_ignored(client, caseworker, mine_and_theirs):
    mine, theirs = mine_and_theirs
    client.force_login(caseworker)
    client.post(
        reverse("children:note_create", kwargs={"child_pk": mine.pk}),
        {
            "child": theirs.pk,
            "child_id": theirs.pk,
            "author": 1,
            "kind": "phone",
            "occurred_on": timezone.localdate().strftime("%d/%m/%Y"),
            "summary": "Called the school",
        },
    )
    note = CaseNote.objects.get()
    assert note.child == mine
    assert note.author == caseworker
    assert not CaseNote.objects.filter(child=theirs).exists()


def test_script_in_a_case_note_is_shown_as_text(client, caseworker, mine_and_theirs):
    mine, _ = mine_and_theirs
    client.force_login(caseworker)
    client.post(
        reverse("children:note_create", kwargs={"child_pk": mine.pk}),
        {
            "kind": "note",
            "occurred_on": timezone.localdate().strftime("%d/%m/%Y"),
            "summary": "<script>alert('x')</script>",
            "body": "<img src=x onerror=alert(1)>",
        },
    )
    page = client.get(reverse("children:chronology", args=[mine.pk])).content.decode()
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;" in page
    assert "<img src=x" not in page


def test_cross_site_request_is_refused(caseworker, mine_and_theirs):
    mine, _ = mine_and_theirs
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(caseworker)
    response = browser.post(
        reverse("children:note_create", kwargs={"child_pk": mine.pk}),
        {
            "kind": "note",
            "occurred_on": timezone.localdate().strftime("%d/%m/%Y"),
            "summary": "forged",
        },
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert not CaseNote.objects.exists()
