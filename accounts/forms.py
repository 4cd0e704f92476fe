from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


class LoginForm(AllauthLoginForm):
    """allauth's log-in form, labelled for log-in by username or e-mail, its field named `username`.

    The field keeps Django's name, so django-axes (AXES_USERNAME_FORM_FIELD) and every client posting the
    form find it; the typed name goes to the portal's backend as `username` (accounts.backends), which
    decides whether it is a username or an e-mail address.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.pop("login")
        field.label = _("Username or email address")
        field.widget.attrs = {"autocomplete": "username"}
        self.fields = {"username": field, **self.fields}
        self.fields["password"].help_text = ""

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip()

    def clean(self):
        # allauth's own checks read the typed name under its name for it.
        if "username" in self.cleaned_data:
            self.cleaned_data["login"] = self.cleaned_data["username"]
        return super().clean()

    def user_credentials(self) -> dict:
        credentials = {"username": self.cleaned_data["username"]}
        if self.cleaned_data.get("password"):
            credentials["password"] = self.cleaned_data["password"]
        return credentials


class DownloadFilterForm(forms.Form):
    """The filters of the download log: who (name or username), which partner, what, between which dates."""

    WHAT = [
        ("", _("everything")),
        ("evidence", _("evidence")),
        ("document", _("documents")),
        ("export", _("exports")),
        ("annual_report", _("annual report")),
    ]

    user = forms.CharField(label=_("User"), required=False)
    partner = forms.TypedChoiceField(label=_("Partner"), required=False, coerce=int, empty_value=None)
    what = forms.ChoiceField(label=_("What"), choices=WHAT, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, partners: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", _("all partners")), *partners]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("The end date comes before the start date."))
        return cleaned

    def apply(self, events):
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if data["user"]:
            term = data["user"].strip()
            events = events.filter(
                Q(username__icontains=term) | Q(user__first_name__icontains=term) | Q(user__last_name__icontains=term)
            )
        if data["partner"]:
            events = events.of_partner(data["partner"])
        if data["what"] == "export":
            events = events.filter(kind=AuditEvent.Kind.EXPORT)
        elif data["what"]:
            events = events.filter(detail__what=data["what"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
        return events
