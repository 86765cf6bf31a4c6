"""Forms for the school calendar: an academic year's term dates, and the days that
are not working days (from which PEP deadlines are counted)."""

from django import forms

from .models import NonWorkingDay, Season

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d %m %Y"]
DATE_HINT = "For example, 1/9/2026"
TERM_FIELDS = [
    ("starts_on", "First day of term", True),
    ("ends_on", "Last day of term", True),
    ("half_term_starts_on", "First day of half-term", False),
    ("half_term_ends_on", "Last day of half-term", False),
]


def _date_field(label: str, required: bool) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a real date, for example 1/9/2026",
        },
    )


class TermDatesForm(forms.Form):
    """The three terms of one academic year, checked together: each term inside the
    year, in order, not overlapping, with its half-term inside it."""

    def __init__(self, *args, year, **kwargs):
        self.year = year
        self.terms = {term.season: term for term in year.terms.all()}
        initial = kwargs.pop("initial", None) or {}
        for season, term in self.terms.items():
            for name, _, _ in TERM_FIELDS:
                initial.setdefault(f"{season}_{name}", getattr(term, name))
        super().__init__(*args, initial=initial, **kwargs)
        for season, season_label in Season.choices:
            for name, label, required in TERM_FIELDS:
                field = _date_field(label, required)
                # Messages name the term, as the error summary lists all three together.
                which = label.lower().replace(" term", f" the {season_label.lower()} term")
                if "half-term" in which:
                    which += f" ({season_label.lower()} term)"
                field.error_messages["required"] = f"Enter the {which}"
                field.error_messages["invalid"] = (
                    f"Enter the {which} as a real date, for example 1/9/2026"
                )
                self.fields[f"{season}_{name}"] = field

    def seasons(self) -> list[dict]:
        """The fields grouped by term, for the page's fieldsets."""
        return [
            {
                "season": season,
                "label": f"{label} term",
                "fields": [self[f"{season}_{name}"] for name, _, _ in TERM_FIELDS],
            }
            for season, label in Season.choices
        ]

    def clean(self):
        data = super().clean()
        year = self.year
        previous = None
        for season, label in Season.choices:
            key = f"{season}_"
            starts, ends = data.get(key + "starts_on"), data.get(key + "ends_on")
            half_start = data.get(key + "half_term_starts_on")
            half_end = data.get(key + "half_term_ends_on")
            if not (starts and ends):
                previous = None
                continue
            if ends <= starts:
                self.add_error(
                    key + "ends_on", f"The {label.lower()} term must end after it starts"
                )
                continue
            if starts < year.starts_on or ends > year.ends_on:
                self.add_error(
                    key + "starts_on" if starts < year.starts_on else key + "ends_on",
                    f"The {label.lower()} term must be within the academic year "
                    f"{year.name} ({year.starts_on:%-d/%-m/%Y} to {year.ends_on:%-d/%-m/%Y})",
                )
            if previous is not None and starts <= previous[1]:
                self.add_error(
                    key + "starts_on",
                    f"The {label.lower()} term must start after the {previous[0].lower()} "
                    f"term ends ({previous[1]:%-d/%-m/%Y})",
                )
            if (
                key + "half_term_starts_on" in self.errors
                or key + "half_term_ends_on" in self.errors
            ):
                pass  # already told what is wrong with the date as typed
            elif bool(half_start) != bool(half_end):
                missing = key + ("half_term_ends_on" if half_start else "half_term_starts_on")
                self.add_error(missing, f"Enter both {label.lower()} half-term dates, or neither")
            elif half_start and half_end:
                if half_end < half_start:
                    self.add_error(
                        key + "half_term_ends_on",
                        f"The {label.lower()} half-term must end on or after it starts",
                    )
                elif half_start <= starts or half_end >= ends:
                    self.add_error(
                        key + "half_term_starts_on",
                        f"The {label.lower()} half-term must fall within the {label.lower()} term",
                    )
            previous = (label, ends)
        return data

    def term_values(self) -> dict[str, dict]:
        """Cleaned dates per season, for the service."""
        return {
            season: {name: self.cleaned_data.get(f"{season}_{name}") for name, _, _ in TERM_FIELDS}
            for season, _ in Season.choices
        }


class NonWorkingDayForm(forms.ModelForm):
    date = _date_field("Date", True)

    class Meta:
        model = NonWorkingDay
        fields = ["date", "name"]
        labels = {"name": "What the day is"}
        help_texts = {"name": "For example, Christmas Day or Staff training day."}
        error_messages = {"name": {"required": "Enter what the day is"}}

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day.weekday() >= 5:
            raise forms.ValidationError(
                f"{day:%A %-d %B %Y} is a weekend day, which is never a working day"
            )
        existing = NonWorkingDay.objects.filter(date=day).first()
        if existing is not None:
            raise forms.ValidationError(
                f"{day:%-d %B %Y} is already a non-working day ({existing.name})"
            )
        return day
