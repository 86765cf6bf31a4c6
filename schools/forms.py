import re

from django import forms
from django.utils import timezone

from vsh.accounts.models import User
from vsh.accounts.roles import Role
from vsh.core.uploads import check_csv_file

from .models import DesignatedTeacher, Inspection, Phase, School

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d %m %Y", "%Y-%m-%d"]


def _date_field(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    # The form renderer adds "For example, 27/3/2014" when there is no other hint.
    field = forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(format="%d/%m/%Y"),
    )
    field.error_messages["invalid"] = (
        f"Enter the {label.lower()} as day/month/year, for example 27/3/2024."
    )
    return field


def _digits(value: str, count: int, message: str) -> str:
    value = (value or "").strip()
    if value and not re.fullmatch(rf"\d{{{count}}}", value):
        raise forms.ValidationError(message)
    return value


class SchoolForm(forms.ModelForm):
    """A school's Get Information About Schools details, for a setting not yet
    imported from GIAS or a correction between imports."""

    phase = forms.ChoiceField(
        label="Phase of education",
        required=False,
        choices=[("", "Not recorded")] + list(Phase.choices),
    )
    open_date = _date_field("Open date", required=False)
    close_date = _date_field("Close date", required=False)

    class Meta:
        model = School
        fields = [
            "urn",
            "name",
            "la_code",
            "la_name",
            "establishment_number",
            "establishment_type",
            "phase",
            "status",
            "statutory_low_age",
            "statutory_high_age",
            "head_name",
            "street",
            "town",
            "county",
            "postcode",
            "telephone",
            "website",
            "open_date",
            "close_date",
        ]
        labels = {
            "urn": "URN",
            "name": "School name",
            "la_code": "LA code",
            "la_name": "Local authority",
            "establishment_number": "Establishment number",
            "establishment_type": "Type of establishment",
            "status": "Status",
            "statutory_low_age": "Lowest statutory age",
            "statutory_high_age": "Highest statutory age",
            "head_name": "Headteacher",
            "street": "Street",
            "town": "Town",
            "county": "County",
            "postcode": "Postcode",
            "telephone": "Telephone",
            "website": "Website",
        }
        help_texts = {
            "urn": "The 6-digit unique reference number from Get Information About Schools.",
            "la_code": "The 3-digit DfE local authority number, for example 318.",
            "establishment_number": "4 digits. With the LA code it makes the LAESTAB.",
        }
        error_messages = {
            "urn": {"unique": "A school with this URN already exists."},
            "name": {"required": "Enter the school's name."},
        }

    def clean_urn(self):
        urn = (self.cleaned_data.get("urn") or "").strip()
        if not urn:
            raise forms.ValidationError("Enter the school's URN.")
        if not re.fullmatch(r"\d{6}", urn):
            raise forms.ValidationError("Enter a URN of 6 digits, for example 102345.")
        return urn

    def clean_la_code(self):
        return _digits(
            self.cleaned_data.get("la_code"), 3, "Enter an LA code of 3 digits, for example 318."
        )

    def clean_establishment_number(self):
        return _digits(
            self.cleaned_data.get("establishment_number"),
            4,
            "Enter an establishment number of 4 digits, for example 2001.",
        )

    def clean_postcode(self):
        return (self.cleaned_data.get("postcode") or "").strip().upper()

    def clean(self):
        data = super().clean()
        low, high = data.get("statutory_low_age"), data.get("statutory_high_age")
        if low is not None and high is not None and high < low:
            self.add_error(
                "statutory_high_age", "The highest age must be the same as or above the lowest age."
            )
        opened, closed = data.get("open_date"), data.get("close_date")
        if opened and closed and closed < opened:
            self.add_error("close_date", "The close date must be on or after the open date.")
        return data


SAFEGUARDING_CHOICES = [("", "Not recorded"), ("true", "Yes, met"), ("false", "No, not met")]


