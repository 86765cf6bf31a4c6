"""Forms for Pupil Premium Plus requests made in a PEP."""

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator

from children.forms import RecordForm

from .models import PupilPremiumRequest


class PupilPremiumRequestForm(RecordForm):
    required_messages = {
        "target": "Select the target this request is for",
        "amount": "Enter the amount requested",
        "purpose": "Enter what the money will pay for",
    }

    class Meta:
        model = PupilPremiumRequest
        fields = ["target", "amount", "purpose"]
        labels = {
            "target": "The target it supports",
            "amount": "Amount requested, in pounds",
            "purpose": "What it will pay for",
        }
        help_texts = {
            "purpose": "For example: 12 weekly sessions of one-to-one reading tuition.",
        }
        widgets = {"target": forms.RadioSelect}

    def __init__(self, *args, pep, **kwargs):
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        target.required = True
        target.empty_label = None
        target.queryset = pep.targets.filter(carried_from__isnull=True)
        target.label_from_instance = lambda t: f"{t.get_area_display()}: {t.description}"
        amount = self.fields["amount"]
        amount.validators.append(
            MinValueValidator(Decimal("0.01"), message="The amount must be more than £0")
        )
        amount.widget.attrs.update({"inputmode": "decimal", "class": "govuk-input--width-10"})
        amount.error_messages.update(
            {
                "invalid": "Enter the amount as a number of pounds, for example 450 or 450.50",
                "max_decimal_places": "Enter the amount in pounds and pence, for example 450.50",
            }
        )
