"""Personal Education Plans: one per child per term, written by the designated
teacher with the child, carer and social worker, and quality-assured by the
virtual school. An approved PEP is frozen; changing it starts a new version."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from children.codes import ReviewParticipation
from vsh.access.querysets import ChildLinkedQuerySet


class Status(models.TextChoices):
    DRAFT = "draft", "In progress"
    SUBMITTED = "submitted", "Submitted for quality assurance"
    RETURNED = "returned", "Returned for changes"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Replaced by a newer version"


class Kind(models.TextChoices):
    INITIAL = "initial", "Initial PEP"
    REVIEW = "review", "Termly review"


class QaRating(models.Model):
    """A quality rating the authority uses (red, amber, green, or its own scale)."""

    code = models.SlugField(max_length=20, unique=True)
    label = models.CharField(max_length=60)
    colour = models.CharField(
        max_length=12, default="grey", help_text="Tag colour: red, orange, yellow, green, blue..."
    )
    description = models.CharField(max_length=300, blank=True)
    allows_approval = models.BooleanField(
        default=True, help_text="A PEP with this rating can be approved; otherwise it goes back."
    )
    counts_as_good = models.BooleanField(
        default=False, help_text="Counts towards the quality target."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.label


class Pep(models.Model):
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="peps")
    term = models.ForeignKey("terms.Term", on_delete=models.PROTECT, related_name="peps")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.REVIEW)
    version = models.PositiveSmallIntegerField(default=1)
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="next_version"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    due_on = models.DateField()
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.PROTECT, related_name="peps"
    )

    # Sections, each owned by a role (see children.peps.sections).
    child_views = models.TextField("the child's views", blank=True)
    child_participation = models.CharField(
        max_length=3, choices=ReviewParticipation.choices, blank=True
    )
    education_history = models.TextField(blank=True)
    current_provision = models.TextField(blank=True)
    attendance_snapshot = models.JSONField(default=dict, blank=True)
    attendance_commentary = models.TextField(blank=True)
    attainment_snapshot = models.JSONField(default=list, blank=True)
    attainment_commentary = models.TextField(blank=True)
    sen_and_wellbeing = models.TextField("SEN and well-being", blank=True)
    sdq_snapshot = models.JSONField(default=dict, blank=True)
    carer_views = models.TextField("the carer's views", blank=True)
    social_worker_contribution = models.TextField(blank=True)
    transition_plan = models.TextField(blank=True)
    meeting_held_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    rating = models.ForeignKey(QaRating, null=True, blank=True, on_delete=models.PROTECT)
    social_worker_signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    social_worker_signed_off_at = models.DateTimeField(null=True, blank=True)

    objects = ChildLinkedQuerySet.as_manager()

    class Meta:
        ordering = ["-term__starts_on", "child", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "term", "version"], name="one_pep_version_per_term"
            ),
            # Only one live (not superseded) PEP per child per term.
            models.UniqueConstraint(
                fields=["child", "term"],
                condition=~Q(status="superseded"),
                name="one_live_pep_per_term",
            ),
        ]

    def __str__(self):
        suffix = f" (version {self.version})" if self.version > 1 else ""
        return f"PEP {self.term} for {self.child}{suffix}"

    @property
    def is_frozen(self) -> bool:
        return self.status in (Status.APPROVED, Status.SUPERSEDED)


class TargetArea(models.TextChoices):
    ATTAINMENT = "attainment", "Attainment and progress"
    ATTENDANCE = "attendance", "Attendance"
    WELLBEING = "wellbeing", "Social, emotional and mental health"
    SEN = "sen", "Special educational needs"
    TRANSITION = "transition", "Transition"
    CAREERS = "careers", "Careers, aspirations and post-16"
    OTHER = "other", "Other"


class Evaluation(models.TextChoices):
    NOT_YET = "", "Not yet evaluated"
    ACHIEVED = "achieved", "Achieved"
    PARTLY = "partly", "Partly achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"


class PepTarget(models.Model):
    """A SMART target: what, who is responsible, by when, and how success is measured."""

    pep = models.ForeignKey(Pep, on_delete=models.CASCADE, related_name="targets")
    area = models.CharField(max_length=12, choices=TargetArea.choices)
    description = models.TextField("target")
    responsible = models.CharField("who is responsible", max_length=150)
    due_by = models.DateField("by when")
    success_measure = models.TextField("how success will be measured")
    evaluation = models.CharField(max_length=12, choices=Evaluation.choices, blank=True)
    evaluation_notes = models.TextField(blank=True)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_into"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["pep", "position", "id"]

    def __str__(self):
        return self.description[:80]


class PepAttendee(models.Model):
    pep = models.ForeignKey(Pep, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=100, help_text="For example: designated teacher, carer.")
    attended = models.BooleanField(default=True)

    class Meta:
        ordering = ["pep", "id"]

    def __str__(self):
        return f"{self.name} ({self.role})"


class PepEvent(models.Model):
    """The PEP's history: each step of the workflow, with who took it and why."""

    class Action(models.TextChoices):
        STARTED = "started", "Started"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved"
        SIGNED_OFF = "signed_off", "Signed off by the social worker"
        NEW_VERSION = "new_version", "New version started"

    pep = models.ForeignKey(Pep, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    rating = models.ForeignKey(QaRating, null=True, blank=True, on_delete=models.PROTECT)
    comments = models.TextField(blank=True)
    # Set when the emails about this step have gone, so a retried task sends none twice.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pep", "at", "id"]

    def __str__(self):
        return f"{self.get_action_display()} by {self.by}"
