"""The outbox: every message the portal sends is first a row here, written in the same transaction
as the change that causes it. Celery tasks (and a sweep every minute) send the rows that are due,
each exactly once: a row is claimed (pending → sending) in one UPDATE before the mail goes out.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_comma_separated_integer_list
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    INVITATION = "invitation", _("invitation")
    REMINDER = "reminder", _("consultation moment reminder")
    CHANGE = "change", _("consultation moment change")
    CANCELLATION = "cancellation", _("consultation moment cancellation")
    MINUTES = "minutes", _("minutes published")
    KPI_REMINDER = "kpi_reminder", _("KPI deadline reminder")
    KPI_OVERDUE = "kpi_overdue", _("KPI report late")
    KPI_ESCALATION = "kpi_escalation", _("KPI report late: escalation")
    VALIDATION_REMINDER = "validation_reminder", _("validation reminder")
    VALIDATION_ESCALATION = "validation_escalation", _("validation late: escalation")
    REPORT_SUBMITTED = "report_submitted", _("report submitted")
    REPORT_RETURNED = "report_returned", _("report returned")
    REPORT_VALIDATED = "report_validated", _("report validated")
    EVALUATION = "evaluation", _("evaluation")
    # Communication between FIT and the partners (conversations, announcements, documents, minutes, surveys).
    CONVERSATION_MESSAGE = "conversation_message", _("new message in a conversation")
    ANNOUNCEMENT = "announcement", _("announcement")
    DOCUMENT_SHARED = "document_shared", _("document shared")
    MINUTES_APPROVAL = "minutes_approval", _("minutes to approve")
    SURVEY = "survey", _("survey")
    ACTION_OVERLAP = "action_overlap", _("overlapping actions")
    # Joint actions (issue 15): an invitation to co-organise an action, a request to join one, and their answers.
    CO_ORGANISER_INVITATION = "co_organiser_invitation", _("invitation to co-organise an action")
    CO_ORGANISER_ANSWER = "co_organiser_answer", _("answer to an invitation to co-organise")
    JOIN_REQUEST = "join_request", _("request to join an action")
    JOIN_ANSWER = "join_answer", _("answer to a request to join")
    ACTION_CANCELLED = "action_cancelled", _("action cancelled by FIT")
    DIGEST = "digest", _("daily digest")


class Status(models.TextChoices):
    PENDING = "pending", _("to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("expired")
    # The recipient wants this kind of message in their daily digest (notifications/preferences.py): held
    # until the digest is written, then listed in it (the digest row is the one that is mailed).
    IN_DIGEST = "in_digest", _("waits for the daily digest")
    DIGESTED = "digested", _("listed in a daily digest")


class OutboxQuerySet(models.QuerySet):
    def due(self, now=None):
        """Pending rows whose time has come: what the sweep sends (index outbox_status_due)."""
        return self.filter(status=Status.PENDING, due_at__lte=now or timezone.now())

    def about(self, subject_key: str):
        """Every message about one subject (e.g. "moment:12"), in the order it goes out."""
        return self.filter(subject_key=subject_key).order_by("due_at", "recipient_email")

    def held_for_digest(self):
        """Messages that wait for their recipient's daily digest."""
        return self.filter(status=Status.IN_DIGEST)

    def stuck(self, older_than):
        """Rows claimed by a worker that died before it finished."""
        return self.filter(status=Status.SENDING, claimed_at__lt=older_than)


class OutboxMessage(models.Model):
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    recipient_email = models.EmailField(_("recipient"))
    recipient_name = models.CharField(_("recipient name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=2, default="nl")
    # What the message is about, e.g. "moment:12" or "report:5": the domain's key, never a foreign key (the
    # outbox knows no domain). What the e-mail shows of its subject is loaded at send time from the ids in
    # `context` by loaders the domain apps register (notifications.services.register_context_loader).
    subject_key = models.CharField(_("subject"), max_length=40)
    # Which step: "14d" before a moment, "30d" before a deadline, "v3" for the third version of a report...
    offset = models.CharField(_("step"), max_length=20, blank=True)
    context = models.JSONField(_("data"), default=dict, blank=True)
    due_at = models.DateTimeField(_("to be sent on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(_("queued on"), null=True, blank=True)
    # The mail's Message-ID header, fixed when the row is written and sent unchanged on every retry and
    # resend: a copy sent again after a crash is recognisable as the same message (clients show it once).
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    # A worker died while this row was being sent (after the SMTP server may have accepted it): the
    # sweep sent it again, with the same Message-ID. SMTP cannot promise exactly once; this says so.
    resent_after_interruption = models.BooleanField(
        _("resent after an interruption"),
        default=False,
        help_text=_(
            "Sending was interrupted (e.g. a worker stopped) and the message was sent again with the same "
            "Message-ID; the recipient may have received it twice."
        ),
    )
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    # A message held for the daily digest: the digest (an outbox row of kind "digest") that listed it.
    digest = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="listed",
        verbose_name=_("daily digest"),
    )

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages (outbox)")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient_email", "subject_key", "kind", "offset"],
                name="outbox_once_per_recipient_subject_kind_offset",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="outbox_status_due"),
            models.Index(fields=["subject_key", "kind"], name="outbox_subject_kind"),
        ]

    def __str__(self) -> str:
        # In Brussels time, like every other time the admin shows beside it (the tabular inline prints this).
        return f"{self.get_kind_display()} → {self.recipient_email} ({timezone.localtime(self.due_at):%d/%m/%Y %H:%M})"


