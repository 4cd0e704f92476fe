"""Writes on improvement points and the action programme."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.scoping import user_partner_id

from ..models import Action, ImprovementNote, ImprovementPoint
from ..permissions import can_decide_action, can_manage_improvement_status
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


def action_withdraw(*, action: Action, user) -> None:
    """The partner withdraws its draft: deleted (a draft was never in the programme nor seen by FIT), its
    overlaps kept as the trace, withdrawn (ActionOverlap outlives its action), for the cooperation figures."""
    if user_partner_id(user) != action.partner_id or action.status != Action.Status.DRAFT:
        raise PermissionDenied
    with transaction.atomic():
        action_overlaps_withdrawn(action=action, user=user)
        action.delete()
