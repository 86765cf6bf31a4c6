"""Forms for the children pages. They check what one form can see; checks against a
child's other records are in services.py."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.html import escape

from carers.models import Placement
from carers.selectors import choosable_carers
from schools.models import School
from vsh.access import policy
from vsh.accounts.models import User
from vsh.core.filter_forms import FilterForm, choice_filter

from . import codes
from .models import Allocation, CareEpisode, CaseNote, Child, Enrolment
from .school_years import KEY_STAGES, YEAR_GROUPS
from .selectors import SORTS
from .services import ROLE_FOR_KIND

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d %m %Y"]
DATE_HINT = "For example, 27/3/2015"


def _years_ago(years: int, on: date) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def _with_codes(field) -> None:
    """Show an official code beside its wording, as staff know both."""
    field.choices = [
        (value, f"{value}: {label}" if value else label) for value, label in field.choices
    ]


class RecordForm(forms.ModelForm):
    """Dates typed as day/month/year, and messages in plain words."""

    required_messages: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.input_formats = DATE_FORMATS
                field.widget = forms.DateInput(format="%d/%m/%Y")
                field.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
                field.help_text = field.help_text or DATE_HINT
                field.error_messages["invalid"] = (
                    f"Enter the {field.label.lower()} as a real date, for example 27/3/2015"
                )
            if name in self.required_messages:
                field.error_messages["required"] = self.required_messages[name]
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                # A plain list, so the form renderer can word the empty choice; radios
                # need no empty choice at all.
                field.choices = [
                    (value, label)
                    for value, label in field.choices
                    if value != "" or not isinstance(field.widget, forms.RadioSelect)
                ]

    def check_order(self, cleaned, start: str, end: str, message: str) -> None:
        started, ended = cleaned.get(start), cleaned.get(end)
        if started and ended and ended < started:
            self.add_error(end, message)


# The caseload filters ------------------------------------------------------------


class CaseloadFilterForm(FilterForm):
    q = forms.CharField(
        label="Name, UPN or local ID",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "class": "govuk-input"}),
    )
    school = forms.ModelChoiceField(
        label="Current school",
        queryset=School.objects.none(),
        required=False,
        empty_label="Any school",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    year_group = forms.TypedChoiceField(
        label="Year group",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any year group"), *YEAR_GROUPS],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    key_stage = choice_filter("Key stage", "Any key stage", KEY_STAGES)
    legal_status = choice_filter(
        "Legal status",
        "Any legal status",
        [(c.value, f"{c.value}: {c.label}") for c in codes.LegalStatus],
    )
    cohort = choice_filter("Cohort", "Any cohort", codes.Cohort.choices)
    sen_provision = choice_filter("SEN provision", "Any", codes.SenProvision.choices)
    out_of_authority = forms.BooleanField(
        label="Placed or at school out of authority",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}),
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schools is not None:
            self.fields["school"].queryset = schools

    def shown(self, name: str, value):
        if name == "out_of_authority":
            return "Yes"
        return super().shown(name, value)


# The child ------------------------------------------------------------------------


class ChildForm(RecordForm):
    required_messages = {
        "first_name": "Enter the child's first name",
        "last_name": "Enter the child's last name",
        "date_of_birth": "Enter the child's date of birth",
        "sex": "Choose the child's sex",
        "ethnicity": "Choose the child's ethnicity",
        "local_id": "Enter the child's ID in the social care system",
    }

    class Meta:
        model = Child
        fields = [
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "sex",
            "ethnicity",
            "upn",
            "local_id",
            "cohort",
            "sen_provision",
            "sen_primary_need",
            "care_leaver_status",
            "is_uasc",
            "uasc_ceased_on",
        ]
        labels = {"local_id": "Local child ID", "is_uasc": "Unaccompanied asylum-seeking child"}
        help_texts = {
            "local_id": "The child's ID in the social care system.",
            "sen_primary_need": "Needed for SEN support and EHC plans.",
        }
        widgets = {
            name: forms.TextInput(attrs={"class": "govuk-input--width-20"})
            for name in ["first_name", "last_name", "preferred_name", "upn", "local_id"]
        }
        error_messages = {
            "local_id": {"unique": "Another child already has this local child ID"},
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Fields the person may not change are left out, so a tampered form cannot
        # change them either (the service refuses them too).
        for name in policy.locked_child_fields(user) if user is not None else ():
            self.fields.pop(name, None)
        self.fields["ethnicity"].choices = [
            (value, f"{label} ({value})" if value else "Choose ethnicity")
            for value, label in self.fields["ethnicity"].choices
        ]

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError("Enter a date of birth in the past")
        if born < _years_ago(25, today):
            raise forms.ValidationError(
                "Enter a date of birth less than 25 years ago: the virtual school works "
                "with children and young people up to 25"
            )
        return born

    def clean_upn(self):
        return self.cleaned_data["upn"].strip().upper()

    def clean_local_id(self):
        return self.cleaned_data["local_id"].strip()

    def clean(self):
        cleaned = super().clean()
        provision = cleaned.get("sen_provision")
        need = cleaned.get("sen_primary_need")
        if provision in (codes.SenProvision.SEN_SUPPORT, codes.SenProvision.EHC_PLAN) and not need:
            self.add_error(
                "sen_primary_need",
                "Choose the primary need: it is needed for SEN support and EHC plans",
            )
        if provision == codes.SenProvision.NONE and need:
            self.add_error(
                "sen_primary_need",
                "Remove the primary need, or choose SEN support or an EHC plan",
            )
        if cleaned.get("uasc_ceased_on") and not cleaned.get("is_uasc"):
            self.add_error(
                "uasc_ceased_on",
                "Remove the date UASC status ends, or record the child as an "
                "unaccompanied asylum-seeking child",
            )
        return cleaned


# Enrolments -----------------------------------------------------------------------


class SchoolByUrnField(forms.ModelChoiceField):
    """A school entered by its URN: there are tens of thousands to choose from."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"})

    def __init__(self, **kwargs):
        super().__init__(
            queryset=School.objects.all(),
            to_field_name="urn",
            error_messages={
                "required": "Enter the school's URN",
                "invalid_choice": "Enter the URN of a school we hold, for example 100000 "
                "(the Schools page lists them)",
            },
            **kwargs,
        )

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


