"""The lifecycle of a consultation moment (Zulip's do_* style): publish, invitations added, rescheduled,
cancelled, minutes published, and the reminders that follow each step.

Every way of changing a moment (the staff pages, the admin, an import, a command) calls these, so the
rules and the messages are the same whichever way the change was made. The messages go through the outbox
(notifications), which sends them after the commit and knows nothing of moments.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from notifications.models import Kind
from notifications.scheduling import days_before
from notifications.services import Recipient, cancel_pending, outbox_add, reminder_policy

from .people import moment_invite_active_contacts, moment_invite_representatives


def moment_subject_key(moment) -> str:
    return f"moment:{moment.pk}"


def _invitees(moment, *, include_declined: bool = False):
    """The invitations of the moment's active invitees: partner contacts and foreign network representatives."""
    invitations = moment.invitations.select_related("contact", "representative").of_active_invitees()
    if not include_declined:
        invitations = invitations.not_declined()
    return list(invitations)


def _recipient(invitation) -> Recipient:
    invitee = invitation.invitee
    return Recipient(email=invitee.email, name=invitee.full_name, language=invitee.language)


def _tell_invitees(kind: str, moment, invitations, *, context: dict | None = None, **kwargs) -> None:
    """One message of `kind` about `moment` to each invitee of `invitations` (a contact or a foreign network
    representative), each with its own invitation."""
    outbox_add(
        kind=kind,
        recipients=[_recipient(i) for i in invitations],
        subject_key=moment_subject_key(moment),
        context={**(context or {}), "moment_id": moment.pk},
        recipient_context={i.invitee.email.lower(): {"invitation_id": i.pk} for i in invitations},
        **kwargs,
    )


def moment_plan_reminders(moment, invitations=None) -> None:
    """Reminder rows for the moment's current revision; pending ones of older revisions lapse."""
    cancel_pending(
        subject_key=moment_subject_key(moment),
        kinds=[Kind.REMINDER],
        reason="Vervangen na wijziging van het overlegmoment.",
        unless_offset_endswith=f"@r{moment.sequence}",
    )
    if moment.status != moment.Status.PLANNED or not moment.is_published:
        return
    policy = reminder_policy(moment.kind)
    invitations = invitations if invitations is not None else _invitees(moment)
    now = timezone.now()
    for days in policy.offsets:
        due = days_before(moment.starts_at, days, policy.send_time)
        if due <= now or due >= moment.starts_at:
            continue  # too late for this reminder, or it would come after the start
        _tell_invitees(Kind.REMINDER, moment, invitations, offset=f"{days}d@r{moment.sequence}", due_at=due)


def moment_publish(*, moment, user=None) -> None:
    """Publish a planned moment: every invitee gets an invitation now, reminders are planned."""
    if moment.status != moment.Status.PLANNED:
        raise ValidationError(_("Only a planned consultation moment can be published."))
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


def moment_invite(*, moment, partners=None, offices=None) -> list:
    """Invite the active contacts of `partners` and the active representatives of the foreign `offices` who are
    not invited yet; once the moment is published they get their invitation at once. Returns the new
    invitations. (`partners` None: the partners already invited, see moment_invite_active_contacts.)"""
    if moment.status == moment.Status.CANCELLED:
        raise ValidationError(_("This consultation moment has been cancelled."))
    with transaction.atomic():
        before = set(moment.invitations.values_list("pk", flat=True))
        moment_invite_active_contacts(moment=moment, partners=partners)
        if offices is not None:
            moment_invite_representatives(moment=moment, offices=offices)
        new = list(moment.invitations.exclude(pk__in=before).select_related("contact", "representative"))
        moment_invitations_added(moment=moment, invitations=new)
    return new


def moment_plan(*, moment, user=None, changed: set[str] | None = None, partners=(), offices=None) -> list:
    """After a moment was saved on the staff pages (`changed`: the fields an edit changed, None for a new
    moment): what the edit means (moment_changed), then the invitees chosen with it (moment_invite).
    Returns the new invitations."""
    with transaction.atomic():
        if changed is not None:
            moment_changed(moment=moment, changed=changed, user=user)
        if moment.status == moment.Status.CANCELLED:
            return []
        return moment_invite(moment=moment, partners=partners, offices=offices)


