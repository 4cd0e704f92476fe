"""Form fields shared by the apps."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import get_format

from portal.money import parse_amount


class LocalizedDecimalField(forms.DecimalField):
    """An amount or a count as people type it in their language: `905.000` or `1.234,5` in Dutch.

    The same rule as the imports (portal.money.parse_amount), with the separators of the active
    language: the thousands separator only between groups of three digits (so `905.000` is 905000,
    never 905), the decimal separator before the decimals, anything else (`1.5` in Dutch) a clear
    error. Django's own localized field only strips thousands separators with USE_THOUSAND_SEPARATOR
    on, which would also print years as 2.019.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.input_type = "text"
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str) and re.search(r"\d", value):  # a word gets the field's "Enter a number."
            thousands, decimal = get_format("THOUSAND_SEPARATOR"), get_format("DECIMAL_SEPARATOR")
            try:
                value = parse_amount(value, thousands=thousands, decimal=decimal)
            except ValueError as error:
                raise ValidationError(str(error), code="invalid") from None
        return super().to_python(value)


# For a ModelAdmin or inline (`formfield_overrides = AMOUNT_FORMFIELDS`): its amounts, counts and
# percentages are typed the same way as in the portal's forms.
AMOUNT_FORMFIELDS = {models.DecimalField: {"form_class": LocalizedDecimalField}}