class EnrolmentForm(RecordForm):
    school = SchoolByUrnField(
        label="School URN",
        help_text="The school's unique reference number from Get Information About Schools.",
    )
    required_messages = {"started_on": "Enter the date the child joined the school"}

    class Meta:
        model = Enrolment
        fields = ["school", "started_on", "ended_on", "registration", "leaving_reason", "notes"]
        labels = {
            "started_on": "Date joined",
            "ended_on": "Date left",
            "registration": "Registration type",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "ended_on"
        ].help_text = f"Leave blank if the child is still on roll. {DATE_HINT}"
        if self.instance.pk and not self.is_bound:
            self.initial["school"] = self.instance.school.urn
            # Hints are rendered as markup: escape the school's name.
            self.fields["school"].help_text = escape(f"Now: {self.instance.school}.")

    def clean(self):
        cleaned = super().clean()
        self.check_order(
            cleaned,
            "started_on",
            "ended_on",
            "Enter a leaving date on or after the date the child joined",
        )
        if cleaned.get("leaving_reason") and not cleaned.get("ended_on"):
            self.add_error(
                "ended_on", "Enter the date the child left, or remove the leaving reason"
            )
        return cleaned


# Care episodes ----------------------------------------------------------------------

CONFIDENTIAL_EPISODE_FIELDS = [
    "home_postcode",
    "placement_postcode",
    "placement_urn",
    "placement_address_confidential",
]


