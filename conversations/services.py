"""Writes of the conversations: start a thread, post a message (with its e-mail notice), read markers."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.services import Recipient, outbox_add
from partners.models import AccountManager, AccountManagerAssignment, Contact

from .models import Attachment, Message, Thread, ThreadRead


def _recipients_for(message: Message) -> list[Recipient]:
    """The other side: a partner's message goes to the partner's current account manager(s); FIT's to the
    partner's active contacts with a log-in. Nobody is told of their own message, nor of an internal note."""
    if message.internal:
        return []
    partner_id = message.thread.partner_id
    if message.author.is_fit_staff:
        contacts = (
            Contact.objects.with_login()
            .filter(partner_id=partner_id)
            .exclude(user=message.author)
            .select_related("user")
        )
        return [Recipient(email=c.user.email or c.email, name=c.full_name, language=c.language) for c in contacts]
    current = AccountManagerAssignment.objects.current().filter(partner_id=partner_id)
    managers = (
        AccountManager.objects.active()
        .filter(user__is_active=True, assignments__in=current)
        .exclude(user=message.author)
        .select_related("user")
        .distinct()
    )
    return [Recipient.of_user(m.user) for m in managers]


@transaction.atomic
def message_post(*, thread: Thread, author, body: str, internal: bool = False, files=()) -> Message:
    """Add a message (and its attachments) to `thread`, tell the other side through the outbox, and mark the
    thread read for the author. Only FIT staff may write an internal note."""
    if internal and not author.is_fit_staff:
        raise PermissionDenied
    if thread.is_closed:
        raise ValidationError(_("This conversation is closed."))
    now = timezone.now()
    message = Message(thread=thread, author=author, body=body.strip(), internal=internal, created_at=now)
    message.full_clean()
    message.save()
    for upload in files:
        Attachment.objects.create(message=message, file=upload, name=upload.name[:200], size=upload.size)
    Thread.objects.filter(pk=thread.pk).update(last_message_at=now)
    thread.last_message_at = now
    thread_mark_read(thread=thread, user=author, at=now)
    recipients = _recipients_for(message)
    if recipients:
        outbox_add(
            kind=Kind.CONVERSATION_MESSAGE,
            recipients=recipients,
            subject_key=f"thread:{thread.pk}",
            offset=f"m{message.pk}",
            context={"thread_id": thread.pk, "message_id": message.pk},
        )
    return message


@transaction.atomic
def thread_start(*, partner, author, subject: str, body: str, about: dict | None = None, files=()) -> Thread:
    """A new thread with `partner` and its first message; `about` is e.g. {"report": <KPIReport>}."""
    now = timezone.now()
    thread = Thread(partner=partner, subject=subject.strip(), created_by=author, created_at=now, last_message_at=now)
    for field, obj in (about or {}).items():
        setattr(thread, field, obj)
    thread.full_clean()
    thread.save()
    message_post(thread=thread, author=author, body=body, files=files)
    return thread


def thread_mark_read(*, thread: Thread, user, at=None) -> None:
    ThreadRead.objects.update_or_create(user=user, thread=thread, defaults={"last_read_at": at or timezone.now()})


def thread_set_closed(*, thread: Thread, closed: bool, user=None) -> None:
    """FIT closes a conversation (no more replies, from either side) or reopens it."""
    Thread.objects.filter(pk=thread.pk).update(is_closed=closed)
    thread.is_closed = closed


def thread_mark_unread(*, thread: Thread, user) -> None:
    """Forget the user's read marker: the thread's messages from others count as unread again."""
    ThreadRead.objects.filter(user=user, thread=thread).delete()


def unread_count(user) -> int:
    """How many messages of the threads the user follows (Thread.objects.followed_by), not their own, are newer
    than their marker on the thread (one query)."""
    if not user.is_authenticated:
        return 0
    reads = ThreadRead.objects.filter(user=user, thread=OuterRef("thread_id")).values("last_read_at")[:1]
    return (
        Message.objects.visible_to(user)
        .filter(thread__in=Thread.objects.followed_by(user))
        .exclude(author=user)
        .annotate(read_at=Subquery(reads))
        .filter(Q(read_at__isnull=True) | Q(created_at__gt=F("read_at")))
        .count()
    )


def request_unread_count(request) -> int:
    """`unread_count` of the request's user, counted once per request: the header's badge and the to-do list
    both ask (a view that marks a thread read renders after it, so the page shows the new count)."""
    if not hasattr(request, "_conversations_unread"):
        request._conversations_unread = unread_count(request.user)
    return request._conversations_unread


def thread_url(thread: Thread, user_is_fit: bool) -> str:
    return settings.SITE_URL + (thread.get_staff_url() if user_is_fit else thread.get_absolute_url())


# -- what the e-mail shows (registered with the outbox in apps.py) ----------------------------------------


def thread_for_mail(thread_id) -> dict:
    return {"thread": Thread.objects.select_related("partner").get(pk=thread_id)}


def message_for_mail(message_id) -> dict:
    # Internal notes never produce a row, but a note must never be rendered even if one appeared.
    return {"conversation_message": Message.objects.select_related("author").get(pk=message_id, internal=False)}
