"""The data pages: SSDA903 upload with its error report and confirmation, the
SSDA903 export download, the GIAS upload, and the list of recent imports."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from children.models import CareEpisode, Child
from children.ssda903.importer import import_extract
from children.ssda903.parse import read_directory
from children.views_data import SESSION_KEY
from tests.factories import UserFactory
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLES = DATA / "ssda903"
PAGES = ["children:imports", "children:import_903", "children:export_903", "children:import_gias"]
POSTS = PAGES + ["children:import_903_confirm"]


def uploads(folder: Path) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(p.name, p.read_bytes(), "text/csv") for p in sorted(folder.glob("*.csv"))
    ]


@pytest.fixture
def manager_client(login, manager):
    return login(manager)


# Who may use the pages ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["head", "manager"])
def test_managers_and_the_head_see_every_page(login, role, request):
    client = login(request.getfixturevalue(role))
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.SOCIAL_WORKER, Role.DESIGNATED_TEACHER, Role.PARTNER]
)
def test_everyone_else_is_refused(login, role):
    client = login(UserFactory(role=role))
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 403, name
    for name in POSTS:
        assert client.post(reverse(name), {"year": "2026"}).status_code == 403, name
    assert Child.objects.count() == 0
    assert not AuditEvent.objects.filter(action__in=["import", "export"]).exists()


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(reverse("children:imports"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_data_landing_page_keeps_its_url_name():
    assert reverse("children:imports") == "/children/data/"


# The data page --------------------------------------------------------------------------


def test_recent_imports_and_exports_are_listed(
    manager_client, manager, django_assert_max_num_queries
):
    for _ in range(3):
        import_extract(read_directory(SAMPLES / "valid"), actor=manager, actor_label=manager.email)
    import_extract(read_directory(SAMPLES / "invalid"))
    AuditEvent.objects.create(action="export", detail="A PEP as PDF", changes={"kind": "pep"})

    with django_assert_max_num_queries(12):
        response = manager_client.get(reverse("children:imports"))

    events = list(response.context["events"])
    assert len(events) == 4
    assert events[0].changes["outcome"] == "refused"
    page = response.content.decode()
    assert "SSDA903 2025/26 import saved: 37 changed" in page
    assert "Not saved" in page
    assert "A PEP as PDF" not in page


# SSDA903 upload ---------------------------------------------------------------------


def test_a_clean_extract_is_saved_straight_away(manager_client, manager):
    response = manager_client.post(
        reverse("children:import_903"), {"files": uploads(SAMPLES / "valid")}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "SSDA903 extract imported" in page
    assert "37 added, 0 updated" in page
    # Files the app does not keep are still named, so nobody wonders where they went.
    assert "with column headings only: oc3.csv, ad1.csv, placed_adoption.csv." in page
    assert Child.objects.count() == 5 and CareEpisode.objects.count() == 8
    again = manager_client.post(
        reverse("children:import_903"), {"files": uploads(SAMPLES / "valid")}
    )
    assert "Everything was already up to date" in again.content.decode()
    first, again = AuditEvent.objects.filter(action="import").order_by("at", "id")
    assert first.actor == manager and first.changes["outcome"] == "saved"
    assert first.changes["changed"] == 37 and again.changes["changed"] == 0
    assert SESSION_KEY not in manager_client.session


def test_an_extract_with_mistakes_shows_them_and_saves_nothing(manager_client):
    response = manager_client.post(
        reverse("children:import_903"), {"files": uploads(SAMPLES / "invalid")}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing has been saved" in page
    rows = [(e.file, e.row, e.column) for e in response.context["errors"]]
    assert sorted(rows) == sorted(
        [
            ("header.csv", 3, "ETHNIC"),
            ("header.csv", 6, "DOB"),
            ("episodes.csv", 7, "PLACE"),
            ("reviews.csv", 3, "REVIEW_CODE"),
            ("oc2.csv", 3, "SDQ_SCORE"),
            ("missing.csv", 3, "MIS_END"),
        ]
    )
    assert "<caption" in page and "govuk-table" in page
    assert "&#x27;H5&#x27; is not a placement type in the 2025/26 return" in page
    assert "Import the 22 good rows" in page
    assert Child.objects.count() == 0


def test_the_good_rows_are_imported_only_after_confirming(manager_client):
    response = manager_client.post(
        reverse("children:import_903"), {"files": uploads(SAMPLES / "invalid")}
    )
    token = response.context["confirm_form"].initial["token"]

    unconfirmed = manager_client.post(reverse("children:import_903_confirm"), {"token": token})
    assert unconfirmed.status_code == 200
    assert "Confirm that the rows with errors will not be imported" in unconfirmed.content.decode()
    assert Child.objects.count() == 0

    confirmed = manager_client.post(
        reverse("children:import_903_confirm"), {"token": token, "confirm": "on"}
    )
    assert confirmed.status_code == 200
    assert "SSDA903 extract imported" in confirmed.content.decode()
    assert sorted(Child.objects.values_list("local_id", flat=True)) == [
        "100101",
        "100103",
        "100104",
    ]
    assert SESSION_KEY not in manager_client.session
    assert AuditEvent.objects.filter(action="import", changes__outcome="saved").count() == 1

    again = manager_client.post(
        reverse("children:import_903_confirm"), {"token": token, "confirm": "on"}
    )
    assert again.status_code == 302 and again.url == reverse("children:import_903")


def test_a_token_from_another_session_is_refused(manager_client):
    response = manager_client.post(
        reverse("children:import_903"), {"files": uploads(SAMPLES / "invalid")}
    )
    token = response.context["confirm_form"].initial["token"]

    other = Client()
    other.force_login(UserFactory(role=Role.HEAD))
    refused = other.post(reverse("children:import_903_confirm"), {"token": token, "confirm": "on"})
    assert refused.status_code == 302
    assert Child.objects.count() == 0


def test_the_confirmation_page_cannot_be_opened_directly(manager_client):
    response = manager_client.get(reverse("children:import_903_confirm"))
    assert response.status_code == 302 and response.url == reverse("children:import_903")


def test_only_csv_files_are_accepted(manager_client):
    response = manager_client.post(
        reverse("children:import_903"),
        {"files": [SimpleUploadedFile("header.xlsx", b"PK\x03\x04", "application/octet-stream")]},
    )
    assert response.context["form"].errors["files"] == [
        "header.xlsx is not a CSV file. Upload .csv files only."
    ]


def test_choosing_no_files_says_what_to_do(manager_client):
    response = manager_client.post(reverse("children:import_903"), {})
    assert response.context["form"].errors["files"] == ["Select the SSDA903 CSV files to upload"]


# SSDA903 export ------------------------------------------------------------------------


def test_the_export_downloads_a_zip_of_the_return(manager_client, manager):
    import_extract(read_directory(SAMPLES / "valid"))

    response = manager_client.post(reverse("children:export_903"), {"year": "2026"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="ssda903-2025-26.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(p.name for p in (SAMPLES / "valid").glob("*.csv"))
    assert archive.read("episodes.csv").decode() == (SAMPLES / "valid" / "episodes.csv").read_text()
    event = AuditEvent.objects.get(action="export")
    assert event.actor == manager and event.changes["kind"] == "ssda903"


def test_the_export_form_offers_collection_years(manager_client):
    response = manager_client.get(reverse("children:export_903"))
    page = response.content.decode()
    assert "2025/26 (1 April 2025 to 31 March 2026)" in page
    refused = manager_client.post(reverse("children:export_903"), {"year": "1999"})
    assert refused.status_code == 200 and "year" in refused.context["form"].errors


# GIAS upload ---------------------------------------------------------------------------


def test_the_gias_form_needs_a_file(manager_client):
    response = manager_client.post(reverse("children:import_gias"), {})
    assert response.context["form"].errors["file"] == ["Select the GIAS CSV file to upload"]


def test_a_problem_with_no_row_is_not_counted_in_rows(manager_client):
    episodes = [f for f in uploads(SAMPLES / "valid") if f.name == "episodes.csv"]
    page = manager_client.post(reverse("children:import_903"), {"files": episodes})
    text = " ".join(page.content.decode().split())
    assert "Nothing has been saved. 1 problem must be corrected first." in text
    assert "in 0 rows" not in text
    # Nothing was written, so the table does not offer added or changed counts.
    assert ">Added<" not in text and ">With errors<" in text