class CareEpisodeForm(RecordForm):
    required_messages = {
        "started_on": "Enter the date the episode started",
        "reason_new_episode": "Choose the reason for the new episode",
        "legal_status": "Choose the legal status",
        "category_of_need": "Choose the category of need",
        "placement_type": "Choose the placement type",
    }

    class Meta:
        model = CareEpisode
        fields = [
            "started_on",
            "reason_new_episode",
            "legal_status",
            "category_of_need",
            "placement_type",
            "placement_provider",
            "placement_la",
            "out_of_authority",
            "home_postcode",
            "placement_postcode",
            "placement_urn",
            "placement_address_confidential",
            "ended_on",
            "reason_ceased",
            "reason_placement_change",
        ]
        labels = {
            "reason_new_episode": "Reason for the new episode",
            "placement_la": "Local authority where the child is placed",
            "out_of_authority": "Placed outside the authority",
            "placement_urn": "Placement URN",
            "placement_address_confidential": "The placement address is confidential",
            "ended_on": "Date episode ceased",
            "reason_ceased": "Reason the episode ceased",
            "reason_placement_change": "Reason for the change of placement",
        }
        help_texts = {
            "placement_urn": "The Ofsted URN of a children's home or other registered setting.",
            "placement_address_confidential": "School staff and partners will not see the "
            "placement postcode or URN.",
        }
        widgets = {
            "home_postcode": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "placement_postcode": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "placement_urn": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # People who may not see confidential placement details cannot see or set them.
        if user is not None and not policy.sees_confidential_placement(user):
            for name in CONFIDENTIAL_EPISODE_FIELDS:
                self.fields.pop(name)
        for name in [
            "reason_new_episode",
            "legal_status",
            "category_of_need",
            "placement_type",
            "placement_provider",
            "reason_ceased",
            "reason_placement_change",
        ]:
            _with_codes(self.fields[name])
        self.fields["ended_on"].help_text = f"Leave blank if the episode is open. {DATE_HINT}"

    def clean(self):
        cleaned = super().clean()
        self.check_order(
            cleaned,
            "started_on",
            "ended_on",
            "Enter a date ceased on or after the date the episode started",
        )
        ended, reason = cleaned.get("ended_on"), cleaned.get("reason_ceased")
        if ended and not reason:
            self.add_error("reason_ceased", "Choose the reason the episode ceased")
        if reason and not ended and "ended_on" not in self.errors:
            self.add_error("ended_on", "Enter the date the episode ceased, or remove the reason")
        return cleaned


# Allocations --------------------------------------------------------------------------


class WorkerField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.role_label.lower()})"


class AllocationForm(RecordForm):
    worker = WorkerField(
        queryset=User.objects.filter(
            is_active=True, role__in=list(ROLE_FOR_KIND.values())
        ).order_by("full_name"),
        empty_label="Choose a worker",
        error_messages={"required": "Choose the worker to allocate"},
    )
    required_messages = {
        "kind": "Choose what the worker is allocated as",
        "started_on": "Enter the date the allocation starts",
    }

    class Meta:
        model = Allocation
        fields = ["kind", "worker", "started_on", "change_reason"]
        labels = {
            "kind": "Allocate as",
            "started_on": "Start date",
            "change_reason": "Reason for a change of social worker",
        }
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_on"].help_text = (
            "The current allocation of the same kind ends the day before. " + DATE_HINT
        )
        self.fields["change_reason"].help_text = "Only for social workers."

    def clean(self):
        cleaned = super().clean()
        kind, worker = cleaned.get("kind"), cleaned.get("worker")
        if kind and worker:
            expected = ROLE_FOR_KIND[kind]
            if worker.role != expected:
                self.add_error(
                    "worker",
                    f"Choose a {expected.label.lower()}: {worker.full_name} is a "
                    f"{worker.role_label.lower()}",
                )
        if kind == Allocation.Kind.CASEWORKER and cleaned.get("change_reason"):
            self.add_error("change_reason", "Leave the reason blank for a caseworker")
        return cleaned


