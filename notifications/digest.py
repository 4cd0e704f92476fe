"""The daily digest: one mail a day per person, at the hour they chose (Brussels time), listing the messages
held for it (notifications/preferences.py: a kind a person wants "in a daily digest").

The digest is an outbox row itself (Kind.DIGEST, subject "digest:<user id>", offset the day, context the ids
of the held rows), so it is sent exactly once like every other message; the unique constraint of the outbox
and a lock on the held rows make two runs of the task on one day write one digest. Once it is written the
held rows are "listed in a daily digest" and point at it. A held row whose reason went (cancel_pending, the
relevance check, its subject deleted) is cancelled and not listed; nothing held, no digest.

A periodic task (every 15 minutes, see migration 0007) writes the digests whose hour has come today; a
digest missed while the workers were down goes out at the next run the same day. A message held after
today's digest waits for tomorrow's. A message held for a person whose account was deactivated since is sent
on its own at once (such a recipient gets everything immediately).
"""

import datetime
import logging

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import User

from .models import DEFAULT_DIGEST_HOUR, Kind, OutboxMessage, Status
from .scheduling import BRUSSELS
from .services import Recipient, _still_relevant, load_objects, outbox_add

logger = logging.getLogger(__name__)

GONE = "Het onderwerp van dit bericht bestaat niet meer."
NO_LONGER_DUE = "Dit bericht is niet meer van toepassing."


def digest_key(user) -> str:
    return f"digest:{user.pk}"


def write_digests(now: datetime.datetime | None = None) -> int:
    """Write today's digest of every person whose digest hour has come and who has messages held. Returns how many."""
    now = now or timezone.now()
    local = now.astimezone(BRUSSELS)
    held_addresses = set(
        OutboxMessage.objects.held_for_digest()
        .annotate(email_ci=Lower("recipient_email"))
        .values_list("email_ci", flat=True)
    )
    if not held_addresses:
        return 0
    people = (
        User.objects.annotate(email_ci=Lower("email"))
        .filter(email_ci__in=held_addresses, is_active=True)
        .select_related("digest_setting")
    )
    # Held for a person whose account was deactivated (or whose address changed) since: they go at once now.
    orphans = held_addresses - {user.email_ci for user in people}
    if orphans:
        OutboxMessage.objects.held_for_digest().annotate(email_ci=Lower("recipient_email")).filter(
            email_ci__in=orphans
        ).update(status=Status.PENDING)
    written = 0
    for user in people:
        setting = getattr(user, "digest_setting", None)
        if (setting.hour if setting else DEFAULT_DIGEST_HOUR) <= local.hour:
            written += digest_write(user=user, day=local.date())
    return written


@transaction.atomic
def digest_write(*, user, day: datetime.date) -> int:
    """Write `user`'s digest of `day` from what is held for them now; 1 when written, 0 when there was nothing
    to list or the digest of that day exists already."""
    recipient = Recipient.of_user(user)
    offset = day.isoformat()
    # Locked, so a second run at the same time waits here and then finds them listed already.
    held = list(
        OutboxMessage.objects.held_for_digest()
        .annotate(email_ci=Lower("recipient_email"))
        .filter(email_ci=user.email.lower())
        .select_for_update(of=("self",))
        .order_by("due_at", "pk")
    )
    if not held:
        return 0
    digests = OutboxMessage.objects.filter(kind=Kind.DIGEST, subject_key=digest_key(user))
    if digests.filter(offset=offset).exists():
        return 0  # today's digest went already: these wait for tomorrow's
    listed = [message for message in held if _still_due(message)]
    if not listed:
        return 0
    held_ids = [message.pk for message in listed]
    outbox_add(
        kind=Kind.DIGEST,
        recipients=[recipient],
        subject_key=digest_key(user),
        offset=offset,
        context={"held_ids": held_ids},
    )
    digest = digests.filter(offset=offset).first()
    if digest is None or digest.context.get("held_ids") != held_ids:
        return 0  # another run wrote that day's digest meanwhile (the unique constraint kept one): these wait
    OutboxMessage.objects.filter(pk__in=[m.pk for m in listed]).update(status=Status.DIGESTED, digest=digest)
    return 1


def _still_due(message: OutboxMessage) -> bool:
    """Whether a held message may be listed; if not it is cancelled, with the reason, as deliver() would."""
    try:
        objects = load_objects(message)
    except ObjectDoesNotExist:
        OutboxMessage.objects.filter(pk=message.pk).update(status=Status.CANCELLED, last_error=GONE)
        return False
    if not _still_relevant(message, objects):
        OutboxMessage.objects.filter(pk=message.pk).update(status=Status.CANCELLED, last_error=NO_LONGER_DUE)
        return False
    return True
