"""Forms for recording attendance, attainment, suspensions, SDQ scores and
celebrations, and for the CSV uploads. They check what one form can see; checks
against the child's other records are in services.py."""

from django import forms
from django.utils import timezone

from children.codes import SdqReason
from children.forms import DATE_FORMATS, DATE_HINT
from children.models import SdqAssessment

from . import codes, services
from .models import Celebration

MAX_FILE_BYTES = 10 * 1024 * 1024


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    field = forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text or DATE_HINT,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"inputmode": "numeric", "autocomplete": "off"}
        ),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a real date, for example 27/3/2025",
        },
    )
    return field


def sessions_field(label: str, *, required: bool = False, help_text: str = "") -> forms.Field:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=999,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-4", "autocomplete": "off"}
        ),
        error_messages={
            "required": f"Enter the number of {label.lower()}, such as 38",
            "invalid": f"Enter {label.lower()} as a whole number of sessions, such as 38",
            "min_value": f"Enter {label.lower()} as a whole number of sessions, such as 38",
            "max_value": f"Enter {label.lower()} as a whole number of sessions, such as 38",
        },
    )


def _codes_in(group: str) -> str:
    found = [code for code, (g, _) in codes.ATTENDANCE_CODES.items() if g == group]
    return ", ".join(found[:-1]) + f" and {found[-1]}" if len(found) > 1 else found[0]


def _with_codes(choices) -> list[tuple[str, str]]:
    return [(value, f"{value}: {label}") for value, label in choices]


def _not_in_future(value, what: str):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"Enter {what} that is today or in the past")
    return value


# Attendance ------------------------------------------------------------------------


class AttendanceForm(forms.Form):
    period_start = date_field(
        "Period start", help_text="The first day of the period, for example 8/9/2025"
    )
    period_end = date_field(
        "Period end", help_text="The last day of the period, for example 12/9/2025"
    )
    school = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose the school",
        error_messages={"required": "Choose the school the attendance is for"},
    )
    possible_sessions = sessions_field(
        "Possible sessions",
        required=True,
        help_text="Two sessions a day, morning and afternoon, not counting the codes below "
        "that are outside possible sessions.",
    )
    present = sessions_field(
        "Present sessions",
        required=True,
        help_text=f"Codes {_codes_in(codes.AttendanceGroup.PRESENT)}.",
    )
    approved_activity = sessions_field(
        "Approved educational activity",
        help_text=f"Codes {_codes_in(codes.AttendanceGroup.APPROVED_ACTIVITY)}: these count "
        "as attendance.",
    )
    authorised_absence = sessions_field(
        "Authorised absence",
        help_text=f"Codes {_codes_in(codes.AttendanceGroup.AUTHORISED)}.",
    )
    unauthorised_absence = sessions_field(
        "Unauthorised absence",
        help_text=f"Codes {_codes_in(codes.AttendanceGroup.UNAUTHORISED)}.",
    )
    not_counted = sessions_field(
        "Not counted in possible sessions",
        help_text=f"Codes {_codes_in(codes.AttendanceGroup.NOT_COUNTED)}.",
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools

    def clean(self):
        cleaned = super().clean()
        for name in ("approved_activity", "authorised_absence", "unauthorised_absence"):
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = 0
        if cleaned.get("not_counted") is None and "not_counted" not in self.errors:
            cleaned["not_counted"] = 0
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Enter a period end on or after the period start")
            return cleaned
        if start and start > timezone.localdate():
            self.add_error("period_start", "Enter a period that has started")
        numbers = [
            cleaned.get(name)
            for name in (
                "present",
                "approved_activity",
                "authorised_absence",
                "unauthorised_absence",
                "possible_sessions",
            )
        ]
        if None in numbers:
            return cleaned
        problem = services.sessions_add_up_problem(*numbers)
        if problem:
            self.add_error("possible_sessions", problem)
        elif start and end:
            problem = services.most_sessions_problem(
                start, end, cleaned["possible_sessions"] + cleaned["not_counted"]
            )
            if problem:
                self.add_error("possible_sessions", problem)
        return cleaned

    def record_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.ATTENDANCE_FIELDS}


# Assessments -----------------------------------------------------------------------


class TermField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


