"""What each role's home page shows. Every figure starts from the access policy."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from children.models import Child, Enrolment
from schools.models import DesignatedTeacher
from vsh.accounts.roles import Role


def _with_current_school(children, today):
    current = Enrolment.objects.filter(child=OuterRef("pk"), started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    return children.annotate(has_school=Exists(current))


def home_for(user) -> dict:
    today = timezone.localdate()
    children = Child.objects.visible_to(user)
    if user.role in (Role.HEAD, Role.MANAGER) or user.is_superuser:
        cohort_counts = dict(children.values_list("cohort").annotate(n=Count("pk")).order_by())
        annotated = _with_current_school(children, today)
        return {
            "template": "authority",
            "total": children.count(),
            "cohort_counts": cohort_counts,
            "without_school": annotated.filter(has_school=False).count(),
        }
    if user.role == Role.DESIGNATED_TEACHER:
        schools = [
            d.school
            for d in DesignatedTeacher.objects.current(today)
            .filter(user=user)
            .select_related("school")
        ]
        return {
            "template": "school",
            "schools": schools,
            "pupils": children.order_by("last_name", "first_name")[:50],
            "total": children.count(),
        }
    caseload = _with_current_school(children, today).order_by("last_name", "first_name")
    return {
        "template": "caseload",
        "children": caseload[:50],
        "total": caseload.count(),
        "without_school": caseload.filter(has_school=False).count(),
    }
