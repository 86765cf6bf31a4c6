"""The roles a professional can hold, and what each role may do in general.

Which children a person can reach is decided by the access policy
(``vsh.access.policy``); this module only says what kind of user someone is.
"""

from django.db import models


class Role(models.TextChoices):
    HEAD = "head", "Virtual school head"
    MANAGER = "manager", "Virtual school manager"
    CASEWORKER = "caseworker", "Virtual school caseworker"
    DESIGNATED_TEACHER = "designated_teacher", "Designated teacher"
    SOCIAL_WORKER = "social_worker", "Social worker"
    PARTNER = "partner", "Partner professional"


# Roles that belong to the virtual school team itself.
VIRTUAL_SCHOOL_ROLES = frozenset({Role.HEAD, Role.MANAGER, Role.CASEWORKER})
# Roles that reach every child of the authority.
AUTHORITY_WIDE_ROLES = frozenset({Role.HEAD, Role.MANAGER})
# Roles that may invite users, grant access and run imports.
MANAGING_ROLES = frozenset({Role.HEAD, Role.MANAGER})
