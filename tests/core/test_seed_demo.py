"""The demo authority: every role can sign in and finds something to work with, the
data is the same for the same seed, and the records obey the rules real data must."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from stdnum.gb import upn as stdnum_upn

from children import codes
from children.models import Allocation, CareEpisode, Child, Enrolment, RegistrationType
from children.peps import checks, snapshots
from children.peps.models import Pep, PepEvent, PepTarget, Status
from children.school_years import year_group_on
from children.tracking import codes as tracking_codes
from children.tracking.models import Assessment, AttendanceRecord, Celebration, Suspension
from children.validators import validate_upn
from interventions.models import PupilPremiumBudget, PupilPremiumRequest
from schools.models import DesignatedTeacher
from tests.factories import ChildFactory
from tests.totp import current_code
from vsh.accounts.models import User
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent
from vsh.core.demo import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET
from vsh.core.demo.terms import SchoolCalendar
from vsh.terms.dates import term_on

pytestmark = pytest.mark.django_db

CHILDREN = 30
TEMPORARY = {"T0", "T1", "T2", "T3", "T4"}


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", children=CHILDREN, stdout=out, **options)
    return out.getvalue()


def login(local_part: str) -> User:
    return User.objects.get(email=f"{local_part}@{DEMO_DOMAIN}")


def snapshot() -> list[tuple]:
    return list(
        Child.objects.order_by("local_id").values_list(
            "local_id", "first_name", "last_name", "date_of_birth", "upn", "cohort"
        )
    )


def tracking_snapshot() -> dict:
    return {
        "peps": list(
            Pep.objects.order_by("child__local_id", "term__starts_on", "version").values_list(
                "child__local_id", "term__starts_on", "version", "status", "kind", "due_on"
            )
        ),
        "attendance": AttendanceRecord.objects.aggregate(
            Sum("possible_sessions"), Sum("present"), Sum("unauthorised_absence")
        ),
        "assessments": sorted(
            Assessment.objects.values_list("child__local_id", "subject", "measure", "actual")
        ),
        "suspensions": sorted(
            Suspension.objects.values_list("child__local_id", "starts_on", "reason")
        ),
    }


def current(model_field: str = "") -> Q:
    """Current on the day, for an allocation or enrolment (prefix for a related one)."""
    today = timezone.localdate()
    return Q(**{f"{model_field}started_on__lte": today}) & (
        Q(**{f"{model_field}ended_on__isnull": True}) | Q(**{f"{model_field}ended_on__gte": today})
    )


def allocated_to(user, kind: str):
    allocations = Allocation.objects.filter(current(), worker=user, kind=kind)
    return Pep.objects.filter(child__in=allocations.values("child"))


def test_seeding_makes_every_role_and_prints_one_login_each():
    output = seed()

    assert Child.objects.count() == CHILDREN
    for role in Role:
        assert User.objects.filter(role=role, email__endswith=DEMO_DOMAIN).exists(), role
    assert DEMO_PASSWORD in output
    assert DEMO_TOTP_SECRET in output
    for local_part in ("head", "manager", "caseworker", "dt.riverside", "socialworker", "partner"):
        assert f"{local_part}@{DEMO_DOMAIN}" in output


def test_demo_designated_teacher_sees_at_least_five_looked_after_pupils():
    seed()
    pupils = Child.objects.visible_to(login("dt.riverside"))
    assert pupils.filter(cohort=codes.Cohort.LOOKED_AFTER).count() >= 5


def test_every_designated_teacher_with_a_current_designation_sees_pupils():
    seed()
    teachers = User.objects.filter(designations__in=DesignatedTeacher.objects.current()).distinct()
    assert teachers.count() >= 5
    for teacher in teachers:
        assert Child.objects.visible_to(teacher).exists(), teacher.email
    # One teacher moved school at the end of last term.
    assert DesignatedTeacher.objects.filter(ended_on__isnull=False).count() == 1


def test_demo_caseworker_and_social_worker_have_caseloads_and_partners_see_some():
    seed()
    assert Child.objects.visible_to(login("caseworker")).count() >= 10
    assert Child.objects.visible_to(login("socialworker")).count() >= 10
    for partner in User.objects.filter(role=Role.PARTNER):
        assert Child.objects.visible_to(partner).exists(), partner.email


def test_same_seed_gives_the_same_children_and_flush_seeds_again():
    seed(seed=11)
    first = snapshot()
    tracked = tracking_snapshot()
    events = AuditEvent.objects.count()

    output = seed(seed=11, flush=True)

    assert "Removed 30 children" in output
    assert snapshot() == first
    assert tracking_snapshot() == tracked
    assert Child.objects.count() == CHILDREN
    assert AuditEvent.objects.count() > events  # the trail is kept, and the reseed noted

    seed(seed=12, flush=True)
    assert [row[1:3] for row in snapshot()] != [row[1:3] for row in first]


def test_upns_are_valid_and_mostly_issued_in_the_authority():
    seed()
    upns = list(Child.objects.values_list("upn", flat=True))
    issued = [u for u in upns if not u.startswith("UN")]
    for upn in upns:
        validate_upn(upn)
    for upn in issued:
        assert stdnum_upn.is_valid(upn), upn
    assert len(issued) > CHILDREN * 0.7
    assert sum(u[1:4] == "318" for u in issued) > len(issued) / 2


def test_care_episodes_follow_the_ssda903_rules():
    seed(seed=5)
    episodes = list(CareEpisode.objects.order_by("child_id", "started_on"))
    assert episodes
    by_child: dict[int, list[CareEpisode]] = {}
    for episode in episodes:
        episode.full_clean()
        by_child.setdefault(episode.child_id, []).append(episode)
        assert (episode.ended_on is None) == (episode.reason_ceased == "")
        if episode.placement_provider == "PR0":
            assert episode.placement_type == "P1"
        if episode.placement_type in TEMPORARY:
            assert episode.placement_provider == "" and episode.placement_urn == ""
        elif episode.placement_type != "P1":
            assert episode.placement_provider and episode.placement_urn
    for child_episodes in by_child.values():
        assert child_episodes[0].reason_new_episode == "S"
        assert all(e.ended_on is not None for e in child_episodes[:-1])
        for before, after in zip(child_episodes, child_episodes[1:], strict=False):
            if before.reason_ceased == "X1":
                # The same period of care: one day ends it and starts the next.
                assert after.started_on == before.ended_on
                assert after.reason_new_episode in "LPTBU"
                assert after.category_of_need == before.category_of_need
                moved = after.reason_new_episode in "PTBU"
                temporary = {before.placement_type, after.placement_type} & TEMPORARY
                assert bool(before.reason_placement_change) == (moved and not temporary)
            else:
                assert after.started_on > before.ended_on
                assert after.reason_new_episode == "S"
                assert before.reason_placement_change == ""


def test_refuses_to_seed_over_existing_children_unless_told():
    ChildFactory()
    with pytest.raises(CommandError, match="--flush"):
        seed()
    output = seed(if_empty=True)
    assert "nothing seeded" in output
    assert Child.objects.count() == 1


def test_a_demo_login_signs_in_with_the_password_and_the_demo_code(client):
    seed()
    out = StringIO()
    call_command("demo_totp", f"dt.riverside@{DEMO_DOMAIN}", stdout=out, stderr=StringIO())
    assert out.getvalue().strip() in {current_code(DEMO_TOTP_SECRET, offset) for offset in (-1, 0)}

    response = client.post(
        reverse("account_login"),
        {"login": f"dt.riverside@{DEMO_DOMAIN}", "password": DEMO_PASSWORD},
    )
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(DEMO_TOTP_SECRET)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


# Tracking and PEPs -------------------------------------------------------------------


def test_demo_logins_each_have_peps_waiting_for_them():
    seed()
    today = timezone.localdate()
    term = term_on(today)

    teacher = login("dt.riverside")
    pupils_peps = Pep.objects.visible_to(teacher)
    this_term = set(pupils_peps.filter(term=term).values_list("status", flat=True))
    assert {Status.DRAFT, Status.RETURNED} <= this_term
    unfinished = [Status.DRAFT, Status.RETURNED, Status.SUBMITTED]
    assert pupils_peps.filter(status__in=unfinished, due_on__lt=today).exists()
    returned = pupils_peps.get(term=term, status=Status.RETURNED)
    reasons = returned.events.get(action=PepEvent.Action.RETURNED)
    assert reasons.comments and reasons.by.role == Role.CASEWORKER

    caseworker = login("caseworker")
    assert (
        allocated_to(caseworker, "caseworker").filter(term=term, status=Status.SUBMITTED).exists()
    )

    social_worker = login("socialworker")
    assert (
        allocated_to(social_worker, "social_worker")
        .filter(
            status__in=[Status.SUBMITTED, Status.APPROVED],
            social_worker_signed_off_at__isnull=True,
        )
        .exists()
    )


def test_every_looked_after_pupil_has_attendance_in_the_last_four_weeks():
    seed(seed=3)
    today = timezone.localdate()
    since = today - timedelta(days=28)
    weeks = SchoolCalendar(today).weeks(since, today - timedelta(days=1))
    if not [w for w in weeks if w.end < today]:
        return  # the school holidays: nothing to record
    on_roll = Enrolment.objects.filter(
        current(), started_on__lte=since, registration__in=["single", "dual_main"]
    ).exclude(school__establishment_type__icontains="nursery")
    looked_after = Child.objects.filter(
        cohort=codes.Cohort.LOOKED_AFTER,
        episodes__ended_on__isnull=True,
        pk__in=on_roll.values("child"),
    ).distinct()
    checked = 0
    for child in looked_after:
        if 0 <= year_group_on(child.date_of_birth, today) <= 13:
            assert child.attendance.filter(period_end__gte=since).exists(), child
            checked += 1
    assert checked >= 10


def test_attendance_records_add_up_and_assessments_fit_their_scales():
    seed(seed=4)
    records = list(AttendanceRecord.objects.all())
    assert len(records) > CHILDREN * 20
    for record in records:
        record.clean()  # present, approved activity and absences make possible sessions
        assert 0 < record.possible_sessions <= 10
        assert record.period_start.isocalendar()[:2] == record.period_end.isocalendar()[:2]
    # Dual registration with alternative provision counts as approved activity.
    dual = Enrolment.objects.filter(registration=RegistrationType.DUAL_MAIN).values("child")
    if dual.exists():
        assert AttendanceRecord.objects.filter(child__in=dual, approved_activity__gt=0).exists()

    assessments = list(Assessment.objects.all())
    assert {a.measure for a in assessments} >= {"termly_ta", "gcse"}
    for assessment in assessments:
        for field in ("actual", "predicted", "target"):
            value = getattr(assessment, field)
            assert tracking_codes.check_value(assessment.measure, value) is None, (
                assessment.measure,
                value,
            )
        assessment.clean()

    for suspension in Suspension.objects.all():
        assert suspension.reason in tracking_codes.ExclusionReason.values
        if suspension.category == tracking_codes.ExclusionCategory.PERMANENT:
            assert suspension.alternative_provision_from > suspension.starts_on
    assert Celebration.objects.exists()


def test_peps_are_in_every_state_with_a_history_that_fits():
    seed(seed=5)
    statuses = set(Pep.objects.values_list("status", flat=True))
    assert statuses >= {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.RETURNED,
        Status.APPROVED,
        Status.SUPERSEDED,
    }
    newer = Pep.objects.get(version=2)
    assert newer.previous_version.status == Status.SUPERSEDED
    assert newer.previous_version.term_id == newer.term_id

    actors = {
        PepEvent.Action.RETURNED: {Role.CASEWORKER},
        PepEvent.Action.APPROVED: {Role.CASEWORKER},
        PepEvent.Action.SIGNED_OFF: {Role.SOCIAL_WORKER},
        PepEvent.Action.SUBMITTED: {Role.DESIGNATED_TEACHER, Role.CASEWORKER},
    }
    for event in PepEvent.objects.select_related("by"):
        if event.action in actors:
            assert event.by.role in actors[event.action], event
    for pep in Pep.objects.exclude(status=Status.DRAFT).prefetch_related("targets", "events"):
        actions = [e.action for e in sorted(pep.events.all(), key=lambda e: e.at)]
        assert actions[0] in (PepEvent.Action.STARTED, PepEvent.Action.NEW_VERSION)
        assert PepEvent.Action.SUBMITTED in actions
        own = [t for t in pep.targets.all() if t.carried_from_id is None]
        carried = [t for t in pep.targets.all() if t.carried_from_id]
        assert 3 <= len(own) <= 5
        assert all(t.evaluation for t in carried)
        # Everything the school must complete before submitting is there.
        targets, attendees = list(pep.targets.all()), list(pep.attendees.all())
        assert checks.submission_problems(pep, targets=targets, attendees=attendees) == []
        if pep.status in (Status.APPROVED, Status.SUPERSEDED):
            assert pep.rating.allows_approval and actions.count(PepEvent.Action.APPROVED) == 1
            assert pep.approved_at <= timezone.now()
    assert PepTarget.objects.filter(carried_from__isnull=False).exists()

    for request in PupilPremiumRequest.objects.select_related("pep", "target"):
        assert Decimal("200") <= request.amount <= Decimal("1000")
        assert request.target is None or request.target.pep_id == request.pep_id
        if request.status in ("approved", "paid"):
            assert request.pep.status in (Status.APPROVED, Status.SUPERSEDED)
        else:
            assert request.pep.status not in (Status.APPROVED, Status.SUPERSEDED)

    budgets = {b.academic_year.start_year: b for b in PupilPremiumBudget.objects.all()}
    assert budgets[2024].rate_per_child == Decimal("2570")
    assert budgets[2025].rate_per_child == Decimal("2630")
    assert "planning figure" in budgets[2025].notes
    for budget in budgets.values():
        assert budget.total % budget.rate_per_child == 0


def test_pep_snapshots_match_the_tracking_records():
    seed(seed=6)
    peps = Pep.objects.exclude(attendance_snapshot={}).select_related("child", "term")
    assert peps.count() > CHILDREN
    for pep in peps.order_by("pk")[:40]:
        taken_on = date.fromisoformat(pep.attendance_snapshot["taken_on"])
        assert pep.attendance_snapshot == snapshots.attendance(pep.child, pep.term, taken_on)
        assert pep.attainment_snapshot == snapshots.attainment(pep.child, pep.term)
        assert pep.sdq_snapshot == snapshots.sdq(pep.child, taken_on)