class EndAllocationForm(forms.Form):
    ended_on = forms.DateField(
        label="End date",
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the date the allocation ends",
            "invalid": "Enter the end date as a real date, for example 27/3/2015",
        },
    )

    def __init__(self, *args, allocation: Allocation, **kwargs):
        super().__init__(*args, **kwargs)
        self.allocation = allocation
        self.fields["ended_on"].initial = timezone.localdate()

    def clean_ended_on(self):
        ended = self.cleaned_data["ended_on"]
        if ended < self.allocation.started_on:
            raise forms.ValidationError(
                "Enter an end date on or after the date the allocation started "
                f"({self.allocation.started_on:%d/%m/%Y})"
            )
        return ended


# Chronology ---------------------------------------------------------------------------


class CaseNoteForm(RecordForm):
    required_messages = {
        "summary": "Enter a summary of the note",
        "occurred_on": "Enter the date it happened",
    }

    class Meta:
        model = CaseNote
        fields = ["kind", "occurred_on", "summary", "body", "is_sensitive"]
        labels = {
            "kind": "Type of entry",
            "occurred_on": "Date",
            "body": "Details",
            "is_sensitive": "Sensitive note",
        }
        widgets = {"kind": forms.RadioSelect, "body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not policy.sees_sensitive_notes(user):
            self.fields.pop("is_sensitive")

    def clean_occurred_on(self):
        occurred = self.cleaned_data["occurred_on"]
        if occurred > timezone.localdate():
            raise forms.ValidationError("Enter a date that is today or in the past")
        return occurred


# Placements with carers -------------------------------------------------------------


class PlacementForm(RecordForm):
    """Adds a placement, or edits one when given its instance. Adding one can end the
    child's current placement, so the form then asks why that placement ended."""

    change_reason = forms.ChoiceField(
        label="Reason the current placement ended",
        required=False,
        choices=[("", "Choose a reason"), *codes.ReasonPlacementChange.choices],
        help_text=(
            "Needed if the child is moving from a current placement: that placement ends "
            "the day before this one starts."
        ),
    )
    required_messages = {
        "carer": "Choose the carer",
        "started_on": "Enter the date the placement started",
    }
    field_order = ["carer", "started_on", "change_reason", "ended_on", "end_reason"]

    class Meta:
        model = Placement
        fields = ["carer", "started_on", "ended_on", "end_reason"]
        labels = {
            "started_on": "Date the placement started",
            "ended_on": "Date the placement ended",
            "end_reason": "Reason the placement ended",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only carers the user may open, so a carer id typed into the request fails.
        self.fields["carer"].queryset = choosable_carers(user)
        self.fields["carer"].empty_label = "Choose a carer"
        self.fields["carer"].error_messages["invalid_choice"] = "Choose a carer from the list"
        self.fields["ended_on"].help_text = f"Leave blank if the child lives there now. {DATE_HINT}"
        _with_codes(self.fields["end_reason"])
        if self.instance.pk:
            del self.fields["change_reason"]
        else:
            _with_codes(self.fields["change_reason"])

    def clean(self):
        cleaned = super().clean()
        self.check_order(
            cleaned,
            "started_on",
            "ended_on",
            "Enter an end date on or after the date the placement started",
        )
        if cleaned.get("end_reason") and not cleaned.get("ended_on"):
            self.add_error("ended_on", "Enter the date the placement ended, or remove the reason")
        return cleaned


class EndPlacementForm(forms.Form):
    ended_on = forms.DateField(
        label="Date the placement ended",
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the date the placement ended",
            "invalid": "Enter the end date as a real date, for example 27/3/2015",
        },
    )
    end_reason = forms.ChoiceField(
        label="Reason the placement ended",
        choices=[("", "Choose a reason"), *codes.ReasonPlacementChange.choices],
        error_messages={"required": "Choose the reason the placement ended"},
    )

    def __init__(self, *args, placement: Placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement
        self.fields["ended_on"].initial = placement.ended_on or timezone.localdate()
        self.fields["end_reason"].initial = placement.end_reason
        _with_codes(self.fields["end_reason"])

    def clean_ended_on(self):
        ended = self.cleaned_data["ended_on"]
        if ended < self.placement.started_on:
            raise forms.ValidationError(
                "Enter an end date on or after the date the placement started "
                f"({self.placement.started_on:%d/%m/%Y})"
            )
        return ended