def moment_record_attendance(*, moment, present, user=None) -> int:
    """Who was there: the invitations whose ids are in `present` attended, every other invitation of the
    moment did not. A planned moment that has started is then held. Returns the number present."""
    if moment.status == moment.Status.CANCELLED:
        raise ValidationError(_("This consultation moment has been cancelled."))
    if not moment.has_started:
        raise ValidationError(_("Attendance can be recorded once the consultation moment has started."))
    present = {int(pk) for pk in present}
    with transaction.atomic():
        invitations = list(moment.invitations.all())
        changed = []
        for invitation in invitations:
            attended = invitation.pk in present
            if invitation.attended is not attended:
                invitation.attended = attended
                changed.append(invitation)
        if changed:
            bulk_update_with_history(changed, type(invitations[0]), ["attended"])
        if moment.status == moment.Status.PLANNED:
            moment.status = moment.Status.HELD
            moment.save(update_fields=["status"])
    return sum(1 for i in invitations if i.attended)


def moment_save_minutes(*, moment, minutes: str, publish: bool = False, user=None) -> None:
    """Save the minutes of a moment; with `publish`, publish them too (moment_publish_minutes), which only a
    moment that has started and has minutes can."""
    minutes = minutes.strip()
    if publish and not minutes:
        raise ValidationError(_("Write the minutes before publishing them."))
    if publish and not moment.has_started:
        raise ValidationError(_("Minutes can be published once the consultation moment has started."))
    with transaction.atomic():
        if minutes != moment.minutes:
            moment.minutes = minutes
            moment.save(update_fields=["minutes"])
        if publish and moment.minutes_published_at is None:
            moment_publish_minutes(moment=moment, user=user)


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


def moment_withdraw_invitation(*, invitation, user=None) -> None:
    """An invitee is no longer expected. Their messages still to be sent lapse; once the moment was published
    they were invited, so they get a notice with a CANCEL .ics that takes the entry out of their calendar.
    The invitation is deleted (its history stays). Only while the moment is planned and has not started."""
    moment = invitation.moment
    if moment.status != moment.Status.PLANNED or moment.has_started:
        raise ValidationError(
            _("An invitation can only be withdrawn while the consultation moment is planned and has not started.")
        )
    recipient = _recipient(invitation)
    with transaction.atomic():
        cancel_pending(
            subject_key=moment_subject_key(moment),
            kinds=[Kind.INVITATION, Kind.CHANGE, Kind.REMINDER],
            reason="De uitnodiging is ingetrokken.",
            recipient_email=recipient.email,
        )
        if moment.is_published:
            outbox_add(
                kind=Kind.CANCELLATION,
                recipients=[recipient],
                subject_key=moment_subject_key(moment),
                offset=f"withdrawn-{invitation.pk}",
                context={"moment_id": moment.pk, "withdrawn": True},
            )
        invitation.delete()


def moment_publish_minutes(*, moment, user=None) -> None:
    """The minutes of a held moment are published: its invitees are told."""
    with transaction.atomic():
        if moment.minutes_published_at is None:
            moment.minutes_published_at = timezone.now()
            moment.save(update_fields=["minutes_published_at"])
        _tell_invitees(Kind.MINUTES, moment, _invitees(moment, include_declined=True))


# A change to any of these is a new revision of a published moment: invitees get a change notice.
RESCHEDULE_FIELDS = {"starts_at", "ends_at", "location", "online_url"}


def moment_changed(*, moment, changed: set[str], user=None) -> str | None:
    """After an edit of a saved moment (`changed`: the fields that changed): a move to cancelled cancels it,
    a new time or place reschedules it. Every way of editing a moment calls this. Returns "cancelled",
    "rescheduled" or None."""
    if "status" in changed and moment.status == moment.Status.CANCELLED:
        moment_cancel(moment=moment, user=user)
        return "cancelled"
    if RESCHEDULE_FIELDS & changed:
        moment_rescheduled(moment=moment)  # new calendar SEQUENCE and a change notice, once published
        return "rescheduled"
    return None


def moment_for_message(moment_id) -> dict:
    """What a moment's e-mail shows of it (registered with the outbox in apps.py)."""
    from ..models import ConsultationMoment

    return {"moment": ConsultationMoment.objects.select_related("partner", "organiser").get(pk=moment_id)}


def invitation_for_message(invitation_id) -> dict:
    """The invitee's own invitation (their answer, their contact), for the e-mail and its .ics."""
    from ..models import Invitation

    return {"invitation": Invitation.objects.select_related("contact", "representative").get(pk=invitation_id)}


def moment_message_is_due(message, objects: dict) -> bool:
    """Send time (registered with the outbox in apps.py): a moment's reminder only for its current revision,
    before it starts and not to who declined; an invitation or change notice while it is still planned."""
    moment, invitation = objects["moment"], objects.get("invitation")
    if message.kind == Kind.REMINDER:
        return (
            moment.status == moment.Status.PLANNED
            and message.offset.endswith(f"@r{moment.sequence}")
            and moment.starts_at > timezone.now()
            and (invitation is None or invitation.rsvp != invitation.Rsvp.NO)
        )
    return moment.status == moment.Status.PLANNED and moment.ends_at > timezone.now()
