"""Writes on accounts that are more than a save: the reset of a user's second factor."""

from allauth.mfa.models import Authenticator
from django.db import transaction

from .audit import audit
from .models import AuditEvent, User


def second_factor_reset(*, user: User, by: User, request=None) -> int:
    """Remove every second factor of `user` (authenticator app, passkeys, recovery codes), e.g. after a
    lost phone: at the next log-in the password is enough, and a user who must log in in two steps is sent
    to enrol a new one. Recorded in the audit log under the FIT user who did it. Returns how many
    authenticators were removed."""
    with transaction.atomic():
        removed = list(Authenticator.objects.filter(user=user).values_list("type", flat=True))
        Authenticator.objects.filter(user=user).delete()
        audit(
            AuditEvent.Kind.SECOND_FACTOR_RESET,
            request=request,
            user=by,
            target=user.get_username(),
            target_id=user.pk,
            removed=sorted(removed),
        )
    return len(removed)
