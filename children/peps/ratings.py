"""The quality ratings an authority starts with. Managers change them in Settings;
a data migration adds them to a new database."""

DEFAULT_RATINGS = [
    # code, label, colour, description, allows approval, counts as good, position
    ("green", "Green: good", "green", "Meets the authority's quality criteria.", True, True, 1),
    (
        "amber",
        "Amber: requires improvement",
        "yellow",
        "Acceptable, with changes to make before the next review.",
        True,
        False,
        2,
    ),
    (
        "red",
        "Red: inadequate",
        "red",
        "Does not meet the criteria: returned to the school to rework.",
        False,
        False,
        3,
    ),
]


def ensure_default_ratings(model=None) -> dict:
    """Add any default rating that is missing; never changes an existing one. Returns
    the default ratings by code."""
    if model is None:
        from .models import QaRating as model
    ratings = {}
    for code, label, colour, description, allows, good, position in DEFAULT_RATINGS:
        ratings[code], _ = model.objects.get_or_create(
            code=code,
            defaults=dict(
                label=label,
                colour=colour,
                description=description,
                allows_approval=allows,
                counts_as_good=good,
                position=position,
            ),
        )
    return ratings
