"""The dashboards' filters: GET forms that only validate; a bad value falls back to the default."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import AccountManager, Partner, Versnelling


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    all_years_label = None  # set to offer "every year" as the empty choice

    def __init__(self, data=None, *, years: list[int], default_year: int | None, **kwargs):
        super().__init__(data, **kwargs)
        self.default_year = default_year
        choices = [(year, str(year)) for year in years]
        if default_year is not None and default_year not in years:
            choices.insert(0, (default_year, str(default_year)))
        if self.all_years_label:
            choices.insert(0, ("", self.all_years_label))
        self.fields["year"].choices = choices
        self.fields["year"].initial = default_year
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select")

    def value(self, name: str, default=None):
        """The cleaned value of a filter, or `default` when it is missing or invalid."""
        if not self.is_bound or not self.is_valid():
            return default
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value

    @property
    def selected_year(self) -> int | None:
        if self.all_years_label and self.is_bound and self.is_valid() and self.data.get("year") == "":
            return None
        return self.value("year", self.default_year)


class OverviewFilterForm(YearForm):
    kind = forms.ChoiceField(label=_("Partner type"), required=False)
    # Plain choices read with one values_list() query each: a ModelChoiceField would iterate its queryset
    # with a server-side cursor on PostgreSQL, which costs more than the whole list.
    account_manager = forms.TypedChoiceField(label=_("Account manager"), coerce=int, required=False)
    versnelling = forms.TypedChoiceField(label=_("Versnelling"), coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All types")), *Partner.Kind.choices]
        # Callables: read only when the form is drawn or a chosen value is checked, not for a cached page.
        self.fields["account_manager"].choices = _account_manager_choices
        self.fields["versnelling"].choices = _versnelling_choices

    def filters(self) -> dict:
        return {
            "year": self.selected_year,
            "kind": self.value("kind", ""),
            "account_manager": self.value("account_manager"),
            "versnelling": self.value("versnelling"),
        }


def _account_manager_choices():
    managers = AccountManager.objects.order_by("user__last_name", "user__first_name").values_list(
        "pk", "user__first_name", "user__last_name", "user__username"
    )
    return [("", _("All account managers"))] + [
        (pk, f"{first} {last}".strip() or username) for pk, first, last, username in managers
    ]


def _versnelling_choices():
    return [("", _("All versnellingen")), *Versnelling.objects.values_list("pk", "name")]


class ValueFilterForm(YearForm):
    all_years_label = _("All years")
