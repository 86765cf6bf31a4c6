"""Forms for the managers' settings pages: the authority's PEP rules and targets,
and the quality ratings PEPs are given."""

from django import forms

from children.peps.models import QaRating

from .models import AuthoritySettings

# GOV.UK tag colours a rating can be shown in.
TAG_COLOURS = [
    ("grey", "Grey"),
    ("green", "Green"),
    ("turquoise", "Turquoise"),
    ("blue", "Blue"),
    ("light-blue", "Light blue"),
    ("purple", "Purple"),
    ("pink", "Pink"),
    ("red", "Red"),
    ("orange", "Orange"),
    ("yellow", "Yellow"),
]


def _whole_number_messages(what: str, low: int, high: int) -> dict:
    text = f"Enter {what} as a whole number from {low} to {high}"
    return {
        "required": f"Enter {what}",
        "invalid": text,
        "min_value": text,
        "max_value": text,
    }


class AuthoritySettingsForm(forms.ModelForm):
    class Meta:
        model = AuthoritySettings
        fields = [
            "initial_pep_working_days",
            "initial_pep_day_count",
            "pep_review_working_days_before_term_end",
            "early_years_peps",
            "pep_completion_target",
            "pep_quality_target",
            "initial_pep_on_time_target",
            "attendance_alert_below",
            "attendance_period",
        ]
        labels = {
            "initial_pep_working_days": "Initial PEP due (days after coming into care)",
            "initial_pep_day_count": "Count the initial PEP's days as",
            "pep_review_working_days_before_term_end": (
                "Termly PEP review due (working days before the end of term)"
            ),
            "early_years_peps": "Early years PEPs from the nursery year (age 3)",
            "pep_completion_target": "PEP completion target (%)",
            "pep_quality_target": "PEPs rated good target (%)",
            "initial_pep_on_time_target": "Initial PEPs on time target (%)",
            "attendance_alert_below": "Alert when attendance is below (%)",
            "attendance_period": "Attendance is collected",
        }
        help_texts = {
            "initial_pep_working_days": "Statutory guidance: in time for the first care plan "
            "review, within 20 working days.",
            "initial_pep_day_count": "Statutory guidance counts working days. With school "
            "days, a child who comes into care in the holidays has until some weeks into "
            "term. PEPs already started keep their due date.",
            "early_years_peps": "Children looked after need a PEP from Reception by law. "
            "Tick this if the authority also writes PEPs for children in the nursery year: "
            "they then count in the PEP list, the compliance figures, the dashboards and "
            "overdue PEP alerts.",
            "pep_completion_target": "The share of children needing a PEP whose PEP for the "
            "term is approved.",
            "pep_quality_target": "The share of approved PEPs whose rating counts as good.",
            "initial_pep_on_time_target": "The share of initial PEPs approved by their due date.",
            "attendance_alert_below": "For example, 90. Up to one decimal place.",
        }
        widgets = {
            "attendance_period": forms.RadioSelect,
            "initial_pep_day_count": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ranges = {
            "initial_pep_working_days": ("the number of days for the initial PEP", 1, 60),
            "pep_review_working_days_before_term_end": ("the number of working days", 0, 60),
            "pep_completion_target": ("the completion target", 0, 100),
            "pep_quality_target": ("the quality target", 0, 100),
            "initial_pep_on_time_target": ("the initial PEPs target", 0, 100),
        }
        for name, (what, low, high) in ranges.items():
            field = self.fields[name]
            field.error_messages.update(_whole_number_messages(what, low, high))
            field.widget.attrs.update(
                {"class": "govuk-input--width-4", "inputmode": "numeric", "min": low, "max": high}
            )
        alert = self.fields["attendance_alert_below"]
        message = "Enter the attendance alert level as a percentage from 0 to 100"
        alert.error_messages.update(
            {
                "required": "Enter the attendance alert level",
                "invalid": message,
                "min_value": message,
                "max_value": message,
                "max_decimal_places": "Enter the attendance alert level with at most one "
                "decimal place",
                "max_digits": message,
                "max_whole_digits": message,
            }
        )
        alert.widget.attrs.update({"class": "govuk-input--width-4", "inputmode": "decimal"})
        self.fields["attendance_period"].error_messages["required"] = (
            "Select how often attendance is collected"
        )
        self.fields["initial_pep_day_count"].error_messages["required"] = (
            "Select whether the initial PEP's days are working days or school days"
        )


class QaRatingForm(forms.ModelForm):
    colour = forms.ChoiceField(label="Colour", choices=TAG_COLOURS, widget=forms.RadioSelect)

    class Meta:
        model = QaRating
        fields = [
            "code",
            "label",
            "colour",
            "description",
            "allows_approval",
            "counts_as_good",
            "position",
        ]
        labels = {
            "code": "Short code",
            "label": "Name",
            "description": "What the rating means",
            "allows_approval": "A PEP with this rating can be approved",
            "counts_as_good": "Counts as good towards the quality target",
            "position": "Order in lists",
        }
        help_texts = {
            "code": "Lower-case letters, numbers and hyphens, for example gold. "
            "It cannot be changed later.",
            "label": "As caseworkers see it, for example Gold: outstanding.",
            "allows_approval": "Otherwise a PEP given this rating goes back to the school.",
            "position": "Ratings are listed from the lowest number.",
        }
        error_messages = {
            "code": {
                "required": "Enter a short code",
                "invalid": "Enter a short code using only lower-case letters, numbers and hyphens",
                "unique": "There is already a rating with this code",
            },
            "label": {"required": "Enter a name for the rating"},
            "position": {"invalid": "Enter the order as a whole number"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]  # stored PEPs and reports refer to it
        self.fields["position"].widget.attrs.update({"class": "govuk-input--width-4"})
        self.fields["position"].required = False

    def clean_code(self):
        return self.cleaned_data["code"].strip().lower()

    def clean_position(self):
        position = self.cleaned_data.get("position")
        if position is None:
            last = QaRating.objects.order_by("-position").first()
            position = (last.position + 1) if last else 1
        return position

    def clean(self):
        data = super().clean()
        allows = data.get("allows_approval")
        if data.get("counts_as_good") and not allows:
            self.add_error(
                "counts_as_good",
                "A rating that counts as good must also allow the PEP to be approved",
            )
        if not allows:
            others = QaRating.objects.filter(allows_approval=True)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if not others.exists():
                self.add_error(
                    "allows_approval",
                    "At least one rating must allow a PEP to be approved",
                )
        return data
