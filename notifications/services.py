"""Writing messages into the outbox, and delivering them exactly once.

The domain apps write the rows (partners/services/moments.py for the moments, evaluations/services/
notices.py for the KPI reports), inside their own transaction, with `outbox_add`; the unique constraint
(recipient, subject, kind, offset) makes adding the same message twice a no-op. After the commit,
`kick()` asks Celery to sweep; when the broker is down the periodic sweep (every minute) finds the rows
anyway.

Delivery claims a row with one conditional UPDATE (pending → sending): of two workers or two sweeps
running at once, only one gets it. A failing SMTP server puts the row back with a later due time
(back-off); after the last attempt it is marked failed, for FIT staff to send again.

What is promised: no message is lost, and a message is never sent as two different mails. A worker
that dies after the SMTP server accepted a mail but before the row is marked sent leaves the row in
"sending"; the sweep sends it again after OUTBOX["STUCK_AFTER_SECONDS"] and marks it "resent after an
interruption". Each row keeps one Message-ID for all its attempts, so the second copy carries the same
Message-ID as the first (and mail servers and clients that deduplicate by it show one message).

A message whose reason goes (a report validated, a moment cancelled) is cancelled by the step that
removes the reason, through `cancel_pending()`; the check at send time stays as a safety net, registered
per kind of message by the app that writes it (`register_relevance_check`): the outbox reads no domain
status itself.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives, make_msgid
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation

from accounts.models import Role, User

from .models import DEFAULT_POLICIES, Delivery, Kind, OutboxMessage, ReminderPolicy, Status
from .preferences import NOT_WANTED, delivery_for

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""
    language: str = "nl"

    @classmethod
    def of_user(cls, user) -> "Recipient":
        contact = getattr(user, "contact", None)
        return cls(email=user.email, name=user.get_full_name(), language=contact.language if contact else "nl")

    @classmethod
    def of_contact(cls, contact) -> "Recipient":
        return cls(email=contact.email, name=contact.full_name, language=contact.language)


# -- writing -------------------------------------------------------------------------------------


def new_message_id() -> str:
    """A Message-ID in the sender's domain (e.g. <...@fitagency.be>), made once per outbox row."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2] or None
    return make_msgid(domain=domain)


def outbox_add(
    *,
    kind: str,
    recipients,
    subject_key: str,
    offset: str = "",
    due_at: datetime.datetime | None = None,
    context: dict | None = None,
    recipient_context: dict[str, dict] | None = None,
) -> int:
    """Add one message per recipient; rows that exist already are left as they are. Returns the count asked.

    `context` is what the templates need, stored as JSON: plain values, and the ids of the domain's rows
    ("moment_id": 12) that the registered loaders turn into objects at send time. `recipient_context`
    (lower-cased e-mail -> dict) adds what differs per recipient, e.g. each invitee's "invitation_id".
    """
    due_at = due_at or timezone.now()
    rows, seen = [], set()
    for recipient in recipients:
        email = (recipient.email or "").strip()
        if not email or email.lower() in seen:
            continue
        seen.add(email.lower())
        rows.append(
            OutboxMessage(
                kind=kind,
                recipient_email=email,
                recipient_name=recipient.name[:200],
                language=recipient.language or "nl",
                subject_key=subject_key,
                offset=offset,
                due_at=due_at,
                context={**(context or {}), **(recipient_context or {}).get(email.lower(), {})},
                message_id=new_message_id(),
            )
        )
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
    if rows and due_at <= timezone.now() + datetime.timedelta(seconds=5):
        transaction.on_commit(kick)
    return len(rows)


def cancel_pending(
    *,
    subject_key: str,
    kinds: Iterable[str],
    reason: str,
    unless_offset_endswith: str | None = None,
    recipient_email: str | None = None,
) -> int:
    """Cancel the messages of `kinds` about `subject_key` that are still to be sent, because their reason went
    (all but those whose offset ends with `unless_offset_endswith`, e.g. the reminders of a moment's revision;
    only those to `recipient_email` when given, e.g. an invitee whose invitation was withdrawn).

    Called by the step that removes the reason (a report validated, a moment cancelled), in its
    transaction, so the admin never lists such a message as to be sent. Returns how many were cancelled.
    """
    # A message held for its recipient's daily digest is still to be sent: it goes too.
    pending = OutboxMessage.objects.filter(
        subject_key=subject_key, kind__in=list(kinds), status__in=[Status.PENDING, Status.IN_DIGEST]
    )
    if unless_offset_endswith:
        pending = pending.exclude(offset__endswith=unless_offset_endswith)
    if recipient_email:
        pending = pending.filter(recipient_email__iexact=recipient_email)
    return pending.update(status=Status.CANCELLED, last_error=reason[:2000])