# Coded scales show their values beside the measure; numeric ones say their range.
MEASURE_CHOICES = [
    (value, f"{label}: {codes.describe_scale(value)}" if codes.valid_values(value) else label)
    for value, label in codes.Measure.choices
]
VALUE_WHAT = {"actual": "actual result", "predicted": "prediction", "target": "target"}


class AssessmentForm(forms.Form):
    term = TermField(
        queryset=None,
        empty_label="Choose the term",
        error_messages={"required": "Choose the term of the assessment"},
    )
    subject = forms.ChoiceField(
        choices=[("", "Choose the subject"), *codes.Subject.choices],
        error_messages={"required": "Choose the subject"},
    )
    subject_name = forms.CharField(
        label="Name of the subject",
        required=False,
        max_length=80,
        help_text="Only for ‘Other subject’.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    measure = forms.ChoiceField(
        label="Measure",
        choices=MEASURE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the measure the result is on"},
    )
    actual = forms.CharField(
        label="Actual result",
        required=False,
        max_length=8,
        help_text="On the measure's scale, such as EXS, expected, 104 or 6.",
    )
    predicted = forms.CharField(label="Predicted result", required=False, max_length=8)
    target = forms.CharField(label="Target", required=False, max_length=8)

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms
        for name in services.ASSESSMENT_VALUES:
            self.fields[name].widget.attrs.update(
                {"class": "govuk-input--width-5", "autocomplete": "off", "spellcheck": "false"}
            )

    def clean(self):
        cleaned = super().clean()
        measure = cleaned.get("measure")
        if cleaned.get("subject") == codes.Subject.OTHER:
            if not cleaned.get("subject_name", "").strip():
                self.add_error("subject_name", "Enter the name of the subject")
        else:
            cleaned["subject_name"] = ""
        cleaned["subject_name"] = cleaned.get("subject_name", "").strip()
        if not measure:
            return cleaned
        for name in services.ASSESSMENT_VALUES:
            value = codes.normalise_value(measure, cleaned.get(name, ""))
            cleaned[name] = value
            if codes.check_value(measure, value):
                self.add_error(name, codes.value_message(measure, VALUE_WHAT[name]))
        if not any(cleaned.get(name) for name in services.ASSESSMENT_VALUES) and not any(
            name in self.errors for name in services.ASSESSMENT_VALUES
        ):
            self.add_error(
                "actual", "Enter an actual, predicted or target result: at least one is needed"
            )
        return cleaned

    def record_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.ASSESSMENT_FIELDS}


# Suspensions and permanent exclusions ----------------------------------------------


class SuspensionForm(forms.Form):
    category = forms.ChoiceField(
        label="Type",
        choices=codes.ExclusionCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose suspension or permanent exclusion"},
    )
    school = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose the school",
        error_messages={"required": "Choose the school that excluded the child"},
    )
    starts_on = date_field("Start date")
    sessions = sessions_field(
        "Sessions",
        help_text="How many half-day sessions the suspension lasts: 2 for each school day. "
        "Leave blank for a permanent exclusion.",
    )
    reason = forms.ChoiceField(
        label="Reason",
        choices=[("", "Choose the reason"), *_with_codes(codes.ExclusionReason.choices)],
        error_messages={"required": "Choose the reason given by the school"},
    )
    second_reason = forms.ChoiceField(
        label="Second reason",
        required=False,
        choices=[("", "None"), *_with_codes(codes.ExclusionReason.choices)],
    )
    third_reason = forms.ChoiceField(
        label="Third reason",
        required=False,
        choices=[("", "None"), *_with_codes(codes.ExclusionReason.choices)],
    )
    alternative_provision = forms.CharField(
        label="Alternative provision",
        required=False,
        max_length=200,
        help_text="Where the child is taught from the sixth school day. The school arranges "
        "it for a suspension of more than 5 days, counting together suspensions with no "
        "school day between them; the local authority for a permanent exclusion.",
    )
    alternative_provision_from = date_field(
        "Alternative provision starts", required=False, help_text=DATE_HINT
    )
    governors_review_on = date_field(
        "Governors' review",
        required=False,
        help_text="The date governors considered, or will consider, the exclusion. " + DATE_HINT,
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools

    def clean(self):
        cleaned = super().clean()
        category, sessions = cleaned.get("category"), cleaned.get("sessions")
        if category == codes.ExclusionCategory.SUSPENSION and "sessions" not in self.errors:
            if not sessions:
                self.add_error(
                    "sessions",
                    "Enter how many sessions the suspension lasts: 2 for each school day",
                )
            elif sessions > codes.MAX_SUSPENSION_SESSIONS:
                self.add_error(
                    "sessions",
                    f"Enter at most {codes.MAX_SUSPENSION_SESSIONS} sessions: a pupil can be "
                    "suspended for no more than 45 school days in a school year",
                )
        if category == codes.ExclusionCategory.PERMANENT and sessions is not None:
            self.add_error("sessions", "Leave the sessions blank for a permanent exclusion")
        reasons = [cleaned.get(n) for n in ("reason", "second_reason", "third_reason")]
        if reasons[2] and not reasons[1]:
            self.add_error("second_reason", "Choose a second reason before a third")
        given = [r for r in reasons if r]
        if len(given) != len(set(given)):
            self.add_error("second_reason", "Choose each reason once")
        starts = cleaned.get("starts_on")
        provision_from = cleaned.get("alternative_provision_from")
        if provision_from and not cleaned.get("alternative_provision", "").strip():
            self.add_error(
                "alternative_provision", "Enter where the child is taught from that date"
            )
        if starts and provision_from and provision_from < starts:
            self.add_error(
                "alternative_provision_from",
                "Enter a date on or after the start of the suspension or exclusion",
            )
        review = cleaned.get("governors_review_on")
        if starts and review and review < starts:
            self.add_error(
                "governors_review_on",
                "Enter a review date on or after the start of the suspension or exclusion",
            )
        return cleaned

    def record_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in services.SUSPENSION_FIELDS}
        if data["category"] == codes.ExclusionCategory.PERMANENT:
            data["sessions"] = None
        return data


