"""The announcements' writes: publishing (with its e-mails, in one transaction) and marking as read."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.services import outbox_add

from .models import Announcement, AnnouncementRead


@transaction.atomic
def announcement_publish(*, announcement: Announcement, user) -> int:
    """Publish a draft: it shows on the audience's homes, and one e-mail per contact goes into the outbox.

    Publishing what is published already changes nothing (the row is locked and checked first; the outbox's
    unique key is the second guard). Returns how many e-mails were written.
    """
    locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if locked.published_at is not None:
        raise ValidationError(_("This announcement has been published already."))
    locked.published_at = timezone.now()
    locked.published_by = user
    locked.full_clean()
    locked.save(update_fields=["published_at", "published_by"])
    announcement.published_at, announcement.published_by = locked.published_at, user
    return outbox_add(
        kind=Kind.ANNOUNCEMENT,
        recipients=locked.audience_recipients(),
        subject_key=locked.subject_key,
        context={"announcement_id": locked.pk},
    )


def announcement_mark_read(*, announcement: Announcement, user) -> AnnouncementRead:
    read, _created = AnnouncementRead.objects.get_or_create(announcement=announcement, user=user)
    return read


def announcement_for_message(announcement_id) -> dict:
    """What an announcement's e-mail shows (registered with the outbox in apps.py)."""
    return {"announcement": Announcement.objects.get(pk=announcement_id, published_at__isnull=False)}


def announcement_message_is_due(message, objects: dict) -> bool:
    """An announcement that expired before its e-mail could go is not sent any more."""
    announcement = objects.get("announcement")
    if announcement is None:
        return False
    return announcement.expires_on is None or announcement.expires_on >= timezone.localdate()