def kick() -> None:
    """Ask a worker to sweep now. Never fails the caller: with the broker down, the periodic sweep catches up."""
    from .tasks import sweep_outbox

    try:
        sweep_outbox.apply_async(retry=False)
    except Exception as error:
        logger.warning("Could not reach the broker to send now (%s); the sweep will send it.", error)


def reminder_policy(target: str) -> ReminderPolicy:
    """The reminder rule for `target` (a kind of moment, or KPI deadlines), as FIT staff set it in the admin."""
    policy = ReminderPolicy.objects.filter(target=target).first()
    return policy or ReminderPolicy(target=target, days_before=DEFAULT_POLICIES[target])


# -- recipients -------------------------------------------------------------------------------------


def manager_recipients() -> list[Recipient]:
    """FIT's managers with an address, who receive the escalations and the evaluations to sign off."""
    managers = User.objects.filter(is_active=True, groups__name=Role.MANAGER.value).exclude(email="")
    return [Recipient.of_user(user) for user in managers]


# The check at send time, by kind of message: the app that writes a kind registers whether a message of
# it should still go out (its subject may have moved on); kinds without a check always go. A check gets the
# message and what the loaders made of its context (e.g. {"moment": <ConsultationMoment>, ...}).
RelevanceCheck = Callable[[OutboxMessage, dict], bool]
_relevance_checks: dict[str, RelevanceCheck] = {}


def register_relevance_check(kinds: Iterable[str], check: RelevanceCheck) -> None:
    for kind in kinds:
        _relevance_checks[kind] = check


def _still_relevant(message: OutboxMessage, objects: dict) -> bool:
    """Whether the message should still go out now; a step stops as soon as its subject moved on."""
    check = _relevance_checks.get(message.kind)
    return check is None or check(message, objects)


# -- what the domain adds to a message when it is rendered -------------------------------------------
# The apps register these from their AppConfig.ready(), so the outbox imports none of them:
# a loader per key of a message's stored context (e.g. "moment_id" -> {"moment": <ConsultationMoment>}),
# raising ObjectDoesNotExist when the row has gone (the message is then cancelled, not sent),
# and attachment makers (e.g. the partners' .ics of a moment), each returning None or (name, content, type).

ContextLoader = Callable[[object], dict]
AttachmentMaker = Callable[[OutboxMessage, dict], "tuple[str, bytes, str] | None"]
_context_loaders: dict[str, ContextLoader] = {}
_attachment_makers: list[AttachmentMaker] = []


def register_context_loader(key: str, loader: ContextLoader) -> None:
    _context_loaders[key] = loader


def register_attachment_maker(maker: AttachmentMaker) -> None:
    if maker not in _attachment_makers:
        _attachment_makers.append(maker)


def load_objects(message: OutboxMessage) -> dict:
    """The domain's rows the message's context names, through the registered loaders."""
    objects: dict = {}
    for key, loader in _context_loaders.items():
        if message.context.get(key) is not None:
            objects.update(loader(message.context[key]))
    return objects


def _template_context(message: OutboxMessage, objects: dict) -> dict:
    return {
        **message.context,
        **objects,
        "message": message,
        "recipient": Recipient(message.recipient_email, message.recipient_name, message.language),
        "site_url": settings.SITE_URL,
    }


def render_subject(message: OutboxMessage, objects: dict) -> str:
    """The subject line of a message, on one line, in the active language."""
    return " ".join(render_to_string(f"emails/{message.kind}_subject.txt", _template_context(message, objects)).split())


def render_link(message: OutboxMessage, objects: dict) -> str:
    """Where on the portal a message's news is: emails/<kind>_link.txt, or the home page (emails/_link.txt)."""
    template = select_template([f"emails/{message.kind}_link.txt", "emails/_link.txt"])
    return "".join(template.render(_template_context(message, objects)).split())


@dataclass(frozen=True)
class DigestItem:
    kind: str
    subject: str
    link: str


def digest_items(digest: OutboxMessage) -> list[DigestItem]:
    """What a digest lists: each held message's subject line and link, rendered with its own templates in
    the digest's language (its recipient's). A message whose subject has gone since is left out."""
    held = OutboxMessage.objects.filter(pk__in=digest.context.get("held_ids", [])).order_by("due_at", "pk")
    items = []
    with translation.override(digest.language):
        for message in held:
            try:
                objects = load_objects(message)
            except ObjectDoesNotExist:
                continue
            items.append(
                DigestItem(message.get_kind_display(), render_subject(message, objects), render_link(message, objects))
            )
    return items


