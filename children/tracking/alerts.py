"""Raising alerts when something about a child needs someone to act.

Services call the `on_*` hooks inside their transaction; the daily task calls
`scan`. Each alert is raised once per cause (Alert.key), and who sees it follows
the access policy (see `visible_alerts`).

Records about the distant past (an imported year of attendance, last year's
suspensions) are history rather than news, so the hooks raise alerts only for
causes within the last `RECENT_DAYS`; the yearly attendance alert from the scan
covers low attendance over a longer run."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch, Q, Sum
from django.urls import reverse
from django.utils import timezone

from children.models import CareEpisode, Child, Enrolment, RegistrationType
from children.peps.deadlines import (
    SUBMITTED_OR_LATER,
    TermDeadlines,
    care_period_start,
    live_version,
    submitted,
)
from children.peps.models import Pep
from children.school_years import academic_year_start, year_group_on
from vsh.access import policy
from vsh.accounts.roles import Role
from vsh.audit.context import current_request
from vsh.audit.services import Action, diff, snapshot
from vsh.audit.services import record as audit
from vsh.core.models import AuthoritySettings
from vsh.terms.dates import terms_started_by
from vsh.terms.models import Term

from . import codes
from .models import Alert, AlertAcknowledgement, AttendanceRecord, Suspension, percentage

Kind = Alert.Kind

RECENT_DAYS = 60
# A new school within this many days of being on another school's roll is a move.
MOVE_WINDOW_DAYS = 60
# Reception to Year 11: the years a child must have a school place.
SCHOOL_AGE_YEARS = range(0, 12)

# What each role can act on. Managers and caseworkers act on everything; a
# designated teacher on what happens in school; a social worker on what changes
# the child's education or needs them at the table.
ROLE_KINDS = {
    Role.HEAD: frozenset(Kind),
    Role.MANAGER: frozenset(Kind),
    Role.CASEWORKER: frozenset(Kind),
    Role.DESIGNATED_TEACHER: frozenset(
        {Kind.LOW_ATTENDANCE, Kind.SUSPENSION, Kind.EXCLUSION, Kind.PEP_OVERDUE}
    ),
    Role.SOCIAL_WORKER: frozenset(
        {
            Kind.SUSPENSION,
            Kind.EXCLUSION,
            Kind.NO_SCHOOL_PLACE,
            Kind.SCHOOL_MOVE,
            Kind.PEP_OVERDUE,
        }
    ),
}

# GOV.UK tag colours, so the kinds stand apart in lists.
KIND_COLOURS = {
    Kind.LOW_ATTENDANCE: "orange",
    Kind.SUSPENSION: "red",
    Kind.EXCLUSION: "red",
    Kind.SCHOOL_MOVE: "blue",
    Kind.NO_SCHOOL_PLACE: "purple",
    Kind.PEP_OVERDUE: "yellow",
}

# Short names for tags in tables, where the kinds' full wording is too long.
KIND_TAGS = {
    Kind.LOW_ATTENDANCE: "Low attendance",
    Kind.SUSPENSION: "Suspension",
    Kind.EXCLUSION: "Permanent exclusion",
    Kind.SCHOOL_MOVE: "School move",
    Kind.NO_SCHOOL_PLACE: "No current school place",
    Kind.PEP_OVERDUE: "PEP overdue",
}


def decorate(alerts) -> list[Alert]:
    """Give each alert what a list shows: where its cause is, and its tag."""
    alerts = list(alerts)
    for alert in alerts:
        alert.url = alert_url(alert)
        alert.colour = KIND_COLOURS.get(alert.kind, "grey")
        alert.tag = KIND_TAGS.get(alert.kind, alert.get_kind_display())
    return alerts


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def percent_text(value) -> str:
    value = Decimal(str(value))
    return f"{value.normalize():f}%" if value == value.to_integral() else f"{value}%"


def _current(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": on}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": on})
    )


# Raising and resolving -----------------------------------------------------------


def _raise(child_id: int, kind: str, key: str, message: str, today: date) -> bool:
    """Raise the alert for a cause unless it is already open; True if it is new.
    A resolved alert whose cause has come back is reopened, not raised again."""
    alert, created = Alert.objects.get_or_create(
        child_id=child_id,
        kind=kind,
        key=key,
        defaults={"raised_on": today, "message": message[:300]},
    )
    if created:
        return True
    if alert.resolved_on is not None:
        _reopen(alert, message[:300])
    elif alert.message != message[:300]:
        alert.message = message[:300]
        alert.save(update_fields=["message"])
    return False


def _reopen(alert: Alert, message: str) -> None:
    """The cause is back: the alert waits again for everyone, including those who
    acknowledged it before, and goes out in the next digest."""
    with transaction.atomic():
        alert.resolved_on = None
        alert.message = message
        alert.reopened_at = timezone.now()
        alert.save(update_fields=["resolved_on", "message", "reopened_at"])
        acknowledgements = list(alert.acknowledgements.select_related("user"))
        if not acknowledgements:
            return
        # Reopened by someone's change (a correction, say) or by the daily scan.
        request = current_request()
        user = getattr(request, "user", None)
        label = "" if user is not None and user.is_authenticated else "Alert reopened"
        for acknowledgement in acknowledgements:
            audit(
                Action.DELETE,
                child=alert.child,
                obj=acknowledgement,
                changes={
                    name: {"old": value, "new": None}
                    for name, value in snapshot(acknowledgement).items()
                },
                detail=f"Acknowledgement cleared: the alert was reopened "
                f"({alert.get_kind_display()})",
                actor_label=label,
            )
        AlertAcknowledgement.objects.filter(pk__in=[a.pk for a in acknowledgements]).delete()


def _resolve(today: date, **lookup) -> int:
    return Alert.objects.filter(resolved_on__isnull=True, **lookup).update(resolved_on=today)


def _recent(day: date | None, today: date) -> bool:
    return day is not None and day >= today - timedelta(days=RECENT_DAYS)


# Attendance ----------------------------------------------------------------------


def _attendance_message(record: AttendanceRecord, threshold: Decimal) -> str:
    return (
        f"Attendance {percent_text(record.attendance_rate)} at {record.school} from "
        f"{_day(record.period_start)} to {_day(record.period_end)}, below the "
        f"authority's {percent_text(threshold)}."
    )


def on_attendance_recorded(record) -> None:
    """Attendance below the authority's threshold for the period."""
    today = timezone.localdate()
    threshold = Decimal(str(AuthoritySettings.load().attendance_alert_below))
    key = f"attendance:{record.pk}"
    rate = record.attendance_rate
    if rate is not None and rate < threshold:
        # One open alert per child for a run of low weeks: a new one only when the
        # last has been resolved or is four weeks old, so weekly data does not
        # bury the people who must act under one alert a week.
        already_open = Alert.objects.filter(
            child_id=record.child_id,
            kind=Kind.LOW_ATTENDANCE,
            key__startswith="attendance:",
            resolved_on__isnull=True,
            raised_on__gt=today - timedelta(days=28),
        ).exclude(key=key)
        if _recent(record.period_end, today) and not already_open.exists():
            _raise(
                record.child_id,
                Kind.LOW_ATTENDANCE,
                key,
                _attendance_message(record, threshold),
                today,
            )
    else:
        # Corrected to at or above the threshold: nothing left to act on.
        _resolve(today, child_id=record.child_id, kind=Kind.LOW_ATTENDANCE, key=key)


