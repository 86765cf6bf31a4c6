from datetime import timedelta

from django import forms
from django.utils import timezone

from vsh.accounts.models import User
from vsh.accounts.roles import Role

from .models import AccessGrant


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Person",
        queryset=User.objects.none(),
        help_text="Partner professionals and other staff without access through their role.",
    )
    level = forms.ChoiceField(
        label="Access",
        choices=AccessGrant.Level.choices,
        widget=forms.RadioSelect,
        initial=AccessGrant.Level.VIEW,
    )
    reason = forms.CharField(
        label="Reason", max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = forms.DateField(
        label="Access starts on",
        required=False,
        help_text="Leave as today, or choose a later day: for example the day the child "
        "moves into another authority's area.",
    )
    expires_on = forms.DateField(
        label="Access ends on",
        help_text="For example, 31/03/2027. At most a year after access starts.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True)
            .exclude(role__in=[Role.HEAD, Role.MANAGER])
            .order_by("full_name")
        )
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.full_name} ({u.role_label}{', ' + u.organisation if u.organisation else ''})"
        )
        if not self.is_bound:
            self.initial.setdefault("starts_on", timezone.localdate())
            self.initial.setdefault("expires_on", timezone.localdate() + timedelta(days=90))

    def clean_starts_on(self):
        value = self.cleaned_data["starts_on"] or timezone.localdate()
        if value < timezone.localdate():
            raise forms.ValidationError("The start date must be today or later.")
        return value

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        if value < timezone.localdate():
            raise forms.ValidationError("The end date must be today or later.")
        return value
