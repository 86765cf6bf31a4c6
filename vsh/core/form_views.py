"""What a page with a form that writes does once the view has checked access and
bound the form: on a valid POST, call the service that writes; a refusal from the
service (a ValidationError) shows on the form like any other error, and success is
a message and a redirect. Otherwise the view shows its form page as it chooses."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: against the field it names when the form
    has that field, otherwise above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def save_and_redirect(request, form, save, *, success, to):
    """On a POST with a valid form, call `save()` and redirect; else None, so that the
    view shows the form again (with the service's reasons if it refused).

    `success` is the message and `to` where to go (anything `redirect` takes); either
    may instead be a function of what `save()` returned."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, success(saved) if callable(success) else success)
    return redirect(to(saved) if callable(to) else to)
