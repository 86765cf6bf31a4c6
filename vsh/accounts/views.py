from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from vsh.core.form_views import save_and_redirect

from . import services
from .forms import AcceptInvitationForm, InvitationForm, TeamForm
from .models import Invitation, Team, User
from .roles import Role


def _require_manager(request):
    if not request.user.can_manage:
        raise PermissionDenied


def user_list(request):
    _require_manager(request)
    role = request.GET.get("role", "")
    users = User.objects.select_related("team").annotate(
        school_count=Count("designations", filter=Q(designations__ended_on__isnull=True))
    )
    if role in Role.values:
        users = users.filter(role=role)
    invitations = Invitation.objects.filter(status=Invitation.Status.PENDING).select_related(
        "invited_by"
    )
    return render(
        request,
        "accounts/user_list.html",
        {
            "users": users,
            "invitations": invitations,
            "roles": Role.choices,
            "role": role,
        },
    )


def invite(request):
    _require_manager(request)
    form = InvitationForm(request.POST or None, inviter=request.user)
    return save_and_redirect(
        request,
        form,
        lambda: services.invite_user(invited_by=request.user, **form.cleaned_data),
        success=lambda invitation: f"Invitation sent to {invitation.email}.",
        to="user_list",
    ) or render(request, "accounts/invite.html", {"form": form})


@require_POST
def revoke_invitation(request, pk):
    _require_manager(request)
    invitation = get_object_or_404(Invitation, pk=pk, status=Invitation.Status.PENDING)
    services.revoke_invitation(invitation=invitation, by=request.user)
    messages.success(request, f"Invitation for {invitation.email} withdrawn.")
    return redirect("user_list")


@require_POST
def set_active(request, pk):
    _require_manager(request)
    person = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_active(user=person, active=active, by=request.user)
    except services.InvitationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{person}'s account is {'on' if active else 'switched off'}.")
    return redirect("user_list")


def teams(request):
    _require_manager(request)
    form = TeamForm(request.POST or None)
    return save_and_redirect(
        request,
        form,
        lambda: services.create_team(by=request.user, **form.cleaned_data),
        success=lambda team: f"Team {team.name} added.",
        to="teams",
    ) or render(
        request,
        "accounts/teams.html",
        {"form": form, "teams": Team.objects.annotate(member_count=Count("members"))},
    )


@login_not_required
def accept_invitation(request, token):
    if request.user.is_authenticated:
        messages.info(request, "Sign out before accepting an invitation for someone else.")
        return redirect("home")
    try:
        invitation = services.open_invitation(token)
    except services.InvitationError as exc:
        return render(request, "accounts/invitation_invalid.html", {"reason": str(exc)}, status=410)
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_invitation(token=token, password=form.cleaned_data["password1"])
        except services.InvitationError as exc:
            return render(
                request, "accounts/invitation_invalid.html", {"reason": str(exc)}, status=410
            )
        messages.success(
            request,
            "Your password is set. Sign in, then set up your authenticator app.",
        )
        return redirect("account_login")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )
