from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The groups a user can belong to; created by a migration (accounts/migrations/0002_groups)."""

    FIT_STAFF = "FIT staff", _("FIT staff")
    ACCOUNT_MANAGER = "Account managers", _("Account managers")
    MANAGER = "Managers", _("Managers")
    PARTNER_USER = "Partner users", _("Partner users")


class PortalUserManager(UserManager):
    def for_login(self, identifier: str):
        """The active-or-not users a log-in name may mean: a username or an e-mail, case-insensitive."""
        identifier = identifier.strip()
        return self.filter(models.Q(username__iexact=identifier) | models.Q(email__iexact=identifier))

    def login_account(self, identifier: str) -> "User | None":
        """The one account a typed log-in name means, or None when it means none or more than one.

        The one rule for both the log-in (accounts.backends) and the lock-out that counts failures per account.
        """
        candidates = list(self.for_login(identifier)[:2])
        return candidates[0] if len(candidates) == 1 else None


class User(AbstractUser):
    """A person who logs in: FIT staff (account managers, managers) or a partner's contact."""

    email = models.EmailField(_("email address"), blank=True)

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # An e-mail address logs in, so it must point at one user only.
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_ci",
                condition=~models.Q(email=""),
                violation_error_message=_("A user with this email address already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, role: Role) -> bool:
        # Group names are cached per request on the instance: templates ask several times.
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return role.value in self._role_names

    @property
    def is_fit_staff(self) -> bool:
        """Anyone at FIT: staff, account managers, managers and superusers."""
        return self.is_active and (
            self.is_superuser
            or self.has_role(Role.FIT_STAFF)
            or self.has_role(Role.ACCOUNT_MANAGER)
            or self.has_role(Role.MANAGER)
        )

    @property
    def is_manager(self) -> bool:
        return self.is_active and (self.is_superuser or self.has_role(Role.MANAGER))

    @property
    def needs_second_factor(self) -> bool:
        """Whether this user must log in in two steps (settings.PORTAL): FIT staff, the admin's users and
        superusers by MFA_REQUIRED_FOR_STAFF, everyone else (partner users) by MFA_REQUIRED_FOR_PARTNERS."""
        for_staff, for_partners = (
            settings.PORTAL["MFA_REQUIRED_FOR_STAFF"],
            settings.PORTAL["MFA_REQUIRED_FOR_PARTNERS"],
        )
        if for_staff == for_partners:
            return for_staff  # the same for everyone: no need to ask the roles
        return for_staff if (self.is_staff or self.is_superuser or self.is_fit_staff) else for_partners

    @property
    def has_second_factor(self) -> bool:
        """An authenticator app or a passkey (recovery codes alone are no second factor)."""
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(
            user=self, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()


class AuditEventQuerySet(models.QuerySet):
    def downloads(self):
        """Files that left the portal: downloads (evidence, documents, the annual report) and exports."""
        return self.filter(kind__in=[AuditEvent.Kind.DOWNLOAD, AuditEvent.Kind.EXPORT]).select_related("user")

    def of_partner(self, partner_id: int):
        return self.filter(detail__partner_id=partner_id)

    def by_fit(self):
        """Done by FIT staff: account managers, managers, FIT staff, superusers (User.is_fit_staff)."""
        fit_roles = [Role.FIT_STAFF, Role.ACCOUNT_MANAGER, Role.MANAGER]
        return self.filter(models.Q(user__is_superuser=True) | models.Q(user__groups__name__in=fit_roles)).distinct()


class AuditEvent(models.Model):
    """What happened, by whom, from where: log-ins (also failed ones), exports and workflow steps."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOGOUT = "logout", _("logged out")
        LOCKED_OUT = "locked_out", _("locked out after failed logins")
        PASSWORD_RESET = "password_reset", _("new password requested")
        EXPORT = "export", _("export")
        REPORT_STEP = "report_step", _("KPI report step")
        EVALUATION_STEP = "evaluation_step", _("evaluation step")
        SECOND_FACTOR_ADDED = "mfa_added", _("second factor added")
        SECOND_FACTOR_REMOVED = "mfa_removed", _("second factor removed")
        SECOND_FACTOR_FAILED = "mfa_failed", _("wrong second-factor code")
        SECOND_FACTOR_RESET = "mfa_reset", _("second factor reset by FIT")
        SSO_REFUSED = "sso_refused", _("single sign-on refused")
        DOWNLOAD = "download", _("download")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("user")
    )
    username = models.CharField(_("username"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["kind", "at"], name="audit_kind_at")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_kind_display()} {self.username}"
