"""The portal's rules for django-allauth: nobody signs up, the portal's wording, no mail sent by allauth,
single sign-on for FIT staff only."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .audit import audit
from .models import AuditEvent, User

MISMATCH = _("This username (or email address) and this password do not match. Note that passwords are case-sensitive.")


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": MISMATCH,
        "email_password_mismatch": MISMATCH,
    }

    def is_open_for_signup(self, request) -> bool:
        """FIT makes every account (partner contacts by invitation, staff in the admin)."""
        return False

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        # The portal shows who is logged in at the top of every page: no "logged in as" banner.
        if message_template in ("account/messages/logged_in.txt",):
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def send_notification_mail(self, *args, **kwargs) -> None:
        """allauth would send its security notices itself; the portal's mail goes through the outbox, and
        the audit log records the change instead (accounts.signals)."""


class MFAAdapter(DefaultMFAAdapter):
    def send_notification_mail(self, *args, **kwargs) -> None:
        """As AccountAdapter.send_notification_mail: the audit log records the change."""

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Whoever must use a second factor keeps at least one (an authenticator app or a passkey)."""
        user = authenticator.user
        if not user.needs_second_factor or authenticator.type == Authenticator.Type.RECOVERY_CODES:
            return True
        others = Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exclude(pk=authenticator.pk)
        return others.exists()


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on (OpenID Connect, e.g. FIT's Microsoft Entra ID) for FIT staff only.

    The identity provider's e-mail address must be that of an existing, active FIT user of the portal:
    the account is linked to it at the first log-in, never created. Roles stay given in the portal. A
    partner's account or an unknown address is refused with a clear message, in the audit log.
    """

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        email = _claimed_email(sociallogin)
        user = sociallogin.user if sociallogin.is_existing else User.objects.login_account(email) if email else None
        if user is not None and user.is_active and user.is_fit_staff and (not email or user.email.lower() == email):
            if not sociallogin.is_existing:
                sociallogin.connect(request, user)
            return
        if user is None:
            reason, message = (
                "unknown",
                _(
                    "No FIT account in the portal has the address %(email)s. Ask the portal's administrators at FIT "
                    "to make one; single sign-on creates no accounts."
                )
                % {"email": email or "?"},
            )
        else:
            reason, message = (
                "not_fit",
                _("Single sign-on is for FIT staff. Log in with your username or email address and your password."),
            )
        audit(AuditEvent.Kind.SSO_REFUSED, request=request, username=email, reason=reason)
        messages.error(request, message)
        raise ImmediateHttpResponse(redirect("login"))


def _claimed_email(sociallogin) -> str:
    """The address the identity provider vouches for: `email`, or Entra ID's `preferred_username` (the
    user's sign-in name, an address in FIT's own tenant) when it sends no `email` claim."""
    data = sociallogin.account.extra_data or {}
    claims = (
        {**data.get("id_token", {}), **data.get("userinfo", {})} if "userinfo" in data or "id_token" in data else data
    )
    email = claims.get("email") or claims.get("preferred_username") or sociallogin.user.email or ""
    return email.strip().lower()
