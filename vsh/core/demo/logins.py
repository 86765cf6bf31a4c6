"""The table of demo sign-ins printed after seeding."""

from children.models import Child
from schools.models import DesignatedTeacher
from vsh.accounts.models import User
from vsh.accounts.roles import Role

from .constants import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET

# The one login per role the demo is built around.
DEMO_LOGINS = [
    (Role.HEAD, "head"),
    (Role.MANAGER, "manager"),
    (Role.CASEWORKER, "caseworker"),
    (Role.DESIGNATED_TEACHER, "dt.riverside"),
    (Role.SOCIAL_WORKER, "socialworker"),
    (Role.PARTNER, "partner"),
]


def login_rows() -> list[tuple[str, str, str, str]]:
    """(role, email, name, what they see) for each demo login that exists."""
    rows = []
    for role, local_part in DEMO_LOGINS:
        user = User.objects.filter(email=f"{local_part}@{DEMO_DOMAIN}").first()
        if user is None:
            continue
        count = Child.objects.visible_to(user).count()
        if role == Role.DESIGNATED_TEACHER:
            schools = ", ".join(
                d.school.name
                for d in DesignatedTeacher.objects.current()
                .filter(user=user)
                .select_related("school")
            )
            sees = f"{count} pupils at {schools}"
        elif role == Role.PARTNER:
            sees = f"{count} children shared with them ({user.job_title.lower()})"
        elif role in (Role.HEAD, Role.MANAGER):
            sees = f"all {count} children"
        else:
            sees = f"{count} children on their caseload"
        rows.append((Role(role).label, user.email, user.full_name, sees))
    return rows


def format_table(rows) -> list[str]:
    headings = ("Role", "Email", "Name", "Sees")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headings)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*headings), line.format(*("-" * w for w in widths))]
    out += [line.format(*row) for row in rows]
    return [text.rstrip() for text in out]


def sign_in_help() -> list[str]:
    return [
        f"Every demo account's password is: {DEMO_PASSWORD}",
        "Every demo account has two-factor authentication with the same key:",
        f"  {DEMO_TOTP_SECRET}",
        "Add it to an authenticator app, or print the current 6-digit code with:",
        "  python manage.py demo_totp",
    ]
