"""Starting a PEP: its kind and due date, the school, the figures copied from
tracking, targets carried forward from the last approved PEP, and who may start one."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from children import codes
from children.models import SdqAssessment
from children.peps import services
from children.peps.deadlines import TermDeadlines, care_period_start
from children.peps.models import Pep, PepEvent
from children.tracking.models import Assessment, AttendanceRecord
from tests.factories import CareEpisodeFactory, ChildFactory, EnrolmentFactory, SchoolFactory
from tests.peps.conftest import approved
from vsh.access.services import grant_access
from vsh.audit.models import AuditEvent
from vsh.core.models import AuthoritySettings
from vsh.terms.dates import add_working_days

pytestmark = pytest.mark.django_db


def test_a_review_pep_for_a_child_in_care_before_the_term(pep, term, people):
    assert pep.kind == "review"
    assert pep.due_on == TermDeadlines.load(term).review_due
    assert pep.school == people["school"]
    assert pep.status == "draft" and pep.version == 1
    assert pep.created_by == people["dt"]
    assert pep.events.get().action == PepEvent.Action.STARTED
    assert AuditEvent.objects.filter(
        object_type="peps.Pep", object_id=str(pep.pk), action="create"
    ).exists()


def test_an_initial_pep_when_the_child_came_into_care_this_term(people, term):
    child = people["child"]
    child.episodes.all().delete()
    entered = term.starts_on + timedelta(days=3)
    CareEpisodeFactory(child=child, started_on=entered)
    pep = services.start_pep(child=child, term=term, by=people["caseworker"])
    assert pep.kind == "initial"
    days = AuthoritySettings.load().initial_pep_working_days
    assert pep.due_on == add_working_days(entered, days)


def test_entered_care_is_the_start_of_the_unbroken_run_of_episodes():
    child = ChildFactory()
    CareEpisodeFactory(
        child=child, started_on=date(2019, 1, 1), ended_on=date(2019, 6, 1), reason_ceased="E11"
    )
    # Back in care a year later: a new period of care, in three episodes.
    CareEpisodeFactory(
        child=child, started_on=date(2020, 5, 4), ended_on=date(2021, 2, 1), reason_ceased="X1"
    )
    CareEpisodeFactory(
        child=child, started_on=date(2021, 2, 1), ended_on=date(2022, 3, 3), reason_ceased="X1"
    )
    CareEpisodeFactory(child=child, started_on=date(2022, 3, 3))
    assert care_period_start(child.episodes.all(), date(2024, 1, 1)) == date(2020, 5, 4)
    # On a day in the earlier period, that period.
    assert care_period_start(child.episodes.all(), date(2019, 3, 1)) == date(2019, 1, 1)


def test_no_period_of_care_when_no_episode_is_open():
    child = ChildFactory()
    CareEpisodeFactory(
        child=child, started_on=date(2019, 1, 1), ended_on=date(2019, 6, 1), reason_ceased="E11"
    )
    assert care_period_start(child.episodes.all(), date(2024, 1, 1)) is None


def test_the_school_is_the_main_enrolment_not_alternative_provision(people, term):
    child = people["child"]
    today = timezone.localdate()
    EnrolmentFactory(
        child=child,
        school=SchoolFactory(name="Pupil Referral Unit"),
        registration="dual_subsidiary",
        started_on=today - timedelta(days=10),
    )
    pep = services.start_pep(child=child, term=term, by=people["caseworker"])
    assert pep.school == people["school"]


def test_only_one_live_pep_per_child_per_term(pep, people, term):
    with pytest.raises(ValidationError) as caught:
        services.start_pep(child=people["child"], term=term, by=people["caseworker"])
    assert caught.value.messages == [
        f"Amara Okafor already has a PEP for the {term} term. Open it from the PEPs tab."
    ]
    assert Pep.objects.filter(child=people["child"]).count() == 1


def test_the_database_also_refuses_a_second_live_pep(pep, term, people):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Pep.objects.create(
            child=pep.child, term=term, version=2, due_on=pep.due_on, created_by=people["dt"]
        )


@pytest.mark.parametrize("who", ["dt", "caseworker", "manager", "head"])
def test_who_may_start_a_pep(people, term, who):
    assert services.start_pep(child=people["child"], term=term, by=people[who]).pk


@pytest.mark.parametrize("who", ["social_worker", "other_dt", "other_caseworker", "partner"])
def test_who_may_not_start_a_pep(people, term, who):
    with pytest.raises(ValidationError) as caught:
        services.start_pep(child=people["child"], term=term, by=people[who])
    assert (
        "Only the designated teacher of the child's school or the virtual school"
        in (caught.value.messages[0])
    )
    assert not Pep.objects.exists()


def test_a_partner_with_a_view_grant_may_not_start_a_pep(people, term):
    grant_access(
        by=people["manager"],
        child=people["child"],
        user=people["partner"],
        level="view",
        reason="Assessment",
        expires_on=timezone.localdate() + timedelta(days=10),
    )
    with pytest.raises(ValidationError):
        services.start_pep(child=people["child"], term=term, by=people["partner"])


# Figures copied from tracking -----------------------------------------------------


def _attendance(child, school, start, possible, present, authorised=0, unauthorised=0):
    return AttendanceRecord.objects.create(
        child=child,
        school=school,
        period_start=start,
        period_end=start + timedelta(days=4),
        possible_sessions=possible,
        present=present,
        authorised_absence=authorised,
        unauthorised_absence=unauthorised,
    )


def test_attendance_this_year_and_last_term(people, term, last_term):
    child, school = people["child"], people["school"]
    year = term.academic_year
    this_year = [
        d for d in (year.starts_on + timedelta(days=7), term.starts_on + timedelta(days=7))
    ]
    _attendance(child, school, this_year[0], 10, 10)
    if this_year[1] != this_year[0] and this_year[1] <= timezone.localdate():
        _attendance(child, school, this_year[1], 10, 8, authorised=1, unauthorised=1)
    _attendance(child, school, last_term.starts_on + timedelta(days=7), 20, 16, unauthorised=4)
    # Before last term: in neither period.
    _attendance(child, school, last_term.starts_on - timedelta(days=200), 10, 0, unauthorised=10)

    pep = services.start_pep(child=child, term=term, by=people["dt"])
    periods = {p["label"]: p for p in pep.attendance_snapshot["periods"]}
    year_figures = periods[f"This academic year ({year.name})"]
    last = periods[f"Last term ({last_term})"]
    expected_possible = sum(
        r.possible_sessions
        for r in AttendanceRecord.objects.filter(
            child=child, period_start__gte=year.starts_on, period_start__lte=timezone.localdate()
        )
    )
    assert year_figures["possible"] == expected_possible
    assert last == {
        **last,
        "possible": 20,
        "attended": 16,
        "rate": "80.0",
        "authorised": 0,
        "unauthorised": 4,
        "persistent_absence": True,
        "severe_absence": False,
    }
    assert pep.attendance_snapshot["taken_on"] == timezone.localdate().isoformat()


def test_attainment_is_the_latest_result_per_subject(people, term, last_term):
    child = people["child"]
    Assessment.objects.create(
        child=child, term=last_term, subject="reading", measure="termly_ta", actual="towards"
    )
    Assessment.objects.create(
        child=child,
        term=term,
        subject="reading",
        measure="termly_ta",
        actual="expected",
        target="expected",
    )
    Assessment.objects.create(
        child=child, term=last_term, subject="maths", measure="termly_ta", predicted="below"
    )
    pep = services.start_pep(child=child, term=term, by=people["dt"])
    rows = {row["subject"]: row for row in pep.attainment_snapshot}
    assert rows["Reading"]["actual"] == "expected" and rows["Reading"]["on_track"] is True
    assert rows["Reading"]["term"] == str(term)
    assert rows["Mathematics"]["predicted"] == "below"


def test_the_latest_sdq_score_and_band(people, term):
    child = people["child"]
    today = timezone.localdate()
    SdqAssessment.objects.create(child=child, assessed_on=today - timedelta(days=400), score=10)
    SdqAssessment.objects.create(child=child, assessed_on=today - timedelta(days=30), score=18)
    pep = services.start_pep(child=child, term=term, by=people["dt"])
    assert pep.sdq_snapshot["score"] == 18
    assert pep.sdq_snapshot["band"] == "High"


def test_an_sdq_not_completed_gives_the_reason(people, term):
    SdqAssessment.objects.create(
        child=people["child"],
        assessed_on=timezone.localdate() - timedelta(days=3),
        reason_not_completed=codes.SdqReason.SDQ2,
    )
    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    assert pep.sdq_snapshot["score"] is None
    assert pep.sdq_snapshot["reason_not_completed"].startswith("Carer(s) refused")


def test_education_history_lists_the_schools_attended(people, term):
    child = people["child"]
    current = child.enrolments.get()
    EnrolmentFactory(
        child=child,
        school=SchoolFactory(name="Meadow Infants", urn="100999"),
        started_on=date(2018, 9, 3),
        ended_on=current.started_on - timedelta(days=1),
        leaving_reason="placement_move",
    )
    pep = services.start_pep(child=child, term=term, by=people["dt"])
    lines = pep.education_history.splitlines()
    assert lines[0] == (
        "Meadow Infants (URN 100999), from 3 September 2018 to "
        f"{(current.started_on - timedelta(days=1)).day} "
        f"{current.started_on - timedelta(days=1):%B %Y}; "
        "left: moved because of a change of care placement"
    )
    assert lines[1].startswith(f"Riverside Primary (URN {people['school'].urn}), from ")


def test_the_figures_can_be_taken_again(pep, people, term):
    SdqAssessment.objects.create(child=people["child"], assessed_on=timezone.localdate(), score=12)
    assert pep.sdq_snapshot == {}
    pep = services.refresh_snapshots(pep=pep, by=people["dt"])
    assert pep.sdq_snapshot["score"] == 12


# Targets carried forward -----------------------------------------------------------


def test_targets_of_the_last_approved_pep_are_carried_forward(people, term, last_term, green):
    old = services.start_pep(child=people["child"], term=last_term, by=people["dt"])
    approved(old, people, green)
    set_last_term = old.targets.get()
    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    carried = pep.targets.get()
    assert carried.carried_from == set_last_term
    assert carried.description == set_last_term.description
    assert carried.evaluation == ""


def test_nothing_is_carried_from_a_pep_that_was_not_approved(people, term, last_term):
    old = services.start_pep(child=people["child"], term=last_term, by=people["dt"])
    from tests.peps.conftest import complete

    complete(old, people["dt"])
    services.submit_pep(pep=old, by=people["dt"])
    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    assert not pep.targets.exists()


def test_targets_evaluated_last_term_are_not_carried_again(people, term, last_term, green):
    before_last = services.start_pep(
        child=people["child"],
        term=Pep._meta.get_field("term")
        .related_model.objects.filter(starts_on__lt=last_term.starts_on)
        .order_by("-starts_on")
        .first(),
        by=people["dt"],
    )
    approved(before_last, people, green)
    old = services.start_pep(child=people["child"], term=last_term, by=people["dt"])
    assert old.targets.filter(carried_from__isnull=False).count() == 1
    approved(old, people, green)
    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    # Only the target set last term comes forward, not the one it evaluated.
    assert pep.targets.count() == 1
    assert pep.targets.get().carried_from.pep == old


def test_the_child_with_no_school_gets_a_pep_without_one(term, people):
    child = ChildFactory()
    CareEpisodeFactory(child=child, started_on=date(2020, 1, 1))
    pep = services.start_pep(child=child, term=term, by=people["manager"])
    assert pep.school is None and pep.education_history == ""
