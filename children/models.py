from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from vsh.access.querysets import ChildLinkedQuerySet, ChildQuerySet

from . import codes
from .school_years import key_stage_for_year, year_group_on
from .validators import validate_upn


class Child(models.Model):
    """A child or young person the virtual school works for."""

    # SSDA903 CHILD: the social care system's ID. Stable across adoption, unlike the UPN.
    local_id = models.CharField("local child ID", max_length=20, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="What the child likes to be called."
    )
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=codes.Sex.choices)
    ethnicity = models.CharField(max_length=4, choices=codes.Ethnicity.choices)
    upn = models.CharField(
        "UPN",
        max_length=13,
        blank=True,
        validators=[validate_upn],
        help_text="Unique pupil number with its check letter, or UN1 to UN5 when not known.",
    )
    cohort = models.CharField(
        max_length=32, choices=codes.Cohort.choices, default=codes.Cohort.LOOKED_AFTER
    )
    sen_provision = models.CharField(
        "SEN provision",
        max_length=1,
        choices=codes.SenProvision.choices,
        default=codes.SenProvision.NONE,
    )
    sen_primary_need = models.CharField(
        "primary need", max_length=4, choices=codes.SenNeed.choices, blank=True
    )
    care_leaver_status = models.CharField(
        max_length=20, choices=codes.CareLeaverStatus.choices, blank=True
    )
    # SSDA903 header MOTHER and MC_DOB
    is_mother = models.BooleanField(null=True, blank=True)
    mothers_child_dob = models.DateField("date of birth of her child", null=True, blank=True)
    # SSDA903 UASC table: unaccompanied asylum-seeking child and when that status ends.
    is_uasc = models.BooleanField("unaccompanied asylum-seeking child", default=False)
    uasc_ceased_on = models.DateField("UASC status ends", null=True, blank=True)
    # SSDA903 PrevPerm table
    previous_permanence = models.CharField(
        max_length=2, choices=codes.PreviousPermanence.choices, blank=True
    )
    previous_permanence_la = models.CharField(max_length=3, blank=True)
    previous_permanence_date = models.CharField(
        max_length=10, blank=True, help_text="As recorded; the return allows partial dates."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"
        indexes = [models.Index(fields=["upn"]), models.Index(fields=["last_name", "first_name"])]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("children:overview", args=[self.pk])

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}{self.last_name[:1]}".upper()

    @property
    def email_reference(self) -> str:
        """How emails name the child: they leave the authority's systems, so only
        initials and the local ID, never the name."""
        return f"{self.initials} (local ID {self.local_id})"

    def age_on(self, on: date | None = None) -> int:
        on = on or timezone.localdate()
        dob = self.date_of_birth
        return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))

    @property
    def age(self) -> int:
        return self.age_on()

    @property
    def year_group(self) -> int:
        return year_group_on(self.date_of_birth, timezone.localdate())

    @property
    def key_stage(self) -> str:
        return key_stage_for_year(self.year_group)


class AfterBirthMixin:
    """A record of something that happened to the child starts no earlier than the
    day they were born: a typing slip in the year is caught here, on every path."""

    def clean(self):
        super().clean()
        started = getattr(self, "started_on", None)
        if started and self.child_id and started < self.child.date_of_birth:
            born = self.child.date_of_birth
            raise ValidationError(
                {
                    "started_on": f"Enter a start date on or after {born.day} "
                    f"{born:%B %Y}, when {self.child.display_name} was born."
                }
            )