# SDQ scores and celebrations --------------------------------------------------------


class SdqForm(forms.Form):
    assessed_on = date_field("Date completed")
    informant = forms.ChoiceField(
        label="Who completed it",
        choices=SdqAssessment.Informant.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who completed the questionnaire"},
    )
    score = forms.IntegerField(
        label="Total difficulties score",
        required=False,
        min_value=0,
        max_value=40,
        help_text="From 0 to 40. Leave blank if the questionnaire was not completed.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter the score as a whole number from 0 to 40",
            "min_value": "Enter the score as a whole number from 0 to 40",
            "max_value": "Enter the score as a whole number from 0 to 40",
        },
    )
    reason_not_completed = forms.ChoiceField(
        label="Reason it was not completed",
        required=False,
        choices=[("", "Not applicable: there is a score"), *_with_codes(SdqReason.choices)],
    )

    def clean_assessed_on(self):
        return _not_in_future(self.cleaned_data["assessed_on"], "a date")

    def clean(self):
        cleaned = super().clean()
        score, reason = cleaned.get("score"), cleaned.get("reason_not_completed")
        if "score" in self.errors:
            return cleaned
        if score is None and not reason:
            self.add_error(
                "score", "Enter the score from 0 to 40, or choose why it was not completed"
            )
        if score is not None and reason:
            self.add_error(
                "reason_not_completed",
                "Remove the reason, or the score: a questionnaire has one or the other",
            )
        return cleaned


class CelebrationForm(forms.Form):
    achieved_on = date_field("Date")
    title = forms.CharField(
        label="What the child achieved",
        max_length=150,
        error_messages={"required": "Enter what the child achieved"},
    )
    description = forms.CharField(
        label="More about it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    nominated_by = forms.ChoiceField(
        label="Who is celebrating it",
        choices=Celebration.From.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who is celebrating it"},
    )

    def clean_achieved_on(self):
        return _not_in_future(self.cleaned_data["achieved_on"], "a date")


# Uploads ---------------------------------------------------------------------------


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].show_optional = False
        if schools is not None:
            self.fields["school"] = forms.ModelChoiceField(
                queryset=schools,
                label="School",
                empty_label="Choose the school",
                help_text="The school whose register the file comes from.",
                error_messages={"required": "Choose the school the file comes from"},
            )
            self.order_fields(["school", "file"])

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            raise forms.ValidationError("Choose the CSV file to upload")
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(
                f"{upload.name} is not a CSV file. Save it from your spreadsheet as "
                "‘CSV (comma delimited)’ and upload that"
            )
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(f"{upload.name} is larger than 10 MB. Split it in two")
        return upload
