from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's log-in form, labelled for log-in by username or e-mail."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Deze gebruikersnaam (of dit e-mailadres) en dit wachtwoord horen niet bij elkaar. "
            "Let op hoofdletters in het wachtwoord."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam of e-mailadres")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