def _scan_attendance(today: date, threshold: Decimal) -> int:
    # Alerts already open with the same words need no write: most days, most of them.
    open_now = {
        (child_id, key): message
        for child_id, key, message in Alert.objects.filter(
            kind=Kind.LOW_ATTENDANCE, resolved_on__isnull=True
        ).values_list("child_id", "key", "message")
    }

    def keep(child_id, key, message) -> int:
        if open_now.get((child_id, key)) == message:
            return 0
        return _raise(child_id, Kind.LOW_ATTENDANCE, key, message, today)

    raised = 0
    # The latest period per child when it is low, and only where no alert for an earlier low
    # period is still open from the last four weeks: one alert per run of low weeks.
    already_alerted = set(
        Alert.objects.filter(
            kind=Kind.LOW_ATTENDANCE,
            key__startswith="attendance:",
            resolved_on__isnull=True,
            raised_on__gt=today - timedelta(days=28),
        ).values_list("child_id", "key")
    )
    alerted_children = {child_id for child_id, _ in already_alerted}
    recent = (
        AttendanceRecord.objects.filter(
            period_end__gte=today - timedelta(days=RECENT_DAYS), possible_sessions__gt=0
        )
        .select_related("school")
        .order_by("child_id", "-period_end")
    )
    seen = set()
    for record in recent:
        if record.child_id in seen:
            continue
        seen.add(record.child_id)
        if record.attendance_rate >= threshold:
            continue  # the latest period is fine: an earlier dip needs no new alert
        key = f"attendance:{record.pk}"
        if record.child_id in alerted_children and (record.child_id, key) not in already_alerted:
            continue
        raised += keep(record.child_id, key, _attendance_message(record, threshold))

    # This academic year so far, across every record and school.
    start_year = academic_year_start(today)
    key = f"attendance-year:{start_year}"
    totals = (
        AttendanceRecord.objects.filter(
            period_start__gte=date(start_year, 9, 1), period_start__lte=today
        )
        .values("child_id")
        .annotate(
            possible=Sum("possible_sessions"),
            present=Sum("present"),
            approved=Sum("approved_activity"),
        )
    )
    recovered = []
    for row in totals:
        rate = percentage(row["present"] + row["approved"], row["possible"])
        if rate is not None and rate < threshold:
            year = f"{start_year}/{(start_year + 1) % 100:02d}"
            message = (
                f"Attendance {percent_text(rate)} so far in {year}, "
                f"below the authority's {percent_text(threshold)}."
            )
            raised += keep(row["child_id"], key, message)
        elif (row["child_id"], key) in open_now:
            recovered.append(row["child_id"])
    _resolve(today, child_id__in=recovered, kind=Kind.LOW_ATTENDANCE, key=key)
    return raised


