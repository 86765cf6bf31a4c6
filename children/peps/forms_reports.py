"""Filters for the caseload-wide PEP list."""

from django import forms

from children.school_years import KEY_STAGES
from schools.models import School
from vsh.accounts.models import User
from vsh.terms.models import Term

from .compliance import FIGURES, State

NO_CASEWORKER = "none"


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, term):
        return str(term)


class CaseworkerChoiceField(forms.ModelChoiceField):
    """A caseworker, or "none" for children without one."""

    def to_python(self, value):
        if value == NO_CASEWORKER:
            return NO_CASEWORKER
        return super().to_python(value)

    def validate(self, value):
        if value != NO_CASEWORKER:
            super().validate(value)


class PepListFilterForm(forms.Form):
    term = TermChoiceField(
        label="Term",
        queryset=Term.objects.none(),
        required=False,
        empty_label=None,
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    status = forms.ChoiceField(
        label="PEP status",
        required=False,
        choices=[("", "Any status"), *State.choices],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    school = forms.ModelChoiceField(
        label="School",
        queryset=School.objects.none(),
        required=False,
        empty_label="Any school",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    caseworker = CaseworkerChoiceField(
        label="Caseworker",
        queryset=User.objects.none(),
        required=False,
        empty_label="Any caseworker",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    key_stage = forms.ChoiceField(
        label="Key stage",
        required=False,
        choices=[("", "Any key stage"), *KEY_STAGES],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    figure = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "Everyone who needs a PEP"), *FIGURES.items()],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    def __init__(self, *args, terms, schools, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms
        self.fields["school"].queryset = schools
        self.fields["caseworker"].queryset = caseworkers
        self.fields["caseworker"].widget.choices = [
            *self.fields["caseworker"].choices,
            (NO_CASEWORKER, "No caseworker allocated"),
        ]

    def filters(self) -> dict:
        """The valid filters; anything invalid is ignored rather than an error."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "") and name in self.fields
        }
