from allauth.account.forms import LoginForm as AllauthLoginForm
from django.utils.translation import gettext_lazy as _


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
