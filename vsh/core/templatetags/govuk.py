"""Template helpers for GOV.UK components: error summaries, navigation, pagination."""

from django import template
from django.forms.boundfield import BoundField

register = template.Library()

# Set on a form once its error summary has been rendered, so the form itself does
# not repeat errors that belong to no field.
SUMMARY_FLAG = "_govuk_error_summary_shown"


def _anchor(bound_field: BoundField) -> str:
    if hasattr(bound_field, "anchor_id"):
        return bound_field.anchor_id
    widget = bound_field.field.widget
    if getattr(widget, "input_type", None) in ("radio", "checkbox") and bound_field.auto_id:
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


@register.simple_tag
def error_summary_items(form) -> list[dict]:
    """Every error on a form, each with the id of the control it is about.

    Errors that belong to no field (such as "The email address or password is
    not right") link to the form's first visible field.
    """
    if form is None or not getattr(form, "errors", None):
        return []
    setattr(form, SUMMARY_FLAG, True)
    visible = form.visible_fields()
    first_anchor = _anchor(visible[0]) if visible else ""
    items = []
    for message in form.non_field_errors():
        items.append({"message": message, "anchor": first_anchor})
    for bound_field in form:
        anchor = "" if bound_field.is_hidden else _anchor(bound_field)
        for message in bound_field.errors:
            items.append({"message": message, "anchor": anchor})
    return items


@register.filter
def error_summary_shown(form) -> bool:
    return bool(getattr(form, SUMMARY_FLAG, False))


@register.simple_tag(takes_context=True)
def nav_current(context, item) -> bool:
    """Whether a primary navigation item is the section being viewed.

    A page names its section with a ``nav_key`` context variable; otherwise the
    item with the longest URL that starts the request path is current, so
    /children/data/ is "Data", not "Children" too ("Home" only on "/").
    """
    nav_key = context.get("nav_key")
    if nav_key:
        return item.get("key") == nav_key
    request = context.get("request")
    if request is None:
        return False

    def matches(url):
        return request.path == "/" if url == "/" else bool(url) and request.path.startswith(url)

    url = item.get("url") or ""
    if not matches(url):
        return False
    longest = max(
        (
            len(other.get("url") or "")
            for other in context.get("nav_items", ())
            if matches(other.get("url") or "")
        ),
        default=0,
    )
    return len(url) >= longest


@register.simple_tag
def page_numbers(page_obj, on_each_side: int = 1, on_ends: int = 1) -> list:
    """Page numbers around the current page, with None where pages are skipped."""
    paginator = page_obj.paginator
    return [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(
            page_obj.number, on_each_side=on_each_side, on_ends=on_ends
        )
    ]


@register.simple_tag
def is_demo() -> bool:
    """True on development and demo installations, which show a "Demo" phase banner."""
    from django.conf import settings

    return bool(settings.DEBUG)


@register.simple_tag
def field_options(bound_field, label=None, hint=None, **attrs) -> str:
    """Adjust a field from a form the project does not own (allauth's) before it
    is rendered: its label, its hint, and extra attributes for its control.

    {% field_options form.code label="Code" hint="..." inputmode="numeric" %}
    Underscores in attribute names become hyphens (aria_label -> aria-label).
    """
    if bound_field is None or bound_field == "":
        return ""
    if label is not None:
        bound_field.label = label
    if hint is not None:
        bound_field.help_text = hint
    widget = bound_field.field.widget
    for name, value in attrs.items():
        widget.attrs[name.replace("_", "-")] = value
    return ""


@register.filter
def group_characters(value, size: int = 4) -> str:
    """'JBSWY3DPEHPK3PXP' -> 'JBSW Y3DP EHPK 3PXP', for codes people type by hand."""
    text = str(value or "")
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


@register.simple_tag
def authority_name() -> str:
    """For pages rendered without context processors, such as the server error page."""
    from django.conf import settings

    return settings.AUTHORITY_NAME
