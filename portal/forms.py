"""Form fields shared by the apps."""

import re

from django import forms
from django.utils.formats import get_format


class LocalizedDecimalField(forms.DecimalField):
    """A decimal as people type it in their language: `1.234,5` in Dutch, `1,234.5` in English.

    Django only strips thousand separators with USE_THOUSAND_SEPARATOR on, which would also print
    years as 2.019; here they are accepted on input when they group digits by three.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.input_type = "text"
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace("\u00a0", "")
            thousands, decimal = get_format("THOUSAND_SEPARATOR"), get_format("DECIMAL_SEPARATOR")
            grouped = rf"-?\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+(?:{re.escape(decimal)}\d+)?"
            if thousands and re.fullmatch(grouped, value):
                value = value.replace(thousands, "")
        return super().to_python(value)
