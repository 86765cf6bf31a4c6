from django import template

from children.codes import Cohort, SenProvision
from children.school_years import year_group_label as _year_group_label

register = template.Library()

# GOV.UK tag colour and MOJ badge colour of each cohort (their palettes differ).
COHORT_COLOURS = {
    Cohort.LOOKED_AFTER: ("turquoise", "blue"),
    Cohort.PREVIOUSLY_LOOKED_AFTER: ("purple", "purple"),
    Cohort.SOCIAL_WORKER: ("pink", "bright-purple"),
    Cohort.KINSHIP: ("green", "green"),
}
SEN_TAGS = {SenProvision.SEN_SUPPORT: "SEN support", SenProvision.EHC_PLAN: "EHC plan"}


@register.filter
def year_group_label(year) -> str:
    return _year_group_label(year) if year is not None else ""


@register.inclusion_tag("children/includes/tags.html")
def child_tags(child, compact=False):
    """The cohort and SEN badges shown beside a child's name. Lists show compact
    badges and leave out the usual cohort (looked after), which would be on most rows."""
    return {
        "compact": compact,
        "usual_cohort": child.cohort == Cohort.LOOKED_AFTER,
        "cohort": child.get_cohort_display(),
        "cohort_colour": COHORT_COLOURS.get(child.cohort, ("grey", "grey"))[1 if compact else 0],
        "sen": SEN_TAGS.get(child.sen_provision, ""),
    }
