"""Writing messages into the outbox, and delivering them exactly once.

Writers (moment_publish, moment_reschedule, report steps...) add rows inside the caller's
transaction; the unique constraint (recipient, subject, kind, offset) makes adding the same message
twice a no-op. After the commit, `kick()` asks Celery to sweep; when the broker is down the
periodic sweep (every minute) finds the rows anyway.

Delivery claims a row with one conditional UPDATE (pending → sending): of two workers or two sweeps
running at once, only one gets it. A failing SMTP server puts the row back with a later due time
(back-off); after the last attempt it is marked failed, for FIT staff to send again.

What is promised: no message is lost, and a message is never sent as two different mails. A worker
that dies after the SMTP server accepted a mail but before the row is marked sent leaves the row in
"sending"; the sweep sends it again after OUTBOX["STUCK_AFTER_SECONDS"] and marks it "resent after an
interruption". Each row keeps one Message-ID for all its attempts, so the second copy carries the same
Message-ID as the first (and mail servers and clients that deduplicate by it show one message).

A message whose reason goes (a report validated, a moment cancelled) is cancelled by the step that
removes the reason, through `cancel_pending()`; the check at send time (`_still_relevant`) stays as a
safety net.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, make_msgid
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Role, User

from .models import Kind, OutboxMessage, ReminderPolicy, Status
from .scheduling import days_before, kpi_steps, validation_steps

logger = logging.getLogger(__name__)

# A step of a deadline chain that should have gone out longer ago than this is not sent any more.
STALE_AFTER = datetime.timedelta(days=2)


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
    moment=None,
    report=None,
    invitations: dict | None = None,
    context: dict | None = None,
) -> int:
    """Add one message per recipient; rows that exist already are left as they are. Returns the count asked."""
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
                moment=moment,
                report=report,
                invitation=(invitations or {}).get(email.lower()),
                context=context or {},
                message_id=new_message_id(),
            )
        )
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
    if rows and due_at <= timezone.now() + datetime.timedelta(seconds=5):
        transaction.on_commit(kick)
    return len(rows)


def cancel_pending(*, subject_key: str, kinds: Iterable[str], reason: str) -> int:
    """Cancel the messages of `kinds` about `subject_key` that are still to be sent, because their reason went.

    Called by the step that removes the reason (a report validated, a moment cancelled), in its
    transaction, so the admin never lists such a message as to be sent. Returns how many were cancelled.
    """
    return OutboxMessage.objects.filter(subject_key=subject_key, kind__in=list(kinds), status=Status.PENDING).update(
        status=Status.CANCELLED, last_error=reason[:2000]
    )


def kick() -> None:
    """Ask a worker to sweep now. Never fails the caller: with the broker down, the periodic sweep catches up."""
    from .tasks import sweep_outbox

    try:
        sweep_outbox.apply_async(retry=False)
    except Exception as error:
        logger.warning("Could not reach the broker to send now (%s); the sweep will send it.", error)


def _policy(target: str) -> ReminderPolicy:
    from .models import DEFAULT_POLICIES

    policy = ReminderPolicy.objects.filter(target=target).first()
    return policy or ReminderPolicy(target=target, days_before=DEFAULT_POLICIES[target])


def moment_subject_key(moment) -> str:
    return f"moment:{moment.pk}"


def _invitees(moment, *, include_declined: bool = False):
    invitations = moment.invitations.select_related("contact").filter(contact__is_active=True)
    if not include_declined:
        invitations = invitations.not_declined()
    return list(invitations)


def _tell_invitees(kind: str, moment, invitations, **kwargs) -> None:
    """One message of `kind` about `moment` to each of `invitations`' contacts."""
    recipients = [Recipient.of_contact(i.contact) for i in invitations]
    by_email = {i.contact.email.lower(): i for i in invitations}
    outbox_add(
        kind=kind,
        recipients=recipients,
        subject_key=moment_subject_key(moment),
        moment=moment,
        invitations=by_email,
        **kwargs,
    )