class ReminderPolicy(models.Model):
    """When reminders go out, per kind of moment (days before it) or for the KPI deadline."""

    class Target(models.TextChoices):
        PARTNER_DAY = "partner_day", _("partner day")
        FORMAL = "formal", _("formal consultation")
        BILATERAL = "bilateral", _("bilateral meeting")
        OTHER = "other", _("other consultation moment")
        KPI_DEADLINE = "kpi_deadline", _("KPI deadline")

    target = models.CharField(_("for"), max_length=20, choices=Target.choices, unique=True)
    days_before = models.CharField(
        _("days before"),
        max_length=50,
        validators=[validate_comma_separated_integer_list],
        help_text=_("E.g. 14,2: a reminder 14 days and 2 days before."),
    )
    send_time = models.TimeField(_("sending time"), default=datetime.time(9, 0), help_text=_("Local time (Brussels)."))

    class Meta:
        ordering = ["target"]
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")

    def __str__(self) -> str:
        return f"{self.get_target_display()}: {self.days_before}"

    @property
    def offsets(self) -> list[int]:
        return sorted({int(d) for d in self.days_before.split(",") if d.strip()}, reverse=True)


DEFAULT_POLICIES: dict[str, str] = {
    ReminderPolicy.Target.PARTNER_DAY: "14,2",
    ReminderPolicy.Target.FORMAL: "14,2",
    ReminderPolicy.Target.BILATERAL: "2",
    ReminderPolicy.Target.OTHER: "2",
    ReminderPolicy.Target.KPI_DEADLINE: "30,7",
}


class Delivery(models.TextChoices):
    """How a person wants one kind of notice (notifications/preferences.py decides which kinds may be chosen)."""

    IMMEDIATELY = "immediately", _("immediately")
    DIGEST = "digest", _("in a daily digest")
    NEVER = "never", _("not at all")


class NotificationPreference(models.Model):
    """One person's choice for one kind of notice; no row means "immediately"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    delivery = models.CharField(_("delivery"), max_length=12, choices=Delivery.choices, default=Delivery.IMMEDIATELY)

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="notice_preference_once_per_user_kind",
                violation_error_message=_("This person already has a preference for this kind of notice."),
            ),
            models.CheckConstraint(
                condition=models.Q(delivery__in=Delivery.values),
                name="notice_preference_delivery_valid",
                violation_error_message=_("Choose immediately, in a daily digest or not at all."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} → {self.get_delivery_display()}"

    def clean(self):
        from .preferences import is_mandatory

        if is_mandatory(self.kind) and self.delivery != Delivery.IMMEDIATELY:
            raise ValidationError(
                {"delivery": _("This notice is always sent at once: it cannot be delayed or switched off.")}
            )


DIGEST_HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]
DEFAULT_DIGEST_HOUR = 8


class DigestSetting(models.Model):
    """When a person's daily digest goes out (Brussels time); no row means 08:00."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_setting", verbose_name=_("user")
    )
    hour = models.PositiveSmallIntegerField(
        _("time of the daily digest"),
        choices=DIGEST_HOURS,
        default=DEFAULT_DIGEST_HOUR,
        help_text=_("Brussels time."),
    )

    class Meta:
        verbose_name = _("daily digest setting")
        verbose_name_plural = _("daily digest settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hour__lte=23),
                name="digest_setting_hour_of_the_day",
                violation_error_message=_("Choose an hour of the day (00:00 to 23:00)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.hour:02d}:00"


class HeartbeatQuerySet(models.QuerySet):
    def beat(self, name: str, at: datetime.datetime | None = None) -> None:
        """Record that `name` ran now (one row per name, updated in place)."""
        self.update_or_create(name=name, defaults={"at": at or timezone.now()})

    def last(self, name: str) -> datetime.datetime | None:
        return self.filter(name=name).values_list("at", flat=True).first()


class Heartbeat(models.Model):
    """When a periodic job last ran: the outbox's sweep sent by beat, which `/healthz` watches (a stopped beat
    or worker sends nothing, silently; this makes it visible)."""

    PERIODIC_SWEEP = "periodic sweep"

    name = models.CharField(_("name"), max_length=100, unique=True)
    at = models.DateTimeField(_("last run"))

    objects = HeartbeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name}: {self.at:%Y-%m-%d %H:%M:%S}"
