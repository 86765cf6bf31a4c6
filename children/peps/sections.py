"""The sections of a PEP: what each holds, who writes it, and whether it must be
complete before the PEP goes to the virtual school for quality assurance.

The hints paraphrase the statutory guidance (Promoting the education of
looked-after children, 2018) and the quality criteria virtual schools use."""

from dataclasses import dataclass, field

from vsh.accounts.roles import Role

DT = frozenset({Role.DESIGNATED_TEACHER})
SW = frozenset({Role.SOCIAL_WORKER})

# Year groups in which a child moves phase: nursery children start Reception, Year 6
# move to secondary school, Year 11 to post-16 education.
TRANSITION_YEARS = {
    -1: "starting Reception",
    6: "moving to secondary school",
    11: "moving to post-16 education or training",
}
# In these years the PEP cannot be submitted without a transition plan.
TRANSITION_PLAN_REQUIRED = {6, 11}


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    owners: frozenset
    hint: str
    # Pep fields edited on the section's page.
    fields: tuple[str, ...] = ()
    # "fields": a form of the Pep's own fields; the others are lists of rows.
    kind: str = "fields"
    required: bool = False
    # Pep fields that must be filled in for the section to count as complete.
    complete_when: tuple[str, ...] = field(default=())
    # A snapshot of tracking data shown with the section.
    snapshot: str = ""

    @property
    def owner_label(self) -> str:
        if self.owners == SW:
            return "the social worker"
        return "the designated teacher"


SECTIONS: tuple[Section, ...] = (
    Section(
        slug="child-views",
        title="The child's views",
        owners=DT,
        fields=("child_views", "child_participation"),
        complete_when=("child_views",),
        required=True,
        hint=(
            "The child's own voice: how they feel about school, what helps them learn, "
            "what they enjoy and find hard, and what they hope for. Record how they took "
            "part, using the codes for statutory reviews."
        ),
    ),
    Section(
        slug="education",
        title="Education history and current provision",
        owners=DT,
        fields=("education_history", "current_provision"),
        complete_when=("education_history", "current_provision"),
        hint=(
            "Schools attended and any gaps in education, then the child's current "
            "provision: timetable, any alternative provision or part-time arrangement, and "
            "early years or post-16 provision where it applies."
        ),
    ),
    Section(
        slug="attendance",
        title="Attendance",
        owners=DT,
        fields=("attendance_commentary",),
        complete_when=("attendance_commentary",),
        snapshot="attendance",
        hint=(
            "What the figures show and what is being done: patterns of absence, "
            "suspensions, and support for attendance and behaviour."
        ),
    ),
    Section(
        slug="attainment",
        title="Attainment and progress",
        owners=DT,
        fields=("attainment_commentary",),
        complete_when=("attainment_commentary",),
        snapshot="attainment",
        hint=(
            "Current attainment against the targets set, progress since the last PEP, "
            "and the catch-up or booster support in place."
        ),
    ),
    Section(
        slug="sen-wellbeing",
        title="SEN and well-being",
        owners=DT,
        fields=("sen_and_wellbeing",),
        complete_when=("sen_and_wellbeing",),
        snapshot="sdq",
        hint=(
            "Special educational needs (SEN support or EHC plan), social, emotional and "
            "mental health needs and speech, language and communication needs, with the "
            "support in place. Use the latest SDQ score alongside what the school sees."
        ),
    ),
    Section(
        slug="carer-views",
        title="The carer's views",
        owners=DT,
        fields=("carer_views",),
        complete_when=("carer_views",),
        hint=(
            "What the carer says about the child's learning and well-being and how they "
            "support learning at home. Carers do not sign in, so the designated teacher "
            "records their views."
        ),
    ),
    Section(
        slug="social-worker",
        title="The social worker's contribution",
        owners=SW,
        fields=("social_worker_contribution",),
        complete_when=("social_worker_contribution",),
        hint=(
            "How the care plan affects education: placement stability, contact, any "
            "planned moves, and what the child's social worker will do to support the "
            "targets."
        ),
    ),
    Section(
        slug="evaluation",
        title="Evaluation of previous targets",
        owners=DT,
        kind="evaluation",
        required=True,
        hint=(
            "Say whether each target from the last PEP was achieved, with the evidence, "
            "and what difference any Pupil Premium Plus funding made."
        ),
    ),
    Section(
        slug="targets",
        title="SMART targets",
        owners=DT,
        kind="targets",
        required=True,
        hint=(
            "Specific, measurable, achievable, realistic and time-bound targets: what will "
            "happen, who is responsible, by when, and how success will be measured. Cover "
            "attainment and progress, and well-being or attendance where needed."
        ),
    ),
    Section(
        slug="pupil-premium",
        title="Pupil Premium Plus request",
        owners=DT,
        kind="pupil_premium",
        hint=(
            "Pupil Premium Plus must meet needs identified in the PEP: link each request "
            "to a target and say what it pays for. The virtual school approves requests "
            "when it approves the PEP."
        ),
    ),
    Section(
        slug="transition",
        title="Transition plan",
        owners=DT,
        kind="transition",
        fields=("transition_plan",),
        complete_when=("transition_plan",),
        hint=(
            "How the move to the next school or phase will be supported: visits, "
            "information shared with the new setting, who the child can go to, and "
            "careers advice and guidance for older pupils."
        ),
    ),
    Section(
        slug="meeting",
        title="The PEP meeting",
        owners=DT,
        kind="meeting",
        fields=("meeting_held_on", "next_review_on"),
        required=True,
        hint=(
            "When the meeting took place, who attended (the designated teacher, the "
            "social worker and the carer should; the child is invited) and when the PEP "
            "will next be reviewed: at least termly, and before each care plan review."
        ),
    ),
)

FIELD_LABELS = {
    "child_views": "The child's views",
    "child_participation": "How the child took part",
    "education_history": "Education history",
    "current_provision": "Current provision",
    "attendance_commentary": "Commentary on attendance",
    "attainment_commentary": "Commentary on attainment and progress",
    "sen_and_wellbeing": "SEN and well-being",
    "carer_views": "The carer's views",
    "social_worker_contribution": "The social worker's contribution",
    "transition_plan": "Transition plan",
    "meeting_held_on": "Date of the PEP meeting",
    "next_review_on": "Date of the next review",
}
BY_SLUG = {section.slug: section for section in SECTIONS}


def get(slug: str) -> Section | None:
    return BY_SLUG.get(slug)
