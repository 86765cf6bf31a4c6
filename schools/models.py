from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Phase(models.TextChoices):
    # GIAS PhaseOfEducation (name)
    NURSERY = "Nursery", "Nursery"
    PRIMARY = "Primary", "Primary"
    MIDDLE_PRIMARY = "Middle deemed primary", "Middle deemed primary"
    SECONDARY = "Secondary", "Secondary"
    MIDDLE_SECONDARY = "Middle deemed secondary", "Middle deemed secondary"
    SIXTEEN_PLUS = "16 plus", "16 plus"
    ALL_THROUGH = "All-through", "All-through"
    NOT_APPLICABLE = "Not applicable", "Not applicable"


class EstablishmentStatus(models.TextChoices):
    # GIAS EstablishmentStatus (name)
    OPEN = "Open", "Open"
    CLOSED = "Closed", "Closed"
    OPEN_PROPOSED_TO_CLOSE = "Open, but proposed to close", "Open, but proposed to close"
    PROPOSED_TO_OPEN = "Proposed to open", "Proposed to open"


class School(models.Model):
    """An education setting from Get Information About Schools (GIAS)."""

    urn = models.CharField("URN", max_length=8, unique=True)
    name = models.CharField(max_length=200)
    la_code = models.CharField("LA code", max_length=3, blank=True)
    la_name = models.CharField("local authority", max_length=100, blank=True)
    establishment_number = models.CharField(max_length=4, blank=True)
    establishment_type = models.CharField(max_length=100, blank=True)
    establishment_type_group = models.CharField(max_length=100, blank=True)
    phase = models.CharField(max_length=40, choices=Phase.choices, blank=True)
    status = models.CharField(
        max_length=40, choices=EstablishmentStatus.choices, default=EstablishmentStatus.OPEN
    )
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    street = models.CharField(max_length=150, blank=True)
    town = models.CharField(max_length=100, blank=True)
    county = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    website = models.CharField(max_length=200, blank=True)
    head_name = models.CharField("headteacher", max_length=150, blank=True)
    open_date = models.DateField(null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    last_changed = models.DateField("GIAS last changed", null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def laestab(self) -> str:
        return f"{self.la_code}{self.establishment_number}"

    @property
    def in_authority(self) -> bool:
        return bool(self.la_code) and self.la_code == settings.AUTHORITY_LA_CODE

    @property
    def address(self) -> str:
        return ", ".join(p for p in [self.street, self.town, self.county, self.postcode] if p)


class Inspection(models.Model):
    """An Ofsted inspection outcome. Frameworks change (single-word grades ended in
    2024, report cards began in November 2025), so the framework is recorded with
    each judgement rather than one 'grade' field on the school."""

    class Framework(models.TextChoices):
        EIF_2019 = "eif_2019", "Education inspection framework (2019), overall effectiveness"
        EIF_2024 = "eif_2024", "Education inspection framework (2024), no overall grade"
        REPORT_CARD_2025 = "report_card_2025", "Report card (from November 2025)"

    class Grade(models.IntegerChoices):
        OUTSTANDING = 1, "Outstanding"
        GOOD = 2, "Good"
        REQUIRES_IMPROVEMENT = 3, "Requires improvement"
        INADEQUATE = 4, "Inadequate"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="inspections")
    inspected_on = models.DateField()
    framework = models.CharField(max_length=32, choices=Framework.choices)
    overall_grade = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    safeguarding_met = models.BooleanField(null=True, blank=True)
    summary = models.TextField(blank=True, help_text="Headline judgements, for report cards.")
    report_url = models.URLField(blank=True)

    class Meta:
        ordering = ["-inspected_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "inspected_on"], name="one_inspection_per_day"
            )
        ]

    def __str__(self):
        return f"{self.school} inspected {self.inspected_on:%d/%m/%Y}"


class DesignatedTeacherQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(started_on__lte=on), Q(ended_on__isnull=True) | Q(ended_on__gte=on))


class DesignatedTeacher(models.Model):
    """A teacher's designation for looked-after children at one school, with dates:
    access to the school's pupils starts and ends with it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="designations"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="designated_teachers")
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    is_lead = models.BooleanField(
        default=True, help_text="The school's statutory designated teacher, not a delegate."
    )

    objects = DesignatedTeacherQuerySet.as_manager()

    class Meta:
        ordering = ["school__name", "user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="designation_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.user} at {self.school}"
