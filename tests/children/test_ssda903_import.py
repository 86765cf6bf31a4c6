"""Importing SSDA903 extracts: what is saved, what is refused and why."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

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
from tests.factories import ChildFactory, UserFactory
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "ssda903"
VALID, INVALID = SAMPLES / "valid", SAMPLES / "invalid"
MODELS = (
    Child,
    CareEpisode,
    CareReview,
    MissingEpisode,
    SdqAssessment,
    AnnualHealthOutcome,
    Allocation,
)

# The six mistakes planted in invalid/ (see its README): file, row, column.
PLANTED = {
    ("header.csv", 6, "DOB"),
    ("header.csv", 3, "ETHNIC"),
    ("episodes.csv", 7, "PLACE"),
    ("reviews.csv", 3, "REVIEW_CODE"),
    ("missing.csv", 3, "MIS_END"),
    ("oc2.csv", 3, "SDQ_SCORE"),
}


def row_counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def sources(folder: Path, **replace: str) -> list[SourceFile]:
    """The sample's files, with some replaced by the given text."""
    files = {s.name: s for s in read_directory(folder)}
    for name, text in replace.items():
        files[f"{name}.csv"] = SourceFile(f"{name}.csv", text.encode())
    return list(files.values())


def test_the_valid_extract_loads_every_table():
    report = import_extract(read_directory(VALID))

    assert report.ok and report.saved
    assert report.year == 2026
    assert row_counts() == {
        "Child": 5,
        "CareEpisode": 8,
        "CareReview": 11,
        "MissingEpisode": 2,
        "SdqAssessment": 2,
        "AnnualHealthOutcome": 2,
        "Allocation": 6,
    }
    girl = Child.objects.get(local_id="100101")
    assert (girl.first_name, girl.last_name) == ("Child", "100101")
    assert (girl.sex, girl.date_of_birth, girl.ethnicity) == ("F", date(2011, 7, 14), "WBRI")
    assert (girl.upn, girl.is_mother, girl.mothers_child_dob) == ("T318200115001", False, None)
    assert Child.objects.get(local_id="100102").is_mother is None

    first, second = CareEpisode.objects.filter(child=girl).order_by("started_on")
    assert (first.started_on, first.ended_on, first.reason_ceased) == (
        date(2022, 9, 3),
        date(2025, 11, 10),
        "X1",
    )
    assert (first.reason_placement_change, first.placement_provider) == ("CARPL", "PR1")
    assert (first.home_postcode, first.placement_postcode, first.placement_urn) == (
        "TW9 2AA",
        "TW1 3AB",
        "SC000101",
    )
    assert second.ended_on is None and second.reason_ceased == ""


def test_uasc_oc2_previous_permanence_and_missing_land_on_the_right_records():
    import_extract(read_directory(VALID))

    uasc = Child.objects.get(local_id="100104")
    assert uasc.is_uasc and uasc.uasc_ceased_on == date(2027, 3, 5)
    assert uasc.upn == "UN2"
    assert (
        uasc.previous_permanence,
        uasc.previous_permanence_la,
        uasc.previous_permanence_date,
    ) == ("Z1", "", "")
    assert not Child.objects.get(local_id="100101").is_uasc

    sdq = SdqAssessment.objects.get(child__local_id="100103")
    assert (sdq.assessed_on, sdq.score, sdq.informant) == (date(2026, 3, 31), 22, "carer")
    outcome = AnnualHealthOutcome.objects.get(child__local_id="100103")
    assert outcome.year_ending == date(2026, 3, 31)
    assert (
        outcome.convicted,
        outcome.health_check,
        outcome.immunisations,
        outcome.teeth_check,
    ) == (False, None, True, False)

    missing = MissingEpisode.objects.filter(child__local_id="100103").order_by("started_on")
    assert [(m.kind, m.started_on, m.ended_on) for m in missing] == [
        ("M", date(2026, 1, 14), date(2026, 1, 15)),
        ("A", date(2026, 3, 3), date(2026, 3, 4)),
    ]
    review = CareReview.objects.get(child__local_id="100104", held_on=date(2026, 3, 26))
    assert review.participation == "PN2"


def test_social_worker_episodes_name_the_worker_who_has_that_id():
    worker = UserFactory(role=Role.SOCIAL_WORKER, social_worker_id="SW0733")
    import_extract(read_directory(VALID))

    allocations = Allocation.objects.filter(child__local_id="100101").order_by("started_on")
    assert [
        (a.kind, a.worker, a.worker_reference, a.started_on, a.ended_on, a.change_reason)
        for a in allocations
    ] == [
        ("social_worker", None, "SW0451", date(2022, 9, 5), date(2025, 6, 30), "FCONTA"),
        ("social_worker", worker, "SW0733", date(2025, 6, 30), None, "LEFTRL"),
    ]


