"""GOV.UK Design System markup for every Django form.

With ``FORM_RENDERER = "vsh.core.forms.GovUKFormRenderer"``, ``{{ form }}`` renders
each field as a ``govuk-form-group`` with its label (or legend), hint, error
message and the right GOV.UK classes on the control. Required fields are
unmarked; optional ones say "(optional)" after the label, as GOV.UK advises.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.forms.widgets import Input
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property

DATE_HINT = "For example, 27/3/2014"
# Django's empty choice in a select, and what GOV.UK-style selects say instead.
DJANGO_BLANK_LABEL = "---------"
SELECT_BLANK_LABEL = "Select an option"

# Control classes by kind of widget; an error adds the matching "--error" class.
_CONTROL_CLASSES = {
    "input": "govuk-input",
    "password": "govuk-input govuk-password-input__input govuk-js-password-input-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "select-multiple": "govuk-select vsh-select-multiple",
    "file": "govuk-file-upload",
    "radios": "govuk-radios__input",
    "checkboxes": "govuk-checkboxes__input",
    "checkbox": "govuk-checkboxes__input",
}
_ERROR_CLASSES = {
    "input": "govuk-input--error",
    "password": "govuk-input--error",
    "textarea": "govuk-textarea--error",
    "select": "govuk-select--error",
    "select-multiple": "govuk-select--error",
    "file": "govuk-file-upload--error",
}
# Sensible widths for short answers, unless the form sets its own width class.
_INPUT_WIDTHS = {
    "date": "govuk-input--width-10",
    "number": "govuk-input--width-10",
    "time": "govuk-input--width-5",
    "tel": "govuk-input--width-20",
}


def widget_kind(widget: forms.Widget) -> str:
    """Which GOV.UK component a widget becomes."""
    if widget.is_hidden:
        return "hidden"
    # Order matters: CheckboxSelectMultiple is a RadioSelect, SelectMultiple a Select.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.SelectMultiple):
        return "select-multiple"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    if isinstance(widget, forms.MultiWidget):
        return "other"
    if isinstance(widget, Input):
        return "input"
    return "other"


def _input_type(widget: forms.Widget) -> str:
    if isinstance(widget, forms.DateInput):
        return "date"
    if isinstance(widget, forms.TimeInput):
        return "time"
    return widget.attrs.get("type") or getattr(widget, "input_type", "text")


class GovUKBoundField(BoundField):
    """A bound field that knows how GOV.UK presents it."""

    @cached_property
    def govuk_kind(self) -> str:
        return widget_kind(self.field.widget)

    @property
    def is_choice_group(self) -> bool:
        return self.govuk_kind in ("radios", "checkboxes")

    @property
    def hint(self) -> str:
        """The help text, or a format example for dates when there is none."""
        text = self.help_text
        if text and str(text).strip():
            return text
        if _input_type(self.field.widget) == "date" and self.govuk_kind == "input":
            return DATE_HINT
        return ""

    @property
    def label_text(self) -> str:
        label = str(self.label or "")
        show_optional = getattr(self.field, "show_optional", True)
        if (
            label
            and show_optional
            and not self.field.required
            and self.govuk_kind not in ("checkbox", "checkboxes", "select-multiple")
            and "(optional)" not in label.lower()
        ):
            return f"{label} (optional)"
        return label

    @property
    def anchor_id(self) -> str:
        """The element an error summary link should move focus to."""
        if self.is_choice_group:
            for option in self.subwidgets:
                return option.id_for_label or self.auto_id
        return self.id_for_label or self.auto_id

    @property
    def errors(self):
        """Django's "This field is required." becomes "Enter full name" or
        "Select role", as GOV.UK error messages say what to do."""
        errors = super().errors
        # Only Django's own wording: a form's custom message is left alone.
        required = str(forms.Field.default_error_messages["required"])
        if not errors or required not in [str(e) for e in errors]:
            return errors
        specific = self._required_message()
        messages = [
            specific if str(text) == required else raw
            for raw, text in zip(errors.data, errors, strict=True)
        ]
        return self.form.error_class(
            messages, renderer=self.form.renderer, field_id=self.auto_id or None
        )

    def _required_message(self) -> str:
        label = str(self.label or self.name).strip().rstrip(":")
        # Lower-case the first letter, but not of an acronym such as "UPN".
        if len(label) > 1 and not label[1].isupper():
            label = label[0].lower() + label[1:]
        verb = {
            "radios": "Select",
            "checkboxes": "Select",
            "select": "Select",
            "select-multiple": "Select",
            "checkbox": "Select",
            "file": "Choose a file for",
        }.get(self.govuk_kind, "Enter")
        return f"{verb} {label}"

    @property
    def aria_describedby(self):
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.hint:
                ids.append(f"{self.auto_id}_helptext")
            if self.errors:
                ids.append(f"{self.auto_id}_error")
        return " ".join(ids)

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        widget = widget or self.field.widget
        if widget_kind(widget) == "select":
            if getattr(self.field, "empty_label", None) == DJANGO_BLANK_LABEL:
                self.field.empty_label = SELECT_BLANK_LABEL  # the form's own copy
            elif isinstance(getattr(widget, "choices", None), list):
                widget.choices = [
                    (value, SELECT_BLANK_LABEL)
                    if value in ("", None) and label == DJANGO_BLANK_LABEL
                    else (value, label)
                    for value, label in widget.choices
                ]
        return super().as_widget(widget, attrs, only_initial)

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        kind = widget_kind(widget)
        classes = str(widget.attrs.get("class", "")).split()
        classes += str(attrs.get("class", "")).split()
        own = _CONTROL_CLASSES.get(kind, "").split()
        if kind == "input" and not any(c.startswith("govuk-input--width") for c in classes):
            width = _INPUT_WIDTHS.get(_input_type(widget))
            if width:
                own.append(width)
        if self.errors and kind in _ERROR_CLASSES:
            own.append(_ERROR_CLASSES[kind])
        merged = list(dict.fromkeys(own + classes))
        if merged:
            attrs["class"] = " ".join(merged)
        # GOV.UK: placeholders are not a substitute for labels or hints.
        if widget.attrs.get("placeholder"):
            attrs["placeholder"] = False
        if kind == "password" or (kind == "input" and _input_type(widget) == "email"):
            attrs.setdefault("spellcheck", "false")
        if kind == "password":
            attrs.setdefault("autocapitalize", "none")
        return attrs


class GovUKFormRenderer(TemplatesSetting):
    """Renders forms with the project's templates/govuk/ templates.

    Django's own widget templates come from the project's template engine when
    ``django.forms`` is installed, and from Django's built-in engine otherwise.
    """

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"
    bound_field_class = GovUKBoundField

    @cached_property
    def _django_widgets(self):
        return DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self._django_widgets.get_template(template_name)
