from django import forms

from .models import AuditEvent


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="Person (email)", required=False)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any")] + list(AuditEvent.Action.choices)
    )
    child = forms.CharField(label="Child's local ID", required=False)
    date_from = forms.DateField(label="From", required=False, help_text="For example, 1/9/2026")
    date_to = forms.DateField(label="To", required=False, help_text="For example, 31/12/2026")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return data
