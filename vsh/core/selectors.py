"""What each role's home page shows. Every figure starts from the access policy;
the dashboards themselves are in vsh.core.dashboards."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from children.models import Child, Enrolment

from . import dashboards


def _with_current_school(children, today):
    current = Enrolment.objects.filter(child=OuterRef("pk"), started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    return children.annotate(has_school=Exists(current))


def shared_children(user) -> dict:
    """Partners see the children shared with them and whether each has a school."""
    today = timezone.localdate()
    children = _with_current_school(Child.objects.visible_to(user), today).order_by(
        "last_name", "first_name"
    )
    return {
        "children": children[:50],
        "total": children.count(),
        "without_school": children.filter(has_school=False).count(),
    }


BUILDERS = {
    "authority": dashboards.cohort,
    "caseworker": dashboards.caseworker,
    "school": dashboards.designated_teacher,
    "social_worker": dashboards.social_worker,
    "caseload": shared_children,
}


def home_for(user) -> dict:
    template = dashboards.role_dashboard(user)
    return {"template": template, **BUILDERS[template](user)}
