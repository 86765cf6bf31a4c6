from django import forms
from django.contrib.auth import password_validation

from schools.models import School

from .models import Team, User
from .roles import Role


class InvitationForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(label="Role", choices=Role.choices, widget=forms.RadioSelect)
    job_title = forms.CharField(label="Job title (optional)", max_length=120, required=False)
    organisation = forms.CharField(
        label="Organisation (optional)",
        max_length=150,
        required=False,
        help_text="For partner professionals: their service or authority.",
    )
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.all(),
        required=False,
        help_text="Social workers belong to a team.",
    )
    schools = forms.ModelMultipleChoiceField(
        label="Schools",
        queryset=School.objects.all(),
        required=False,
        help_text="Designated teachers see the looked-after pupils on these schools' rolls.",
    )

    def __init__(self, *args, inviter: User, **kwargs):
        super().__init__(*args, **kwargs)
        if inviter.role != Role.HEAD and not inviter.is_superuser:
            # Only the head can create another head.
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.HEAD]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Someone already has an account with this email address.")
        return email

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.DESIGNATED_TEACHER and not data.get("schools"):
            self.add_error(
                "schools", "Choose the school or schools this designated teacher works for."
            )
        if role == Role.SOCIAL_WORKER and not data.get("team"):
            self.add_error("team", "Choose the social worker's team.")
        return data


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. Avoid common words and your name.",
    )
    password2 = forms.CharField(
        label="Confirm password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The passwords do not match.")
        elif p1:
            probe = User(email=self.invitation.email, full_name=self.invitation.full_name)
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "service"]
        labels = {"name": "Team name", "service": "Service (optional)"}
        error_messages = {"name": {"unique": "There is already a team with this name."}}
