"""Alerts: what raises them (once per cause), what resolves them, who sees them,
acknowledging them, and the daily email digest."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from children import services as child_services
from children.peps.models import Pep, Status
from children.tracking import alerts, tasks
from children.tracking.models import Alert, AlertAcknowledgement, AttendanceRecord, Suspension
from tests.factories import (
    AllocationFactory,
    CareEpisodeFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    SchoolFactory,
    UserFactory,
)
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent
from vsh.terms.models import Season, Term
from vsh.terms.services import ensure_academic_year

pytestmark = pytest.mark.django_db
Kind = Alert.Kind


def _today():
    return timezone.localdate()


def _attendance(child, school, *, start, present, possible=10, authorised=0):
    return AttendanceRecord.objects.create(
        child=child,
        school=school,
        period_start=start,
        period_end=start + timedelta(days=4),
        possible_sessions=possible,
        present=present,
        authorised_absence=authorised,
        unauthorised_absence=possible - present - authorised,
    )


def _suspension(child, school, *, category="SUSP", starts_on=None, sessions=6):
    return Suspension.objects.create(
        child=child,
        school=school,
        category=category,
        starts_on=starts_on or _today(),
        sessions=None if category == "PERM" else sessions,
        reason="PD",
    )


def _year_five_on(day: date) -> date:
    """A date of birth that puts a child in Year 5 in the school year of `day`."""
    start = day.year if day.month >= 9 else day.year - 1
    return date(start - 10, 1, 15)


def _looked_after(on: date | None = None, **kwargs):
    """A Year 5 child, in care since 2020."""
    child = ChildFactory(date_of_birth=_year_five_on(on or _today()), **kwargs)
    CareEpisodeFactory(child=child, started_on=date(2020, 1, 6))
    return child


# Attendance ------------------------------------------------------------------------


def test_low_attendance_raises_one_alert_per_record():
    child, school = ChildFactory(), SchoolFactory(name="Riverside Primary")
    low = _attendance(child, school, start=_today() - timedelta(days=10), present=8, authorised=1)
    fine = _attendance(child, school, start=_today() - timedelta(days=3), present=10)
    alerts.on_attendance_recorded(low)
    alerts.on_attendance_recorded(low)
    alerts.on_attendance_recorded(fine)

    alert = Alert.objects.get()
    assert (alert.kind, alert.key) == (Kind.LOW_ATTENDANCE, f"attendance:{low.pk}")
    assert alert.message.startswith("Attendance 80% at Riverside Primary from")
    assert alert.message.endswith("below the authority's 90%.")


def test_a_corrected_attendance_record_resolves_its_alert():
    child, school = ChildFactory(), SchoolFactory()
    record = _attendance(child, school, start=_today() - timedelta(days=10), present=7)
    alerts.on_attendance_recorded(record)
    record.present, record.unauthorised_absence = 10, 0
    record.save()
    alerts.on_attendance_recorded(record)
    assert Alert.objects.get().resolved_on == _today()


def test_attendance_from_long_ago_is_history_not_an_alert():
    child, school = ChildFactory(), SchoolFactory()
    alerts.on_attendance_recorded(
        _attendance(child, school, start=_today() - timedelta(days=200), present=5)
    )
    assert not Alert.objects.exists()


def test_the_daily_scan_raises_and_resolves_low_attendance_for_the_year():
    child, school = ChildFactory(), SchoolFactory()
    # Autumn 2025: 85% over the term, every record older than the alert window.
    for week, present in enumerate([8, 9, 8, 9]):
        _attendance(child, school, start=date(2025, 9, 8) + timedelta(weeks=week), present=present)
    assert alerts.scan(today=date(2026, 2, 2)) == 1
    alert = Alert.objects.get()
    assert (alert.key, alert.resolved_on) == ("attendance-year:2025", None)
    assert alert.message == "Attendance 85% so far in 2025/26, below the authority's 90%."
    assert alerts.scan(today=date(2026, 2, 2)) == 0  # raised once

    for week in range(4):
        _attendance(child, school, start=date(2025, 11, 3) + timedelta(weeks=week), present=10)
    alerts.scan(today=date(2026, 2, 2))
    alert.refresh_from_db()
    assert alert.resolved_on == date(2026, 2, 2)


# Suspensions and exclusions ------------------------------------------------------------


def test_suspension_and_permanent_exclusion_raise_their_own_kinds_once():
    child, school = ChildFactory(), SchoolFactory(name="Brookside School")
    suspension = _suspension(child, school, sessions=6)
    exclusion = _suspension(child, school, category="PERM", starts_on=_today() - timedelta(days=1))
    for _ in range(2):
        alerts.on_suspension_recorded(suspension)
        alerts.on_suspension_recorded(exclusion)

    raised = {a.kind: a for a in Alert.objects.all()}
    assert set(raised) == {Kind.SUSPENSION, Kind.EXCLUSION}
    assert raised[Kind.SUSPENSION].key == f"suspension:{suspension.pk}"
    assert "Suspended from Brookside School for 3 days" in raised[Kind.SUSPENSION].message
    assert raised[Kind.EXCLUSION].key == f"suspension:{exclusion.pk}"
    assert "Permanently excluded from Brookside School" in raised[Kind.EXCLUSION].message


def test_a_suspension_corrected_to_an_exclusion_swaps_the_alert():
    suspension = _suspension(ChildFactory(), SchoolFactory())
    alerts.on_suspension_recorded(suspension)
    suspension.category, suspension.sessions = "PERM", None
    suspension.save()
    alerts.on_suspension_recorded(suspension)
    open_kinds = set(Alert.objects.filter(resolved_on__isnull=True).values_list("kind", flat=True))
    assert open_kinds == {Kind.EXCLUSION}


# School places ---------------------------------------------------------------------------


def _enrol(user, child, school, started_on, ended_on=None):
    return child_services.create_enrolment(
        user=user,
        child=child,
        data={"school": school, "started_on": started_on, "ended_on": ended_on},
    )


def test_a_new_school_within_60_days_of_the_last_is_a_move(manager):
    child = _looked_after()
    old, new = SchoolFactory(name="Riverside Primary"), SchoolFactory(name="Heron Lake Primary")
    _enrol(manager, child, old, _today() - timedelta(days=300), _today() - timedelta(days=20))
    enrolment = _enrol(manager, child, new, _today() - timedelta(days=5))

    move = Alert.objects.get(kind=Kind.SCHOOL_MOVE)
    assert move.key == f"move:{enrolment.pk}"
    assert "Started at Heron Lake Primary" in move.message
    assert "after Riverside Primary" in move.message
    # Edited later: still one alert for the one move.
    child_services.update_enrolment(
        user=manager,
        enrolment=enrolment,
        data={"school": new, "started_on": enrolment.started_on, "ended_on": None},
    )
    assert Alert.objects.filter(kind=Kind.SCHOOL_MOVE).count() == 1


def test_no_move_after_a_long_gap_or_back_to_the_same_school(manager):
    child = _looked_after()
    first, second = SchoolFactory(), SchoolFactory()
    _enrol(manager, child, first, _today() - timedelta(days=400), _today() - timedelta(days=100))
    _enrol(manager, child, second, _today() - timedelta(days=10))
    other = _looked_after()
    _enrol(manager, other, first, _today() - timedelta(days=400), _today() - timedelta(days=30))
    _enrol(manager, other, first, _today() - timedelta(days=10))
    assert not Alert.objects.filter(kind=Kind.SCHOOL_MOVE).exists()


def test_leaving_a_school_without_a_new_place_raises_an_alert_resolved_by_a_new_place(manager):
    child = _looked_after()
    school = SchoolFactory()
    enrolment = _enrol(manager, child, school, _today() - timedelta(days=300))
    assert not Alert.objects.exists()

    left = _today() - timedelta(days=5)
    child_services.update_enrolment(
        user=manager,
        enrolment=enrolment,
        data={"school": school, "started_on": enrolment.started_on, "ended_on": left},
    )
    alert = Alert.objects.get(kind=Kind.NO_SCHOOL_PLACE)
    since = left + timedelta(days=1)
    assert alert.key == f"no-school:{since.isoformat()}"
    assert alert.message == f"No school place recorded since {since.day} {since:%B %Y}."
    assert alerts.scan() == 0  # the daily scan does not raise it again

    _enrol(manager, child, SchoolFactory(), _today())
    alert.refresh_from_db()
    assert alert.resolved_on == _today()


def test_no_place_alert_only_for_school_age_children_in_care():
    in_care = _looked_after()
    not_in_care = ChildFactory(date_of_birth=_year_five_on(_today()))
    toddler = ChildFactory(date_of_birth=_today() - timedelta(days=365 * 2))
    CareEpisodeFactory(child=toddler, started_on=_today() - timedelta(days=100))
    assert alerts.scan() == 1
    assert list(Alert.objects.values_list("child", "kind")) == [(in_care.pk, Kind.NO_SCHOOL_PLACE)]
    assert not_in_care.alerts.count() == toddler.alerts.count() == 0


def test_the_scan_resolves_a_no_place_alert_once_the_child_leaves_care():
    child = _looked_after()
    alerts.scan()
    child.episodes.update(ended_on=_today() - timedelta(days=1), reason_ceased="E11")
    alerts.scan()
    assert Alert.objects.get().resolved_on == _today()


# PEPs ----------------------------------------------------------------------------------


@pytest.fixture
def spring_2026(db):
    ensure_academic_year(2025)
    return Term.objects.get(academic_year__start_year=2025, season=Season.SPRING)


def test_a_pep_not_submitted_by_its_due_date_is_overdue_until_submitted(spring_2026, head):
    child = _looked_after(on=date(2026, 3, 16))
    EnrolmentFactory(child=child, started_on=date(2024, 9, 1))
    assert alerts.scan(today=date(2026, 2, 2)) == 0  # not due yet

    assert alerts.scan(today=date(2026, 3, 16)) == 1
    alert = Alert.objects.get(kind=Kind.PEP_OVERDUE)
    assert alert.key == f"pep:{spring_2026.pk}"
    assert alert.message.startswith("The Spring 2025/26 PEP was due on ")
    assert alerts.scan(today=date(2026, 3, 17)) == 0

    pep = Pep.objects.create(
        child=child,
        term=spring_2026,
        status=Status.SUBMITTED,
        due_on=date(2026, 3, 6),
        created_by=head,
    )
    alerts.on_pep_status_changed(pep)
    alert.refresh_from_db()
    assert alert.resolved_on is not None


def test_a_draft_pep_past_its_due_date_is_overdue_and_the_scan_resolves_it(spring_2026, head):
    child = _looked_after(on=date(2026, 3, 16))
    EnrolmentFactory(child=child, started_on=date(2024, 9, 1))
    pep = Pep.objects.create(
        child=child, term=spring_2026, due_on=date(2026, 3, 10), created_by=head
    )
    alerts.scan(today=date(2026, 3, 11))
    assert "was due on 10 March 2026" in Alert.objects.get(kind=Kind.PEP_OVERDUE).message
    pep.status = Status.APPROVED
    pep.save()
    alerts.scan(today=date(2026, 3, 12))
    assert Alert.objects.get(kind=Kind.PEP_OVERDUE).resolved_on == date(2026, 3, 12)


# Who sees what --------------------------------------------------------------------------


@pytest.fixture
def world(db):
    school, other_school = SchoolFactory(), SchoolFactory()
    child = ChildFactory(first_name="Amara", last_name="Okafor")
    EnrolmentFactory(child=child, school=school)
    users = {
        "head": UserFactory(role=Role.HEAD),
        "manager": UserFactory(role=Role.MANAGER),
        "caseworker": UserFactory(role=Role.CASEWORKER),
        "social_worker": UserFactory(role=Role.SOCIAL_WORKER),
        "designated_teacher": DesignatedTeacherFactory(school=school).user,
        "other_designated_teacher": DesignatedTeacherFactory(school=other_school).user,
        "other_caseworker": UserFactory(role=Role.CASEWORKER),
        "partner": UserFactory(role=Role.PARTNER),
    }
    AllocationFactory(child=child, kind="caseworker", worker=users["caseworker"])
    AllocationFactory(child=child, kind="social_worker", worker=users["social_worker"])
    raised = {
        kind: Alert.objects.create(
            child=child, kind=kind, key=f"test:{kind}", raised_on=_today(), message=f"{kind}"
        )
        for kind in Kind.values
    }
    return child, users, raised


SEES = {
    "head": set(Kind.values),
    "manager": set(Kind.values),
    "caseworker": set(Kind.values),
    "designated_teacher": {Kind.LOW_ATTENDANCE, Kind.SUSPENSION, Kind.EXCLUSION, Kind.PEP_OVERDUE},
    "social_worker": {
        Kind.SUSPENSION,
        Kind.EXCLUSION,
        Kind.NO_SCHOOL_PLACE,
        Kind.SCHOOL_MOVE,
        Kind.PEP_OVERDUE,
    },
    "other_designated_teacher": set(),
    "other_caseworker": set(),
    "partner": set(),
}


@pytest.mark.parametrize("role", sorted(SEES))
def test_each_role_sees_the_kinds_it_can_act_on_for_children_it_reaches(
    world, role, django_assert_max_num_queries
):
    _, users, _ = world
    with django_assert_max_num_queries(1):
        kinds = {a.kind for a in alerts.visible_alerts(users[role])}
    assert kinds == SEES[role]


def test_a_caseworker_who_may_read_the_whole_authority_gets_alerts_for_their_own_only(
    world, settings
):
    settings.CASEWORKERS_READ_WHOLE_AUTHORITY = True
    _, users, _ = world
    assert not alerts.visible_alerts(users["other_caseworker"]).exists()


def test_resolved_alerts_are_no_longer_waiting(world):
    _, users, raised = world
    Alert.objects.filter(pk=raised[Kind.SUSPENSION].pk).update(resolved_on=_today())
    assert Kind.SUSPENSION not in {a.kind for a in alerts.visible_alerts(users["head"])}


# Acknowledging ---------------------------------------------------------------------------


def test_acknowledging_is_per_person_and_audited(client, world):
    child, users, raised = world
    alert = raised[Kind.SUSPENSION]
    client.force_login(users["caseworker"])
    response = client.post(
        reverse("alerts:acknowledge_update", args=[alert.pk]), {"next": reverse("home")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert alert not in alerts.visible_alerts(users["caseworker"])
    assert alert in alerts.visible_alerts(users["head"])
    assert alert in alerts.visible_alerts(users["designated_teacher"])
    event = AuditEvent.objects.get(object_type="tracking.AlertAcknowledgement")
    assert (event.actor, event.child_id, event.action) == (users["caseworker"], child.pk, "create")

    # A second press changes nothing.
    client.post(reverse("alerts:acknowledge_update", args=[alert.pk]))
    assert AlertAcknowledgement.objects.count() == 1


@pytest.mark.parametrize("role", ["other_designated_teacher", "other_caseworker", "partner"])
def test_someone_outside_the_childs_reach_cannot_acknowledge(client, world, role):
    _, users, raised = world
    client.force_login(users[role])
    url = reverse("alerts:acknowledge_update", args=[raised[Kind.SUSPENSION].pk])
    assert client.post(url).status_code == 404
    assert not AlertAcknowledgement.objects.exists()


def test_a_kind_the_role_does_not_act_on_cannot_be_acknowledged(client, world):
    _, users, raised = world
    client.force_login(users["designated_teacher"])
    url = reverse("alerts:acknowledge_update", args=[raised[Kind.SCHOOL_MOVE].pk])
    assert client.post(url).status_code == 404


def test_acknowledging_needs_a_post(client, world):
    _, users, raised = world
    client.force_login(users["caseworker"])
    url = reverse("alerts:acknowledge_update", args=[raised[Kind.SUSPENSION].pk])
    assert client.get(url).status_code == 405


def test_acknowledging_does_not_follow_a_link_to_another_site(client, world):
    _, users, raised = world
    client.force_login(users["caseworker"])
    url = reverse("alerts:acknowledge_update", args=[raised[Kind.SUSPENSION].pk])
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("alerts:list")


# The alerts page --------------------------------------------------------------------------


def test_the_alerts_page_lists_a_persons_alerts_with_links_to_the_child(client, world):
    child, users, raised = world
    client.force_login(users["designated_teacher"])
    html = client.get(reverse("alerts:list")).content.decode()
    assert "4 alerts: not acknowledged by you" in html
    assert reverse("tracking:attendance", kwargs={"child_pk": child.pk}) in html
    assert reverse("peps:child", kwargs={"child_pk": child.pk}) in html
    assert "Amara Okafor" in html
    assert Kind.SCHOOL_MOVE.label not in html  # not a designated teacher's to act on


def test_the_alerts_page_filters_by_kind_and_acknowledgement(client, world):
    _, users, raised = world
    AlertAcknowledgement.objects.create(alert=raised[Kind.SUSPENSION], user=users["caseworker"])
    client.force_login(users["caseworker"])
    html = client.get(reverse("alerts:list"), {"kind": Kind.PEP_OVERDUE}).content.decode()
    assert "1 alert: not acknowledged by you" in html
    html = client.get(reverse("alerts:list"), {"status": "acknowledged"}).content.decode()
    assert "1 alert: acknowledged by you" in html and "Acknowledged " in html
    html = client.get(reverse("alerts:list"), {"status": "open"}).content.decode()
    assert "6 alerts: all open alerts" in html
    # A value that does not fit is ignored rather than an error.
    assert client.get(reverse("alerts:list"), {"kind": "nonsense"}).status_code == 200


def test_outsiders_see_no_alerts_on_the_page(client, world):
    _, users, _ = world
    client.force_login(users["other_designated_teacher"])
    html = client.get(reverse("alerts:list")).content.decode()
    assert "You have no alerts waiting" in html
    assert "Amara" not in html


@pytest.mark.parametrize("count", [3, 30])
def test_the_alerts_page_costs_the_same_whatever_the_number(
    client, head, count, django_assert_max_num_queries
):
    for n in range(count):
        child = ChildFactory()
        alert = Alert.objects.create(
            child=child, kind=Kind.SUSPENSION, key=f"k{n}", raised_on=_today(), message="m"
        )
        if n % 2:
            AlertAcknowledgement.objects.create(alert=alert, user=head)
    client.force_login(head)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("alerts:list"), {"status": "open"}).status_code == 200


def _low_then_fine_then_low(caseworker):
    """A low attendance alert that the caseworker acknowledges, that resolves when the
    record is corrected, and whose cause comes back when it is corrected again."""
    child, school = ChildFactory(), SchoolFactory()
    AllocationFactory(child=child, worker=caseworker)
    record = _attendance(child, school, start=_today() - timedelta(days=10), present=7)
    alerts.on_attendance_recorded(record)
    alert = Alert.objects.get()
    alerts.acknowledge(user=caseworker, alert=alert, note="Spoke to the school")
    assert alert not in alerts.visible_alerts(caseworker)
    # Raised three days ago: older than the last digest.
    Alert.objects.filter(pk=alert.pk).update(created_at=timezone.now() - timedelta(days=3))
    record.present, record.unauthorised_absence = 10, 0
    record.save()
    alerts.on_attendance_recorded(record)
    alert.refresh_from_db()
    assert alert.resolved_on == _today() and alert.reopened_at is None
    record.present, record.unauthorised_absence = 6, 4
    record.save()
    alerts.on_attendance_recorded(record)
    alert.refresh_from_db()
    return child, alert


def test_a_reopened_alert_waits_again_for_those_who_acknowledged_it(caseworker):
    child, alert = _low_then_fine_then_low(caseworker)
    assert alert.resolved_on is None and alert.reopened_at is not None
    assert alert.message.startswith("Attendance 60% at")
    assert alert in alerts.visible_alerts(caseworker)
    assert not AlertAcknowledgement.objects.exists()
    event = AuditEvent.objects.get(object_type="tracking.AlertAcknowledgement", action="delete")
    assert event.child_id == child.pk
    assert event.changes["user"]["old"] == str(caseworker)
    assert event.changes["note"]["old"] == "Spoke to the school"
    assert event.detail.startswith("Acknowledgement cleared: the alert was reopened")
    # Acknowledged again after reopening: hidden again, and reopening is not undone.
    alerts.acknowledge(user=caseworker, alert=alert)
    assert alert not in alerts.visible_alerts(caseworker)


def test_an_open_alert_whose_words_change_is_not_reopened(caseworker):
    child, school = ChildFactory(), SchoolFactory()
    AllocationFactory(child=child, worker=caseworker)
    record = _attendance(child, school, start=_today() - timedelta(days=10), present=7)
    alerts.on_attendance_recorded(record)
    alert = Alert.objects.get()
    alerts.acknowledge(user=caseworker, alert=alert)
    record.present, record.unauthorised_absence = 8, 2
    record.save()
    alerts.on_attendance_recorded(record)
    alert.refresh_from_db()
    assert alert.message.startswith("Attendance 80% at") and alert.reopened_at is None
    assert AlertAcknowledgement.objects.filter(alert=alert, user=caseworker).exists()


# The daily digest ------------------------------------------------------------------------


def test_the_digest_emails_each_person_their_new_alerts_once_a_day(world, settings):
    settings.SITE_URL = "https://vsh.example.gov.uk"
    child, users, _ = world
    Alert.objects.exclude(kind=Kind.SUSPENSION).delete()

    assert tasks.send_alert_digests() == 5
    everyone = ("head", "manager", "caseworker", "designated_teacher", "social_worker")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(users[r].email for r in everyone)
    message = next(m for m in mail.outbox if m.to == [users["caseworker"].email])
    assert message.subject == "Virtual School Hub: 1 new alert"
    assert "New suspension: 1" in message.body
    assert f"AO (local ID {child.local_id}): New suspension" in message.body
    assert "Amara" not in message.body and "Okafor" not in message.body
    assert f"https://vsh.example.gov.uk/children/{child.pk}/" in message.body
    assert "https://vsh.example.gov.uk/alerts/" in message.body
    assert "&#x27;" not in message.body  # plain text, not HTML-escaped

    assert tasks.send_alert_digests() == 0  # not twice the same day
    assert len(mail.outbox) == 5
    assert AuditEvent.objects.filter(action="export", object_type="accounts.User").count() == 5


def test_the_digest_counts_by_kind_and_lists_every_alert(world):
    child, users, _ = world
    tasks.send_alert_digests()
    body = next(m for m in mail.outbox if m.to == [users["designated_teacher"].email]).body
    assert "There are 4 new alerts" in body
    for kind in (Kind.LOW_ATTENDANCE, Kind.SUSPENSION, Kind.EXCLUSION, Kind.PEP_OVERDUE):
        assert f"{kind.label}: 1" in body
        assert f"AO (local ID {child.local_id}): {kind.label}" in body
    assert Kind.SCHOOL_MOVE.label not in body


def test_no_digest_for_people_with_nothing_new(world):
    _, users, raised = world
    AlertAcknowledgement.objects.bulk_create(
        AlertAcknowledgement(alert=alert, user=users["caseworker"]) for alert in raised.values()
    )
    Alert.objects.filter(kind__in=[Kind.SUSPENSION, Kind.EXCLUSION]).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    tasks.send_alert_digests()
    recipients = {m.to[0] for m in mail.outbox}
    assert users["caseworker"].email not in recipients  # acknowledged everything
    assert users["other_caseworker"].email not in recipients  # nothing in reach
    assert users["partner"].email not in recipients
    social_worker = next(m for m in mail.outbox if m.to == [users["social_worker"].email])
    assert "There are 3 new alerts" in social_worker.body  # older alerts left out


def test_the_daily_task_raises_alerts_and_then_sends_the_digests(caseworker):
    child = _looked_after(first_name="Tiana", last_name="Ellis")
    AllocationFactory(child=child, worker=caseworker)
    tasks.daily_alert_scan.delay()
    assert Alert.objects.get().kind == Kind.NO_SCHOOL_PLACE
    assert [m.to for m in mail.outbox] == [[caseworker.email]]
    body = mail.outbox[0].body
    assert f"TE (local ID {child.local_id}): No current school place" in body
    assert "Tiana" not in body and "Ellis" not in body  # emails never name the child


def test_a_run_of_low_weeks_raises_one_alert_not_one_a_week(db):
    from datetime import timedelta

    from django.utils import timezone

    from children.tracking.alerts import on_attendance_recorded
    from children.tracking.models import Alert, AttendanceRecord
    from tests.factories import EnrolmentFactory

    enrolment = EnrolmentFactory()
    today = timezone.localdate()
    for weeks_ago in (3, 2, 1):
        start = today - timedelta(days=7 * weeks_ago)
        record = AttendanceRecord.objects.create(
            child=enrolment.child,
            school=enrolment.school,
            period_start=start,
            period_end=start + timedelta(days=4),
            possible_sessions=10,
            present=6,
            unauthorised_absence=4,
        )
        on_attendance_recorded(record)
    assert Alert.objects.filter(child=enrolment.child, kind="low_attendance").count() == 1


def test_the_digest_sends_an_alert_reopened_in_the_last_day(caseworker):
    child, alert = _low_then_fine_then_low(caseworker)
    # Another alert, reopened two days ago: already sent then, not again.
    stale = Alert.objects.create(
        child=child,
        kind=Kind.SUSPENSION,
        key="suspension:old",
        raised_on=_today() - timedelta(days=5),
        message="Suspended last week",
    )
    Alert.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(days=5),
        reopened_at=timezone.now() - timedelta(days=2),
    )
    assert tasks.send_alert_digests() == 1
    [message] = mail.outbox
    assert message.to == [caseworker.email]
    assert message.subject == "Virtual School Hub: 1 new alert"
    assert f"{Kind.LOW_ATTENDANCE.label}: 1" in message.body
    assert Kind.SUSPENSION.label not in message.body
