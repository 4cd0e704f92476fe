"""Feedback on a moment's published minutes: the invited partners' comments, and FIT's request to approve the
minutes by a date with each invited partner's answer (approved, or remarks).

The request goes to every active contact with a log-in of the invited partners (any of them may answer for
their organisation); a partner answers once and may change the answer until the due date.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.services import Recipient, cancel_pending, outbox_add

from .moments import moment_subject_key

APPROVAL_OFFSET = "approval"


def login_contacts_of(partners):
    """The active contacts of `partners` who log in (an active user with an address): who is told about the
    minutes to approve and about a survey."""
    from ..models import Contact

    return (
        Contact.objects.with_login()
        .filter(partner__in=partners)
        .exclude(email="")
        .order_by("partner__name", "last_name")
    )


def _invited_moment(moment, partner_id: int) -> None:
    if not moment.invited_partners().filter(pk=partner_id).exists():
        raise ValidationError(_("Your organisation was not invited to this consultation moment."))


def minutes_ask_approval(*, moment, due: datetime.date, user=None) -> int:
    """Ask the invited partners to approve the published minutes by `due`: the date is set (a new date
    replaces an earlier one, whose pending messages lapse) and each of their contacts with a log-in gets a
    message. Returns the number of messages written."""
    if moment.minutes_published_at is None:
        raise ValidationError(_("Publish the minutes before asking for their approval."))
    if due < timezone.localdate():
        raise ValidationError(_("The date by which the minutes are to be approved cannot be in the past."))
    offset = f"{APPROVAL_OFFSET}-{due.isoformat()}"
    with transaction.atomic():
        moment.minutes_approval_due = due
        moment.minutes_approval_asked_at = timezone.now()
        moment.save(update_fields=["minutes_approval_due", "minutes_approval_asked_at"])
        cancel_pending(
            subject_key=moment_subject_key(moment),
            kinds=[Kind.MINUTES_APPROVAL],
            reason="Vervangen door een nieuwe datum voor de goedkeuring.",
            unless_offset_endswith=offset,
        )
        contacts = list(login_contacts_of(moment.invited_partners()))
        return outbox_add(
            kind=Kind.MINUTES_APPROVAL,
            recipients=[Recipient.of_contact(c) for c in contacts],
            subject_key=moment_subject_key(moment),
            offset=offset,
            context={"moment_id": moment.pk},
        )


def minutes_answer(*, moment, partner_id: int, user, decision: str, remarks: str = ""):
    """An invited partner approves the minutes or sends remarks; until the due date the answer can be
    changed (the row is updated: one answer per partner). Returns the MinutesApproval."""
    from ..models import MinutesApproval

    _invited_moment(moment, partner_id)
    if not moment.approval_open():
        raise ValidationError(_("The minutes can no longer be approved: the date for approval has passed."))
    remarks = remarks.strip() if decision == MinutesApproval.Decision.REMARKS else ""
    with transaction.atomic():
        approval = MinutesApproval.objects.select_for_update().filter(
            moment=moment, partner_id=partner_id
        ).first() or MinutesApproval(moment=moment, partner_id=partner_id)
        approval.decision, approval.remarks, approval.by, approval.at = decision, remarks, user, timezone.now()
        approval.full_clean(validate_unique=False)
        approval.save()
    return approval


def minutes_comment(*, moment, partner_id: int, user, body: str):
    """An invited partner comments on the published minutes."""
    from ..models import MinutesComment

    _invited_moment(moment, partner_id)
    if moment.minutes_published_at is None:
        raise ValidationError(_("The minutes have not been published yet."))
    body = body.strip()
    if not body:
        raise ValidationError(_("Write your comment."))
    comment = MinutesComment(moment=moment, partner_id=partner_id, author=user, body=body)
    comment.full_clean()
    comment.save()
    return comment


def minutes_approval_is_due(message, objects: dict) -> bool:
    """Send time (registered in apps.py): a request to approve goes while the approval is open, for its date."""
    moment = objects["moment"]
    return moment.approval_open() and message.offset == f"{APPROVAL_OFFSET}-{moment.minutes_approval_due.isoformat()}"
