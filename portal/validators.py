"""Validators for Belgian identifiers and telephone numbers."""

import re

import phonenumbers
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


# A number without a country code is read as Belgian: "02 504 87 11" is +32 2 504 87 11.
PHONE_REGION = "BE"


def parse_phone_number(value: str) -> phonenumbers.PhoneNumber | None:
    """The number `value` writes, if it is a valid one (Belgian, or international with its country code)."""
    try:
        number = phonenumbers.parse(value or "", PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def normalize_phone_number(value: str) -> str:
    """`02 504 87 11`, `+32 (0)2 504 87 11` → `+3225048711` (E.164); unchanged when it is no valid number."""
    number = parse_phone_number(value)
    if number is None:
        return value
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{e164} ext. {number.extension}" if number.extension else e164


def format_phone_number(value: str) -> str:
    """`+3225048711` → `+32 2 504 87 11` for reading; anything else as it is."""
    number = parse_phone_number(value)
    if number is None:
        return value or ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def validate_phone_number(value: str) -> None:
    if value and parse_phone_number(value) is None:
        raise ValidationError(
            _(
                "Enter a valid telephone number: a Belgian number (02 504 87 11) "
                "or one with its country code (+32 2 504 87 11)."
            ),
            code="invalid_phone",
        )
