from datetime import date

from django import template

register = template.Library()


@register.filter
def parse_iso(value):
    """A date stored as text in a PEP's snapshot, back as a date."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
