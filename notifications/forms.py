from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DIGEST_HOURS, Delivery, Kind
from .preferences import NOTICE_RULES, is_mandatory


def field_name(kind: str) -> str:
    return f"kind_{kind}"


class PreferencesForm(forms.Form):
    """A radio group per optional kind of notice the person can receive, and the hour of the daily digest.

    Mandatory kinds get no field: a value posted for one is not read (and the service would refuse it)."""

    digest_hour = forms.TypedChoiceField(
        label=_("Time of the daily digest"),
        choices=DIGEST_HOURS,
        coerce=int,
        help_text=_("Brussels time. Only used when at least one kind of notice comes in a daily digest."),
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = [kind for kind in kinds if kind in NOTICE_RULES and not is_mandatory(kind)]
        for kind in self.kinds:
            self.fields[field_name(kind)] = forms.ChoiceField(
                label=Kind(kind).label,
                choices=Delivery.choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                required=False,  # a browser posts every group; one left out keeps its choice
            )

    def choices(self) -> dict[str, str]:
        """The posted choice per kind; a kind not posted keeps the choice it had."""
        return {
            kind: self.cleaned_data[field_name(kind)] or self.initial.get(field_name(kind), Delivery.IMMEDIATELY)
            for kind in self.kinds
        }
