"""Wording shared by reports, commands and the audit trail."""


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """'1 error', '2 errors', '1 child', '3 children'."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"
