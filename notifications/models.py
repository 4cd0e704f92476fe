"""The outbox: every message the portal sends is first a row here, written in the same transaction
as the change that causes it. Celery tasks (and a sweep every minute) send the rows that are due,
each exactly once: a row is claimed (pending → sending) in one UPDATE before the mail goes out.
"""

import datetime

from django.core.validators import validate_comma_separated_integer_list
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    INVITATION = "invitation", _("uitnodiging")
    REMINDER = "reminder", _("herinnering overlegmoment")
    CHANGE = "change", _("wijziging overlegmoment")
    CANCELLATION = "cancellation", _("annulering overlegmoment")
    MINUTES = "minutes", _("verslag gepubliceerd")
    KPI_REMINDER = "kpi_reminder", _("herinnering KPI-deadline")
    KPI_OVERDUE = "kpi_overdue", _("KPI-rapport te laat")
    KPI_ESCALATION = "kpi_escalation", _("KPI-rapport te laat: escalatie")
    VALIDATION_REMINDER = "validation_reminder", _("herinnering validatie")
    VALIDATION_ESCALATION = "validation_escalation", _("validatie te laat: escalatie")
    REPORT_SUBMITTED = "report_submitted", _("rapport ingediend")
    REPORT_RETURNED = "report_returned", _("rapport teruggestuurd")
    REPORT_VALIDATED = "report_validated", _("rapport gevalideerd")
    EVALUATION = "evaluation", _("evaluatie")


class Status(models.TextChoices):
    PENDING = "pending", _("te versturen")
    SENDING = "sending", _("wordt verstuurd")
    SENT = "sent", _("verstuurd")
    FAILED = "failed", _("mislukt")
    CANCELLED = "cancelled", _("vervallen")


class OutboxQuerySet(models.QuerySet):
    def due(self, now=None):
        """Pending rows whose time has come: what the sweep sends (index outbox_status_due)."""
        return self.filter(status=Status.PENDING, due_at__lte=now or timezone.now())

    def stuck(self, older_than):
        """Rows claimed by a worker that died before it finished."""
        return self.filter(status=Status.SENDING, claimed_at__lt=older_than)


class OutboxMessage(models.Model):
    kind = models.CharField(_("soort"), max_length=24, choices=Kind.choices)
    recipient_email = models.EmailField(_("ontvanger"))
    recipient_name = models.CharField(_("naam ontvanger"), max_length=200, blank=True)
    language = models.CharField(_("taal"), max_length=2, default="nl")
    # What the message is about, e.g. "moment:12" or "report:5" (with the FK for queries and the admin).
    subject_key = models.CharField(_("onderwerp"), max_length=40)
    moment = models.ForeignKey(
        "partners.ConsultationMoment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
        verbose_name=_("overlegmoment"),
    )
    report = models.ForeignKey(
        "evaluations.KPIReport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
        verbose_name=_("KPI-rapport"),
    )
    invitation = models.ForeignKey(
        "partners.Invitation", on_delete=models.CASCADE, null=True, blank=True, related_name="outbox_messages"
    )
    # Which step: "14d" before a moment, "30d" before a deadline, "v3" for the third version of a report...
    offset = models.CharField(_("stap"), max_length=20, blank=True)
    context = models.JSONField(_("gegevens"), default=dict, blank=True)
    due_at = models.DateTimeField(_("te versturen op"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    claimed_at = models.DateTimeField(_("opgenomen op"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten (outbox)")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient_email", "subject_key", "kind", "offset"],
                name="outbox_once_per_recipient_subject_kind_offset",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="outbox_status_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_email} ({self.due_at:%d/%m/%Y %H:%M})"


class ReminderPolicy(models.Model):
    """When reminders go out, per kind of moment (days before it) or for the KPI deadline."""

    class Target(models.TextChoices):
        PARTNER_DAY = "partner_day", _("partnerdag")
        FORMAL = "formal", _("formeel overlegmoment")
        BILATERAL = "bilateral", _("bilateraal overleg")
        OTHER = "other", _("ander overlegmoment")
        KPI_DEADLINE = "kpi_deadline", _("KPI-deadline")

    target = models.CharField(_("voor"), max_length=20, choices=Target.choices, unique=True)
    days_before = models.CharField(
        _("dagen vooraf"),
        max_length=50,
        validators=[validate_comma_separated_integer_list],
        help_text=_("Bv. 14,2: een herinnering 14 dagen en 2 dagen vooraf."),
    )
    send_time = models.TimeField(
        _("uur van verzending"), default=datetime.time(9, 0), help_text=_("Lokale tijd (Brussel).")
    )

    class Meta:
        ordering = ["target"]
        verbose_name = _("herinneringsregel")
        verbose_name_plural = _("herinneringsregels")

    def __str__(self) -> str:
        return f"{self.get_target_display()}: {self.days_before}"

    @property
    def offsets(self) -> list[int]:
        return sorted({int(d) for d in self.days_before.split(",") if d.strip()}, reverse=True)


DEFAULT_POLICIES = {
    ReminderPolicy.Target.PARTNER_DAY: "14,2",
    ReminderPolicy.Target.FORMAL: "14,2",
    ReminderPolicy.Target.BILATERAL: "2",
    ReminderPolicy.Target.OTHER: "2",
    ReminderPolicy.Target.KPI_DEADLINE: "30,7",
}
