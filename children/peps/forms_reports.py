"""Filters for the caseload-wide PEP list."""

from django import forms

from children.school_years import KEY_STAGES
from schools.models import School
from vsh.accounts.models import User
from vsh.core.filter_forms import FilterForm, choice_filter
from vsh.terms.models import Term

from .compliance import FIGURES, State

NO_CASEWORKER = "none"
NO_CASEWORKER_LABEL = "No caseworker allocated"


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


class PepListFilterForm(FilterForm):
    term = TermChoiceField(
        label="Term",
        queryset=Term.objects.none(),
        required=False,
        empty_label=None,
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    status = choice_filter("PEP status", "Any status", State.choices)
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
    key_stage = choice_filter("Key stage", "Any key stage", KEY_STAGES)
    figure = choice_filter("Show", "Everyone who needs a PEP", FIGURES.items())

    def __init__(self, *args, terms, schools, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms
        self.fields["school"].queryset = schools
        self.fields["caseworker"].queryset = caseworkers
        self.fields["caseworker"].widget.choices = [
            *self.fields["caseworker"].choices,
            (NO_CASEWORKER, NO_CASEWORKER_LABEL),
        ]

    def shown(self, name: str, value):
        if name == "caseworker" and value == NO_CASEWORKER:
            return NO_CASEWORKER_LABEL
        return super().shown(name, value)
