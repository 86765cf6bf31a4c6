"""Who may do what to a PEP. Reach to the child comes from the access policy; on top
of it, the PEP's workflow gives each role its part: the designated teacher writes,
the social worker contributes and signs off, the virtual school quality-assures."""

from dataclasses import dataclass

from vsh.access import policy
from vsh.accounts.roles import Role

from .models import Pep, Status
from .sections import SW, Section

APPROVED_MESSAGE = (
    "This PEP is approved, so it cannot be changed. Start a new version to make changes."
)
SUPERSEDED_MESSAGE = (
    "This version has been replaced by a newer one, so it cannot be changed. "
    "Make changes in the latest version."
)
SUBMITTED_MESSAGE = (
    "This PEP has been submitted for quality assurance, so only the virtual school can "
    "change it now. Ask the virtual school to return it if something needs to change."
)
NO_CHANGE_MESSAGE = "You can read this child's records but not change them."


@dataclass(frozen=True)
class PepRoles:
    """A user's part in one child's PEPs."""

    user: object
    can_change: bool
    virtual_school: bool
    designated_teacher: bool
    social_worker: bool

    @property
    def may_start(self) -> bool:
        return self.virtual_school or self.designated_teacher

    def owns(self, section: Section) -> bool:
        if section.owners == SW:
            return self.social_worker
        return self.designated_teacher


def roles_for(user, child) -> PepRoles:
    """One or two queries: reach to change the child and, for a social worker,
    whether they are allocated to the child now."""
    can_change = policy.can(user, "change", child)
    role = Role.HEAD if user.is_superuser else user.role
    social_worker = role == Role.SOCIAL_WORKER and policy.is_allocated(user, child, "social_worker")
    return PepRoles(
        user=user,
        can_change=can_change,
        virtual_school=can_change and role in (Role.HEAD, Role.MANAGER, Role.CASEWORKER),
        designated_teacher=can_change and role == Role.DESIGNATED_TEACHER,
        social_worker=social_worker,
    )


def frozen_refusal(pep: Pep) -> str | None:
    if pep.status == Status.APPROVED:
        return APPROVED_MESSAGE
    if pep.status == Status.SUPERSEDED:
        return SUPERSEDED_MESSAGE
    return None


def _late_social_worker_part(pep: Pep, roles: PepRoles, section: Section) -> bool:
    """The allocated social worker may still write their own part of an approved PEP
    while it is empty, so that they can sign it off: adding it changes nothing that
    anyone else wrote or that quality assurance rated. Once written, it is frozen too."""
    return (
        pep.status == Status.APPROVED
        and roles.social_worker
        and section.owners == SW
        and not (pep.social_worker_contribution or "").strip()
    )


def edit_refusal(pep: Pep, roles: PepRoles, section: Section) -> str | None:
    """Why `roles` may not change `section` of `pep` now, or None if they may."""
    frozen = frozen_refusal(pep)
    if frozen and not _late_social_worker_part(pep, roles, section):
        return frozen
    if not roles.can_change:
        return NO_CHANGE_MESSAGE
    if roles.virtual_school:
        return None
    if not roles.owns(section):
        return (
            f"This section ({section.title}) is written by {section.owner_label}: only they "
            "or the virtual school can change it."
        )
    # The social worker's part is often written after the school submits; they may
    # add it until the PEP is approved, so that they can sign it off.
    if pep.status == Status.SUBMITTED and section.owners != SW:
        return SUBMITTED_MESSAGE
    return None