class CareEpisode(AfterBirthMixin, models.Model):
    """An SSDA903 episode: a period with one legal status and one placement."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="episodes")
    started_on = models.DateField("date episode started")  # DECOM
    reason_new_episode = models.CharField(
        max_length=1, choices=codes.ReasonNewEpisode.choices
    )  # RNE
    legal_status = models.CharField(max_length=2, choices=codes.LegalStatus.choices)  # LS
    category_of_need = models.CharField(max_length=2, choices=codes.CategoryOfNeed.choices)  # CIN
    placement_type = models.CharField(max_length=3, choices=codes.PlacementType.choices)  # PLACE
    placement_provider = models.CharField(
        max_length=3, choices=codes.PlacementProvider.choices, blank=True
    )  # PLACE_PROVIDER
    ended_on = models.DateField("date episode ceased", null=True, blank=True)  # DEC
    reason_ceased = models.CharField(
        max_length=3, choices=codes.ReasonEpisodeCeased.choices, blank=True
    )  # REC
    reason_placement_change = models.CharField(
        max_length=6, choices=codes.ReasonPlacementChange.choices, blank=True
    )  # REASON_PLACE_CHANGE
    home_postcode = models.CharField(max_length=10, blank=True)  # HOME_POST
    placement_postcode = models.CharField(max_length=10, blank=True)  # PL_POST
    placement_urn = models.CharField("placement URN", max_length=8, blank=True)  # URN
    placement_la = models.CharField("placement local authority", max_length=100, blank=True)
    out_of_authority = models.BooleanField(default=False)
    placement_address_confidential = models.BooleanField(default=False)

    objects = ChildLinkedQuerySet.as_manager()

    class Meta:
        ordering = ["child", "started_on"]
        constraints = [
            models.UniqueConstraint(fields=["child", "started_on"], name="one_episode_per_start"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="episode_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(reason_ceased=""))
                | (Q(ended_on__isnull=False) & ~Q(reason_ceased="")),
                name="episode_end_has_reason",
            ),
        ]

    def __str__(self):
        start = f"{self.started_on:%d/%m/%Y}"
        return f"{self.child}: {self.legal_status}/{self.placement_type} from {start}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class RegistrationType(models.TextChoices):
    SINGLE = "single", "Single registration"
    DUAL_MAIN = "dual_main", "Dual registration, main school"
    DUAL_SUBSIDIARY = (
        "dual_subsidiary",
        "Dual registration, subsidiary (for example alternative provision)",
    )


class LeavingReason(models.TextChoices):
    PLACEMENT_MOVE = "placement_move", "Moved because of a change of care placement"
    TRANSITION = "transition", "Normal transition (for example primary to secondary)"
    PERMANENT_EXCLUSION = "permanent_exclusion", "Permanent exclusion"
    MANAGED_MOVE = "managed_move", "Managed move"
    LEFT_CARE = "left_care", "Left care"
    ELECTIVE_HOME_EDUCATION = "ehe", "Elective home education"
    SPECIALIST_PROVISION = "specialist", "Moved to specialist provision"
    OTHER = "other", "Other"


class Enrolment(AfterBirthMixin, models.Model):
    """A child on a school's roll between two dates."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="enrolments")
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="enrolments"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    registration = models.CharField(
        max_length=20, choices=RegistrationType.choices, default=RegistrationType.SINGLE
    )
    leaving_reason = models.CharField(max_length=32, choices=LeavingReason.choices, blank=True)
    notes = models.TextField(blank=True)

    objects = ChildLinkedQuerySet.as_manager()

    class Meta:
        ordering = ["child", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="enrolment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["child", "school", "started_on"], name="one_enrolment_per_start"
            ),
        ]

    def __str__(self):
        return f"{self.child} at {self.school}"

    def is_current_on(self, on: date) -> bool:
        return self.started_on <= on and (self.ended_on is None or self.ended_on >= on)


class Allocation(models.Model):
    """A social worker or virtual school caseworker allocated to a child."""

    class Kind(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Social worker"
        CASEWORKER = "caseworker", "Virtual school caseworker"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="allocations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    # The social care system's worker ID (SSDA903 SW_ID), kept even when the worker
    # has no account here.
    worker_reference = models.CharField(max_length=20, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    change_reason = models.CharField(
        max_length=6, choices=codes.SocialWorkerChangeReason.choices, blank=True
    )

    objects = ChildLinkedQuerySet.as_manager()

    class Meta:
        ordering = ["child", "kind", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="allocation_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(worker__isnull=False) | ~Q(worker_reference=""),
                name="allocation_names_a_worker",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.child}: {self.worker or self.worker_reference}"


class CaseNote(models.Model):
    """An entry in the child's chronology."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        PHONE = "phone", "Phone call"
        VISIT = "visit", "Visit"
        EMAIL = "email", "Email or letter"
        ADVOCACY = "advocacy", "Advocacy action"
        NOTE = "note", "Case note"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="case_notes")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.NOTE)
    occurred_on = models.DateField(default=timezone.localdate)
    summary = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    is_sensitive = models.BooleanField(
        default=False,
        help_text="Only the virtual school and the allocated social worker can read it.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_notes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChildLinkedQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-created_at"]

    def __str__(self):
        return self.summary


class SdqAssessment(models.Model):
    """A Strengths and Difficulties Questionnaire total difficulties score (0–40)."""

    class Informant(models.TextChoices):
        CARER = "carer", "Carer"
        TEACHER = "teacher", "Teacher"
        SELF = "self", "Young person"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="sdq_assessments")
    assessed_on = models.DateField()
    informant = models.CharField(max_length=10, choices=Informant.choices, default=Informant.CARER)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(40)]
    )
    reason_not_completed = models.CharField(
        max_length=4, choices=codes.SdqReason.choices, blank=True
    )

    objects = ChildLinkedQuerySet.as_manager()

    class Meta:
        ordering = ["child", "-assessed_on"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(score__isnull=False) & Q(reason_not_completed=""))
                | (Q(score__isnull=True) & ~Q(reason_not_completed="")),
                name="sdq_score_or_reason",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=40), name="sdq_score_in_range"
            ),
        ]

    def __str__(self):
        result = self.score if self.score is not None else self.reason_not_completed
        return f"SDQ {result} on {self.assessed_on:%d/%m/%Y}"

    @property
    def band(self) -> str:
        if self.score is None:
            return ""
        if self.score <= 13:
            return "Close to average"
        if self.score <= 16:
            return "Slightly raised"
        return "High"


class AnnualHealthOutcome(models.Model):
    """SSDA903 OC2: outcomes for a child looked after for 12 months at 31 March."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="health_outcomes")
    year_ending = models.DateField(help_text="31 March of the collection year.")
    convicted = models.BooleanField(null=True, blank=True)
    health_check = models.BooleanField(null=True, blank=True)
    immunisations = models.BooleanField(null=True, blank=True)
    teeth_check = models.BooleanField(null=True, blank=True)
    health_assessment = models.BooleanField(null=True, blank=True)
    substance_misuse = models.BooleanField(null=True, blank=True)
    intervention_received = models.BooleanField(null=True, blank=True)
    intervention_offered = models.BooleanField(null=True, blank=True)

    objects = ChildLinkedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "year_ending"], name="one_oc2_per_year")
        ]

    def __str__(self):
        return f"Health outcomes for {self.child} to {self.year_ending:%d/%m/%Y}"


class MissingEpisode(AfterBirthMixin, models.Model):
    """SSDA903 Missing: a period missing or away from placement without authorisation."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="missing_episodes")
    kind = models.CharField(max_length=1, choices=codes.MissingType.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    objects = ChildLinkedQuerySet.as_manager()

    class Meta:
        ordering = ["child", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "kind", "started_on"], name="one_missing_episode_per_start"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="missing_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.started_on:%d/%m/%Y}"


class CareReview(models.Model):
    """SSDA903 Reviews: a statutory looked-after review and how the child took part."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    participation = models.CharField(max_length=3, choices=codes.ReviewParticipation.choices)

    objects = ChildLinkedQuerySet.as_manager()

    class Meta:
        ordering = ["child", "held_on"]
        constraints = [
            models.UniqueConstraint(fields=["child", "held_on"], name="one_review_per_day")
        ]

    def __str__(self):
        return f"Review on {self.held_on:%d/%m/%Y} ({self.participation})"


# Explicit per-child grants (django-guardian), with direct foreign keys as its
# performance guide advises for heavily queried models.
class ChildUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="user_object_permissions"
    )


class ChildGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="group_object_permissions"
    )
