"""Model fields of the portal."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.validators import normalize_phone_number, validate_phone_number


class PhoneNumberField(models.CharField):
    """A telephone number: Belgian (02 504 87 11) or with its country code, checked with `phonenumbers`
    and stored in E.164 (+3225048711) when the model is cleaned; shown with the `phone` template filter."""

    default_validators = [validate_phone_number]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", _("E.g. 02 504 87 11 or +32 2 504 87 11; stored with the country code."))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_phone_number(value.strip()) if value else value
