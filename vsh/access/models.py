from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class GrantQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(revoked_at__isnull=True, starts_on__lte=on, expires_on__gte=on)


class AccessGrant(models.Model):
    """An explicit, time-limited permission for one person to see (or change) one
    child's records, with the reason it was given. The permission itself is a
    django-guardian object permission; this row says why and until when, and the
    access policy honours the permission only while the grant is active."""

    class Level(models.TextChoices):
        VIEW = "view", "See the child's records"
        CHANGE = "change", "See and change the child's records"

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="access_grants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_grants"
    )
    level = models.CharField(max_length=8, choices=Level.choices, default=Level.VIEW)
    reason = models.CharField(
        max_length=300,
        help_text="Why this person needs access, for example 'Educational psychologist "
        "assessment for the EHC needs assessment'.",
    )
    starts_on = models.DateField(default=timezone.localdate)
    expires_on = models.DateField(help_text="Access ends at the end of this day.")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grants_given"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants_revoked",
    )

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gte=models.F("starts_on")), name="grant_expires_after_start"
            )
        ]

    def __str__(self):
        return f"{self.user} may {self.level} {self.child} until {self.expires_on:%d/%m/%Y}"

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.revoked_at is None and self.starts_on <= today <= self.expires_on

    @property
    def can_be_revoked(self) -> bool:
        """Active, or still to start: a grant arranged in advance can be called off."""
        return self.revoked_at is None and self.expires_on >= timezone.localdate()

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "Revoked"
        today = timezone.localdate()
        if self.expires_on < today:
            return "Expired"
        if self.starts_on > today:
            return "Not started"
        return "Active"