class InspectionForm(forms.ModelForm):
    inspected_on = _date_field("Date of inspection")
    framework = forms.ChoiceField(
        label="Inspection framework",
        choices=Inspection.Framework.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the inspection framework."},
    )
    overall_grade = forms.TypedChoiceField(
        label="Overall effectiveness",
        choices=list(Inspection.Grade.choices) + [("", "No overall grade")],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="Only inspections under the 2019 framework gave an overall grade.",
    )
    safeguarding_met = forms.TypedChoiceField(
        label="Were safeguarding arrangements effective?",
        choices=SAFEGUARDING_CHOICES,
        coerce=lambda v: v == "true",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    report_url = forms.URLField(
        label="Link to the report",
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={"invalid": "Enter a link like https://reports.ofsted.gov.uk/…"},
    )

    class Meta:
        model = Inspection
        fields = [
            "inspected_on",
            "framework",
            "overall_grade",
            "safeguarding_met",
            "summary",
            "report_url",
        ]
        labels = {"summary": "Headline judgements"}
        help_texts = {
            "summary": "For report cards and the 2024 framework, for example: "
            "Quality of education: good.",
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, school: School, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)
        # Both offer an explicit "none" answer, so "(optional)" would only add noise.
        self.fields["overall_grade"].show_optional = False
        self.fields["safeguarding_met"].show_optional = False
        self.fields["inspected_on"].error_messages["required"] = "Enter the date of the inspection."

    def clean_inspected_on(self):
        inspected_on = self.cleaned_data["inspected_on"]
        if inspected_on > timezone.localdate():
            raise forms.ValidationError("The date of the inspection must be today or in the past.")
        if Inspection.objects.filter(school=self.school, inspected_on=inspected_on).exists():
            raise forms.ValidationError("This school already has an inspection on that date.")
        return inspected_on

    def clean(self):
        data = super().clean()
        framework, grade = data.get("framework"), data.get("overall_grade")
        if grade is not None and framework and framework != Inspection.Framework.EIF_2019:
            self.add_error(
                "overall_grade",
                "Leave the overall grade empty: only the 2019 framework gave one.",
            )
        return data


class TeacherChoiceField(forms.ModelChoiceField):
    """Two teachers can share a name: the email tells them apart."""

    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})"


class DesignationForm(forms.Form):
    """Designate a teacher at a school: their access to its pupils follows the dates."""

    user = TeacherChoiceField(
        label="Designated teacher",
        queryset=User.objects.none(),
        empty_label="Choose a designated teacher",
        help_text="People with a designated teacher account. Invite them first if they have none.",
        error_messages={"required": "Choose the designated teacher."},
    )
    started_on = _date_field("Start date")
    ended_on = _date_field(
        "End date",
        required=False,
        help_text="Only for a designation that has already ended, for example 27/3/2024.",
    )
    is_lead = forms.BooleanField(
        label="The school's lead designated teacher (not a delegate)",
        required=False,
        initial=True,
    )

    def __init__(self, *args, school: School, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            role=Role.DESIGNATED_TEACHER, is_active=True
        ).order_by("full_name")
        self.fields["started_on"].error_messages["required"] = "Enter the start date."
        self.fields["started_on"].initial = timezone.localdate()

    def clean(self):
        # The service refuses overlapping designations; this is only the quick check.
        data = super().clean()
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", "The end date must be on or after the start date.")
        return data


class EndDesignationForm(forms.Form):
    ended_on = _date_field(
        "End date", help_text="The last day of the designation, for example 27/3/2024."
    )

    def __init__(self, *args, designation: DesignatedTeacher, **kwargs):
        self.designation = designation
        kwargs.setdefault("prefix", f"end-{designation.pk}")
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].label = f"End date for {designation.user}"
        self.fields["ended_on"].error_messages["required"] = "Enter the end date."
        self.fields["ended_on"].initial = timezone.localdate()

    def clean_ended_on(self):
        end = self.cleaned_data["ended_on"]
        if end < self.designation.started_on:
            raise forms.ValidationError(
                "The end date must be on or after the start date, "
                f"{self.designation.started_on:%d/%m/%Y}."
            )
        return end


class GiasUploadForm(forms.Form):
    file = forms.FileField(
        label="GIAS establishment CSV",
        required=False,
        help_text=(
            "The ‘all establishment data’ file downloaded from Get Information About Schools "
            "(edubasealldata). Schools are matched by URN."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked in clean_file, so its own message shows rather than the generic one.
        self.fields["file"].show_optional = False

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            raise forms.ValidationError("Select the GIAS CSV file to upload")
        check_csv_file(upload)
        return upload