# Suspensions and permanent exclusions ------------------------------------------------


def _suspension_alert(suspension: Suspension) -> tuple[str, str]:
    reason = suspension.get_reason_display().lower()
    if suspension.category == codes.ExclusionCategory.PERMANENT:
        return Kind.EXCLUSION, (
            f"Permanently excluded from {suspension.school} from "
            f"{_day(suspension.starts_on)} for {reason}."
        )
    days = suspension.days
    length = f"{days:g} day{'s' if days != 1 else ''}" if days is not None else "a suspension"
    return Kind.SUSPENSION, (
        f"Suspended from {suspension.school} for {length} from "
        f"{_day(suspension.starts_on)} for {reason}."
    )


def on_suspension_recorded(suspension) -> None:
    """A new suspension or permanent exclusion."""
    today = timezone.localdate()
    kind, message = _suspension_alert(suspension)
    key = f"suspension:{suspension.pk}"
    # Recorded first as one category and corrected to the other.
    Alert.objects.filter(child_id=suspension.child_id, key=key).exclude(kind=kind).filter(
        resolved_on__isnull=True
    ).update(resolved_on=today)
    if _recent(suspension.starts_on, today):
        _raise(suspension.child_id, kind, key, message, today)


def _scan_suspensions(today: date) -> int:
    raised = 0
    for suspension in Suspension.objects.filter(
        starts_on__gte=today - timedelta(days=RECENT_DAYS)
    ).select_related("school"):
        kind, message = _suspension_alert(suspension)
        raised += _raise(suspension.child_id, kind, f"suspension:{suspension.pk}", message, today)
    return raised


# School places -------------------------------------------------------------------


def _moves(enrolments: list[Enrolment], today: date) -> list[tuple[Enrolment, Enrolment]]:
    """(new, previous) enrolments where a recent enrolment at a school followed one at
    another school within the move window. Subsidiary registrations (alternative
    provision alongside the main school) are not moves."""
    main = [e for e in enrolments if e.registration != RegistrationType.DUAL_SUBSIDIARY]
    found = []
    for new in main:
        if not _recent(new.started_on, today):
            continue
        window = new.started_on - timedelta(days=MOVE_WINDOW_DAYS)
        before = [
            e
            for e in main
            if e.school_id != new.school_id
            and e.started_on < new.started_on
            and (e.ended_on is None or e.ended_on >= window)
        ]
        if before:
            found.append((new, max(before, key=lambda e: e.started_on)))
    return found


def _reception_starts(date_of_birth: date, today: date) -> date:
    return date(academic_year_start(today) - year_group_on(date_of_birth, today), 9, 1)