def test_importing_the_same_extract_twice_changes_nothing():
    import_extract(read_directory(VALID))
    before = row_counts()

    report = import_extract(read_directory(VALID))

    assert report.saved and report.changed == 0
    assert report.summary_lines()[-1] == "0 changed (0 created, 0 updated, 37 unchanged)"
    assert row_counts() == before


def test_the_command_says_0_changed_the_second_time():
    call_command("import_903", str(VALID), stdout=StringIO())
    out = StringIO()
    call_command("import_903", str(VALID), stdout=out)
    assert "0 changed (0 created, 0 updated, 37 unchanged)" in out.getvalue()


def test_a_corrected_row_updates_the_record_it_matches():
    import_extract(read_directory(VALID))
    episodes = (
        (VALID / "episodes.csv")
        .read_text()
        .replace(
            "100104,10/06/2025,S,V2,N8,U6,PR4,,,,,TW3 1AD,SC000102",
            "100104,10/06/2025,S,V2,N8,U5,PR4,,,,,TW3 1AD,SC000102",
        )
    )
    report = import_extract(sources(VALID, episodes=episodes))
    assert report.counts["Episodes"].updated == 1 and report.changed == 1
    assert CareEpisode.objects.get(child__local_id="100104").placement_type == "U5"


def test_names_already_recorded_are_never_overwritten():
    ChildFactory(
        local_id="100101", first_name="Amira", last_name="Haddad", date_of_birth=date(2011, 7, 14)
    )
    report = import_extract(read_directory(VALID))
    child = Child.objects.get(local_id="100101")
    assert (child.first_name, child.last_name) == ("Amira", "Haddad")
    assert report.counts["Header"].created == 4 and report.counts["Header"].updated == 1


def test_the_invalid_extract_is_refused_naming_each_planted_mistake():
    report = import_extract(read_directory(INVALID))

    assert not report.saved
    assert {(e.file, e.row, e.column) for e in report.errors} == PLANTED
    assert row_counts() == dict.fromkeys(row_counts(), 0)
    messages = {e.column: str(e) for e in report.errors}
    assert messages["PLACE"] == (
        "episodes.csv row 7, PLACE: 'H5' is not a placement type in the 2025/26 return: "
        "H5 was semi-independent living accommodation (retired in 2025/26: use K3 or another code)."
    )
    assert "'2014-11-11' is not a date in the form dd/mm/yyyy" in messages["DOB"]
    assert "'MIXED' is not an ethnicity code" in messages["ETHNIC"]
    assert (
        "PN0 is only for a child under 4 on the review date, but this child was 14"
        in messages["REVIEW_CODE"]
    )
    assert "MIS_END 01/03/2026 is before MIS_START 03/03/2026" in messages["MIS_END"]
    assert "'47' is not an SDQ score: scores run from 0 to 40" in messages["SDQ_SCORE"]


def test_a_refused_import_leaves_existing_records_untouched():
    import_extract(read_directory(VALID))
    before = row_counts()
    import_extract(read_directory(INVALID))
    assert row_counts() == before
    assert Child.objects.get(local_id="100102").ethnicity == "MWBC"


def test_the_command_fails_and_lists_the_mistakes():
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing saved: 6 errors in 6 rows.*22 good rows"):
        call_command("import_903", str(INVALID), stdout=StringIO(), stderr=err)
    assert "episodes.csv row 7, PLACE:" in err.getvalue()
    assert Child.objects.count() == 0


def test_partial_saves_the_good_rows_and_holds_back_rows_of_bad_children():
    report = import_extract(read_directory(INVALID), partial=True)

    assert report.saved
    assert {(e.file, e.row, e.column) for e in report.errors} == PLANTED
    # 100102 (bad ethnicity) and 100105 (bad DOB) are not created, nor their other rows.
    assert sorted(Child.objects.values_list("local_id", flat=True)) == [
        "100101",
        "100103",
        "100104",
    ]
    assert report.good_rows == 22 and report.changed == 22
    assert report.held_back == 9
    assert CareEpisode.objects.count() == 4  # 100103's H5 episode is left out
    assert CareReview.objects.filter(child__local_id="100101").count() == 1
    assert MissingEpisode.objects.count() == 1
    assert SdqAssessment.objects.count() == 1 and AnnualHealthOutcome.objects.count() == 1
    assert Allocation.objects.count() == 4


