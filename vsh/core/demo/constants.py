"""Fixed values every demo installation shares, so a person can try it out."""

DEMO_DOMAIN = "demo.virtualschool.test"
# Printed by the command and in its help: these accounts exist only in demo data.
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105
# One authenticator secret for every demo account (base32, as authenticator apps
# expect). `python manage.py demo_totp` prints its current code.
DEMO_TOTP_SECRET = "VIRTUALSCHOOLHUBDEMOSECRETKEY234"  # noqa: S105

DEFAULT_SEED = 2026
DEFAULT_CHILDREN = 250
# Fewer children cannot give every role a meaningful caseload.
MIN_CHILDREN = 20

# Guarantees for the logins printed at the end.
DEMO_DT_MIN_PUPILS = 5
DEMO_CASELOAD_MIN = 10


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"
