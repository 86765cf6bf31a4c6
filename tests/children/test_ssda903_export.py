"""Writing the SSDA903 return: which children and records belong in a year, and how."""

import csv
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from children.models import Allocation, AnnualHealthOutcome, CareReview, Child, MissingEpisode
from children.ssda903.exporter import build_return
from children.ssda903.importer import import_extract
from children.ssda903.parse import read_directory
from tests.factories import CareEpisodeFactory, ChildFactory
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "ssda903"


def test_the_imported_sample_comes_back_byte_for_byte(tmp_path):
    import_extract(read_directory(SAMPLES / "valid"))
    build_return(2026).write(tmp_path)
    for original in sorted((SAMPLES / "valid").glob("*.csv")):
        assert (tmp_path / original.name).read_text() == original.read_text(), original.name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (SAMPLES / "valid").glob("*.csv")
    )


def test_only_children_and_episodes_of_the_year_are_written():
    before = CareEpisodeFactory(
        child__local_id="1",
        started_on=date(2023, 1, 1),
        ended_on=date(2025, 3, 31),
        reason_ceased="E8",
    )
    after = CareEpisodeFactory(child__local_id="2", started_on=date(2026, 4, 1))
    during = CareEpisodeFactory(
        child__local_id="3",
        started_on=date(2025, 3, 1),
        ended_on=date(2025, 4, 1),
        reason_ceased="E13",
    )
    tables = build_return(2026).tables
    assert [r["CHILD"] for r in tables["Header"]] == ["3"]
    assert [(r["CHILD"], r["DECOM"], r["DEC"], r["REC"]) for r in tables["Episodes"]] == [
        ("3", "01/03/2025", "01/04/2025", "E13"),
    ]
    assert before.child.local_id not in {r["CHILD"] for r in tables["Episodes"]}
    assert after.child.local_id not in {r["CHILD"] for r in tables["Episodes"]}
    assert during.child.local_id == "3"


def test_what_ended_after_31_march_is_written_as_still_open():
    episode = CareEpisodeFactory(
        started_on=date(2025, 5, 1),
        ended_on=date(2026, 5, 1),
        reason_ceased="X1",
        reason_placement_change="CARPL",
    )
    child = episode.child
    Allocation.objects.create(
        child=child,
        kind="social_worker",
        worker_reference="SW1234",
        started_on=date(2025, 5, 1),
        ended_on=date(2026, 4, 20),
        change_reason="FCONTA",
    )
    MissingEpisode.objects.create(
        child=child, kind="M", started_on=date(2026, 3, 30), ended_on=date(2026, 4, 2)
    )
    CareReview.objects.create(child=child, held_on=date(2026, 4, 10), participation="PN1")
    CareReview.objects.create(child=child, held_on=date(2025, 6, 10), participation="PN1")

    tables = build_return(2026).tables

    assert [(r["DEC"], r["REC"], r["REASON_PLACE_CHANGE"]) for r in tables["Episodes"]] == [
        ("", "", "")
    ]
    assert [(r["SW_ID"], r["SW_DEC"]) for r in tables["SWEpisodes"]] == [("SW1234", "")]
    assert [(r["MIS_START"], r["MIS_END"]) for r in tables["Missing"]] == [("30/03/2026", "")]
    assert [r["REVIEW"] for r in tables["Reviews"]] == ["10/06/2025"]


def test_oc2_rows_are_for_children_looked_after_for_twelve_months():
    long_stay = CareEpisodeFactory(child__local_id="1", started_on=date(2023, 9, 1)).child
    CareEpisodeFactory(child__local_id="2", started_on=date(2025, 9, 1))  # entered in the year
    CareEpisodeFactory(
        child__local_id="3",
        started_on=date(2023, 9, 1),
        ended_on=date(2025, 12, 1),
        reason_ceased="E4A",
    )  # left care in the year
    CareEpisodeFactory(
        child__local_id="4", started_on=date(2023, 9, 1), legal_status="V3"
    )  # short breaks
    AnnualHealthOutcome.objects.create(
        child=long_stay, year_ending=date(2026, 3, 31), immunisations=True, teeth_check=False
    )

    rows = build_return(2026).tables["OC2"]

    assert [r["CHILD"] for r in rows] == ["1"]
    assert (rows[0]["IMMUNISATIONS"], rows[0]["TEETH_CHECK"], rows[0]["CONVICTED"]) == (
        "1",
        "0",
        "",
    )


