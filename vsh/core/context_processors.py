from django.conf import settings
from django.urls import reverse

from vsh.accounts.roles import Role


def children_label_for(user) -> str:
    """What the caseload is called for the role, in the menu and breadcrumbs alike."""
    return {
        Role.DESIGNATED_TEACHER: "Pupils",
        Role.SOCIAL_WORKER: "My children",
        Role.PARTNER: "Children shared with me",
    }.get(getattr(user, "role", None), "Children")


def navigation_for(user) -> list[dict]:
    """The primary navigation for a user's role: what they need, nothing more."""
    if not user.is_authenticated:
        return []
    items = [{"label": "Home", "url": reverse("home"), "key": "home"}]
    children_label = children_label_for(user)
    items.append({"label": children_label, "url": reverse("children:list"), "key": "children"})
    if user.role != Role.PARTNER:
        items.append({"label": "PEPs", "url": reverse("pep_reports:list"), "key": "peps"})
        items.append({"label": "Alerts", "url": reverse("alerts:list"), "key": "alerts"})
    if user.is_virtual_school or user.role == Role.DESIGNATED_TEACHER:
        items.append({"label": "Schools", "url": reverse("schools:list"), "key": "schools"})
    if user.is_virtual_school or user.role == Role.SOCIAL_WORKER:
        items.append({"label": "Carers", "url": reverse("carers:list"), "key": "carers"})
    if user.can_manage:
        items.append({"label": "Data", "url": reverse("children:imports"), "key": "data"})
        items.append({"label": "Users", "url": reverse("user_list"), "key": "users"})
        items.append({"label": "Audit log", "url": reverse("audit:activity"), "key": "audit"})
        items.append({"label": "Settings", "url": reverse("settings:authority"), "key": "settings"})
    return items


def service(request):
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "authority_name": settings.AUTHORITY_NAME,
        "nav_items": navigation_for(user) if user is not None else [],
        "children_label": children_label_for(user),
        "session_idle_minutes": settings.SESSION_IDLE_MINUTES,
    }
