"""Validators for Belgian identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_DIGITS = re.compile(r"\D")


def normalize_enterprise_number(value: str) -> str:
    """`0417.497.106`, `BE 0417 497 106` or `417497106` → `0417.497.106` (format only, no check)."""
    digits = _DIGITS.sub("", value or "")
    if len(digits) == 9:  # the old form without the leading 0
        digits = "0" + digits
    if len(digits) != 10:
        return value
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def enterprise_number_is_valid(value: str) -> bool:
    """KBO/BCE: 10 digits starting with 0 or 1; the last two are 97 - (first eight mod 97)."""
    digits = _DIGITS.sub("", value or "")
    if len(digits) != 10 or digits[0] not in "01":
        return False
    return 97 - int(digits[:8]) % 97 == int(digits[8:])


def validate_enterprise_number(value: str) -> None:
    if not re.fullmatch(r"[01]\d{3}\.\d{3}\.\d{3}", value or ""):
        raise ValidationError(_("An enterprise number has the format 0123.456.789 (10 digits)."), code="format")
    if not enterprise_number_is_valid(value):
        raise ValidationError(
            _("This enterprise number is invalid: the check digits (modulo 97) do not match."),
            code="checksum",
        )
