"""Forms for the data pages: SSDA903 and GIAS uploads, and the SSDA903 export."""

from django import forms
from django.utils import timezone

from vsh.core import uploads

from .ssda903.exporter import FIRST_YEAR
from .ssda903.parse import collection_year_of, period, year_label

MAX_903_FILES = 20


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input, as Django's documentation shows."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,text/csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else single(data, initial)


def _needed(field: forms.Field) -> forms.Field:
    """A field checked for an answer in the form's clean method, so its own message
    is shown rather than the generic one for a blank required field."""
    field.required = False
    field.show_optional = False
    return field


class Ssda903UploadForm(forms.Form):
    files = _needed(
        MultipleFileField(
            label="SSDA903 CSV files",
            help_text=(
                "Select all the files of the extract at once. header.csv is needed; add "
                "episodes.csv, reviews.csv, uasc.csv, oc2.csv, missing.csv, prev_perm.csv and "
                "sw_episodes.csv as you have them. Dates must be written dd/mm/yyyy."
            ),
        )
    )

    def clean_files(self):
        files = [f for f in self.cleaned_data["files"] or [] if f]
        if not files:
            raise forms.ValidationError("Select the SSDA903 CSV files to upload")
        if len(files) > MAX_903_FILES:
            raise forms.ValidationError(f"Upload at most {MAX_903_FILES} files at once.")
        for upload in files:
            uploads.check_csv_file(upload)
        return files


class ConfirmPartialImportForm(uploads.ConfirmGoodRowsForm):
    """An SSDA903 extract's tables hang together, so rows linked to a bad row are held
    back with it: the confirmation says so."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = (
            "I understand that the rows with errors, and the rows held back with them, "
            "will not be imported"
        )


def collection_year_choices(today=None) -> list[tuple[int, str]]:
    latest = collection_year_of(today or timezone.localdate())
    choices = []
    for year in range(latest, FIRST_YEAR - 1, -1):
        start, end = period(year)
        choices.append((year, f"{year_label(year)} (1 April {start.year} to 31 March {end.year})"))
    return choices


class Ssda903ExportForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Collection year",
        coerce=int,
        widget=forms.RadioSelect,
        help_text="The return covers children looked after between 1 April and 31 March.",
        error_messages={"required": "Select the collection year"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = collection_year_choices()
        self.fields["year"].choices = choices
        # The last year that has ended is the one usually returned.
        self.fields["year"].initial = choices[1][0] if len(choices) > 1 else choices[0][0]
