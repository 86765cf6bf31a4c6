"""Forms that filter a list from its query string."""

from django import forms


def choice_filter(label: str, any_label: str, choices) -> forms.ChoiceField:
    """A select of `choices` whose first option, `any_label`, leaves the list as it is."""
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", any_label), *choices],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )


class FilterForm(forms.Form):
    """The filters of a list, read from its query string."""

    def filters(self) -> dict:
        """The valid filters; a value that does not fit is ignored, not an error page."""
        if not self.is_bound:
            return {}
        self.is_valid()
        # Identity checks: Reception is year 0, which equals False.
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value is not None and value is not False and value != ""
        }

    def selected(self, query, filters: dict, *, leave_out=()) -> list[dict]:
        """The filters applied, for the tags that remove them one at a time: each with
        its label, its value as people read it, and `query` without it or a page."""
        tags = []
        for name, value in filters.items():
            if name in leave_out:
                continue
            without = query.copy()
            for key in (name, "page"):
                without.pop(key, None)
            tags.append(
                {
                    "label": self.fields[name].label,
                    "value": self.shown(name, value),
                    "without": without,
                }
            )
        return tags

    def shown(self, name: str, value):
        """A filter's value as people read it: a record's name, or a choice's label."""
        if hasattr(value, "pk"):
            return str(value)
        field = self.fields[name]
        if hasattr(field, "choices"):
            return dict(field.choices).get(value, value)
        return value
