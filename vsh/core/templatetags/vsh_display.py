"""Display helpers for the service's own records."""

from django import template

from children.codes import Cohort
from children.school_years import year_group_label as _year_group_label

register = template.Library()


@register.simple_tag
def cohort_breakdown(cohort_counts: dict) -> list[dict]:
    """Every cohort in its official order with its count (0 when there are none)."""
    counts = cohort_counts or {}
    return [
        {"code": code, "label": label, "count": counts.get(code, 0)}
        for code, label in Cohort.choices
    ]


@register.filter
def year_group_label(year) -> str:
    try:
        return _year_group_label(int(year))
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def invitation_valid_days() -> int:
    from django.conf import settings

    return settings.INVITATION_VALID_DAYS
