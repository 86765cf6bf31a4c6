"""Uploaded CSV files: reading their text, and keeping them between the report of
their check and the person's confirmation, so that the confirmation saves exactly
what was checked.

Kept files go to the default storage under a random token that only the uploading
session knows. Files never confirmed are removed a day later, when someone next
uploads to the same folder.

When a check finds bad rows, nothing is saved; `offer_good_rows` keeps the file and
gives the form that lets the person save the good rows once they have read the
report and agreed to leave the bad ones out."""

import secrets
from datetime import timedelta

from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

KEPT_FOR = timedelta(days=1)
MAX_CSV_BYTES = 50 * 1024 * 1024


def decode_csv(content: bytes) -> str:
    """UTF-8 (with or without the BOM Excel adds), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def check_csv_file(upload) -> None:
    """Refuse, with a message a person understands, anything but a CSV file of a
    sensible size."""
    if not upload.name.lower().endswith(".csv"):
        raise forms.ValidationError(f"{upload.name} is not a CSV file. Upload .csv files only.")
    if upload.size > MAX_CSV_BYTES:
        raise forms.ValidationError(f"{upload.name} is larger than 50 MB.")


def keep(request, key: str, folder: str, files: list[tuple[str, bytes]], **details) -> str:
    """Keep `files` (name, content) for this session under `key`, with `details`;
    return the token the confirmation sends back. Replaces what `key` held before."""
    discard(request, key)
    discard_stale(folder)
    token = secrets.token_urlsafe(24)
    stored = [
        [default_storage.save(f"{folder}/{token}/{index:02d}.csv", ContentFile(content)), name]
        for index, (name, content) in enumerate(files)
    ]
    request.session[key] = {**details, "token": token, "files": stored}
    return token


def kept(request, key: str, token: str) -> dict | None:
    """The upload kept under `key` if `token` is its token: its details and its
    `files` as (name, content); None when the token is wrong or the files are gone."""
    upload = request.session.get(key)
    if not upload or not token or not secrets.compare_digest(upload["token"], token):
        return None
    if not upload.get("files"):
        return None
    files = []
    for path, name in upload["files"]:
        if not default_storage.exists(path):
            return None
        with default_storage.open(path, "rb") as stored:
            files.append((name, stored.read()))
    return {**upload, "files": files}


def discard(request, key: str) -> None:
    upload = request.session.pop(key, None)
    for path, _name in (upload or {}).get("files", []):
        default_storage.delete(path)


def discard_stale(folder: str) -> None:
    """Remove files of uploads that were never confirmed."""
    cutoff = timezone.now() - KEPT_FOR
    try:
        tokens, _ = default_storage.listdir(folder)
        for token in tokens:
            _, names = default_storage.listdir(f"{folder}/{token}")
            for name in names:
                path = f"{folder}/{token}/{name}"
                if default_storage.get_modified_time(path) < cutoff:
                    default_storage.delete(path)
    except (FileNotFoundError, NotImplementedError):
        return


class ConfirmGoodRowsForm(forms.Form):
    """Sent back with the report of a checked upload: the token of the kept file and,
    when the check found bad rows, the person's word that they will be left out.
    Imports that always ask before saving pass `needs_confirmation=False` for a
    file with no bad rows: then only the token is sent."""

    token = forms.CharField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        required=False, label="I understand that the rows with errors will not be imported"
    )

    def __init__(self, *args, needs_confirmation: bool = True, faults: str = "errors", **kwargs):
        """`faults` is the word the report uses for what is wrong with a row."""
        super().__init__(*args, **kwargs)
        self.faults = faults
        if not needs_confirmation:
            del self.fields["confirm"]
        else:
            self.fields[
                "confirm"
            ].label = f"I understand that the rows with {faults} will not be imported"

    def clean_confirm(self):
        if not self.cleaned_data.get("confirm"):
            raise forms.ValidationError(
                f"Confirm that the rows with {self.faults} will not be imported"
            )
        return True


def offer_good_rows(
    request, key: str, folder: str, files: list[tuple[str, bytes]], *, good_rows: int, **details
) -> ConfirmGoodRowsForm | None:
    """After a check that saved nothing because some rows are bad: keep `files` under
    `key` and return the form that offers to save the `good_rows`. With no good rows
    there is nothing to offer, and any earlier upload under `key` is forgotten."""
    if not good_rows:
        discard(request, key)
        return None
    token = keep(request, key, folder, files, **details)
    return ConfirmGoodRowsForm(initial={"token": token})
