"""The portal's rules for django-allauth: nobody signs up, the portal's wording, no mail sent by allauth."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _

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
