from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth import get_user_model


class UsernameOrEmailBackend(AuthenticationBackend):
    """Log in with a username or an e-mail address (case-insensitive); otherwise Django's own backend.

    A subclass of allauth's backend only so that allauth logs users in under this one (passkeys, single
    sign-on); the rule for the typed name is the portal's own (PortalUserManager.login_account).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = User._default_manager.login_account(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing hint
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def lockout_username(request, credentials: dict | None = None) -> str | None:
    """The name django-axes counts failed log-ins under (settings.AXES_USERNAME_CALLABLE).

    The account's own username when the typed name or e-mail means one account (the backend's rule),
    else the typed name lower-cased and stripped. So `PARTNER-SIM`, `partner-sim` and the account's
    e-mail address share one counter and one lock-out, and a success under any of them resets it.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    # As axes itself: the credentials when it has them, else the posted form.
    source = credentials or getattr(request, "data", getattr(request, "POST", {}))
    typed = source.get(field)
    if not isinstance(typed, str):
        return typed
    # axes asks several times per log-in (the lock check, the failure or the success): look up once.
    known = request.__dict__.setdefault("_lockout_usernames", {}) if request is not None else {}
    if typed not in known:
        user = get_user_model()._default_manager.login_account(typed)
        known[typed] = user.get_username() if user is not None else typed.strip().lower()
    return known[typed]