def _render(message: OutboxMessage, objects: dict) -> EmailMultiAlternatives:
    context = _template_context(message, objects)
    template = f"emails/{message.kind}"
    with translation.override(message.language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    email = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [message.recipient_email],
        headers={"Message-ID": message.message_id} if message.message_id else None,
    )
    email.attach_alternative(html, "text/html")
    for maker in _attachment_makers:
        if attachment := maker(message, objects):
            email.attach(*attachment)
    return email


def deliver(message_id: int) -> bool:
    """Send one due message if nobody else is sending it. True when this call sent it."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(pk=message_id, status=Status.PENDING, due_at__lte=now).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        objects = load_objects(message)
    except ObjectDoesNotExist:
        message.status, message.last_error = Status.CANCELLED, "Het onderwerp van dit bericht bestaat niet meer."
        message.save(update_fields=["status", "last_error"])
        return False
    if message.kind == Kind.DIGEST:  # the outbox's own message: the held messages it lists
        objects["digest_items"] = digest_items(message)
        if not objects["digest_items"]:
            message.status, message.last_error = (
                Status.CANCELLED,
                "Geen van de berichten van dit overzicht bestaat nog.",
            )
            message.save(update_fields=["status", "last_error"])
            return False
    if not _still_relevant(message, objects):
        message.status = Status.CANCELLED
        message.save(update_fields=["status"])
        return False
    # The recipient's preference as it is now (notifications/preferences.py: why at delivery, not when written).
    delivery, _user = delivery_for(message.recipient_email, message.kind)
    if delivery == Delivery.NEVER:
        message.status, message.last_error = Status.CANCELLED, NOT_WANTED
        message.save(update_fields=["status", "last_error"])
        return False
    if delivery == Delivery.DIGEST:
        message.status = Status.IN_DIGEST
        message.save(update_fields=["status"])
        return False
    if not message.message_id:  # a row written before Message-IDs were stored: fixed now, before sending
        message.message_id = new_message_id()
        message.save(update_fields=["message_id"])
    try:
        _render(message, objects).send()
    except Exception as error:
        attempts, config = message.attempts, settings.OUTBOX
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if attempts >= config["MAX_ATTEMPTS"]:
            message.status = Status.FAILED
        else:
            backoff = config["BACKOFF_SECONDS"][min(attempts, len(config["BACKOFF_SECONDS"])) - 1]
            message.status, message.due_at = Status.PENDING, timezone.now() + datetime.timedelta(seconds=backoff)
        message.save(update_fields=["status", "last_error", "due_at"])
        logger.warning("Message %s failed (attempt %s): %s", message.pk, attempts, error)
        return False
    message.status, message.sent_at = Status.SENT, timezone.now()
    message.save(update_fields=["status", "sent_at"])
    return True


def sweep(now: datetime.datetime | None = None) -> int:
    """Send every due message (oldest first); give back rows of workers that died. Returns how many were sent."""
    now = now or timezone.now()
    stuck_before = now - datetime.timedelta(seconds=settings.OUTBOX["STUCK_AFTER_SECONDS"])
    # The SMTP server may have accepted these before their worker died: they go again with the same Message-ID.
    OutboxMessage.objects.stuck(stuck_before).update(status=Status.PENDING, resent_after_interruption=True)
    due = OutboxMessage.objects.due(now).order_by("due_at").values_list("pk", flat=True)[: settings.OUTBOX["BATCH"]]
    return sum(deliver(pk) for pk in list(due))


def send_again(message: OutboxMessage) -> None:
    """FIT staff retry a failed message from the admin."""
    OutboxMessage.objects.filter(pk=message.pk, status__in=[Status.FAILED, Status.CANCELLED]).update(
        status=Status.PENDING, attempts=0, due_at=timezone.now(), last_error=""
    )
    transaction.on_commit(kick)


# -- daily planning ---------------------------------------------------------------------------------
# The outbox knows no domain: the apps that plan messages ahead (KPI deadline chains) register a planner
# from their AppConfig.ready(), and the daily task runs them all.

DailyPlanner = Callable[[datetime.date], int]
_daily_planners: list[DailyPlanner] = []


def register_daily_planner(planner: DailyPlanner) -> None:
    if planner not in _daily_planners:
        _daily_planners.append(planner)


def plan_daily(today: datetime.date | None = None) -> int:
    """Run every registered planner for `today` (Brussels); returns how many subjects they looked at."""
    today = today or timezone.localdate()
    return sum(planner(today) for planner in _daily_planners)
