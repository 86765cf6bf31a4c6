"""Starting a PEP: its kind and due date, the school, the figures copied from
tracking, targets carried forward from the last approved PEP, and who may start one."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from children import codes
from children.models import SdqAssessment
from children.peps import services, snapshots
from children.peps.deadlines import TermDeadlines, care_period_start
from children.peps.models import Pep, PepEvent
from children.tracking.codes import absence_flag
from children.tracking.models import Assessment, AttendanceRecord
from tests.factories import CareEpisodeFactory, ChildFactory, EnrolmentFactory, SchoolFactory
from tests.peps.conftest import add_target, approved, complete
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


@pytest.mark.parametrize("absent, persistent", [(30, False), (31, True)])
def test_persistent_absence_is_worked_out_exactly_as_tracking_does(
    people, term, last_term, absent, persistent
):
    """30 of 301 sessions is 9.97%, shown as 10.0%: not persistent absence."""
    record = AttendanceRecord(
        child=people["child"],
        school=people["school"],
        period_start=last_term.starts_on + timedelta(days=7),
        period_end=last_term.starts_on + timedelta(days=11),
        possible_sessions=301,
        present=301 - absent,
        unauthorised_absence=absent,
    )
    figures = snapshots.attendance_figures([record], term, last_term, timezone.localdate())
    last = figures["periods"][1]
    assert last["label"] == f"Last term ({last_term})" and last["possible"] == 301
    assert last["persistent_absence"] is persistent
    assert (absence_flag(absent, 301) == "persistent") is persistent
    assert last["severe_absence"] is False


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


def _term_before(term):
    return (
        Pep._meta.get_field("term")
        .related_model.objects.filter(starts_on__lt=term.starts_on)
        .order_by("-starts_on")
        .first()
    )


def _approved_with(people, term, green, description):
    """A PEP for `term`, approved, whose own target is `description`."""
    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    add_target(pep, people["dt"], description=description)
    return approved(pep, people, green)


def _own_targets(pep):
    return sorted(pep.targets.filter(carried_from__isnull=True).values_list("pk", flat=True))


def test_a_new_version_in_progress_does_not_hide_its_approved_version(
    people, term, last_term, green
):
    _approved_with(people, _term_before(last_term), green, "Older target")
    first = _approved_with(people, last_term, green, "Last term's target")
    services.start_new_version(pep=first, by=people["dt"])  # still a draft

    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    carried = list(pep.targets.all())
    assert {t.carried_from.pep for t in carried} == {first}
    assert sorted(t.carried_from_id for t in carried) == _own_targets(first)
    assert "Last term's target" in {t.description for t in carried}
    assert "Older target" not in {t.description for t in carried}


def test_the_latest_approved_version_is_the_one_carried(people, term, last_term, green):
    first = _approved_with(people, last_term, green, "First wording")
    second = services.start_new_version(pep=first, by=people["dt"])
    changed = second.targets.get(description="First wording")
    services.update_target(target=changed, data={"description": "Second wording"}, by=people["dt"])
    services.submit_pep(pep=second, by=people["dt"])
    second = services.approve_pep(pep=second, by=people["caseworker"], rating=green)

    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    carried = list(pep.targets.all())
    assert {t.carried_from.pep for t in carried} == {second}
    assert "Second wording" in {t.description for t in carried}
    assert "First wording" not in {t.description for t in carried}


def _submitted_last_term(people, last_term, description="Last term's target"):
    old = services.start_pep(child=people["child"], term=last_term, by=people["dt"])
    add_target(old, people["dt"], description=description)
    complete(old, people["dt"])
    return services.submit_pep(pep=old, by=people["dt"])


def test_approving_last_terms_pep_late_carries_its_targets_into_this_terms(
    people, term, last_term, green
):
    old = _submitted_last_term(people, last_term)
    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    assert not pep.targets.exists()

    old = services.approve_pep(pep=old, by=people["caseworker"], rating=green)
    carried = list(pep.targets.order_by("position"))
    assert sorted(t.carried_from_id for t in carried) == _own_targets(old)
    assert all(t.evaluation == "" for t in carried)
    audited = AuditEvent.objects.filter(
        object_type="peps.PepTarget",
        object_id__in=[str(t.pk) for t in carried],
        action=AuditEvent.Action.CREATE,
    )
    assert audited.count() == len(carried)
    assert all(e.detail == f"Carried forward from {old}" for e in audited)

    # Once only: a new version of last term's PEP, approved again, adds nothing.
    again = services.start_new_version(pep=old, by=people["dt"])
    services.submit_pep(pep=again, by=people["dt"])
    services.approve_pep(pep=again, by=people["caseworker"], rating=green)
    assert pep.targets.count() == len(carried)


def test_a_late_approval_carries_also_into_a_returned_pep(people, term, last_term, green):
    old = _submitted_last_term(people, last_term)
    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    complete(pep, people["dt"])
    services.submit_pep(pep=pep, by=people["dt"])
    services.return_pep(pep=pep, by=people["caseworker"], reasons="More detail")
    services.approve_pep(pep=old, by=people["caseworker"], rating=green)
    assert pep.targets.filter(carried_from__pep=old).count() == len(_own_targets(old))


def test_a_late_approval_leaves_a_submitted_pep_alone(people, term, last_term, green):
    old = _submitted_last_term(people, last_term)
    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    complete(pep, people["dt"])
    services.submit_pep(pep=pep, by=people["dt"])
    services.approve_pep(pep=old, by=people["caseworker"], rating=green)
    assert not pep.targets.filter(carried_from__isnull=False).exists()


def test_a_late_approval_of_an_older_term_changes_nothing_after_a_later_approval(
    people, term, last_term, green
):
    older = _submitted_last_term(people, _term_before(last_term), "Older target")
    _approved_with(people, last_term, green, "Last term's target")
    pep = services.start_pep(child=people["child"], term=term, by=people["dt"])
    before = set(pep.targets.values_list("pk", flat=True))
    services.approve_pep(pep=older, by=people["caseworker"], rating=green)
    assert set(pep.targets.values_list("pk", flat=True)) == before


def test_the_child_with_no_school_gets_a_pep_without_one(term, people):
    child = ChildFactory()
    CareEpisodeFactory(child=child, started_on=date(2020, 1, 1))
    pep = services.start_pep(child=child, term=term, by=people["manager"])
    assert pep.school is None and pep.education_history == ""
