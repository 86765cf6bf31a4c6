"""The managers' GIAS upload page: a file with bad rows saves nothing until the
manager has read the report and chosen to import the good rows."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from schools.models import School
from schools.views import GIAS_SESSION_KEY
from tests.factories import UserFactory
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "gias_sample.csv"


def sample_with_bad_rows() -> bytes:
    lines = SAMPLE.read_bytes().split(b"\r\n")
    lines[1] = lines[1].replace(b"14-10-2025", b"2025-10-14")
    lines[3] = lines[3].replace(b"Thameside Nursery School", b"")
    return b"\r\n".join(lines)


def upload(client, content: bytes, name: str = "edubasealldata.csv"):
    return client.post(
        reverse("children:import_gias"), {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


@pytest.fixture
def manager_client(login, manager):
    return login(manager)


def test_a_clean_file_is_saved_straight_away(manager_client, manager):
    response = upload(manager_client, SAMPLE.read_bytes())

    assert response.status_code == 200
    page = response.content.decode()
    assert "10 schools added, 0 updated" in page
    assert response.context["confirm_form"] is None
    assert School.objects.count() == 10
    again = upload(manager_client, SAMPLE.read_bytes()).content.decode()
    assert "Every school was already up to date" in again
    event, repeat = AuditEvent.objects.filter(action="import").order_by("at", "id")
    assert repeat.changes["changed"] == 0
    assert event.actor == manager
    assert (event.changes["kind"], event.changes["outcome"]) == ("gias", "saved")
    assert GIAS_SESSION_KEY not in manager_client.session


def test_a_file_with_bad_rows_lists_them_and_saves_nothing(manager_client):
    response = upload(manager_client, sample_with_bad_rows())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing has been saved" in page
    assert [(e.row, e.column) for e in response.context["errors"]] == [
        (2, "LastChangedDate"),
        (4, "EstablishmentName"),
    ]
    assert "&#x27;2025-10-14&#x27; is not a date in the form dd-mm-yyyy." in page
    assert "Import the 8 rows without errors" in page
    assert School.objects.count() == 0
    assert AuditEvent.objects.get(action="import").changes["outcome"] == "refused"


def test_the_good_rows_are_imported_only_after_confirming(manager_client, manager):
    response = upload(manager_client, sample_with_bad_rows())
    token = response.context["confirm_form"].initial["token"]

    unconfirmed = manager_client.post(reverse("children:import_gias_confirm"), {"token": token})
    assert unconfirmed.status_code == 200
    assert "Confirm that the rows with errors will not be imported" in unconfirmed.content.decode()
    assert School.objects.count() == 0
    assert AuditEvent.objects.filter(action="import").count() == 1  # only the upload

    confirmed = manager_client.post(
        reverse("children:import_gias_confirm"), {"token": token, "confirm": "on"}
    )
    assert confirmed.status_code == 200
    page = confirmed.content.decode()
    assert "8 schools added, 0 updated" in page
    assert "were not imported" in page
    assert School.objects.count() == 8
    assert not School.objects.filter(urn__in=["102901", "102903"]).exists()
    event = AuditEvent.objects.get(action="import", changes__outcome="saved")
    assert event.actor == manager and event.changes["accept_valid_rows"] is True
    assert GIAS_SESSION_KEY not in manager_client.session

    again = manager_client.post(
        reverse("children:import_gias_confirm"), {"token": token, "confirm": "on"}
    )
    assert again.status_code == 302 and again.url == reverse("children:import_gias")


def test_a_file_with_only_bad_rows_offers_nothing_to_import(manager_client):
    response = upload(manager_client, b"URN,EstablishmentName\r\nX1,A school\r\n")
    assert response.context["confirm_form"] is None
    assert "Nothing has been saved" in response.content.decode()
    assert GIAS_SESSION_KEY not in manager_client.session


def test_a_new_upload_replaces_the_one_waiting_for_confirmation(manager_client):
    first = upload(manager_client, sample_with_bad_rows())
    token = first.context["confirm_form"].initial["token"]
    upload(manager_client, SAMPLE.read_bytes())

    stale = manager_client.post(
        reverse("children:import_gias_confirm"), {"token": token, "confirm": "on"}
    )
    assert stale.status_code == 302
    assert AuditEvent.objects.filter(action="import", changes__accept_valid_rows=True).count() == 0


def test_a_token_from_another_session_is_refused(manager_client):
    response = upload(manager_client, sample_with_bad_rows())
    token = response.context["confirm_form"].initial["token"]

    other = Client()
    other.force_login(UserFactory(role=Role.HEAD))
    refused = other.post(reverse("children:import_gias_confirm"), {"token": token, "confirm": "on"})
    assert refused.status_code == 302
    assert School.objects.count() == 0


def test_the_confirmation_page_cannot_be_opened_directly(manager_client):
    response = manager_client.get(reverse("children:import_gias_confirm"))
    assert response.status_code == 302 and response.url == reverse("children:import_gias")


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.SOCIAL_WORKER, Role.DESIGNATED_TEACHER, Role.PARTNER]
)
def test_only_managers_and_the_head_import_schools(login, role):
    client = login(UserFactory(role=role))
    assert client.get(reverse("children:import_gias")).status_code == 403
    assert upload(client, SAMPLE.read_bytes()).status_code == 403
    assert client.post(reverse("children:import_gias_confirm"), {}).status_code == 403
    assert School.objects.count() == 0


def test_the_head_sees_the_upload_page(login, head):
    response = login(head).get(reverse("children:import_gias"))
    assert response.status_code == 200
    assert "nothing is saved" in response.content.decode()


def test_the_form_needs_a_csv_file(manager_client):
    response = manager_client.post(reverse("children:import_gias"), {})
    assert response.context["form"].errors["file"] == ["Select the GIAS CSV file to upload"]
    response = upload(manager_client, b"PK\x03\x04", name="schools.xlsx")
    assert response.context["form"].errors["file"] == [
        "schools.xlsx is not a CSV file. Upload .csv files only."
    ]