def test_partial_from_the_command():
    out = StringIO()
    call_command("import_903", str(INVALID), "--partial", stdout=out, stderr=StringIO())
    assert "22 changed" in out.getvalue()
    assert Child.objects.count() == 3


def test_a_dry_run_counts_but_saves_nothing():
    report = import_extract(read_directory(VALID), dry_run=True)
    assert report.changed == 37 and not report.saved
    assert Child.objects.count() == 0


def test_each_import_is_audited_with_its_counts():
    import_extract(read_directory(VALID))
    import_extract(read_directory(INVALID))
    saved, refused = AuditEvent.objects.filter(action="import").order_by("id")
    assert saved.changes["kind"] == "ssda903" and saved.changes["outcome"] == "saved"
    assert saved.changes["counts"]["Episodes"]["created"] == 8
    assert saved.changes["changed"] == 37
    assert refused.changes["outcome"] == "refused" and refused.changes["errors"] == 6
    assert "2025/26" in saved.detail


def test_header_only_tables_are_accepted_and_others_may_be_missing():
    only = [
        s
        for s in read_directory(VALID)
        if s.name in {"header.csv", "ad1.csv", "oc3.csv", "placed_adoption.csv"}
    ]
    report = import_extract(only, year=2026)
    assert report.saved and Child.objects.count() == 5


def test_rows_in_tables_the_app_does_not_keep_are_noted():
    ad1 = (
        "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n"
        "100101,14/07/2011,,,,,,\n"
    )
    report = import_extract(sources(VALID, ad1=ad1))
    assert report.saved
    assert report.notes[0] == (
        "ad1.csv has 1 row. The app does not keep AD1 data, so it was not imported."
    )


def test_without_a_header_table_nothing_is_imported():
    report = import_extract([s for s in read_directory(VALID) if s.name != "header.csv"])
    assert not report.saved
    assert [(e.file, e.row) for e in report.errors] == [("header.csv", None)]
    assert "header table is missing" in report.errors[0].message


def test_other_tables_must_agree_with_the_header():
    reviews = (
        "CHILD,DOB,REVIEW,REVIEW_CODE\n"
        "100101,15/07/2011,20/05/2025,PN1\n"  # wrong DOB
        "999999,01/01/2015,20/05/2025,PN1\n"  # not in header
        "100101,14/07/2011,20/05/2025,PN1\n"
        "100101,14/07/2011,20/05/2025,PN2\n"  # same review twice
    )
    report = import_extract(sources(VALID, reviews=reviews))
    assert [(e.file, e.row, e.column) for e in report.errors] == [
        ("reviews.csv", 2, "DOB"),
        ("reviews.csv", 3, "CHILD"),
        ("reviews.csv", 5, "REVIEW"),
    ]
    assert "does not match the date of birth in header.csv (14/07/2011)" in report.errors[0].message
    assert "Child 999999 is not in header.csv" in report.errors[1].message
    assert "repeats row 4" in report.errors[2].message


@pytest.mark.parametrize(
    ("table", "text", "column", "words"),
    [
        (
            "header",
            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,F,01/01/2015,WBRI,A123456789012,0,\n",
            "UPN",
            "check letter",
        ),
        (
            "header",
            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,X,01/01/2015,WBRI,UN1,0,\n",
            "SEX",
            "not a sex code",
        ),
        (
            "header",
            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,F,01/01/2099,WBRI,UN1,0,\n",
            "DOB",
            "in the future",
        ),
        (
            "header",
            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,F,01/01/2010,WBRI,UN1,0,01/01/2025\n",
            "MC_DOB",
            "only when MOTHER is 1",
        ),
        (
            "header",
            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,F,,WBRI,UN1,0,\n",
            "DOB",
            "This is blank. Enter the date of birth.",
        ),
    ],
)
def test_header_checks(table, text, column, words):
    report = import_extract([SourceFile(f"{table}.csv", text.encode())], year=2026)
    assert [e.column for e in report.errors] == [column]
    assert words in report.errors[0].message


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (
            "100101,03/09/2022,S,C2,N1,U4,PR1,10/11/2025,,,TW9 2AA,TW1 3AB,SC000101",
            "REC",
            "Enter the reason the episode ceased",
        ),
        (
            "100101,03/09/2022,S,C2,N1,U4,PR1,,X1,,TW9 2AA,TW1 3AB,SC000101",
            "DEC",
            "Enter the date it ceased",
        ),
        (
            "100101,03/09/2022,S,C2,N1,U4,PR1,01/09/2022,X1,,TW9 2AA,TW1 3AB,SC000101",
            "DEC",
            "cannot end before it starts",
        ),
        (
            "100101,03/09/2022,S,C2,N1,,PR1,,,,TW9 2AA,TW1 3AB,SC000101",
            "PLACE",
            "This is blank. Enter the placement type.",
        ),
        (
            "100101,03/09/2022,S,W1,N1,U4,PR1,,,,TW9 2AA,TW1 3AB,SC000101",
            "LS",
            "not a legal status code",
        ),
    ],
)
def test_episode_checks(row, column, words):
    episodes = (
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
        + row
        + "\n"
    )
    report = import_extract(sources(VALID, episodes=episodes))
    assert [(e.file, e.row, e.column) for e in report.errors] == [("episodes.csv", 2, column)]
    assert words in report.errors[0].message


