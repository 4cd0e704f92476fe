"""Audit entries for log-ins, log-outs, failed log-ins and second factors (decoupled extras: signals are right)."""

from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import audit
from .models import AuditEvent


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit(AuditEvent.Kind.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit(AuditEvent.Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    audit(AuditEvent.Kind.LOGIN_FAILED, request=request, username=str(credentials.get("username", ""))[:254])


# The two-step log-in (django-allauth's MFA): a second factor set up or removed, a wrong code.
@receiver(mfa_signals.authenticator_added)
def _second_factor_added(sender, request, user, authenticator, **kwargs):
    audit(AuditEvent.Kind.SECOND_FACTOR_ADDED, request=request, user=user, type=authenticator.type)


@receiver(mfa_signals.authenticator_removed)
def _second_factor_removed(sender, request, user, authenticator, **kwargs):
    audit(AuditEvent.Kind.SECOND_FACTOR_REMOVED, request=request, user=user, type=authenticator.type)


@receiver(mfa_signals.authentication_failed)
def _second_factor_failed(sender, request, user, authenticator, **kwargs):
    audit(AuditEvent.Kind.SECOND_FACTOR_FAILED, request=request, user=user, type=authenticator.type)
