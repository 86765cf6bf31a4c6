"""Filters for the caseload-wide PEP list."""

from django import forms
from django.forms.models import ModelChoiceIterator

from children.school_years import KEY_STAGES
from schools.models import School
from vsh.accounts.models import User
from vsh.core.filter_forms import FilterForm, choice_filter
from vsh.terms.models import Term

from .compliance import FIGURES, State

# "none" stands for children without a school place or without a caseworker, as the
# compliance dashboard's "No school" and "No caseworker" rows link.
NONE = "none"
NO_CASEWORKER_LABEL = "No caseworker allocated"
NO_SCHOOL_LABEL = "No school recorded"


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, term):
        return str(term)


class OrNoneIterator(ModelChoiceIterator):
    """The records, then "none"; read lazily, so the select costs one query."""

    def __iter__(self):
        yield from super().__iter__()
        yield (NONE, self.field.none_label)

    def __len__(self):
        return super().__len__() + 1


class OrNoneChoiceField(forms.ModelChoiceField):
    """A record, or "none" for children without one."""

    iterator = OrNoneIterator

    def __init__(self, *args, none_label: str, **kwargs):
        self.none_label = none_label
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value == NONE:
            return NONE
        return super().to_python(value)

    def validate(self, value):
        if value != NONE:
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
    school = OrNoneChoiceField(
        label="School",
        none_label=NO_SCHOOL_LABEL,
        queryset=School.objects.none(),
        required=False,
        empty_label="Any school",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    caseworker = OrNoneChoiceField(
        label="Caseworker",
        none_label=NO_CASEWORKER_LABEL,
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

    def shown(self, name: str, value):
        if value == NONE and isinstance(self.fields[name], OrNoneChoiceField):
            return self.fields[name].none_label
        return super().shown(name, value)
