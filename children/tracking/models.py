"""What the virtual school tracks for each child: attendance, attainment,
suspensions and exclusions, achievements to celebrate, and the alerts raised when
something needs someone to act."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from vsh.access.querysets import ChildLinkedQuerySet
from vsh.terms.dates import WorkingCalendar

from . import codes


class AttendanceRecord(models.Model):
    """Sessions for one child at one school over one period, by DfE code group."""

    class Source(models.TextChoices):
        ENTERED = "entered", "Entered by the school"
        IMPORTED = "imported", "Imported from the school's MIS"

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="attendance")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    possible_sessions = models.PositiveSmallIntegerField()
    present = models.PositiveSmallIntegerField(help_text="Codes /, \\ and L.")
    approved_activity = models.PositiveSmallIntegerField(
        default=0, help_text="Codes K, V, P, W and B: count as attendance."
    )
    authorised_absence = models.PositiveSmallIntegerField(default=0)
    unauthorised_absence = models.PositiveSmallIntegerField(default=0)
    not_counted = models.PositiveSmallIntegerField(
        default=0, help_text="Codes D, X, Q, Y1 to Y7, Z and #: outside possible sessions."
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    objects = ChildLinkedQuerySet.as_manager()

    class Meta:
        ordering = ["child", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "school", "period_start"], name="one_attendance_record_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="attendance_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(
                    possible_sessions=F("present")
                    + F("approved_activity")
                    + F("authorised_absence")
                    + F("unauthorised_absence")
                ),
                name="attendance_sessions_add_up",
            ),
        ]

    def __str__(self):
        return f"{self.child} {self.period_start:%d/%m/%Y}: {self.attendance_rate}%"

    def clean(self):
        total = (
            (self.present or 0)
            + (self.approved_activity or 0)
            + (self.authorised_absence or 0)
            + (self.unauthorised_absence or 0)
        )
        if self.possible_sessions is not None and total != self.possible_sessions:
            raise ValidationError(
                f"Present, approved activity and absences add up to {total} sessions, "
                f"but possible sessions is {self.possible_sessions}. They must be equal."
            )
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "The period must end on or after it starts."})

    @property
    def attended(self) -> int:
        return self.present + self.approved_activity

    @property
    def absent(self) -> int:
        return self.authorised_absence + self.unauthorised_absence

    @property
    def attendance_rate(self) -> Decimal | None:
        return percentage(self.attended, self.possible_sessions)

    @property
    def absence_rate(self) -> Decimal | None:
        return percentage(self.absent, self.possible_sessions)


def percentage(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


class Assessment(models.Model):
    """One assessment of one subject in one term, on the scale for the key stage,
    with the school's prediction and the target where there is one."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="assessments"
    )
    term = models.ForeignKey("terms.Term", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=24, choices=codes.Subject.choices)
    subject_name = models.CharField(max_length=80, blank=True, help_text="For 'Other subject'.")
    measure = models.CharField(max_length=12, choices=codes.Measure.choices)
    actual = models.CharField(max_length=8, blank=True)
    predicted = models.CharField(max_length=8, blank=True)
    target = models.CharField(max_length=8, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    objects = ChildLinkedQuerySet.as_manager()

    class Meta:
        ordering = ["child", "term__starts_on", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "term", "subject", "measure", "subject_name"],
                name="one_assessment_per_subject_term",
            ),
            models.CheckConstraint(
                condition=~Q(actual="", predicted="", target=""), name="assessment_has_a_value"
            ),
        ]

    def __str__(self):
        return f"{self.get_subject_display()} {self.term}: {self.actual or self.predicted}"

    def clean(self):
        errors = {}
        for field in ("actual", "predicted", "target"):
            problem = codes.check_value(self.measure, getattr(self, field))
            if problem:
                errors[field] = problem
        if self.subject == codes.Subject.OTHER and not self.subject_name:
            errors["subject_name"] = "Name the subject."
        if errors:
            raise ValidationError(errors)

    @property
    def on_track(self) -> bool | None:
        """Whether the actual (or else predicted) result meets the target."""
        result = self.actual or self.predicted
        if not result or not self.target:
            return None
        # A value off the scale (kept from before a scale changed) cannot be compared.
        if codes.check_value(self.measure, result) or codes.check_value(self.measure, self.target):
            return None
        ranked = codes.ascending_values(self.measure)
        if ranked is None:
            return int(result) >= int(self.target)
        return ranked.index(result) >= ranked.index(self.target)