def _check_school_place(child, enrolments, episodes, today: date, open_alert=True) -> int:
    """Raise or resolve the no-school-place alert; 1 if a new one was raised.
    `open_alert` False says the child has none open, which saves a write."""
    care_began = care_period_start(episodes, today)
    needs_place = (
        care_began is not None and year_group_on(child.date_of_birth, today) in SCHOOL_AGE_YEARS
    )
    if not needs_place or any(e.is_current_on(today) for e in enrolments):
        if open_alert:
            _resolve(today, child_id=child.pk, kind=Kind.NO_SCHOOL_PLACE)
        return 0
    left = [e.ended_on for e in enrolments if e.ended_on is not None and e.ended_on < today]
    starts = [care_began, _reception_starts(child.date_of_birth, today)]
    if left:
        starts.append(max(left) + timedelta(days=1))
    since = max(starts)
    key = f"no-school:{since.isoformat()}"
    if open_alert:
        # Dates corrected since: the gap is one cause, so one alert stays open.
        Alert.objects.filter(
            child_id=child.pk, kind=Kind.NO_SCHOOL_PLACE, resolved_on__isnull=True
        ).exclude(key=key).update(resolved_on=today)
    message = f"No school place recorded since {_day(since)}."
    return _raise(child.pk, Kind.NO_SCHOOL_PLACE, key, message, today)


def _check_enrolments(child, enrolments, episodes, today: date, open_alert=True) -> int:
    raised = 0
    for new, previous in _moves(enrolments, today):
        message = f"Started at {new.school} on {_day(new.started_on)}, after {previous.school}."
        raised += _raise(child.pk, Kind.SCHOOL_MOVE, f"move:{new.pk}", message, today)
    return raised + _check_school_place(child, enrolments, episodes, today, open_alert)


def on_enrolment_changed(child) -> None:
    """A school move, or the child left with no current school place."""
    today = timezone.localdate()
    enrolments = list(Enrolment.objects.filter(child=child).select_related("school"))
    episodes = list(CareEpisode.objects.filter(child=child))
    _check_enrolments(child, enrolments, episodes, today)


def _scan_school_places(today: date) -> int:
    """Moves recorded recently, and children looked after now without a place (or
    with a no-place alert still open)."""
    concerned = (
        Child.objects.filter(episodes__ended_on__isnull=True, episodes__started_on__lte=today)
        | Child.objects.filter(alerts__kind=Kind.NO_SCHOOL_PLACE, alerts__resolved_on__isnull=True)
        | Child.objects.filter(enrolments__started_on__gte=today - timedelta(days=RECENT_DAYS))
    )
    open_alerts = Alert.objects.filter(kind=Kind.NO_SCHOOL_PLACE, resolved_on__isnull=True)
    children = Child.objects.filter(pk__in=concerned.values("pk")).prefetch_related(
        "episodes",
        "enrolments__school",
        Prefetch("alerts", queryset=open_alerts, to_attr="open_no_school"),
    )
    return sum(
        _check_enrolments(
            child,
            list(child.enrolments.all()),
            list(child.episodes.all()),
            today,
            open_alert=bool(child.open_no_school),
        )
        for child in children
    )


# PEPs ----------------------------------------------------------------------------


def term_for(today: date) -> Term | None:
    """The term in progress, or in a holiday the term just finished."""
    return next(iter(terms_started_by(today, 1)), None)


def _scan_peps(today: date) -> int:
    # PEPs submitted since an alert was raised: resolved whatever term they were for.
    waiting = list(Alert.objects.filter(kind=Kind.PEP_OVERDUE, resolved_on__isnull=True))
    if waiting:
        finished = {
            (child_id, f"pep:{term_id}")
            for child_id, term_id in Pep.objects.filter(
                child__in={a.child_id for a in waiting}, status__in=SUBMITTED_OR_LATER
            ).values_list("child_id", "term_id")
        }
        _resolve(today, pk__in=[a.pk for a in waiting if (a.child_id, a.key) in finished])

    term = term_for(today)
    if term is None:
        return 0
    rules = TermDeadlines.load(term, today)
    versions = defaultdict(list)
    for pep in Pep.objects.filter(term=term).order_by("version"):
        versions[pep.child_id].append(pep)
    needing = rules.needing_pep(Child.objects.all())
    key, raised = f"pep:{term.pk}", 0
    for child in needing.prefetch_related("episodes"):
        peps = versions[child.pk]
        if submitted(peps):
            continue
        _, due = rules.due_for(list(child.episodes.all()), live_version(peps))
        if rules.overdue(due):
            message = f"The {term} PEP was due on {_day(due)} and has not been submitted."
            raised += _raise(child.pk, Kind.PEP_OVERDUE, key, message, today)
    # Children no longer needing a PEP (out of care, or past Year 13) have none overdue.
    Alert.objects.filter(kind=Kind.PEP_OVERDUE, resolved_on__isnull=True).exclude(
        child__in=needing.values("pk")
    ).update(resolved_on=today)
    return raised


def on_pep_status_changed(pep) -> None:
    """A PEP submitted (or further on) resolves its overdue alert at once."""
    if pep.status in SUBMITTED_OR_LATER:
        _resolve(
            timezone.localdate(),
            child_id=pep.child_id,
            kind=Kind.PEP_OVERDUE,
            key=f"pep:{pep.term_id}",
        )


def scan(today=None) -> int:
    """The daily sweep: PEPs overdue, children without a school place, low attendance."""
    today = today or timezone.localdate()
    threshold = Decimal(str(AuthoritySettings.load().attendance_alert_below))
    with transaction.atomic():
        raised = _scan_attendance(today, threshold)
        raised += _scan_suspensions(today)
        raised += _scan_school_places(today)
        raised += _scan_peps(today)
    return raised


# Who sees an alert -----------------------------------------------------------------


def kinds_for(user) -> frozenset:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Kind)
    return ROLE_KINDS.get(user.role, frozenset())


def alerts_for(user):
    """Every alert `user` may see and act on, resolved and acknowledged included:
    the children they reach, narrowed to the kinds their role acts on, and for
    school staff and social workers to the children they work with now (a
    designated teacher at the child's current school, the allocated social worker),
    not those reached through a temporary grant."""
    kinds = kinds_for(user)
    if not kinds:
        return Alert.objects.none()
    # A caseworker acts on their own caseload even where they may read more.
    action = "change" if user.role == Role.CASEWORKER and not user.is_superuser else "view"
    alerts = Alert.objects.visible_to(user, action).filter(kind__in=kinds)
    if user.is_superuser:
        return alerts
    related = policy.related_children(user)
    if related is not None and user.role in (Role.DESIGNATED_TEACHER, Role.SOCIAL_WORKER):
        alerts = alerts.filter(child__in=related)
    return alerts


def visible_alerts(user):
    """The alerts waiting for `user`: unresolved and not yet acknowledged by them,
    newest first, with the child. One query, whatever the number."""
    return (
        alerts_for(user)
        .filter(resolved_on__isnull=True)
        .exclude(acknowledgements__user=user)
        .select_related("child")
        .order_by("-raised_on", "-id")
    )


def alert_url(alert: Alert) -> str:
    """The page of the child's record where the cause of an alert is."""
    child = alert.child_id
    if alert.kind == Kind.LOW_ATTENDANCE:
        return reverse("tracking:attendance", kwargs={"child_pk": child})
    if alert.kind == Kind.PEP_OVERDUE:
        return reverse("peps:child", kwargs={"child_pk": child})
    if alert.kind in (Kind.SCHOOL_MOVE, Kind.NO_SCHOOL_PLACE):
        return reverse("children:education", args=[child])
    return reverse("children:overview", args=[child])


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


def count_by_kind(alerts) -> list[KindCount]:
    """Counts of a list of alerts by kind, in the order kinds are listed."""
    counts: dict[str, int] = {}
    for alert in alerts:
        counts[alert.kind] = counts.get(alert.kind, 0) + 1
    return [KindCount(k.value, k.label, counts[k.value]) for k in Kind if counts.get(k.value)]


# Acknowledging -------------------------------------------------------------------


@transaction.atomic
def acknowledge(*, user, alert: Alert, note: str = "") -> AlertAcknowledgement:
    """Mark an alert as seen by `user`; everyone else still sees it."""
    acknowledgement, created = AlertAcknowledgement.objects.get_or_create(
        alert=alert, user=user, defaults={"note": note[:300]}
    )
    if created:
        audit(
            Action.CREATE,
            actor=user,
            child=alert.child,
            obj=acknowledgement,
            changes=diff({}, snapshot(acknowledgement)),
            detail=f"Acknowledged the alert: {alert.get_kind_display()}",
        )
    return acknowledgement
