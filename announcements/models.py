"""FIT's news for the partners: an announcement to every partner, groups of partners or a versnelling,
shown on the partner's home until read, and mailed to the audience's contacts when it is published."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from library.audience import AudienceFields

from .querysets import AnnouncementQuerySet


class Announcement(AudienceFields):
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Plain text; line breaks are kept."))
    published_at = models.DateTimeField(_("published on"), null=True, blank=True, editable=False)
    expires_on = models.DateField(
        _("shown until"), null=True, blank=True, help_text=_("After this day it is no longer on the partners' home.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta(AudienceFields.Meta):
        ordering = [models.F("published_at").desc(nulls_first=True), "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            *AudienceFields.Meta.constraints,
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(published_by__isnull=False),
                name="announcement_published_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def subject_key(self) -> str:
        return f"announcement:{self.pk}"


class AnnouncementRead(models.Model):
    """A user read (or dismissed) an announcement: it leaves their home."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="reads", verbose_name=_("announcement")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="announcement_reads", verbose_name=_("user")
    )
    read_at = models.DateTimeField(_("read on"), auto_now_add=True)

    class Meta:
        ordering = ["-read_at"]
        verbose_name = _("announcement read")
        verbose_name_plural = _("announcements read")
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="announcement_read_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.announcement} – {self.user}"
