"""Inviting professionals and turning invitations into accounts."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from schools.models import DesignatedTeacher
from vsh.audit.services import Action, record

from .models import Invitation, User
from .roles import Role


class InvitationError(Exception):
    """An invitation cannot be used; the message says why, for the invitee."""


def invite_user(
    *,
    invited_by: User,
    email: str,
    full_name: str,
    role: str,
    job_title: str = "",
    organisation: str = "",
    team=None,
    schools=(),
) -> Invitation:
    email = email.strip().lower()
    with transaction.atomic():
        # A new invitation replaces any earlier one still waiting.
        Invitation.objects.filter(email__iexact=email, status=Invitation.Status.PENDING).update(
            status=Invitation.Status.REVOKED
        )
        invitation = Invitation.objects.create(
            email=email,
            full_name=full_name,
            role=role,
            job_title=job_title,
            organisation=organisation,
            team=team,
            invited_by=invited_by,
        )
        if role == Role.DESIGNATED_TEACHER:
            invitation.schools.set(schools)
        record(
            Action.INVITE,
            actor=invited_by,
            obj=invitation,
            detail=f"Invited {email} as {Role(role).label}",
        )
        from .tasks import send_invitation_email

        transaction.on_commit(lambda: send_invitation_email.delay(invitation.pk))
    return invitation


def revoke_invitation(*, invitation: Invitation, by: User) -> None:
    with transaction.atomic():
        invitation.status = Invitation.Status.REVOKED
        invitation.save(update_fields=["status"])
        record(
            Action.INVITE,
            actor=by,
            obj=invitation,
            detail=f"Withdrew invitation for {invitation.email}",
        )


def open_invitation(token: str) -> Invitation:
    """The invitation behind a link, or an InvitationError that says what is wrong."""
    invitation = Invitation.objects.filter(token=token).first()
    if invitation is None:
        raise InvitationError(
            "This invitation link is not valid. Check you copied the whole link from the email."
        )
    if invitation.status == Invitation.Status.ACCEPTED:
        raise InvitationError(
            "This invitation has already been used. Sign in with your email address and password."
        )
    if invitation.status == Invitation.Status.REVOKED:
        raise InvitationError(
            "This invitation has been withdrawn. Ask your virtual school for a new one."
        )
    if invitation.is_expired:
        raise InvitationError(
            "This invitation has expired. Ask the person who invited you to send a new one."
        )
    return invitation


def accept_invitation(*, token: str, password: str) -> User:
    with transaction.atomic():
        invitation = open_invitation(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError(
                "An account with this email address already exists. Sign in instead."
            )
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            full_name=invitation.full_name,
            role=invitation.role,
            job_title=invitation.job_title,
            organisation=invitation.organisation,
            team=invitation.team,
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        today = timezone.localdate()
        DesignatedTeacher.objects.bulk_create(
            DesignatedTeacher(user=user, school=school, started_on=today)
            for school in invitation.schools.all()
        )
        invitation.status = Invitation.Status.ACCEPTED
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["status", "accepted_at", "user"])
        record(
            Action.ACCOUNT,
            actor=user,
            obj=invitation,
            detail="Accepted invitation and set a password",
        )
    return user


def expire_invitations() -> int:
    return Invitation.objects.filter(
        status=Invitation.Status.PENDING, expires_at__lte=timezone.now()
    ).update(status=Invitation.Status.EXPIRED)


def set_active(*, user: User, active: bool, by: User) -> None:
    """Switch an account off when someone leaves (or back on). Switched-off accounts
    cannot sign in and reach no child; their history stays in the audit trail."""
    if user.pk == by.pk:
        raise InvitationError("You cannot switch off your own account.")
    if user.role == Role.HEAD and by.role != Role.HEAD and not by.is_superuser:
        raise InvitationError("Only the virtual school head can switch off a head's account.")
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        record(
            Action.ACCOUNT,
            actor=by,
            obj=user,
            detail=f"{'Reactivated' if active else 'Deactivated'} {user.email}",
        )
    if not active:
        from django.contrib.sessions.models import Session

        # End their open sessions now rather than at the next idle timeout.
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if session.get_decoded().get("_auth_user_id") == str(user.pk):
                session.delete()


def create_team(*, name: str, service: str, by: User):
    from .models import Team

    with transaction.atomic():
        team = Team.objects.create(name=name.strip(), service=service.strip())
        record(Action.ACCOUNT, actor=by, obj=team, detail=f"Created team {team.name}")
    return team
