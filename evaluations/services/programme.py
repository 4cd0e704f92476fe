"""Writes on improvement points and the action programme."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.services import Recipient, outbox_add
from partners.models import Contact
from portal.scoping import user_partner_id

from ..choices import CoOrganiserStatus
from ..models import Action, ImprovementNote, ImprovementPoint, ProgrammePublication
from ..permissions import can_cancel_action, can_decide_action, can_manage_improvement_status, can_publish_programme
from .overlaps import action_overlaps_notify, action_overlaps_record, action_overlaps_withdrawn


def improvement_note_add(*, point: ImprovementPoint, user, text: str) -> ImprovementNote:
    """A follow-up note by the partner or FIT on an improvement point."""
    if not ImprovementPoint.objects.visible_to(user).filter(pk=point.pk).exists():
        raise PermissionDenied
    note = ImprovementNote(point=point, author=user, text=text.strip())
    note.full_clean()
    note.save()
    return note


def improvement_status_change(*, point: ImprovementPoint, user, status: str) -> ImprovementPoint:
    """FIT staff move an improvement point to a new status."""
    if not can_manage_improvement_status(user):
        raise PermissionDenied
    if status != point.status:
        point.status = status
        point.status_changed_at = timezone.now()
        point.full_clean()
        point.save()
    return point


def action_submit(*, action: Action, user) -> Action:
    """The partner proposes its draft action for the programme."""
    if user_partner_id(user) != action.partner_id or action.status != Action.Status.DRAFT:
        raise PermissionDenied
    with transaction.atomic():
        action.status = Action.Status.SUBMITTED
        action.save(update_fields=["status"])
        # Every overlap is recorded (issue 15: the cooperation figures count how each ended), and the account
        # managers of both partners hear of each.
        others = list(Action.objects.overlapping(action))
        action_overlaps_record(action=action, others=others)
        action_overlaps_notify(action=action, others=others)
    return action


def action_decide(*, action: Action, user, accept: bool, reason: str = "") -> Action:
    """FIT accepts a proposed action into the programme, or declines it with a reason (can_decide_action)."""
    if not can_decide_action(user, action):
        raise PermissionDenied
    if action.status != Action.Status.SUBMITTED:
        raise ValidationError(_("Only a proposed action can be accepted or declined."))
    if not accept and not reason.strip():
        raise ValidationError(_("Give a reason when an action is not accepted."))
    action.status = Action.Status.ACCEPTED if accept else Action.Status.DECLINED
    action.decision_reason = reason.strip()
    action.decided_by, action.decided_at = user, timezone.now()
    action.full_clean()
    action.save()
    return action


def action_cancel(*, action: Action, user, reason: str) -> Action:
    """FIT calls off an action of the programme (an accepted one, or one of its own), with a reason that stays
    internal. The action leaves the programme and its overlaps; a published programme lists it as cancelled
    in its change log (ProgrammePublication.changes)."""
    if not can_cancel_action(user, action):
        raise PermissionDenied
    if not action.can_be_cancelled:
        raise ValidationError(_("Only an action in the programme can be cancelled."))
    if not reason.strip():
        raise ValidationError(_("Give a reason when an action is cancelled."))
    with transaction.atomic():
        action.status = Action.Status.CANCELLED
        action.cancellation_reason = reason.strip()
        action.cancelled_by, action.cancelled_at = user, timezone.now()
        action.full_clean()
        action.save()
        _tell_organisers_of_cancellation(action)
    return action


def _tell_organisers_of_cancellation(action: Action) -> None:
    """The contacts who log in of the partners that run the action (its organiser and accepted co-organisers)
    hear through the outbox that FIT called it off; the reason stays internal, so the notice does not give it."""
    partner_ids = {action.partner_id} if action.partner_id else set()
    partner_ids |= set(
        action.co_organisers.filter(status=CoOrganiserStatus.ACCEPTED, partner__isnull=False).values_list(
            "partner_id", flat=True
        )
    )
    contacts = Contact.objects.with_login().filter(partner_id__in=partner_ids)
    outbox_add(
        kind=Kind.ACTION_CANCELLED,
        recipients=[Recipient.of_contact(contact) for contact in contacts],
        subject_key=f"action:{action.pk}",
        context={"action_id": action.pk},
    )


def programme_publish(*, year: int, user, note: str = "") -> ProgrammePublication:
    """FIT publishes the action programme of `year`: from now on it is public, and what changes in it is its
    change log. Publishing a published year again changes nothing (its change log keeps counting from the
    first publication); only its note is updated."""
    if not can_publish_programme(user):
        raise PermissionDenied
    with transaction.atomic():
        publication, created = ProgrammePublication.objects.select_for_update().get_or_create(
            year=year, defaults={"published_by": user, "note": note.strip()}
        )
        if not created and note.strip() != publication.note:
            publication.note = note.strip()
            publication.save(update_fields=["note"])
    return publication


def programme_unpublish(*, year: int, user) -> bool:
    """FIT withdraws the published programme of `year`: it is no longer public (a later publication starts a
    new change log). False when the year was not published."""
    if not can_publish_programme(user):
        raise PermissionDenied
    deleted, _rows = ProgrammePublication.objects.filter(year=year).delete()
    return bool(deleted)


def action_withdraw(*, action: Action, user) -> None:
    """The partner withdraws its draft: deleted (a draft was never in the programme nor seen by FIT), its
    overlaps kept as the trace, withdrawn (ActionOverlap outlives its action), for the cooperation figures."""
    if user_partner_id(user) != action.partner_id or action.status != Action.Status.DRAFT:
        raise PermissionDenied
    with transaction.atomic():
        action_overlaps_withdrawn(action=action, user=user)
        action.delete()
