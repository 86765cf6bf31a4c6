"""Forms for the PEP pages. They check what one form can see; the workflow's rules
(who may change what, and when) are in services.py."""

from django import forms
from django.utils import timezone

from children.codes import ReviewParticipation
from children.forms import RecordForm
from vsh.terms.models import Term

from .models import Evaluation, Pep, PepAttendee, PepTarget, QaRating
from .sections import FIELD_LABELS as LABELS
from .sections import Section

HINTS = {
    "child_views": "In the child's own words where you can.",
    "education_history": (
        "Filled in from the schools recorded when the PEP was started. Correct it and add "
        "anything missing, such as gaps in education or alternative provision."
    ),
    "current_provision": (
        "Where and how the child is taught now, including any part-time timetable, "
        "alternative provision or extra support."
    ),
    "next_review_on": "At least termly, and before the next care plan review.",
}


class SectionForm(RecordForm):
    """A section's own fields; the fields come from the section (see section_form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 8
            if isinstance(field, forms.DateField):
                label = field.label[0].lower() + field.label[1:]
                field.error_messages["invalid"] = (
                    f"Enter {label} as a real date, for example 27/3/2026"
                )
        if "child_participation" in self.fields:
            self.fields["child_participation"] = forms.ChoiceField(
                label=LABELS["child_participation"],
                required=False,
                choices=[(c.value, f"{c.value}: {c.label}") for c in ReviewParticipation],
                widget=forms.RadioSelect,
                help_text="The codes used for statutory reviews of the care plan.",
            )

    def clean(self):
        cleaned = super().clean()
        met = cleaned.get("meeting_held_on")
        if met and met > timezone.localdate():
            self.add_error(
                "meeting_held_on", "The date of the PEP meeting must be today or in the past"
            )
        self.check_order(
            cleaned,
            "meeting_held_on",
            "next_review_on",
            "The date of the next review must be after the meeting",
        )
        return cleaned


def section_form(section: Section, *, data=None, instance: Pep) -> SectionForm:
    form_class = forms.modelform_factory(
        Pep,
        form=SectionForm,
        fields=list(section.fields),
        labels={name: LABELS[name] for name in section.fields if name in LABELS},
        help_texts={name: HINTS[name] for name in section.fields if name in HINTS},
    )
    return form_class(data, instance=instance)


class TargetForm(RecordForm):
    required_messages = {
        "area": "Select what the target is about",
        "description": "Enter the target",
        "responsible": "Enter who is responsible",
        "due_by": "Enter when the target should be met by",
        "success_measure": "Enter how success will be measured",
    }

    class Meta:
        model = PepTarget
        fields = ["area", "description", "responsible", "due_by", "success_measure"]
        labels = {
            "area": "What the target is about",
            "description": "Target",
            "responsible": "Who is responsible",
            "due_by": "By when",
            "success_measure": "How success will be measured",
        }
        help_texts = {
            "description": "What will happen, specifically.",
            "responsible": "For example: the class teacher, the carer, the child.",
        }
        widgets = {
            "area": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "success_measure": forms.Textarea(attrs={"rows": 3}),
        }


class EvaluationForm(forms.Form):
    """One evaluation and its notes for each target carried forward."""

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = targets
        choices = [(value, label) for value, label in Evaluation.choices if value]
        for number, target in enumerate(targets, start=1):
            field = forms.ChoiceField(
                label=f"Was target {number} achieved?",
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=target.evaluation or None,
            )
            field.show_optional = False
            self.fields[f"evaluation_{target.pk}"] = field
            self.fields[f"notes_{target.pk}"] = forms.CharField(
                label=f"Evidence and notes for target {number}",
                required=False,
                initial=target.evaluation_notes,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def rows(self):
        """(target, evaluation field, notes field) for each target, to lay out."""
        return [
            (target, self[f"evaluation_{target.pk}"], self[f"notes_{target.pk}"])
            for target in self.targets
        ]

    def evaluations(self) -> dict[int, dict]:
        return {
            target.pk: {
                "evaluation": self.cleaned_data.get(f"evaluation_{target.pk}") or "",
                "evaluation_notes": self.cleaned_data.get(f"notes_{target.pk}", ""),
            }
            for target in self.targets
        }


class AttendeeForm(RecordForm):
    required_messages = {"name": "Enter the person's name", "role": "Enter their role"}

    class Meta:
        model = PepAttendee
        fields = ["name", "role", "attended"]
        labels = {"role": "Role", "attended": "They attended the meeting"}
        help_texts = {
            "role": "For example: designated teacher, carer, social worker, the child.",
            "attended": "Leave unticked for someone invited who could not come.",
        }


class ReturnForm(forms.Form):
    reasons = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The school sees this when the PEP comes back to them.",
        error_messages={"required": "Enter what needs to change"},
    )
    rating = forms.ModelChoiceField(
        label="Quality rating",
        queryset=QaRating.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].queryset = QaRating.objects.order_by("position")
        self.fields["rating"].label_from_instance = _rating_label


class ApproveForm(forms.Form):
    rating = forms.ModelChoiceField(
        label="Quality rating",
        queryset=QaRating.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select a quality rating"},
    )
    comments = forms.CharField(
        label="Feedback for the school",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Ratings that send a PEP back are given with "Return for changes".
        self.fields["rating"].queryset = QaRating.objects.filter(allows_approval=True).order_by(
            "position"
        )
        self.fields["rating"].label_from_instance = _rating_label


def _rating_label(rating: QaRating) -> str:
    return f"{rating.label}. {rating.description}" if rating.description else rating.label


class StartForm(forms.Form):
    term = forms.ModelChoiceField(
        queryset=Term.objects.select_related("academic_year"),
        error_messages={"required": "Choose the term the PEP is for"},
    )
