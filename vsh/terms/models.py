"""The authority's school calendar: academic years, terms and the days that are not
working days, from which PEP deadlines are counted."""

from django.db import models
from django.db.models import Q


class Season(models.TextChoices):
    AUTUMN = "autumn", "Autumn"
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"


SEASON_ORDER = {Season.AUTUMN: 0, Season.SPRING: 1, Season.SUMMER: 2}


class AcademicYear(models.Model):
    start_year = models.PositiveSmallIntegerField(unique=True, help_text="2025 for 2025/26.")
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="year_ends_after_start"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"


class Term(models.Model):
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="terms")
    season = models.CharField(max_length=8, choices=Season.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    half_term_starts_on = models.DateField(null=True, blank=True)
    half_term_ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "season"], name="one_term_per_season"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.get_season_display()} {self.academic_year.name}"

    @property
    def is_summer(self) -> bool:
        return self.season == Season.SUMMER


class NonWorkingDay(models.Model):
    """Bank holidays and authority closure days; weekends are never working days."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{self.name} ({self.date:%d/%m/%Y})"