def test_prev_perm_rows_are_for_children_who_started_to_be_looked_after_in_the_year():
    new = CareEpisodeFactory(child__local_id="1", started_on=date(2025, 9, 1)).child
    new.previous_permanence, new.previous_permanence_la = "P2", "318"
    new.previous_permanence_date = "ZZ/06/2019"
    new.save()
    CareEpisodeFactory(child__local_id="2", started_on=date(2025, 10, 1))  # nothing recorded yet
    CareEpisodeFactory(child__local_id="3", started_on=date(2023, 9, 1))

    rows = build_return(2026).tables["PrevPerm"]

    assert [(r["CHILD"], r["PREV_PERM"], r["LA_PERM"], r["DATE_PERM"]) for r in rows] == [
        ("1", "P2", "318", "ZZ/06/2019"),
        ("2", "", "", ""),
    ]


def test_a_mother_whose_child_was_born_after_31_march_was_not_yet_a_mother():
    child = CareEpisodeFactory(started_on=date(2024, 9, 1)).child
    child.is_mother, child.mothers_child_dob = True, date(2026, 5, 1)
    child.save()
    row = build_return(2026).tables["Header"][0]
    assert (row["MOTHER"], row["MC_DOB"]) == ("0", "")


def test_uasc_rows_carry_the_date_status_ends():
    child = CareEpisodeFactory(started_on=date(2025, 6, 1)).child
    Child.objects.filter(pk=child.pk).update(is_uasc=True, uasc_ceased_on=date(2027, 1, 2), sex="M")
    assert build_return(2026).tables["UASC"] == [
        {"CHILD": child.local_id, "SEX": "M", "DOB": "17/05/2014", "DUC": "02/01/2027"},
    ]


def test_tables_the_app_does_not_keep_are_header_only_and_dolo_joins_in_2026_27(tmp_path):
    result = build_return(2027)
    assert result.tables["AD1"] == [] and result.tables["DoLo"] == []
    result.write(tmp_path)
    assert (tmp_path / "dolo.csv").read_text() == "CHILD,DOB,DOLO_START,DOLO_END\n"
    assert "DoLo" not in build_return(2026).tables


def test_years_before_2024_25_are_refused():
    with pytest.raises(ValueError, match="2024/25 onwards"):
        build_return(2024)


def test_only_the_children_given_are_written():
    mine = CareEpisodeFactory(child__local_id="1", started_on=date(2025, 5, 1)).child
    CareEpisodeFactory(child__local_id="2", started_on=date(2025, 5, 1))
    tables = build_return(2026, children=Child.objects.filter(pk=mine.pk)).tables
    assert [r["CHILD"] for r in tables["Header"]] == ["1"]


def test_the_command_writes_the_files_and_audits_the_export(tmp_path):
    import_extract(read_directory(SAMPLES / "valid"))
    out = StringIO()
    call_command("export_903", str(tmp_path / "return"), "--year", "2026", stdout=out)
    with open(tmp_path / "return" / "episodes.csv", newline="") as f:
        assert len(list(csv.DictReader(f))) == 8
    assert "episodes.csv: 8 rows" in out.getvalue()
    event = AuditEvent.objects.get(action="export")
    assert event.changes["kind"] == "ssda903" and event.changes["counts"]["header.csv"] == 5
    assert event.actor_label == "manage.py export_903"


def test_the_command_refuses_an_early_year(tmp_path):
    with pytest.raises(CommandError):
        call_command("export_903", str(tmp_path), "--year", "2020", stdout=StringIO())


def test_a_child_without_episodes_is_not_in_the_return():
    ChildFactory()
    assert build_return(2026).tables["Header"] == []
