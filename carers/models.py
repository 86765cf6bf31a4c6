from django.db import models
from django.db.models import Q
from django.utils import timezone

from children.codes import ReasonPlacementChange
from vsh.access.querysets import ChildLinkedQuerySet


class CarerType(models.TextChoices):
    IN_HOUSE_FOSTER = "in_house_foster", "Foster carer (in-house)"
    AGENCY_FOSTER = "agency_foster", "Foster carer (independent fostering agency)"
    KINSHIP = "kinship", "Kinship carer (family or friends)"
    CHILDRENS_HOME = "childrens_home", "Children's home"
    SUPPORTED_ACCOMMODATION = "supported_accommodation", "Supported accommodation"
    ADOPTIVE = "adoptive", "Adoptive parent(s)"
    SPECIAL_GUARDIAN = "special_guardian", "Special guardian(s)"
    PARENT = "parent", "Parent(s)"


class Carer(models.Model):
    """A household or setting that children live with."""

    name = models.CharField(max_length=150, help_text="The carers' names, or the home's name.")
    carer_type = models.CharField(max_length=32, choices=CarerType.choices)
    agency = models.CharField(
        max_length=150, blank=True, help_text="Fostering agency or home provider, if not in-house."
    )
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    la_name = models.CharField(
        "local authority area",
        max_length=100,
        blank=True,
        help_text="Where the household is, for out-of-authority placements.",
    )
    out_of_authority = models.BooleanField(default=False)
    address_confidential = models.BooleanField(
        default=False, help_text="Hide the address from school staff and partners."
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    ofsted_urn = models.CharField("Ofsted URN", max_length=8, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    training_notes = models.TextField(
        blank=True, help_text="Attachment- and trauma-informed training completed."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PlacementQuerySet(ChildLinkedQuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(started_on__lte=on), Q(ended_on__isnull=True) | Q(ended_on__gte=on))


class Placement(models.Model):
    """A child living with a carer, from one date to another."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="placements")
    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="placements")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(
        max_length=8,
        blank=True,
        choices=ReasonPlacementChange.choices,
    )

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="placement_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.child} with {self.carer} from {self.started_on:%d/%m/%Y}"
