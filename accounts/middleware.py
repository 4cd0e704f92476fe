from allauth.account.authentication import get_authentication_records
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# What a user who must still enrol a second factor may open: the enrolment pages (allauth's mfa_*), the
# password step allauth asks before enrolment, the log-out, and the language switch.
ENROLMENT_URL_NAMES = {"logout", "account_logout", "account_reauthenticate", "set_language"}


def _logged_in_by_sso(request, user) -> bool:
    """Logged in through FIT's identity provider (single sign-on): its own two-step log-in (Entra ID's
    conditional access, docs/deploy.md) is the second factor."""
    return any(record.get("method") == "socialaccount" for record in get_authentication_records(request, user))


class SecondFactorRequiredMiddleware:
    """Who must log in in two steps (User.needs_second_factor) and has no second factor yet is sent to the
    page "Two-step log-in" from every other page, the admin included, until an authenticator app or a
    passkey is set up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not user.needs_second_factor:
            return None
        match = request.resolver_match
        name = match.url_name if match else None
        if name in ENROLMENT_URL_NAMES or (name or "").startswith("mfa_") or _logged_in_by_sso(request, user):
            return None
        if user.has_second_factor:
            return None
        if request.method == "GET":
            messages.warning(
                request,
                _("Your account logs in in two steps. Set up an authenticator app or a passkey before you continue."),
            )
        return redirect("mfa_index")
