from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class AuthoritySettings(models.Model):
    """The authority's own rules and targets, changed by managers without a deploy.
    There is one row; `AuthoritySettings.load()` creates it with the defaults."""

    class AttendancePeriod(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        HALF_TERMLY = "half_termly", "Half-termly"

    class DayCount(models.TextChoices):
        WORKING = "working", "Working days: Monday to Friday, except bank holidays"
        SCHOOL = "school", "School days: term time only, half terms and holidays left out"

    # Working days, or school days when initial_pep_day_count says so (the name
    # predates that choice; renaming the column would gain nothing).
    initial_pep_working_days = models.PositiveSmallIntegerField(
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Days after a child comes into care by which the initial PEP is due.",
    )
    # Statutory guidance counts working days; some authorities count school days, so
    # a child coming into care in the holidays is not given a PEP before school starts.
    initial_pep_day_count = models.CharField(
        max_length=8, choices=DayCount.choices, default=DayCount.WORKING
    )
    pep_review_working_days_before_term_end = models.PositiveSmallIntegerField(
        default=15,
        validators=[MaxValueValidator(60)],
        help_text="A termly PEP review is due this many working days before the term ends.",
    )
    early_years_peps = models.BooleanField(
        "Early years PEPs from the nursery year (age 3)",
        default=False,
        help_text="Children looked after need a PEP from Reception by law. Turn this on "
        "if the authority also writes PEPs for children in the nursery year. It "
        "counts in the PEP figures of past terms as well as this one.",
    )
    pep_completion_target = models.PositiveSmallIntegerField(
        "PEP completion target (%)", default=95, validators=[MaxValueValidator(100)]
    )
    pep_quality_target = models.PositiveSmallIntegerField(
        "PEPs rated good target (%)", default=80, validators=[MaxValueValidator(100)]
    )
    initial_pep_on_time_target = models.PositiveSmallIntegerField(
        "Initial PEPs on time target (%)", default=90, validators=[MaxValueValidator(100)]
    )
    attendance_alert_below = models.DecimalField(
        "Attendance alert below (%)",
        max_digits=4,
        decimal_places=1,
        default=90,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    attendance_period = models.CharField(
        max_length=12, choices=AttendancePeriod.choices, default=AttendancePeriod.WEEKLY
    )

    class Meta:
        verbose_name_plural = "authority settings"

    def __str__(self):
        return "Authority settings"

    @classmethod
    def load(cls) -> "AuthoritySettings":
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj
