from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's log-in form, labelled for log-in by username or e-mail."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This username (or email address) and this password do not match. Note that passwords are case-sensitive."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username or email address")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
