"""Personal API tokens: a person lets FIT's reporting tools read, through the API, what they themselves may see
in the portal. The token is shown once; only its SHA-256 is stored (a stolen database gives no usable token)."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX = "fitp_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def of(self, user):
        return self.filter(user=user)

    def issue(self, *, user, name: str) -> tuple["ApiToken", str]:
        """A new token for `user`: the row, and the token itself, which is never stored nor shown again."""
        token = PREFIX + secrets.token_urlsafe(32)
        row = self.create(user=user, name=name.strip(), key_digest=digest(token), hint=token[len(PREFIX) :][:6])
        return row, token

    def authenticate(self, token: str) -> "ApiToken | None":
        return self.active().select_related("user", "user__contact").filter(key_digest=digest(token)).first()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. “Power BI”."))
    key_digest = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    hint = models.CharField(_("first characters"), max_length=6, editable=False)
    created_at = models.DateTimeField(_("created on"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name=""), name="api_token_has_name", violation_error_message=_("Give it a name.")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.name} ({PREFIX}{self.hint}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def mark_used(self) -> None:
        """Record the use, at most once a minute (a tool that reads 50 pages writes once)."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at > datetime.timedelta(minutes=1):
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
