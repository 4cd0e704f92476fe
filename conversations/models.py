"""Conversations between FIT and each partner: threads, messages (some internal to FIT), attachments and
each user's read marker."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.uploads import RandomUploadTo, validate_document

from .querysets import MessageQuerySet, ThreadQuerySet

# The optional subject of a thread: at most one of these is set (constraint conversations_thread_about_one).
ABOUT_FIELDS = {
    "report": "evaluations.KPIReport",
    "evaluation": "evaluations.Evaluation",
    "improvement_point": "evaluations.ImprovementPoint",
    "action": "evaluations.Action",
    "moment": "partners.ConsultationMoment",
}


def _at_most_one_about() -> Q:
    condition = Q()
    for i, field in enumerate(ABOUT_FIELDS):
        others = [f for f in ABOUT_FIELDS if f != field]
        only = Q(**{f"{field}__isnull": False}) & Q(**{f"{o}__isnull": True for o in others})
        condition = only if i == 0 else condition | only
    return condition | Q(**{f"{f}__isnull": True for f in ABOUT_FIELDS})


class Thread(models.Model):
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="threads", verbose_name=_("partner")
    )
    subject = models.CharField(_("subject"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("started on"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    is_closed = models.BooleanField(_("closed"), default=False)
    report = models.ForeignKey(
        "evaluations.KPIReport", on_delete=models.SET_NULL, null=True, blank=True, related_name="threads",
        verbose_name=_("KPI report"),
    )  # fmt: skip
    evaluation = models.ForeignKey(
        "evaluations.Evaluation", on_delete=models.SET_NULL, null=True, blank=True, related_name="threads",
        verbose_name=_("evaluation"),
    )  # fmt: skip
    improvement_point = models.ForeignKey(
        "evaluations.ImprovementPoint", on_delete=models.SET_NULL, null=True, blank=True, related_name="threads",
        verbose_name=_("improvement point"),
    )  # fmt: skip
    action = models.ForeignKey(
        "evaluations.Action", on_delete=models.SET_NULL, null=True, blank=True, related_name="threads",
        verbose_name=_("action"),
    )  # fmt: skip
    moment = models.ForeignKey(
        "partners.ConsultationMoment", on_delete=models.SET_NULL, null=True, blank=True, related_name="threads",
        verbose_name=_("consultation moment"),
    )  # fmt: skip

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(
                condition=_at_most_one_about(),
                name="conversations_thread_about_one",
                violation_error_message=_("A conversation can be about one thing at most."),
            ),
        ]
        indexes = [models.Index(fields=["partner", "-last_message_at"], name="conv_thread_partner_last")]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("conversations:thread_detail", args=[self.pk])

    @property
    def about(self):
        """The object the thread is about, or None."""
        for field in ABOUT_FIELDS:
            if getattr(self, f"{field}_id"):
                return getattr(self, field)
        return None

    def get_staff_url(self) -> str:
        return reverse("conversations:staff_thread_detail", args=[self.pk])


class Message(models.Model):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="messages", verbose_name=_("conversation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("message"), max_length=20000)
    created_at = models.DateTimeField(_("sent on"), default=timezone.now)
    # An internal note: FIT staff only, never shown, counted, mailed, exported or found for the partner.
    internal = models.BooleanField(_("internal note"), default=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["thread", "created_at"], name="conv_message_thread_created")]

    def __str__(self) -> str:
        return f"{self.author} – {timezone.localtime(self.created_at):%d/%m/%Y %H:%M}"

    @property
    def from_fit(self) -> bool:
        """Written by FIT: its author is no partner's contact (select_related("author__contact") avoids a query)."""
        return getattr(self.author, "contact", None) is None


class Attachment(models.Model):
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("message")
    )
    file = models.FileField(
        _("file"), upload_to=RandomUploadTo("conversations"), validators=[validate_document], max_length=200
    )
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class ThreadRead(models.Model):
    """Until when a user has read a thread: newer messages (not their own) are unread for them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="conversations_read_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user} – {self.thread}"