class Suspension(models.Model):
    """A suspension or permanent exclusion, with DfE reason codes."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="suspensions"
    )
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=4, choices=codes.ExclusionCategory.choices)
    starts_on = models.DateField()
    sessions = models.PositiveSmallIntegerField(
        help_text="Half-day sessions; for a permanent exclusion, leave blank.",
        null=True,
        blank=True,
    )
    reason = models.CharField(max_length=2, choices=codes.ExclusionReason.choices)
    second_reason = models.CharField(
        max_length=2, choices=codes.ExclusionReason.choices, blank=True
    )
    third_reason = models.CharField(max_length=2, choices=codes.ExclusionReason.choices, blank=True)
    alternative_provision = models.CharField(
        max_length=200, blank=True, help_text="Where the child is educated from the sixth day."
    )
    alternative_provision_from = models.DateField(null=True, blank=True)
    governors_review_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ChildLinkedQuerySet.as_manager()

    class Meta:
        ordering = ["child", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "school", "starts_on", "category"], name="one_suspension_per_start"
            ),
            models.CheckConstraint(
                condition=Q(category="PERM") | Q(sessions__gt=0), name="suspension_has_sessions"
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} from {self.starts_on:%d/%m/%Y}"

    @property
    def days(self) -> float | None:
        return None if self.sessions is None else self.sessions / 2

    @property
    def consecutive_sessions(self) -> int | None:
        """Sessions suspended from this school without a school day back in between,
        up to the end of this suspension: this one's own, plus those of the
        suspensions straight before it. None for a permanent exclusion."""
        return self._run()[0]

    @property
    def consecutive_from(self) -> date | None:
        """The start of the first of the suspensions this one follows straight on
        from; None when it follows on from none."""
        return self._run()[1]

    @property
    def needs_alternative_provision(self) -> bool:
        """Schools must arrange full-time education from the sixth school day of
        suspension, counting consecutive suspensions together; for a permanent
        exclusion the local authority must."""
        if self.category == codes.ExclusionCategory.PERMANENT:
            return True
        return (self.consecutive_sessions or 0) > codes.ALTERNATIVE_PROVISION_AFTER_SESSIONS

    def _run(self) -> tuple[int | None, date | None]:
        if not hasattr(self, "_consecutive"):
            add_up_consecutive([self])
        return self._consecutive


def _school_days(calendar: WorkingCalendar, starts_on: date, sessions: int) -> tuple[date, date]:
    """The first and last school days of a suspension: two sessions a day from its
    first school day."""
    first = starts_on
    if not calendar.is_working_day(first):
        first = calendar.add_working_days(first, 1)
    return first, calendar.add_working_days(first, (sessions + 1) // 2 - 1)


def add_up_consecutive(suspensions: list[Suspension]) -> None:
    """Work out `consecutive_sessions` for each of `suspensions` in two queries: the
    other suspensions of the same children at the same schools, and the school
    calendar. A suspension follows straight on from another when it starts on the
    next school day after the other ends, or before."""
    for suspension in suspensions:
        suspension._consecutive = (None, None)
    pending = [
        s
        for s in suspensions
        if s.category == codes.ExclusionCategory.SUSPENSION and s.sessions and s.child_id
    ]
    if not pending:
        return
    # What is in memory wins over what is stored: it may be a change not yet saved.
    in_memory = {s.pk for s in suspensions if s.pk is not None}
    by_place: dict[tuple[int, int], dict] = {}
    for other in Suspension.objects.filter(
        child_id__in={s.child_id for s in pending},
        school_id__in={s.school_id for s in pending},
        category=codes.ExclusionCategory.SUSPENSION,
        sessions__gt=0,
    ).values("pk", "child_id", "school_id", "starts_on", "sessions"):
        if other["pk"] in in_memory:
            continue
        place = by_place.setdefault((other["child_id"], other["school_id"]), {})
        place[other["pk"]] = (other["starts_on"], other["sessions"], None)
    for suspension in pending:
        place = by_place.setdefault((suspension.child_id, suspension.school_id), {})
        key = suspension.pk or f"new-{id(suspension)}"
        place[key] = (suspension.starts_on, suspension.sessions, suspension)

    starts = [start for place in by_place.values() for start, _, _ in place.values()]
    calendar = WorkingCalendar.between(min(starts), max(starts) + timedelta(days=100))
    for place in by_place.values():
        run_sessions, run_from, last_day = 0, None, None
        for start, sessions, suspension in sorted(place.values(), key=lambda r: r[0]):
            first, last = _school_days(calendar, start, sessions)
            if last_day is not None and first <= calendar.add_working_days(last_day, 1):
                run_sessions += sessions
                last_day = max(last_day, last)
            else:
                run_sessions, run_from, last_day = sessions, start, last
            if suspension is not None:
                suspension._consecutive = (
                    run_sessions,
                    run_from if run_from != suspension.starts_on else None,
                )


class Celebration(models.Model):
    """An achievement the school, the carer or the virtual school wants to recognise."""

    class From(models.TextChoices):
        SCHOOL = "school", "School"
        CARER = "carer", "Carer"
        VIRTUAL_SCHOOL = "virtual_school", "Virtual school"
        SOCIAL_WORKER = "social_worker", "Social worker"

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="celebrations"
    )
    achieved_on = models.DateField()
    title = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    nominated_by = models.CharField(max_length=16, choices=From.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChildLinkedQuerySet.as_manager()

    class Meta:
        ordering = ["child", "-achieved_on"]

    def __str__(self):
        return self.title


class Alert(models.Model):
    """Something about a child that needs someone to act. Who sees an alert follows
    the access policy: the people who reach the child and whose role can act."""

    class Kind(models.TextChoices):
        LOW_ATTENDANCE = "low_attendance", "Attendance below the authority's threshold"
        SUSPENSION = "suspension", "New suspension"
        EXCLUSION = "exclusion", "Permanent exclusion"
        SCHOOL_MOVE = "school_move", "School move"
        NO_SCHOOL_PLACE = "no_school_place", "No current school place"
        PEP_OVERDUE = "pep_overdue", "PEP overdue"

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    raised_on = models.DateField()
    message = models.CharField(max_length=300)
    # What raised it, so the same thing never raises two alerts.
    key = models.CharField(max_length=100)
    resolved_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When a resolved alert's cause last came back: news again, for the digest.
    reopened_at = models.DateTimeField(null=True, blank=True)

    objects = ChildLinkedQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["child", "kind", "key"], name="one_alert_per_cause")
        ]

    def __str__(self):
        return self.message


class AlertAcknowledgement(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "user"], name="one_acknowledgement_per_user")
        ]

    def __str__(self):
        return f"{self.user} acknowledged {self.alert}"
