"""Removing demo data so the demo can be seeded again.

The audit trail is left alone: it is append-only (PostgreSQL refuses deletes on
it) and its rows keep no database link to children or accounts.
"""

from django.db import transaction
from django.db.models import ProtectedError

from carers.models import Carer
from children.models import Child
from children.peps.models import Pep
from schools.models import School
from vsh.accounts.models import Invitation, Team, User

from .constants import DEMO_DOMAIN
from .people import TEAMS


class FlushRefused(Exception):
    """Something outside the demo still points at demo records."""


def demo_users():
    return User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}")


def flush_demo() -> dict[str, int]:
    """Delete every child (with their records), and the demo's own schools, carers,
    accounts and the demo teams nobody else uses."""
    try:
        with transaction.atomic():
            counts = {"children": Child.objects.count(), "accounts": demo_users().count()}
            # A PEP's later version protects the one it replaced: newest first.
            for version in sorted(set(Pep.objects.values_list("version", flat=True)), reverse=True):
                Pep.objects.filter(version=version).delete()
            Child.objects.all().delete()
            Carer.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}").delete()
            School.objects.filter(website__iendswith=f".{DEMO_DOMAIN}").delete()
            Invitation.objects.filter(invited_by__in=demo_users()).delete()
            demo_users().delete()
            Team.objects.filter(
                name__in=[name for name, _ in TEAMS], members__isnull=True, invitation__isnull=True
            ).delete()
    except ProtectedError as exc:
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        raise FlushRefused(
            "Demo data could not be removed because other records still use it: " + ", ".join(kinds)
        ) from exc
    return counts