def moment_plan_reminders(moment, invitations=None) -> None:
    """Reminder rows for the moment's current revision; pending ones of older revisions lapse."""
    OutboxMessage.objects.filter(moment=moment, kind=Kind.REMINDER, status=Status.PENDING).exclude(
        offset__endswith=f"@r{moment.sequence}"
    ).update(status=Status.CANCELLED, last_error="Vervangen na wijziging van het overlegmoment.")
    if moment.status != moment.Status.PLANNED or not moment.is_published:
        return
    policy = _policy(moment.kind)
    invitations = invitations if invitations is not None else _invitees(moment)
    now = timezone.now()
    for days in policy.offsets:
        due = days_before(moment.starts_at, days, policy.send_time)
        if due <= now or due >= moment.starts_at:
            continue  # too late for this reminder, or it would come after the start
        _tell_invitees(Kind.REMINDER, moment, invitations, offset=f"{days}d@r{moment.sequence}", due_at=due)


def moment_publish(*, moment, user=None) -> None:
    """Publish a planned moment: every invitee gets an invitation now, reminders are planned."""
    with transaction.atomic():
        if moment.published_at is None:
            moment.published_at = timezone.now()
            moment.save(update_fields=["published_at"])
        _tell_invitees(Kind.INVITATION, moment, _invitees(moment, include_declined=True))
        moment_plan_reminders(moment)


def moment_invitations_added(*, moment, invitations) -> None:
    """Invitees added after publication get their invitation and reminders too."""
    if not moment.is_published or moment.status != moment.Status.PLANNED:
        return
    _tell_invitees(Kind.INVITATION, moment, invitations)
    moment_plan_reminders(moment, invitations=[i for i in invitations if i.rsvp != "no"])


def _bump_sequence(moment) -> None:
    """Raise the iCalendar SEQUENCE in the database (atomic), so calendar apps replace the event."""
    type(moment).objects.filter(pk=moment.pk).update(sequence=F("sequence") + 1)
    moment.refresh_from_db(fields=["sequence"])


def moment_rescheduled(*, moment) -> None:
    """Time or place of a published moment changed: new SEQUENCE, a change notice, reminders follow."""
    if not moment.is_published:
        return
    with transaction.atomic():
        _bump_sequence(moment)
        _tell_invitees(Kind.CHANGE, moment, _invitees(moment), offset=f"r{moment.sequence}")
        moment_plan_reminders(moment)


def moment_cancel(*, moment, user=None, reason: str = "") -> None:
    """Cancel a moment: invitees who had been invited get a cancellation (METHOD:CANCEL); no more reminders."""
    with transaction.atomic():
        was_published = moment.is_published
        moment.status = moment.Status.CANCELLED
        moment.save(update_fields=["status"])
        _bump_sequence(moment)
        moment_plan_reminders(moment)
        cancel_pending(
            subject_key=moment_subject_key(moment),
            kinds=[Kind.INVITATION, Kind.CHANGE],  # its reminders lapsed just above
            reason="Het overlegmoment is geannuleerd.",
        )
        if was_published:
            _tell_invitees(Kind.CANCELLATION, moment, _invitees(moment), context={"reason": reason})


def moment_publish_minutes(*, moment, user=None) -> None:
    """The minutes of a held moment are published: its invitees are told."""
    with transaction.atomic():
        if moment.minutes_published_at is None:
            moment.minutes_published_at = timezone.now()
            moment.save(update_fields=["minutes_published_at"])
        _tell_invitees(Kind.MINUTES, moment, _invitees(moment, include_declined=True))


# -- KPI reports ----------------------------------------------------------------------------------


def report_subject_key(report) -> str:
    return f"report:{report.pk}"


def _reporting_recipients(report) -> list[Recipient]:
    contacts = report.agreement.partner.contacts.reporting()
    if not contacts.exists():
        contacts = report.agreement.partner.contacts.active().filter(user__isnull=False)
    return [Recipient.of_contact(c) for c in contacts]


def _account_manager_recipients(report) -> list[Recipient]:
    manager = report.agreement.partner.current_account_manager
    return [Recipient.of_user(manager.user)] if manager and manager.user.is_active else []


def manager_recipients() -> list[Recipient]:
    """FIT's managers with an address, who receive the escalations and the evaluations to sign off."""
    managers = User.objects.filter(is_active=True, groups__name=Role.MANAGER.value).exclude(email="")
    return [Recipient.of_user(user) for user in managers]


