import re

from django import forms

from .models import Carer, CarerType

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d %m %Y", "%Y-%m-%d"]


class CarerForm(forms.ModelForm):
    carer_type = forms.ChoiceField(
        label="Type of carer",
        choices=CarerType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of carer."},
    )
    approved_on = forms.DateField(
        label="Date approved",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
        error_messages={
            "invalid": "Enter the date approved as day/month/year, for example 27/3/2024."
        },
    )

    class Meta:
        model = Carer
        fields = [
            "name",
            "carer_type",
            "agency",
            "address",
            "postcode",
            "address_confidential",
            "out_of_authority",
            "la_name",
            "phone",
            "email",
            "ofsted_urn",
            "approved_on",
            "training_notes",
        ]
        labels = {
            "name": "Name",
            "agency": "Agency or provider",
            "address": "Address",
            "postcode": "Postcode",
            "address_confidential": "The address is confidential",
            "la_name": "Local authority area",
            "out_of_authority": "Lives outside our authority",
            "phone": "Phone",
            "email": "Email address",
            "ofsted_urn": "Ofsted URN",
            "training_notes": "Training",
        }
        help_texts = {
            "address_confidential": "Hide the address from school staff and partners.",
            "ofsted_urn": "For children's homes and fostering agencies, for example SC123456.",
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "training_notes": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "name": {"required": "Enter the carers' names or the name of the home."},
            "email": {"invalid": "Enter an email address like name@example.org."},
        }

    def clean_postcode(self):
        return " ".join((self.cleaned_data.get("postcode") or "").upper().split())

    def clean_ofsted_urn(self):
        urn = (self.cleaned_data.get("ofsted_urn") or "").strip().upper()
        if urn and not re.fullmatch(r"(SC|EY)?\d{6,7}", urn):
            raise forms.ValidationError("Enter an Ofsted URN like SC123456, or leave it empty.")
        return urn

    def clean(self):
        data = super().clean()
        if data.get("carer_type") == CarerType.AGENCY_FOSTER and not data.get("agency"):
            self.add_error("agency", "Enter the independent fostering agency.")
        if data.get("out_of_authority") and not data.get("la_name"):
            self.add_error("la_name", "Enter the local authority area the carer lives in.")
        return data
