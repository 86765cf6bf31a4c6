from django.core.exceptions import ValidationError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.gb import upn as stdnum_upn

UNKNOWN_UPN_CODES = {
    "UN1": "Child not of school age and not yet given a UPN",
    "UN2": "Never attended a maintained school in England",
    "UN3": "Educated outside England",
    "UN4": "Newly looked after; UPN not yet known",
    "UN5": "Sources disagree, so the UPN cannot be matched",
}


def validate_upn(value: str) -> None:
    """A UPN with a correct check letter, or one of the SSDA903 'unknown' codes."""
    if not value or value in UNKNOWN_UPN_CODES:
        return
    try:
        stdnum_upn.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            "Enter a 13-character UPN that starts with its check letter "
            "(for example A123456789012), or UN1 to UN5 if it is not known. "
            f"{value!r} is not valid: {exc.message}",
            code="invalid_upn",
        ) from exc