def kpi_report_plan_deadline(report) -> None:
    """The deadline chain of a report: reminders before it, the overdue notice, the escalation."""
    policy = _policy(ReminderPolicy.Target.KPI_DEADLINE)
    now = timezone.now()
    for kind, offset, due in kpi_steps(report.deadline, policy.offsets, policy.send_time):
        if kind == Kind.KPI_REMINDER and due <= now:
            continue  # a reminder that would already be late is not sent
        if due < now - STALE_AFTER:
            continue  # a notice about a deadline long gone helps nobody (e.g. opening an old report)
        if kind == Kind.KPI_REMINDER:
            recipients = _reporting_recipients(report)
        elif kind == Kind.KPI_OVERDUE:
            recipients = _reporting_recipients(report) + _account_manager_recipients(report)
        else:
            recipients = manager_recipients()
        outbox_add(
            kind=kind,
            recipients=recipients,
            subject_key=report_subject_key(report),
            offset=f"{offset}@{report.deadline.isoformat()}",
            due_at=due,
            report=report,
        )


def kpi_report_plan_validation(report) -> None:
    """A submitted report that waits too long reminds its account manager, then the managers."""
    policy = _policy(ReminderPolicy.Target.KPI_DEADLINE)
    for kind, due in validation_steps(report.submitted_at, policy.send_time):
        recipients = _account_manager_recipients(report) if kind == Kind.VALIDATION_REMINDER else manager_recipients()
        outbox_add(
            kind=kind,
            recipients=recipients,
            subject_key=report_subject_key(report),
            offset=f"v{report.version}",
            due_at=due,
            report=report,
        )


def report_step_notify(*, report, kind: str, recipients, by, comment: str = "") -> None:
    """Tell the other side of a report's step (submitted, returned, validated), now."""
    outbox_add(
        kind=kind,
        recipients=recipients,
        subject_key=report_subject_key(report),
        offset=f"v{report.version}",
        report=report,
        context={"by": by.get_full_name() or by.get_username(), "comment": comment},
    )


# -- delivering -----------------------------------------------------------------------------------


def _still_relevant(message: OutboxMessage) -> bool:
    """Whether the message should still go out now; a step stops as soon as its subject moved on."""
    moment, report, invitation = message.moment, message.report, message.invitation
    if message.kind == Kind.REMINDER:
        return (
            moment.status == moment.Status.PLANNED
            and message.offset.endswith(f"@r{moment.sequence}")
            and moment.starts_at > timezone.now()
            and (invitation is None or invitation.rsvp != "no")
        )
    if message.kind in (Kind.INVITATION, Kind.CHANGE):
        return moment.status == moment.Status.PLANNED and moment.ends_at > timezone.now()
    if message.kind in (Kind.KPI_REMINDER, Kind.KPI_OVERDUE, Kind.KPI_ESCALATION):
        return report.status in ("draft", "returned") and message.offset.endswith(f"@{report.deadline.isoformat()}")
    if message.kind in (Kind.VALIDATION_REMINDER, Kind.VALIDATION_ESCALATION):
        return report.status == "submitted" and message.offset == f"v{report.version}"
    return True


def _render(message: OutboxMessage) -> EmailMultiAlternatives:
    from partners.ics import moment_ics

    context = {
        **message.context,
        "message": message,
        "moment": message.moment,
        "report": message.report,
        "invitation": message.invitation,
        "recipient": Recipient(message.recipient_email, message.recipient_name, message.language),
        "site_url": settings.SITE_URL,
    }
    if "evaluation_id" in message.context:
        from evaluations.models import Evaluation

        context["evaluation"] = Evaluation.objects.select_related("agreement__partner").get(
            pk=message.context["evaluation_id"]
        )
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
    if message.moment is not None and message.kind in (Kind.INVITATION, Kind.CHANGE, Kind.REMINDER, Kind.CANCELLATION):
        method = "CANCEL" if message.kind == Kind.CANCELLATION else "REQUEST"
        attendee = message.invitation.contact if message.invitation else None
        ics = moment_ics(message.moment, method=method, attendee=attendee)
        email.attach("overlegmoment.ics", ics, f"text/calendar; method={method}; charset=utf-8")
    return email


def deliver(message_id: int) -> bool:
    """Send one due message if nobody else is sending it. True when this call sent it."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(pk=message_id, status=Status.PENDING, due_at__lte=now).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.select_related("moment", "report__agreement__partner", "invitation__contact").get(
        pk=message_id
    )
    if not _still_relevant(message):
        message.status = Status.CANCELLED
        message.save(update_fields=["status"])
        return False
    if not message.message_id:  # a row written before Message-IDs were stored: fixed now, before sending
        message.message_id = new_message_id()
        message.save(update_fields=["message_id"])
    try:
        _render(message).send()
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
