"""The SSDA903 import audits every record it writes on the child's history and obeys
the rules the app's own pages obey: one care episode at a time, one social worker at
a time. A row those rules (or the database) refuse is a row error, not a crash."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse

from children import services
from children.models import (
    Allocation,
    AnnualHealthOutcome,
    CareEpisode,
    CareReview,
    Child,
    MissingEpisode,
    SdqAssessment,
)
from children.ssda903.importer import import_extract
from children.ssda903.parse import SourceFile, read_directory
from tests.factories import UserFactory
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

VALID = Path(__file__).resolve().parents[1] / "data" / "ssda903" / "valid"
MODELS = (
    Child,
    CareEpisode,
    CareReview,
    MissingEpisode,
    SdqAssessment,
    AnnualHealthOutcome,
    Allocation,
)
SW_HEADER = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n"
# An open episode typed in the app for child 100103, before the extract's first one.
TYPED_EPISODE = {
    "started_on": date(2023, 1, 9),
    "reason_new_episode": "S",
    "legal_status": "C2",
    "category_of_need": "N1",
    "placement_type": "U4",
}


def sources(**replace: str) -> list[SourceFile]:
    files = {s.name: s for s in read_directory(VALID)}
    for name, text in replace.items():
        files[f"{name}.csv"] = SourceFile(f"{name}.csv", text.encode())
    return list(files.values())


def record_events():
    return AuditEvent.objects.filter(action__in=["create", "update"])


def row_counts():
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.fixture
def girl(head):
    """Child 100103 of the sample, already recorded in the app."""
    return services.create_child(
        user=head,
        data={
            "local_id": "100103",
            "first_name": "Amira",
            "last_name": "Haddad",
            "date_of_birth": date(2010, 10, 22),
            "sex": "F",
            "ethnicity": "BCRB",
        },
    )


# Audit --------------------------------------------------------------------------


def test_every_record_imported_is_audited_on_its_childs_history():
    import_extract(read_directory(VALID), actor_label="manage.py import_903")

    records = [obj for model in MODELS for obj in model.objects.all()]
    assert len(records) == 36
    created = {(e.object_type, e.object_id): e for e in AuditEvent.objects.filter(action="create")}
    assert set(created) == {(obj._meta.label, str(obj.pk)) for obj in records}
    for obj in records:
        event = created[(obj._meta.label, str(obj.pk))]
        child = obj if isinstance(obj, Child) else obj.child
        assert event.child_id == child.pk
        assert event.actor_label == "manage.py import_903"
        assert event.detail.startswith("SSDA903 2025/26 import, ")

    episode = CareEpisode.objects.get(child__local_id="100104")
    event = created[("children.CareEpisode", str(episode.pk))]
    assert event.detail == "SSDA903 2025/26 import, episodes.csv row 8"
    assert event.changes["placement_type"] == {"old": None, "new": "U6"}
    assert event.changes["started_on"] == {"old": None, "new": "2025-06-10"}


def test_importing_the_same_extract_again_writes_no_record_events():
    import_extract(read_directory(VALID))
    before = record_events().count()
    assert before == 36

    report = import_extract(read_directory(VALID))

    assert report.saved and report.changed == 0
    assert record_events().count() == before
    assert AuditEvent.objects.filter(action="import").count() == 2


def test_a_corrected_row_is_audited_as_one_update_with_what_changed():
    import_extract(read_directory(VALID))
    episodes = (
        (VALID / "episodes.csv").read_text().replace(",U6,PR4,,,,,TW3 1AD", ",U5,PR4,,,,,TW3 1AD")
    )
    before = set(record_events().values_list("pk", flat=True))

    report = import_extract(sources(episodes=episodes))

    assert report.changed == 1
    (event,) = record_events().exclude(pk__in=before)
    episode = CareEpisode.objects.get(child__local_id="100104")
    assert (event.action, event.object_id, event.child_id) == (
        "update",
        str(episode.pk),
        episode.child_id,
    )
    assert event.changes == {"placement_type": {"old": "U6", "new": "U5"}}


# One care episode at a time -----------------------------------------------------


def test_an_episode_overlapping_one_typed_in_the_app_is_refused_and_nothing_saved(head, girl):
    typed = services.create_care_episode(
        user=head,
        child=girl,
        data=TYPED_EPISODE,
    )
    counts, events = row_counts(), AuditEvent.objects.count()

    report = import_extract(read_directory(VALID))

    assert not report.saved
    assert {(e.file, e.row, e.column) for e in report.errors} == {
        ("episodes.csv", 6, "DECOM"),
        ("episodes.csv", 7, "DECOM"),
    }
    assert report.errors[0].message.startswith(
        "This episode overlaps the episode from 9 January 2023 to now."
    )
    assert row_counts() == counts
    assert CareEpisode.objects.get() == typed
    assert Child.objects.get().sex == "F" and Child.objects.get().upn == ""
    # Only the refused import itself is recorded.
    assert AuditEvent.objects.count() == events + 1
    refused = AuditEvent.objects.get(action="import")
    assert refused.changes["outcome"] == "refused" and refused.changes["errors"] == 2
    assert report.total("created") == 0 and report.good_rows == 37 - 2


def test_the_command_refuses_an_overlapping_episode_without_a_traceback(head, girl):
    services.create_care_episode(
        user=head,
        child=girl,
        data=TYPED_EPISODE,
    )
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing saved: 2 errors in 2 rows"):
        call_command("import_903", str(VALID), stdout=StringIO(), stderr=err)
    assert "episodes.csv row 6, DECOM: This episode overlaps" in err.getvalue()
    assert Child.objects.count() == 1


def test_partial_saves_everything_but_the_refused_rows(head, girl):
    services.create_care_episode(
        user=head,
        child=girl,
        data=TYPED_EPISODE,
    )
    report = import_extract(read_directory(VALID), partial=True)

    assert report.saved
    assert [(e.row, e.column) for e in report.errors] == [(6, "DECOM"), (7, "DECOM")]
    assert report.counts["Episodes"].bad == 2 and report.counts["Episodes"].created == 6
    assert CareEpisode.objects.filter(child=girl).count() == 1
    assert CareEpisode.objects.count() == 7
    assert Child.objects.count() == 5


def test_the_upload_page_reports_refused_rows_and_saves_the_rest_once_confirmed(
    login, manager, head, girl
):
    services.create_care_episode(user=head, child=girl, data=TYPED_EPISODE)
    client = login(manager)
    files = [
        SimpleUploadedFile(p.name, p.read_bytes(), "text/csv") for p in sorted(VALID.glob("*.csv"))
    ]

    response = client.post(reverse("children:import_903"), {"files": files})

    page = response.content.decode()
    assert "Nothing has been saved" in page and "Import the 35 good rows" in page
    assert [(e.file, e.row, e.column) for e in response.context["errors"]] == [
        ("episodes.csv", 6, "DECOM"),
        ("episodes.csv", 7, "DECOM"),
    ]
    assert Child.objects.count() == 1

    token = response.context["confirm_form"].initial["token"]
    confirmed = client.post(
        reverse("children:import_903_confirm"), {"token": token, "confirm": "on"}
    )
    assert "SSDA903 extract imported" in confirmed.content.decode()
    assert Child.objects.count() == 5 and CareEpisode.objects.count() == 7
    imported = AuditEvent.objects.filter(object_type="children.Child", detail__startswith="SSDA903")
    assert sorted(e.action for e in imported) == ["create"] * 4 + ["update"]  # 100103 updated
    assert {e.actor_id for e in imported} == {manager.pk}


def test_an_extract_that_ends_an_episode_and_starts_the_next_is_accepted():
    import_extract(read_directory(VALID))
    text = (VALID / "episodes.csv").read_text()
    # 100104's open episode ends and a new one starts the same day.
    episodes = text.replace(
        "100104,10/06/2025,S,V2,N8,U6,PR4,,,,,TW3 1AD,SC000102",
        "100104,10/06/2025,S,V2,N8,U6,PR4,02/02/2026,X1,CARPL,,TW3 1AD,SC000102\n"
        "100104,02/02/2026,P,V2,N8,U5,PR4,,,,,TW3 1AD,SC000102",
    )
    report = import_extract(sources(episodes=episodes))
    assert report.ok and report.saved
    assert report.counts["Episodes"].updated == 1 and report.counts["Episodes"].created == 1


def test_a_record_dated_before_birth_is_a_row_error():
    missing = "CHILD,DOB,MISSING,MIS_START,MIS_END\n100102,02/02/2021,M,01/01/2020,02/01/2020\n"
    report = import_extract(sources(missing=missing))
    assert not report.saved
    assert [(e.file, e.row, e.column) for e in report.errors] == [("missing.csv", 2, "MIS_START")]
    assert "on or after 2 February 2021" in report.errors[0].message
    assert Child.objects.count() == 0


def test_a_database_refusal_is_a_row_error_with_everything_rolled_back(monkeypatch):
    save = CareReview.save

    def refuse_one(self, *args, **kwargs):
        if self.held_on == date(2026, 3, 26):
            raise IntegrityError("UNIQUE constraint failed")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(CareReview, "save", refuse_one)
    report = import_extract(read_directory(VALID))

    assert not report.saved
    assert [(e.file, e.column) for e in report.errors] == [("reviews.csv", "")]
    assert "conflicts with what is already recorded" in report.errors[0].message
    assert row_counts() == dict.fromkeys(row_counts(), 0)
    assert not record_events().exists()


# One social worker at a time ----------------------------------------------------


@pytest.fixture
def sam(db):
    return UserFactory(role=Role.SOCIAL_WORKER, full_name="Sam Social", social_worker_id="SW0100")


def test_an_imported_social_worker_episode_ends_the_current_allocation(head, girl, sam):
    typed = services.start_allocation(
        user=head, child=girl, kind="social_worker", worker=sam, started_on=date(2023, 6, 1)
    )

    report = import_extract(read_directory(VALID), actor_label="manage.py import_903")

    assert report.ok and report.saved
    typed.refresh_from_db()
    assert typed.ended_on == date(2024, 2, 10)  # the day before SW0812's episode started
    current = Allocation.objects.filter(child=girl, kind="social_worker", ended_on__isnull=True)
    assert [(a.worker_reference, a.started_on) for a in current] == [("SW0812", date(2024, 2, 11))]
    event = AuditEvent.objects.get(
        action="update", object_type="children.Allocation", object_id=str(typed.pk)
    )
    assert event.changes == {"ended_on": {"old": None, "new": "2024-02-10"}}
    assert event.child == girl and event.actor_label == "manage.py import_903"
    assert "sw_episodes.csv row 5" in event.detail
    assert any("now ends on 10/02/2024" in note for note in report.notes)

    before = record_events().count()
    again = import_extract(read_directory(VALID))
    assert again.changed == 0 and record_events().count() == before
    typed.refresh_from_db()
    assert typed.ended_on == date(2024, 2, 10)


def test_an_episode_starting_before_the_current_allocation_is_refused(head, girl, sam):
    services.start_allocation(
        user=head, child=girl, kind="social_worker", worker=sam, started_on=date(2025, 1, 6)
    )
    report = import_extract(read_directory(VALID))

    assert not report.saved
    assert [(e.file, e.row, e.column) for e in report.errors] == [
        ("sw_episodes.csv", 5, "SW_DECOM")
    ]
    assert "Enter a start date after 6 January 2025" in report.errors[0].message
    assert Allocation.objects.get().ended_on is None


def test_a_past_episode_before_the_current_allocation_is_accepted(head, girl, sam):
    typed = services.start_allocation(
        user=head, child=girl, kind="social_worker", worker=sam, started_on=date(2025, 1, 6)
    )
    sw = (VALID / "sw_episodes.csv").read_text()
    sw = sw.replace(
        "100103,22/10/2010,SW0812,11/02/2024,,", "100103,22/10/2010,SW0812,11/02/2024,06/01/2025,"
    )

    report = import_extract(sources(sw_episodes=sw))

    assert report.ok and report.saved
    typed.refresh_from_db()
    assert typed.ended_on is None


def test_the_same_worker_already_allocated_is_refused(head, girl):
    worker = UserFactory(role=Role.SOCIAL_WORKER, social_worker_id="SW0812")
    services.start_allocation(
        user=head, child=girl, kind="social_worker", worker=worker, started_on=date(2024, 1, 8)
    )
    report = import_extract(read_directory(VALID))

    assert [(e.row, e.column) for e in report.errors] == [(5, "SW_ID")]
    assert "is already allocated to Amira Haddad" in report.errors[0].message


def test_an_account_of_another_role_is_refused_as_the_social_worker():
    UserFactory(role=Role.CASEWORKER, social_worker_id="SW0812")
    report = import_extract(read_directory(VALID))
    assert [(e.row, e.column) for e in report.errors] == [(5, "SW_ID")]
    assert "Choose a social worker" in report.errors[0].message
    assert Allocation.objects.count() == 0


def test_two_open_social_worker_episodes_in_the_extract_are_refused():
    sw = SW_HEADER + (
        "100101,14/07/2011,SW0451,05/09/2022,,FCONTA\n100101,14/07/2011,SW0733,30/06/2025,,LEFTRL\n"
    )
    report = import_extract(sources(sw_episodes=sw))

    assert not report.saved
    assert [(e.file, e.row, e.column) for e in report.errors] == [
        ("sw_episodes.csv", 3, "SW_DECOM")
    ]
    assert "the episode on row 2 (SW0451, from 05/09/2022) is still open" in (
        report.errors[0].message
    )
    assert Allocation.objects.count() == 0


def test_a_handover_on_the_same_day_is_kept_as_the_extract_gives_it():
    import_extract(read_directory(VALID))
    first, second = Allocation.objects.filter(child__local_id="100101").order_by("started_on")
    assert first.ended_on == second.started_on == date(2025, 6, 30)
