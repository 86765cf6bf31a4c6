"""Pupil Premium Plus: what each PEP asks for, linked to its targets, and the
authority's budget for the year."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from vsh.access.querysets import ChildLinkedQuerySet


class PupilPremiumBudget(models.Model):
    """The grant the virtual school head manages for one academic year."""

    academic_year = models.OneToOneField("terms.AcademicYear", on_delete=models.PROTECT)
    rate_per_child = models.DecimalField(max_digits=7, decimal_places=2)
    total = models.DecimalField(max_digits=10, decimal_places=2)
    top_slice = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        help_text="Kept centrally for services such as an educational psychologist.",
    )
    notes = models.TextField(blank=True)

    def __str__(self):
        return f"Pupil Premium Plus {self.academic_year}"


class PupilPremiumRequest(models.Model):
    """An amount asked for in a PEP, for a purpose linked to one of its targets.
    Approving the PEP approves its requests for payment."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        APPROVED = "approved", "Approved for payment"
        DECLINED = "declined", "Declined"
        PAID = "paid", "Paid"

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="pp_requests"
    )
    pep = models.ForeignKey("peps.Pep", on_delete=models.CASCADE, related_name="pp_requests")
    target = models.ForeignKey(
        "peps.PepTarget",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pp_requests",
    )
    amount = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    purpose = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)

    objects = ChildLinkedQuerySet.as_manager()

    class Meta:
        ordering = ["pep", "id"]

    def __str__(self):
        return f"£{self.amount} for {self.purpose}"
