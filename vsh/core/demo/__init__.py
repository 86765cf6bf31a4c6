"""A realistic, invented local authority for trying Virtual School Hub: schools,
carers, professionals in every role and children with believable histories.
`python manage.py seed_demo` is the way in."""

from .constants import (
    DEFAULT_CHILDREN,
    DEFAULT_SEED,
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    MIN_CHILDREN,
)

__all__ = [
    "DEFAULT_CHILDREN",
    "DEFAULT_SEED",
    "DEMO_DOMAIN",
    "DEMO_PASSWORD",
    "DEMO_TOTP_SECRET",
    "MIN_CHILDREN",
]