def test_codes_are_read_in_any_case():
    episodes = (VALID / "episodes.csv").read_text().replace(",S,C2,N1,U4,PR1,", ",s,c2,n1,u4,pr1,")
    report = import_extract(sources(VALID, episodes=episodes))
    assert report.ok
    assert (
        CareEpisode.objects.get(child__local_id="100101", started_on=date(2022, 9, 3)).legal_status
        == "C2"
    )


def test_an_under_four_must_be_recorded_as_pn0():
    reviews = "CHILD,DOB,REVIEW,REVIEW_CODE\n100102,02/02/2021,10/09/2024,PN1\n"
    report = import_extract(sources(VALID, reviews=reviews))
    assert [(e.row, e.column) for e in report.errors] == [(2, "REVIEW_CODE")]
    assert "under 4 is recorded as PN0" in report.errors[0].message


def test_previous_permanence_checks():
    prev_perm = (
        "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\n"
        "100102,02/02/2021,P2,318,ZZ/ZZ/2019\n"
        "100104,05/03/2009,Z1,318,\n"
    )
    report = import_extract(sources(VALID, prev_perm=prev_perm))
    assert [(e.row, e.column) for e in report.errors] == [(3, "LA_PERM")]
    assert "Z1" in report.errors[0].message


def test_social_worker_ids_must_look_like_ids():
    sw = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n100101,14/07/2011,0451,05/09/2022,,FCONTA\n"
    report = import_extract(sources(VALID, sw_episodes=sw))
    assert [(e.row, e.column) for e in report.errors] == [(2, "SW_ID")]


def test_a_hand_made_allocation_is_matched_rather_than_duplicated():
    worker = UserFactory(role=Role.SOCIAL_WORKER, social_worker_id="SW0812")
    child = ChildFactory(local_id="100103", date_of_birth=date(2010, 10, 22))
    Allocation.objects.create(
        child=child, kind="social_worker", worker=worker, started_on=date(2024, 2, 11)
    )
    import_extract(read_directory(VALID))
    allocation = Allocation.objects.get(child=child)
    assert (allocation.worker, allocation.worker_reference, allocation.change_reason) == (
        worker,
        "SW0812",
        "FCONTA",
    )


def test_a_child_missing_from_the_uasc_table_is_no_longer_uasc():
    import_extract(read_directory(VALID))
    report = import_extract(sources(VALID, uasc="CHILD,SEX,DOB,DUC\n"))
    assert report.counts["Header"].updated == 1
    assert not Child.objects.get(local_id="100104").is_uasc


def test_uasc_status_is_kept_when_the_uasc_table_is_absent_or_its_row_is_bad():
    import_extract(read_directory(VALID))
    without = [s for s in read_directory(VALID) if s.name != "uasc.csv"]
    assert import_extract(without).changed == 0

    report = import_extract(
        sources(VALID, uasc="CHILD,SEX,DOB,DUC\n100104,M,05/03/2009,2027-03-05\n"), partial=True
    )
    assert [(e.file, e.row, e.column) for e in report.errors] == [("uasc.csv", 2, "DUC")]
    child = Child.objects.get(local_id="100104")
    assert child.is_uasc and child.uasc_ceased_on == date(2027, 3, 5)


def test_a_retired_placement_type_in_last_years_return_is_explained():
    episodes = (INVALID / "episodes.csv").read_text().replace("28/07/2025", "28/07/2024")
    report = import_extract(sources(VALID, episodes=episodes), year=2025)
    assert [str(e) for e in report.errors if e.column == "PLACE"] == [
        "episodes.csv row 7, PLACE: 'H5' is a retired placement type, which cannot be recorded: "
        "H5 was semi-independent living accommodation (retired in 2025/26: use K3 or another code)."
    ]
